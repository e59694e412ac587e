"""The audit log: every import, evaluation, notice transition, waiver, login and export, hash-chained.

Each entry stores who, when, what and the hashes involved, plus ``prev_hash`` and its own ``hash`` =
HMAC-SHA-256(audit key, prev_hash ‖ canonical JSON of the entry); the key and the chain's head are kept
outside the database (:mod:`evaluator.store.audit_anchor`). Imports record each stored snapshot's content
and row hash, evaluations the run row's and its findings' hashes, so ``verify()``
(:mod:`evaluator.store.audit_verify`) detects an edited, deleted, reordered, forged or truncated entry,
a forged prune anchor, an emptied or replaced database, and any snapshot, run or finding row changed,
inserted or deleted behind the log's back. Pruning (:mod:`evaluator.store.audit_prune`) never removes entries younger than the Art. 33
log-retention period (``policies/params/ch05 a33_log_retention_months``).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from evaluator import settings
from evaluator.store import audit_anchor as anchor
from evaluator.store.audit_log import GENESIS, AuditAnchor, AuditEntry, _digest
from evaluator.store.db import session

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


def entries(limit: int = 100, url: str | None = None) -> list[AuditEntry]:
    with session(url) as s:
        rows = list(s.exec(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)).all())  # type: ignore[attr-defined]
        s.expunge_all()
        return rows


__all__ = [
    "GENESIS",
    "AuditAnchor",
    "AuditEntry",
    "_digest",
    "append",
    "entries",
    "SQLModel",
]
