"""The audit log: every import, evaluation, notice transition, waiver, login and export, hash-chained.

Each entry stores who, when, what and the hashes involved, plus ``prev_hash`` and its own ``hash`` =
HMAC-SHA-256(audit key, prev_hash ‖ canonical JSON of the entry); the key and the chain's head are kept
outside the database (:mod:`evaluator.store.audit_anchor`). Imports record each stored snapshot's content
and row hash, evaluations the run row's and its findings' hashes, so ``verify()``
(:mod:`evaluator.store.audit_verify`) detects an edited, deleted, reordered, forged or truncated entry,
a forged prune anchor, an emptied or replaced database, and any snapshot, run or finding row changed,
inserted or deleted behind the log's back. Pruning never removes entries younger than the Art. 33
log-retention period (``policies/params/ch05 a33_log_retention_months``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import orjson
from sqlalchemy import JSON, Column, event
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, select

from evaluator import settings
from evaluator.store import audit_anchor as anchor
from evaluator.store.db import session

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


def _body(seq: int, at: dt.datetime, actor: str, action: str, details: dict[str, Any]) -> bytes:
    return orjson.dumps(
        {"seq": seq, "at": at.isoformat(), "actor": actor, "action": action, "details": details},
        option=orjson.OPT_SORT_KEYS,
    )


def _digest(
    prev: str, seq: int, at: dt.datetime, actor: str, action: str, details: dict[str, Any], keyed: bool = True
) -> str:
    """The entry's hash: HMAC-SHA-256 with the audit key (plain SHA-256 for a legacy entry)."""
    msg = prev.encode() + b"\0" + _body(seq, at, actor, action, details)
    return anchor.mac(msg) if keyed else hashlib.sha256(msg).hexdigest()


_ACTOR: ContextVar[str | None] = ContextVar("govshare_actor", default=None)


def current_actor() -> str:
    """Who the audit log names: the user an ``acting_as`` block names (the dashboard's logged-in user),
    else the setting (``GOVSHARE_USER``, else ``cli:<system user>``)."""
    return _ACTOR.get() or settings.actor()


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Every audit entry written inside the block (in this thread or task) names ``actor``."""
    token = _ACTOR.set(actor)
    try:
        yield
    finally:
        _ACTOR.reset(token)


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
    """Append within the caller's transaction: the entry commits (or rolls back) with what it records;
    after the commit its seq and hash are written to the head file outside the database."""
    actor = actor or current_actor()
    lock(s)
    last = s.exec(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()  # type: ignore[attr-defined]
    _ensure_key(s, last)
    anc = s.exec(select(AuditAnchor).order_by(AuditAnchor.id.desc())).first()  # type: ignore[union-attr]
    prev = last.hash if last else (anc.last_hash if anc else GENESIS)
    seq = (last.seq + 1) if last else ((anc.pruned_through + 1) if anc else 1)
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
    checkpoint_after_commit(s, anchor.Checkpoint("append", seq, entry.hash, at.isoformat()))
    return entry


def _ensure_key(s: Session, last: AuditEntry | None) -> None:
    """Create the audit key on first use. A chain written before the key existed is adopted as it stands:
    its last entry is recorded as ``legacy`` in the head file (entries up to it verify unkeyed)."""
    if anchor.key_path().exists():
        anchor.key()
        return
    anchor.key(create=True)
    if last is not None:
        anchor.write(_url(s), anchor.Checkpoint("legacy", last.seq, last.hash, last.at.isoformat()))


def _url(s: Session) -> str:
    bind = s.get_bind()
    eng = bind if isinstance(bind, Engine) else bind.engine
    return eng.url.render_as_string(hide_password=False)


def checkpoint_after_commit(s: Session, cp: anchor.Checkpoint) -> None:
    pending: list[anchor.Checkpoint] = s.info.setdefault(_PENDING, [])
    pending.append(cp)


_PENDING = "govshare_audit_checkpoints"


@event.listens_for(Session, "after_commit")
def _write_checkpoints(s: Session) -> None:
    pending: list[anchor.Checkpoint] = s.info.pop(_PENDING, [])
    if not pending:
        return
    url = _url(s)
    appends = [c for c in pending if c.kind == "append"]
    for cp in [c for c in pending if c.kind != "append"] + (
        [max(appends, key=lambda c: c.seq)] if appends else []
    ):
        try:
            anchor.write(url, cp)
        except OSError as e:  # the entry is committed; the database may be ahead of its head, never behind
            sys.stderr.write(
                f"警告：审计链头未能写入 {anchor.head_path(url)}（{e.strerror}）/ warning: audit head not written\n"
            )


@event.listens_for(Session, "after_rollback")
def _drop_checkpoints(s: Session) -> None:
    s.info.pop(_PENDING, None)


def lock(s: Session, table: str = "audit_log") -> None:
    """Serialise writers: SQLite takes the write lock at once; PostgreSQL locks the table (and, as every
    writer appends to the audit log in the end, the audit log: one lock order, no deadlock)."""
    bind = s.get_bind()
    if bind.dialect.name == "sqlite":
        # take the write lock now unless this transaction already holds one; the primary key on seq
        # refuses a fork in any case
        raw = s.connection().connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            s.connection().exec_driver_sql("BEGIN IMMEDIATE")
    elif bind.dialect.name == "postgresql":
        tables = "audit_log" if table == "audit_log" else f"{table}, audit_log"
        s.connection().exec_driver_sql(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")


def verify(url: str | None = None) -> Any:
    """The whole chain, its head outside the database, and every snapshot, run and finding it covers."""
    from evaluator.store import audit_verify

    return audit_verify.verify(url)


def prune(
    before: dt.date, retention_months: int, url: str | None = None, today: dt.date | None = None
) -> int:
    """Remove entries older than ``before``, never one younger than the Art. 33 retention period
    (``retention_months``, the parameter ``ch05.a33_log_retention_months`` in force: the caller reads it).

    Only an intact log is pruned (pruning a tampered one would launder it). The removed entries leave an
    anchor (the last removed entry's seq and hash) and an ``audit.prune`` entry that carries the same
    anchor and the digest of every row no kept entry covers any more; both go to the head file too."""
    from evaluator.store import audit_verify

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


def entries(limit: int = 100, url: str | None = None) -> list[AuditEntry]:
    with session(url) as s:
        rows = list(s.exec(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)).all())  # type: ignore[attr-defined]
        s.expunge_all()
        return rows


__all__ = ["AuditEntry", "append", "entries", "prune", "verify", "SQLModel"]
