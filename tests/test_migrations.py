"""The store's schema evolution (Alembic), on SQLite and on PostgreSQL.

A database made by release 0.1.0 (``tests/data/release-0.1.0/*.sql``: the DDL that release's
``create_all`` issued, written from its own code by ``scripts/release_schema.py``) is upgraded in place
with its rows kept; a new database gets the same schema; the models declare exactly what the migrations
build; a database from a newer release is refused.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel
from support.pgserver import libpq_url

from evaluator.store import db, notices, schema
from evaluator.store import runs as run_store

RELEASE = Path(__file__).parent / "data" / "release-0.1.0"


@pytest.fixture(params=["sqlite", "postgresql"])
def new_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of URLs of new, empty databases of one backend."""
    made: list[str] = []

    def make() -> str:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / f'{len(made)}.db'}"
        else:
            pg_url: str = request.getfixturevalue("pg_url")
            name = f"govshare_mig_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(libpq_url(pg_url), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            url = pg_url.rsplit("/", 1)[0] + f"/{name}"
        made.append(url)
        return url

    yield make
    for url in made:
        eng = db._ENGINES.pop(url, None)
        if eng is not None:
            eng.dispose()


def _release_db(url: str) -> sa.Engine:
    """A database exactly as release 0.1.0 created it (no rows, no ``alembic_version``)."""
    eng = sa.create_engine(url)
    ddl = (RELEASE / f"{eng.dialect.name}.sql").read_text(encoding="utf-8")
    with eng.begin() as conn:
        for stmt in ddl.split(";\n"):
            if stmt.strip():
                conn.exec_driver_sql(stmt)
    return eng


def describe(url: str) -> dict[str, Any]:
    """Tables, columns (type, nullability), keys and indexes, as the database reports them."""
    eng = sa.create_engine(url)
    try:
        insp = sa.inspect(eng)
        out: dict[str, Any] = {}
        for t in sorted(insp.get_table_names()):
            if t == "alembic_version":
                continue
            out[t] = {
                "columns": [
                    (c["name"], type(c["type"]).__name__, getattr(c["type"], "timezone", None), c["nullable"])
                    for c in insp.get_columns(t)
                ],
                "pk": insp.get_pk_constraint(t)["constrained_columns"],
                "fks": sorted(
                    (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                    for f in insp.get_foreign_keys(t)
                ),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(t)
                ),
                "unique": sorted(
                    (u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(t)
                ),
            }
        return out
    finally:
        eng.dispose()


def revision(url: str) -> str | None:
    eng = sa.create_engine(url)
    try:
        with eng.connect() as conn:
            return schema.current(conn)
    finally:
        eng.dispose()


def test_release_schema_upgraded_equals_a_new_database(new_url: Callable[[], str]) -> None:
    old, new = new_url(), new_url()
    _release_db(old).dispose()
    db.engine(old)  # opening it upgrades it in place
    db.engine(new)  # a new database gets every revision
    assert revision(old) == revision(new) == schema.head()
    assert describe(old) == describe(new)
    assert "run" in describe(new) and "dashboard_user" in describe(new)


def test_models_declare_exactly_what_the_migrations_build(new_url: Callable[[], str]) -> None:
    schema.import_table_modules()
    url = new_url()
    db.engine(url)
    eng = sa.create_engine(url)
    try:
        with eng.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    finally:
        eng.dispose()
    assert diff == []


def test_a_database_from_a_newer_release_is_refused(new_url: Callable[[], str]) -> None:
    url = new_url()
    db.engine(url)
    db._ENGINES.pop(url).dispose()
    eng = sa.create_engine(url)
    with eng.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    eng.dispose()
    with pytest.raises(db.StoreError, match="数据库结构版本 9999 不是本程序所知的版本"):
        db.engine(url)
    assert revision(url) == "9999"  # nothing changed


#: a finding as release 0.1.0 stored it (``evaluator/engine.py`` ``_enrich`` at cf096bf): no key, no
#: variant, no record_only / record_reason_zh (added since)
RELEASE_FINDING = {
    "rule_id": "A37.1",
    "article": 37,
    "item": 1,
    "citation_zh": "第三十七条第（一）项",
    "article_text_zh": "……",
    "title_zh": "目录变更后及时更新",
    "severity": "major",
    "severity_zh": "较重",
    "dimension": "catalog",
    "dimension_zh": "目录",
    "rectification_ground": 1,
    "bears_on_funding": False,
    "department": "D1",
    "department_name": "县民政局",
    "by_reference": False,
    "period": 2025,
    "subject": "R-1",
    "message_zh": "目录未及时更新",
    "evidence": [
        {"snapshot": "D1/2025/v1", "pointer": "/catalog/3/updated", "record_id": "R-1", "values": {}}
    ],
    "waived": False,
    "waiver": None,
}


def _release_rows(eng: sa.Engine) -> None:
    """Rows as release 0.1.0 wrote them: a county run, then (later) a run of one department and one of
    files, their findings, and a notice issued from the county run."""
    md = sa.MetaData()
    md.reflect(eng)
    t = md.tables
    at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    stored = [
        {"kind": "department", "dept": "D1", "period": 2025, "ref": "D1/2025/v1", "sha256": "a", "version": 1}
    ]
    files = [
        {"kind": "department", "dept": "D2", "period": 2025, "ref": "d2.yaml", "sha256": "b", "version": None}
    ]
    runs = [
        ("r-county", 0, stored, {"id": "r-county"}),
        ("r-dept", 1, stored, {"id": "r-dept", "department": "D2"}),
        ("r-files", 2, files, {"id": "r-files"}),
    ]
    with eng.begin() as conn:
        for run_id, minutes, snaps, run in runs:
            conn.execute(
                t["run"].insert(),
                {
                    "id": run_id,
                    "started_at": at + dt.timedelta(minutes=minutes),
                    "finished_at": at + dt.timedelta(minutes=minutes, seconds=30),
                    "period": 2025,
                    "opa_version": "1.22.3",
                    "bundle_hash": "h",
                    "snapshots": snaps,
                    "findings_count": 1,
                    "status": "ok",
                    "errors": [],
                    "report": orjson.dumps({"run": run, "findings": [], "errors": [], "out_of_scope": []}),
                    "out_of_scope": [],
                },
            )
            conn.execute(
                t["finding"].insert(),
                {
                    "run_id": run_id,
                    "rule_id": "A37.1",
                    "dept": "D1",
                    "period": 2025,
                    "subject": "R-1",
                    "severity": "major",
                    "dimension": "catalog",
                    "data": RELEASE_FINDING,
                },
            )
        conn.execute(
            t["notice"].insert(),
            {
                "kind": "notice",
                "year": 2026,
                "seq": 1,
                "number": "内数据〔2026〕1号",
                "department": "D1",
                "department_name": "县民政局",
                "period": 2025,
                "run_id": "r-county",
                "issued_on": dt.date(2026, 3, 2),
                "state": "已下发",
                "findings": [RELEASE_FINDING],
                "files": [],
                "created_at": at,
            },
        )


def test_a_release_database_with_rows_upgrades_in_place(new_url: Callable[[], str]) -> None:
    url = new_url()
    eng = _release_db(url)
    _release_rows(eng)
    eng.dispose()
    db.engine(url)
    assert revision(url) == schema.head()
    got = {r.id: (r.scope, r.department) for r in run_store.runs(2025, url)}
    assert got == {"r-county": ("county", None), "r-dept": ("department", "D2"), "r-files": ("files", None)}
    # the newest run is of files, the one before of one department: the latest county run is neither
    assert [r.id for r in run_store.runs(2025, url)] == ["r-files", "r-dept", "r-county"]
    latest = run_store.latest_county_run(2025, url)
    assert latest is not None and latest[0].id == "r-county"
    # its findings read typed, with the key the result builder gives them now and the fields added since
    # at their meaning then (not record-only)
    assert [(f.key, f.record_only, f.record_reason_zh) for f in latest[1]] == [
        ("A37.1|D1|2025|R-1|/catalog/*/updated", False, "")
    ]
    with db.session(url) as s:
        notice = s.exec(sa.select(notices.NoticeRow.number, notices.NoticeRow.state)).one()
    assert tuple(notice) == ("内数据〔2026〕1号", "已下发")
