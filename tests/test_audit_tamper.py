"""The audit log is tamper-evident end to end (issue 19 item 4/6): the reproducers of the hostile test.

Someone who can write the database but cannot read the audit key (kept outside it) deletes the last
entries, recomputes the chain after an edit, deletes everything, appends a forged entry, forges a prune
anchor, replaces a stored snapshot, edits a run or a finding, empties or replaces the database file:
each is reported by ``govshare audit verify`` (exit 1), and a replaced snapshot is refused before it is
evaluated (exit 2). Each open of a store in a new process is simulated by forgetting the cached engines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import orjson
import pytest
import yaml
from sqlmodel import select, text
from typer.testing import CliRunner

from evaluator.cli.audit import retention_months
from evaluator.cli.main import app
from evaluator.store import audit, audit_anchor, audit_prune, db
from evaluator.store.audit_verify import verify
from evaluator.store.db import session
from evaluator.store.runs import FindingRow, RunRow
from evaluator.store.snapshots import SnapshotRow
from tests.support import snapshots as S
from tests.support.findings import finding

runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)
    monkeypatch.delenv("GOVSHARE_AUDIT_KEY", raising=False)
    monkeypatch.delenv("GOVSHARE_AUDIT_HEAD_DIR", raising=False)


def _db_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "govshare.db"


def _new_process() -> None:
    """What a new command sees: no cached engine, no cached check."""
    db.forget_engines()


def _sql(statement: str, **params: object) -> None:
    with session() as s:
        s.exec(text(statement).bindparams(**params))  # type: ignore[call-overload]
        s.commit()


def _entries(n: int = 5) -> None:
    for i in range(n):
        audit.append("test", {"i": i}, actor="测试员")


def _plain(prev: str, seq: int, at: dt.datetime, actor: str, action: str, details: dict[str, object]) -> str:
    """What an attacker without the key computes: the unkeyed SHA-256 the chain used before."""
    return audit._digest(prev, seq, at, actor, action, details, keyed=False)  # type: ignore[arg-type]


def _verify_cli() -> tuple[int, str]:
    _new_process()
    res = runner.invoke(app, ["audit", "verify"])
    return res.exit_code, res.output


def _import(tmp_path: Path, name: str = "县测试局") -> None:
    folder = tmp_path / "in"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    dept = S.department()
    dept["department"]["name"] = name
    for i, d in enumerate([S.platform(), dept]):
        (folder / f"{i:02d}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True, explicit_end=True), "utf-8"
        )
    res = runner.invoke(app, ["import", str(folder)])
    assert res.exit_code == 0, res.output


def test_an_intact_log_verifies() -> None:
    _entries()
    code, output = _verify_cli()
    assert code == 0, output
    assert "审计日志完整：5 条" in output


def test_deleting_the_last_entries_is_detected() -> None:
    _entries()
    _sql("DELETE FROM audit_log WHERE seq >= 4")
    res = verify()
    assert not res.ok
    assert any("日志被截短：链头文件记录到第 5 条，数据库只到第 3 条" in p for p in res.problems), (
        res.problems
    )
    assert _verify_cli()[0] == 1


def test_recomputing_the_chain_after_an_edit_is_detected() -> None:
    _entries()
    with session() as s:
        rows = list(s.exec(select(audit.AuditEntry).order_by(audit.AuditEntry.seq)).all())  # type: ignore[arg-type]
        prev = audit.GENESIS
        for e in rows:
            if e.seq == 2:
                e.actor = "他人"
            at = e.at.replace(tzinfo=dt.UTC)
            e.prev_hash = prev
            e.hash = _plain(prev, e.seq, at, e.actor, e.action, e.details)
            prev = e.hash
            s.add(e)
        s.commit()
    res = verify()
    assert not res.ok
    assert {p.split("/")[0].strip() for p in res.problems if "伪造" in p} == {
        f"第 {n} 条内容被改动或伪造（哈希不符）" for n in range(1, 6)
    }
    assert any("数据库被替换或日志被重写" in p for p in res.problems)


def test_deleting_everything_is_detected_and_not_taken_for_a_new_store(tmp_path: Path) -> None:
    _import(tmp_path)
    _sql("DELETE FROM audit_log")
    _sql("DELETE FROM snapshot")
    res = verify()
    assert not res.ok
    assert any("数据库被清空或替换" in p for p in res.problems), res.problems
    _new_process()
    again = runner.invoke(app, ["import", str(tmp_path / "in")])
    assert again.exit_code == 2, again.output
    assert "拒绝当作新库使用" in again.output


def test_a_forged_append_is_detected() -> None:
    _entries(3)
    with session() as s:
        last = s.exec(select(audit.AuditEntry).order_by(audit.AuditEntry.seq.desc())).first()  # type: ignore[attr-defined]
        assert last is not None
        at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        details = {"run": "forged"}
        s.add(
            audit.AuditEntry(
                seq=4,
                at=at,
                actor="cli:root",
                action="waiver.add",
                details=details,
                prev_hash=last.hash,
                hash=_plain(last.hash, 4, at, "cli:root", "waiver.add", details),
            )
        )
        s.commit()
    res = verify()
    assert res.problems == ["第 4 条内容被改动或伪造（哈希不符）/ entry 4 was altered or forged"]


def test_a_forged_prune_anchor_is_detected() -> None:
    _entries(5)
    with session() as s:
        third = s.get(audit.AuditEntry, 3)
        assert third is not None
        s.add(audit.AuditAnchor(pruned_through=3, last_hash=third.hash, at=dt.datetime.now(dt.UTC)))
        s.commit()
    _sql("DELETE FROM audit_log WHERE seq <= 3")
    res = verify()
    assert not res.ok
    assert any("伪造的锚点" in p for p in res.problems), res.problems


def test_a_real_prune_verifies_and_a_tampered_log_is_not_pruned(tmp_path: Path) -> None:
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    audit_anchor.key(create=True)
    _import(tmp_path)  # entry 1, covering two snapshots
    _sql("UPDATE audit_log SET at = :at WHERE seq = 1", at=old.replace(tzinfo=None))
    # moving the date changed entry 1: re-key it as govshare would have written it then
    with session() as s:
        e = s.get(audit.AuditEntry, 1)
        assert e is not None
        e.hash = rekeyed = audit._digest(e.prev_hash, 1, old, e.actor, e.action, e.details)
        s.add(e)
        s.commit()
    audit_anchor.write(db.database_url(), audit_anchor.Checkpoint("append", 1, rekeyed, old.isoformat()))
    _entries(2)  # 2, 3
    assert verify().ok, verify().problems
    assert audit_prune.prune(dt.date(2021, 1, 1), retention_months(dt.date.today())) == 1
    res = verify()
    assert res.ok, res.problems
    assert res.covered["snapshots"] == 0  # both are now covered by the prune's digest, not by an entry
    # a snapshot row older than the kept log, changed after the prune: its digest no longer holds
    _sql("UPDATE snapshot SET name = '他局' WHERE kind = 'department'")
    res = verify()
    assert any("行数据没有审计记录" in p for p in res.problems), res.problems
    with pytest.raises(ValueError, match="校验未通过，不清理"):
        audit_prune.prune(dt.date(2021, 1, 1), retention_months(dt.date.today()))


def test_a_replaced_stored_snapshot_is_refused_before_evaluation(tmp_path: Path) -> None:
    """The reproducer: a stored snapshot replaced in the database was evaluated as it now stood."""
    _import(tmp_path)
    with session() as s:
        row = s.exec(select(SnapshotRow).where(SnapshotRow.kind == "department")).one()
        doc = orjson.loads(row.content)
        doc["department"]["head_is_first_responsible"] = False
        row.content = orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
        row.sha256 = hashlib.sha256(row.content).hexdigest()  # the attacker keeps the row consistent
        s.add(row)
        s.commit()
    _new_process()
    res = runner.invoke(app, ["evaluate", "--period", "2025"])
    assert res.exit_code == 2, res.output
    assert "已入库快照 11411325MB0000002" in res.output.replace("\n", "")
    assert "拒绝评价" in res.output
    with session() as s:
        assert s.exec(select(RunRow)).all() == []
    problems = verify().problems
    assert any("与第 1 条审计记录（导入）不符" in p for p in problems), problems


def test_an_edited_snapshot_content_without_its_hash_is_detected(tmp_path: Path) -> None:
    _import(tmp_path)
    _sql("UPDATE snapshot SET content = :c WHERE kind = 'platform'", c=b"{}")
    assert any("内容被替换" in p for p in verify().problems)


def _stored_run(tmp_path: Path) -> str:
    """A run stored as ``evaluate`` stores it (no OPA needed to store one)."""
    from evaluator.evaluate.api import store_report
    from evaluator.evaluate.runner import Report

    _import(tmp_path)
    f = finding(department=S.DEPT, severity="major")
    report = Report(
        run={
            "id": "run-1",
            "started_at": "2026-01-01T00:00:00+00:00",
            "period": 2025,
            "opa_version": "1.22.3",
            "bundle_hash": "b" * 64,
            "snapshots": [],
            "status": "ok",
        },
        findings=[f, finding(department=S.DEPT, severity="major", subject="R-2")],
        errors=[],
        out_of_scope=[],
    )
    store_report(report, scope="county")
    assert verify().ok
    return "run-1"


def test_edited_deleted_or_inserted_findings_and_runs_are_detected(tmp_path: Path) -> None:
    run = _stored_run(tmp_path)
    _sql("UPDATE finding SET severity = 'minor' WHERE subject = 'R-1'")
    assert any(f"评价运行 {run} 的发现项" in p for p in verify().problems)
    _sql("DELETE FROM finding WHERE subject = 'R-1'")
    assert any(f"评价运行 {run} 的发现项" in p for p in verify().problems)
    _sql("UPDATE run SET status = 'ok', findings_count = 0")
    assert any("运行记录 run row" in p for p in verify().problems)
    _sql("DELETE FROM finding")
    _sql("DELETE FROM run")
    assert any(f"评价运行 {run} 已不在数据库中（被删除）" in p for p in verify().problems)
    with session() as s:
        s.add(
            RunRow(
                id="run-x",
                started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                finished_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                period=2025,
                opa_version="1.22.3",
                bundle_hash="",
                snapshots=[],
                findings_count=0,
                status="ok",
                errors=[],
                report=b"{}",
                out_of_scope=[],
                scope="county",
            )
        )
        s.add(
            FindingRow(
                run_id="run-y",
                rule_id="A1",
                dept=S.DEPT,
                period=2025,
                subject="x",
                severity="m",
                dimension="d",
                data={},
            )
        )
        s.commit()
    problems = verify().problems
    assert any("行数据没有审计记录" in p and "run run-x" in p for p in problems), problems
    assert any("发现项属于不存在的评价运行 run-y" in p for p in problems), problems


def test_a_zero_length_database_file_is_not_a_new_store(tmp_path: Path) -> None:
    _import(tmp_path)
    db.forget_engines()
    _db_file(tmp_path).write_bytes(b"")
    code, output = _verify_cli()
    assert code == 1 and "数据库被清空或替换" in output, output
    _new_process()
    res = runner.invoke(app, ["evaluate", "--period", "2025"])
    assert res.exit_code == 2 and "拒绝当作新库使用" in res.output, res.output


def test_a_database_replaced_by_another_is_detected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other"
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(other))
    _import(tmp_path, name="另一个局")
    db.forget_engines()
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    _import(tmp_path)
    _entries(1)
    db.forget_engines()
    shutil.copy(other / "govshare.db", _db_file(tmp_path))
    code, output = _verify_cli()
    assert code == 1, output
    assert "数据库被替换或日志被重写" in output or "日志被截短" in output, output


def test_a_forged_head_line_is_detected() -> None:
    _entries(2)
    head = audit_anchor.head_path(db.database_url())
    line = orjson.loads(head.read_bytes().splitlines()[-1])
    line["seq"] = 1
    with head.open("ab") as fh:
        fh.write(orjson.dumps(line) + b"\n")
    assert any("行被改动或伪造" in p for p in verify().problems)


def test_a_corrupted_or_garbage_database_file_is_an_error_exit_2(tmp_path: Path) -> None:
    _import(tmp_path)
    db.forget_engines()
    f = _db_file(tmp_path)
    original = f.read_bytes()
    data = bytearray(original)
    page = 4096
    for i in range(page * 2 + 100, min(len(data), page * 3)):  # a corrupted page in the middle
        data[i] = 0xA5
    f.write_bytes(bytes(data))
    code, output = _verify_cli()
    # a page of rows corrupted under a readable file: the check finds it (1, like tampering); a file that
    # cannot be read as a database at all is an error (2, below)
    assert code == 1 and "审计日志完整" not in output, output
    assert "损坏" in output or "无法" in output, output
    for content in (b"GARBAGE-HEADER" * 100, original[:5000]):  # a garbage header; a truncated file
        f.write_bytes(content)
        _garbage_is_an_error(tmp_path)


def _garbage_is_an_error(tmp_path: Path) -> None:
    for cmd in (["audit", "verify"], ["evaluate", "--period", "2025"], ["import", str(tmp_path / "in")]):
        _new_process()
        res = runner.invoke(app, cmd)
        assert "Traceback" not in res.output, (cmd, res.output)
        assert res.exit_code == (1 if cmd[0] == "audit" else 2), (cmd, res.output)
        assert "数据库" in res.output, res.output


def test_a_chain_written_before_the_key_existed_is_adopted_then_keyed() -> None:
    with session() as s:
        prev = audit.GENESIS
        at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        for seq in (1, 2):
            h = _plain(prev, seq, at, "cli:x", "test", {"seq": seq})
            s.add(
                audit.AuditEntry(
                    seq=seq, at=at, actor="cli:x", action="test", details={"seq": seq}, prev_hash=prev, hash=h
                )
            )
            prev = h
        s.commit()
    assert not audit_anchor.key_path().exists()
    assert verify().ok
    audit.append("test", {"seq": 3})
    head = audit_anchor.read(db.database_url())
    assert head is not None and head.legacy is not None and head.legacy.seq == 2
    res = verify()
    assert res.ok and res.entries == 3, res.problems
    _sql("UPDATE audit_log SET actor = 'y' WHERE seq = 1")
    assert not verify().ok
