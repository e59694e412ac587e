"""Exports: the bytes the download buttons offer, and the audit entry when one is clicked."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

from evaluator.consumers.assess.tables import assessment_tables, funding_tables
from evaluator.consumers.exports import to_csv, to_xlsx
from evaluator.store import audit, reads

from ..auth import User
from .access import FUNDING_ROLES, require, scope
from .assessment import _assessment_obj


def _export_bytes(sheets: dict[str, list[list[Any]]], fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(next(iter(sheets.values()))).encode("utf-8-sig")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        to_xlsx(sheets, path)
        return path.read_bytes()


def assessment_export(user: User, period: int, fmt: str, url: str | None = None) -> bytes | None:
    """The assessment tables (CSV: the summary; XLSX: every sheet), only the user's departments."""
    a = _assessment_obj(user, period, url)
    return None if a is None else _export_bytes(assessment_tables(a), fmt)


def funding_export(user: User, period: int, fmt: str, url: str | None = None) -> bytes | None:
    """The funding decisions (CSV: decisions; XLSX: decisions, their findings, project gates)."""
    require(user, FUNDING_ROLES)
    a = _assessment_obj(user, period, url)
    return None if a is None else _export_bytes(funding_tables(a), fmt)


def notice_file(user: User, notice_id: int, path: str, url: str | None = None) -> bytes | None:
    """The bytes of one of a notice's files, if the user may see the notice and the file exists."""
    notice = reads.notice(notice_id, url)
    if notice is None or scope(user, notice["department"]) is False or path not in (notice["files"] or []):
        return None
    p = Path(path)
    return p.read_bytes() if p.is_file() else None


def log_export(user: User, what: dict[str, Any], payload: bytes, url: str | None = None) -> Any:
    """An ``export`` audit entry: who (the logged-in user), what, and the SHA-256 of the bytes."""
    return audit.append(
        "export",
        {
            "source": "dashboard",
            "role": user.role.value,
            **what,
            "bytes": len(payload),
            "sha256": hashlib.sha256(payload).hexdigest(),
        },
        actor=user.username,
        url=url,
    )
