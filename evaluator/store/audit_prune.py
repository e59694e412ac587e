"""Pruning the audit log: only an intact log, never an entry younger than the Art. 33 retention period; the
removed entries leave an anchor and an ``audit.prune`` entry with the digest of what they covered."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from evaluator.store import audit_anchor as anchor
from evaluator.store import audit_verify
from evaluator.store.audit import append_in, checkpoint_after_commit, lock
from evaluator.store.audit_log import AuditAnchor, AuditEntry
from evaluator.store.db import session


def prune(
    before: dt.date, retention_months: int, url: str | None = None, today: dt.date | None = None
) -> int:
    """Remove entries older than ``before``, never one younger than the Art. 33 retention period
    (``retention_months``, the parameter ``ch05.a33_log_retention_months`` in force: the caller reads it).

    Only an intact log is pruned (pruning a tampered one would launder it). The removed entries leave an
    anchor (the last removed entry's seq and hash) and an ``audit.prune`` entry that carries the same
    anchor and the digest of every row no kept entry covers any more; both go to the head file too."""
    today = today or dt.date.today()
    months = retention_months
    limit = _months_before(today, months)
    if before > limit:
        raise ValueError(
            f"不得删除 {limit.isoformat()} 之后的日志（第三十三条：保存不少于 {months} 个月）/ "
            f"entries after {limit.isoformat()} must be kept (Art. 33: at least {months} months)"
        )
    state = audit_verify.verify(url)
    if not state.ok:
        raise ValueError(
            "审计日志校验未通过，不清理（以免掩盖改动）；请先查明 govshare audit verify 报告的问题 / "
            "the audit log does not verify: not pruned"
        )
    cutoff = dt.datetime.combine(before, dt.time(), tzinfo=dt.UTC)
    with session(url) as s:
        lock(s)
        old = list(s.exec(select(AuditEntry).where(AuditEntry.at < cutoff).order_by(AuditEntry.seq)).all())  # type: ignore[arg-type]
        if not old:
            return 0
        last = old[-1]
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        s.add(AuditAnchor(pruned_through=last.seq, last_hash=last.hash, at=now))
        for e in old:
            s.delete(e)
        s.flush()
        covered = audit_verify.uncovered_digest(s)
        append_in(
            s,
            "audit.prune",
            {
                "before": before.isoformat(),
                "removed": len(old),
                "through_seq": last.seq,
                "last_hash": last.hash,
                "uncovered": covered,
            },
        )
        checkpoint_after_commit(s, anchor.Checkpoint("prune", last.seq, last.hash, now.isoformat()))
        s.commit()
    return len(old)


def _months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + (day.month - 1) - months, 12)
    last = [
        31,
        29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    return dt.date(y, m + 1, min(day.day, last[m]))
