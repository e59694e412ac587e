"""The audit log (Art. 33): appended by imports and evaluations, hash-chained, tamper-evident, retained."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import text

from evaluator.cli.audit import retention_months
from evaluator.store import audit, audit_prune, audit_verify
from evaluator.store.db import session


@pytest.fixture(autouse=True)
def _db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))


def test_chain_verifies() -> None:
    for i in range(5):
        audit.append("test", {"i": i}, actor="测试员")
    res = audit_verify.verify()
    assert res.ok and res.entries == 5


def test_edited_entry_is_detected() -> None:
    for i in range(3):
        audit.append("test", {"i": i})
    with session() as s:
        s.exec(text("UPDATE audit_log SET actor = '他人' WHERE seq = 2"))  # type: ignore[call-overload]
        s.commit()
    res = audit_verify.verify()
    assert not res.ok and any("第 2 条内容被改动" in p for p in res.problems)


def test_deleted_entry_is_detected() -> None:
    for i in range(3):
        audit.append("test", {"i": i})
    with session() as s:
        s.exec(text("DELETE FROM audit_log WHERE seq = 2"))  # type: ignore[call-overload]
        s.commit()
    res = audit_verify.verify()
    assert not res.ok and any("缺失" in p for p in res.problems)


def test_prune_keeps_the_retention_period() -> None:
    audit.append("test", {"i": 1})
    with pytest.raises(ValueError, match="第三十三条"):
        audit_prune.prune(dt.date.today() - dt.timedelta(days=30), retention_months(dt.date.today()))


def test_prune_old_entries_keeps_chain_verifiable() -> None:
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    audit.anchor.key(create=True)
    with session() as s:
        prev = audit.GENESIS
        for seq in (1, 2):
            h = audit._digest(prev, seq, old, "cli:x", "test", {"seq": seq})
            s.add(
                audit.AuditEntry(
                    seq=seq,
                    at=old,
                    actor="cli:x",
                    action="test",
                    details={"seq": seq},
                    prev_hash=prev,
                    hash=h,
                )
            )
            prev = h
        s.commit()
    audit.append("test", {"seq": 3})
    assert audit_verify.verify().ok
    assert audit_prune.prune(dt.date(2021, 1, 1), retention_months(dt.date.today())) == 2
    res = audit_verify.verify()
    assert res.ok, res.problems
    assert [e.action for e in audit.entries()] == ["audit.prune", "test"]


def test_import_and_evaluation_are_audited() -> None:
    from evaluator.evaluate import api

    root = Path(__file__).resolve().parent.parent / "fixtures" / "county"
    api.import_paths([root])
    api.evaluate_stored(2025)
    actions = [e.action for e in audit.entries()]
    assert actions[:2] == ["evaluate", "import"]
    ev = audit.entries()[0].details
    assert ev["bundle_hash"] and ev["snapshots"] and "report_sha256" in ev
    assert audit_verify.verify().ok
