"""The audit log: every import, evaluation, notice transition, waiver, login and export, hash-chained.

Each entry stores who, when, what and the hashes involved, plus ``prev_hash`` and its own ``hash`` =
SHA-256(prev_hash ‖ canonical JSON of the entry). ``verify()`` recomputes the chain: an edited entry, a
deleted entry (a gap in ``seq``) or a reordered one is detected. Pruning never removes entries younger
than the Art. 33 log-retention period (``policies/params/ch05 a33_log_retention_months``) and leaves an
anchor so the chain still verifies from the first kept entry.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, SQLModel, select

from evaluator.facts import params
from evaluator.store.db import engine, session

GENESIS = "0" * 64


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_log"

    seq: int = Field(primary_key=True)
    at: dt.datetime
    actor: str
    action: str = Field(index=True)
    details: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    prev_hash: str
    hash: str


class AuditAnchor(SQLModel, table=True):
    """Where the kept chain starts after pruning: the last pruned entry's seq and hash."""

    __tablename__ = "audit_anchor"

    id: int | None = Field(default=None, primary_key=True)
    pruned_through: int
    last_hash: str
    at: dt.datetime


def _digest(prev: str, seq: int, at: dt.datetime, actor: str, action: str, details: dict[str, Any]) -> str:
    body = orjson.dumps(
        {"seq": seq, "at": at.isoformat(), "actor": actor, "action": action, "details": details},
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.sha256(prev.encode() + b"\0" + body).hexdigest()


def current_actor() -> str:
    return os.environ.get("GOVSHARE_USER") or f"cli:{getpass.getuser()}"


def append(
    action: str, details: dict[str, Any], actor: str | None = None, url: str | None = None
) -> AuditEntry:
    """Append one entry in its own transaction, chained to the last one."""
    with session(url) as s:
        entry = append_in(s, action, details, actor)
        s.commit()
        s.refresh(entry)
        s.expunge(entry)
        return entry


def append_in(s: Session, action: str, details: dict[str, Any], actor: str | None = None) -> AuditEntry:
    """Append within the caller's transaction: the entry commits (or rolls back) with what it records."""
    actor = actor or current_actor()
    _lock(s)
    last = s.exec(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()  # type: ignore[attr-defined]
    anchor = s.exec(select(AuditAnchor).order_by(AuditAnchor.id.desc())).first()  # type: ignore[union-attr]
    prev = last.hash if last else (anchor.last_hash if anchor else GENESIS)
    seq = (last.seq + 1) if last else ((anchor.pruned_through + 1) if anchor else 1)
    at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        details=details,
        prev_hash=prev,
        hash=_digest(prev, seq, at, actor, action, details),
    )
    s.add(entry)
    s.flush()
    return entry


def _lock(s: Session) -> None:
    """Serialise appends: SQLite takes the write lock at once; PostgreSQL locks the table."""
    bind = s.get_bind()
    if bind.dialect.name == "sqlite":
        # take the write lock now unless this transaction already holds one; the primary key on seq
        # refuses a fork in any case
        raw = s.connection().connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            s.connection().exec_driver_sql("BEGIN IMMEDIATE")
    elif bind.dialect.name == "postgresql":
        s.connection().exec_driver_sql("LOCK TABLE audit_log IN EXCLUSIVE MODE")


@dataclass
class VerifyResult:
    ok: bool
    entries: int
    problems: list[str]


def verify(url: str | None = None) -> VerifyResult:
    engine(url)
    problems: list[str] = []
    with session(url) as s:
        anchor = s.exec(select(AuditAnchor).order_by(AuditAnchor.id.desc())).first()  # type: ignore[union-attr]
        entries = list(s.exec(select(AuditEntry).order_by(AuditEntry.seq)).all())  # type: ignore[arg-type]
    prev = anchor.last_hash if anchor else GENESIS
    expect = (anchor.pruned_through + 1) if anchor else 1
    for e in entries:
        if e.seq != expect:
            problems.append(
                f"第 {expect} 条至第 {e.seq - 1} 条缺失（被删除）/ entries {expect}..{e.seq - 1} missing"
            )
        if e.prev_hash != prev:
            problems.append(f"第 {e.seq} 条的前序哈希不符（链条断开）/ entry {e.seq}: chain broken")
        at = e.at if e.at.tzinfo else e.at.replace(tzinfo=dt.UTC)
        if _digest(e.prev_hash, e.seq, at, e.actor, e.action, e.details) != e.hash:
            problems.append(f"第 {e.seq} 条内容被改动（哈希不符）/ entry {e.seq} was altered")
        prev = e.hash
        expect = e.seq + 1
    return VerifyResult(not problems, len(entries), problems)


def prune(before: dt.date, url: str | None = None, today: dt.date | None = None) -> int:
    """Remove entries older than ``before``, never one younger than the Art. 33 retention period."""
    today = today or dt.date.today()
    months = int(params.value_at("ch05", "a33_log_retention_months", today))
    limit = _months_before(today, months)
    if before > limit:
        raise ValueError(
            f"不得删除 {limit.isoformat()} 之后的日志（第三十三条：保存不少于 {months} 个月）/ "
            f"entries after {limit.isoformat()} must be kept (Art. 33: at least {months} months)"
        )
    cutoff = dt.datetime.combine(before, dt.time(), tzinfo=dt.UTC)
    with session(url) as s:
        _lock(s)
        old = list(s.exec(select(AuditEntry).where(AuditEntry.at < cutoff).order_by(AuditEntry.seq)).all())  # type: ignore[arg-type]
        if not old:
            return 0
        last = old[-1]
        s.add(AuditAnchor(pruned_through=last.seq, last_hash=last.hash, at=dt.datetime.now(dt.UTC)))
        for e in old:
            s.delete(e)
        s.commit()
    append(
        "audit.prune", {"before": before.isoformat(), "removed": len(old), "through_seq": last.seq}, url=url
    )
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


def entries(limit: int = 100, url: str | None = None) -> list[AuditEntry]:
    with session(url) as s:
        rows = list(s.exec(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)).all())  # type: ignore[attr-defined]
        s.expunge_all()
        return rows


__all__ = ["AuditEntry", "append", "entries", "prune", "verify", "VerifyResult", "SQLModel"]
