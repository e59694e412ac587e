"""The audit log's tables (the chain of entries, the prune anchor) and how an entry's hash is made; the
writing is :mod:`evaluator.store.audit`, the verifying :mod:`evaluator.store.audit_verify`."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import orjson
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from evaluator.store import audit_anchor as anchor

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
