"""Row hashes: what an audit entry records of a stored row, and what verification recomputes."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

import orjson
from sqlmodel import SQLModel


def _value(v: Any) -> Any:
    if isinstance(v, bytes):
        return "sha256:" + hashlib.sha256(v).hexdigest()
    if isinstance(v, dt.datetime):
        v = v.astimezone(dt.UTC).replace(tzinfo=None) if v.tzinfo else v
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def row_digest(row: SQLModel) -> str:
    """SHA-256 of every column of the row (binary columns by their own SHA-256)."""
    cols = {c.name: _value(getattr(row, c.key)) for c in row.__table__.columns}  # type: ignore[attr-defined]
    return hashlib.sha256(orjson.dumps(cols, option=orjson.OPT_SORT_KEYS)).hexdigest()


def findings_digest(rows: Iterable[SQLModel]) -> str:
    """SHA-256 of a run's finding rows, in no particular order."""
    digests = sorted(row_digest(r) for r in rows)
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()
