"""The store's schema evolution (Alembic), on SQLite and on PostgreSQL.

A database made by release 0.1.0 (``tests/data/release-0.1.0/*.sql``: the DDL that release's
``create_all`` issued, written from its own code by ``scripts/release_schema.py``) is upgraded in place
with its rows kept; a new database gets the same schema; the models declare exactly what the migrations
build; a database from a newer release is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel
from support.pgserver import libpq_url

from evaluator.store import db, schema

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
    import dashboard.auth  # noqa: F401  the dashboard's user tables are in the baseline too

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
