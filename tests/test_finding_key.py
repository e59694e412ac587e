"""One finding identity (issue 14): every finding carries the key Rego's result builder makes (rule,
department, period, record, variant), and an Art. 68 waiver covers exactly one finding. The defect this
fixes: an A45 refusal without reasons that was also late is two findings on one record, and one waiver
marked both."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from alembic import command
from support.pgserver import libpq_url

from evaluator.consumers import waivers
from evaluator.errors import NoticeError
from evaluator.evaluate import api
from evaluator.model.results import Finding, finding_key
from evaluator.store import reads, runs, schema

COUNTY = Path(__file__).resolve().parents[1] / "fixtures" / "county"
ZRZY = "114113250052001044"  # 自然资源局, whose open catalog correction zr-corr-1 was answered late


def _late_refusal_county(tmp_path: Path) -> Path:
    """The fixture county, with 自然资源局's late answer to zr-corr-1 a refusal without reasons or basis."""
    folder = tmp_path / "county"
    shutil.copytree(COUNTY, folder)
    f = folder / "05-ziranziyuanju.yaml"
    text = f.read_text("utf-8")
    before = "- id: zr-corr-1\n  received: '2025-09-25'\n  answered: '2025-10-16'\n  decision: 同意\n"
    assert before in text
    f.write_text(text.replace(before, before.replace("decision: 同意", "decision: 不同意")), "utf-8")
    return folder


def _waive(variant: str | None = None) -> Any:
    return waivers.add_waiver(
        rule_id="A45",
        department=ZRZY,
        period=2025,
        subject="zr-corr-1",
        ground="尽职",
        grantor="王科长",
        granted_on=dt.date(2026, 3, 2),
        evidence="已履行合理注意义务",
        **({"variant": variant} if variant is not None else {}),
    )


def _a45(report: Any) -> list[Finding]:
    return [f for f in report.findings if f.rule_id == "A45" and f.subject == "zr-corr-1"]


def test_one_waiver_on_a_record_with_two_findings_marks_exactly_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)
    api.import_paths(sorted(_late_refusal_county(tmp_path).glob("*.yaml")))
    report = api.evaluate_stored(2025)
    two = _a45(report)
    assert sorted(f.variant for f in two) == [
        "/open_catalog_corrections/*",
        "/open_catalog_corrections/*#reasons",
    ]
    assert len({f.key for f in report.findings}) == len(report.findings)
    # a waiver that does not say which of the two is refused: it would cover both
    with pytest.raises(NoticeError, match="有 2 个发现项"):
        _waive()
    w = _waive("/open_catalog_corrections/*#reasons")
    assert w.finding_key == f"A45|{ZRZY}|2025|zr-corr-1|/open_catalog_corrections/*#reasons"
    after = _a45(api.evaluate_stored(2025))
    assert sorted((f.variant, f.waived) for f in after) == [
        ("/open_catalog_corrections/*", False),
        ("/open_catalog_corrections/*#reasons", True),
    ]
    # the other finding of the record can have its own waiver; the same one cannot have two
    with pytest.raises(NoticeError, match="已有有效的免责记录"):
        _waive("/open_catalog_corrections/*#reasons")
    _waive("/open_catalog_corrections/*")
    assert all(f.waived for f in _a45(api.evaluate_stored(2025)))


def test_the_store_reads_findings_back_as_the_report_gave_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's reads return typed findings (no dicts past the store's boundary), equal to the
    report's, in its order; a department's read has that department's only."""
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)
    api.import_paths(sorted(_late_refusal_county(tmp_path).glob("*.yaml")))
    report = api.evaluate_stored(2025)
    latest = runs.latest_county_run(2025)
    assert latest is not None and latest[0].id == report.run["id"]
    assert latest[1] == report.findings and all(type(f) is Finding for f in latest[1])
    assert reads.run_findings(report.run["id"], None) == report.findings
    mine = reads.run_findings(report.run["id"], ZRZY)
    assert mine == [f for f in report.findings if f.department == ZRZY] and len(mine) >= 2


def test_a_finding_stored_before_keys_gets_the_key_rego_gives_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The legacy reading (a notice's findings issued by an earlier release) agrees with Rego's keys."""
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)
    report = api.evaluate_files([_late_refusal_county(tmp_path)], store=False)
    for f in report.findings:
        legacy = {k: v for k, v in f.as_json().items() if k not in ("key", "variant")}
        assert finding_key(legacy) == f.key
        assert Finding.model_validate(legacy) == f  # a stored finding without a key reads as the same finding


# ---------------------------------------------------------------------------------------------
# Migration 0005: stored waivers keep meaning what they meant


def _placeholder(c: sa.Column[Any]) -> Any:
    for kind, value in (
        (sa.Integer, 0),
        (sa.DateTime, dt.datetime(2026, 3, 1, tzinfo=dt.UTC)),
        (sa.Date, dt.date(2026, 3, 1)),
        (sa.LargeBinary, b"{}"),
        (sa.JSON, []),
    ):
        if isinstance(c.type, kind):
            return value
    return "x"


def _row(table: sa.Table, **given: Any) -> dict[str, Any]:
    """A row of ``table`` with ``given`` and a placeholder for every other required column."""
    needed = [c for c in table.columns if not (c.name in given or c.nullable or c.primary_key)]
    return {**{c.name: _placeholder(c) for c in needed}, **given}


def _finding(pointer: str, values: dict[str, Any]) -> dict[str, Any]:
    return {"evidence": [{"pointer": pointer, "values": values}]}


@pytest.fixture(params=["sqlite", "postgresql"])
def old_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database of one backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.db'}"
    pg_url: str = request.getfixturevalue("pg_url")
    name = f"govshare_key_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_url(pg_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_url.rsplit("/", 1)[0] + f"/{name}"


def test_migration_0005_gives_each_stored_waiver_the_keys_of_what_it_covered(old_url: str) -> None:
    eng = sa.create_engine(old_url)
    try:
        with eng.begin() as conn:
            command.upgrade(schema._config(conn), "0004")
        meta = sa.MetaData()
        meta.reflect(eng)
        run, finding, waiver = meta.tables["run"], meta.tables["finding"], meta.tables["waiver"]
        with eng.begin() as conn:
            conn.execute(run.insert(), [_row(run, id="r1", period=2025, scope="county")])
            rows = [  # (rule, dept, subject, pointer, values) as release 0.2 stored them
                ("A45", "D1", "c1", "/open_catalog_corrections/0", {"due_date": "2025-10-15"}),
                (
                    "A45",
                    "D1",
                    "c1",
                    "/open_catalog_corrections/0",
                    {"reasons_given": False, "decision": "不同意"},
                ),
                ("A7", "D2", "D2", "/department/data_unit", {"data_unit": None}),
            ]
            conn.execute(
                finding.insert(),
                [
                    _row(finding, run_id="r1", rule_id=r, dept=d, period=2025, subject=s, data=_finding(p, v))
                    for r, d, s, p, v in rows
                ],
            )
            conn.execute(
                waiver.insert(),
                [
                    _row(waiver, rule_id=r, department=d, period=2025, subject=s, evidence=f"证明{i}")
                    for i, (r, d, s) in enumerate(
                        (("A45", "D1", "c1"), ("A7", "D2", "D2"), ("A9", "D3", "z")), 1
                    )
                ],
            )
        with eng.begin() as conn:
            command.upgrade(schema._config(conn), "head")
        with eng.connect() as conn:
            got = sorted(conn.execute(sa.text("SELECT finding_key, evidence FROM waiver")).all())
    finally:
        eng.dispose()
    assert got == [
        ("", "证明3"),  # covered no finding that was made: covers none
        (
            "A45|D1|2025|c1|/open_catalog_corrections/*",
            "证明1",
        ),  # the defect's one waiver: now two, as it acted
        ("A45|D1|2025|c1|/open_catalog_corrections/*#reasons", "证明1"),
        ("A7|D2|2025|D2|/department/data_unit", "证明2"),
    ]
