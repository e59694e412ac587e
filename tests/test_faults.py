"""Faults: a locked SQLite database, PostgreSQL down, a database error in the middle of storing a run,
and a failure while writing notices. Each gives a clear Chinese error and exit 2; a run is stored whole
or not at all (run and finding rows both absent); a notice number is never lost and never unexplained.
Real OPA, real SQLite, real PostgreSQL client.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import select
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.consumers import notices as N
from evaluator.consumers.notices import numbering
from evaluator.store import audit, audit_verify
from evaluator.store.db import session
from evaluator.store.runs import FindingRow, RunRow
from tests.support import snapshots as S
from tests.support.pgserver import free_port

runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)


def _bad_dept() -> dict[str, Any]:
    d = S.department(
        catalog=[
            {
                "id": "R-1",
                "code": f"R-{S.DEPT[-4:]}-1",
                "name": "低保对象信息",
                "share_attribute": "有条件共享",
                "share_bases": [{"rank": "部门文件", "title": "县测试局关于数据管理的通知"}],
            }
        ]
    )
    d["department"]["name"] = "县测试局"
    return d


def _import(tmp: Path) -> Path:
    folder = tmp / "in"
    folder.mkdir(exist_ok=True)
    for i, d in enumerate([S.platform(), _bad_dept()]):
        (folder / f"{i:02d}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True, explicit_end=True), "utf-8"
        )
    res = runner.invoke(app, ["import", str(folder)])
    assert res.exit_code == 0, res.output
    return tmp / "data" / "govshare.db"


def _nothing_stored() -> None:
    with session() as s:
        assert s.exec(select(RunRow)).all() == []
        assert s.exec(select(FindingRow)).all() == []
    assert not [e for e in audit.entries(limit=1000) if e.action == "evaluate"]


def test_sqlite_exclusively_locked_gives_a_clear_error_and_stores_nothing(tmp_path: Path) -> None:
    db = _import(tmp_path)
    other = sqlite3.connect(db, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        res = runner.invoke(app, ["evaluate", "--period", "2025"])
    finally:
        other.rollback()
        other.close()
    assert res.exit_code == 2, res.output
    assert "数据库" in res.output and "locked" in res.output
    _nothing_stored()


def test_sqlite_write_locked_while_storing_the_run_stores_nothing(tmp_path: Path) -> None:
    db = _import(tmp_path)
    other = sqlite3.connect(db, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # readers go on; the run's write waits, then fails
    try:
        res = runner.invoke(app, ["evaluate", "--period", "2025"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert res.exit_code == 2, res.output
    assert "未写入任何内容" in res.output
    _nothing_stored()


def test_a_database_error_after_the_run_row_rolls_the_whole_run_back(tmp_path: Path) -> None:
    db = _import(tmp_path)
    res = runner.invoke(app, ["evaluate", "--period", "2025"])  # creates the tables, stores one run
    assert res.exit_code == 2, res.output  # missing facts in the small snapshot
    with session() as s:
        first = len(s.exec(select(RunRow)).all())
        findings = len(s.exec(select(FindingRow)).all())
    assert first == 1 and findings > 0
    con = sqlite3.connect(db)
    # a real database failure on the second finding row, after the run row and a finding were written
    con.execute(
        "CREATE TRIGGER fail_finding BEFORE INSERT ON finding "
        "WHEN (SELECT count(*) FROM finding WHERE run_id = NEW.run_id) >= 1 "
        "BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END"
    )
    con.commit()
    con.close()
    res = runner.invoke(app, ["evaluate", "--period", "2025"])
    assert res.exit_code == 2, res.output
    assert "数据库" in res.output
    with session() as s:
        assert len(s.exec(select(RunRow)).all()) == 1
        assert len(s.exec(select(FindingRow)).all()) == findings
    assert len([e for e in audit.entries(limit=1000) if e.action == "evaluate"]) == 1


def test_postgresql_down_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "GOVSHARE_DATABASE_URL", f"postgresql+psycopg://govshare:secret@127.0.0.1:{free_port()}/govshare"
    )
    res = runner.invoke(app, ["evaluate", "--period", "2025"])
    assert res.exit_code == 2, res.output
    assert "数据库" in res.output
    assert "secret" not in res.output  # never print a password


def test_unwritable_notice_directory_voids_the_number_with_its_reason(tmp_path: Path) -> None:
    _import(tmp_path)
    res = runner.invoke(app, ["evaluate", "--period", "2025"])
    assert res.exit_code == 2, res.output  # missing facts in the small snapshot
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the output directory should be")
    with pytest.raises(N.NoticeError, match="作废"):
        N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=blocked / "out")
    res = N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "out")
    rows = N.list_notices(2025)
    assert [(r.number, r.state) for r in rows] == [
        ("内数据〔2025〕1号", N.VOID),
        ("内数据〔2025〕2号", N.ISSUED),
    ]
    assert res.issued[0].number == "内数据〔2025〕2号"
    _, events = N.get("内数据〔2025〕1号")
    assert [e.to_state for e in events] == [N.DRAFT, N.VOID] and "文号作废" in events[-1].reason
    # the audit log explains every number: taken, voided (why), taken, issued
    log = [
        (e.action, e.details.get("number"))
        for e in reversed(audit.entries(limit=1000))
        if e.action.startswith("notice.")
    ]
    assert log == [
        ("notice.number", "内数据〔2025〕1号"),
        ("notice.void", "内数据〔2025〕1号"),
        ("notice.number", "内数据〔2025〕2号"),
        ("notice.issue", "内数据〔2025〕2号"),
    ]
    assert audit_verify.verify().ok


def test_pdf_renderer_failure_leaves_no_half_written_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(tmp_path)
    res = runner.invoke(app, ["evaluate", "--period", "2025"])
    assert res.exit_code == 2, res.output  # missing facts in the small snapshot

    def broken_renderer(*_: Any) -> None:
        raise RuntimeError("typst crashed")

    monkeypatch.setattr(numbering, "render_pdf", broken_renderer)
    out = tmp_path / "out"
    res = runner.invoke(
        app,
        [
            "notices",
            "issue",
            "--period",
            "2025",
            "--department",
            S.DEPT,
            "--date",
            "2025-09-30",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 2, res.output
    assert "作废" in res.output
    assert list(out.glob("*")) == []  # the DOCX written before the PDF failed is gone
    (row,) = N.list_notices(2025)
    assert row.state == N.VOID and row.files == []
