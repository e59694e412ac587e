"""Art. 68 waivers (免责) in the database: one active waiver a finding, recorded and revoked with their
audit entries in one transaction. The waivers in force feed the evaluation (``lib/waiver.rego``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlmodel import select

from evaluator.errors import NoticeError
from evaluator.store.audit import append_in
from evaluator.store.db import WaiverRow, session


def audit_record(row: WaiverRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "finding_key": row.finding_key,
        "rule_id": row.rule_id,
        "department": row.department,
        "period": row.period,
        "subject": row.subject,
        "ground": row.ground,
        "grantor": row.grantor,
        "granted_on": row.granted_on.isoformat(),
        "evidence_sha256": hashlib.sha256(row.evidence.encode()).hexdigest(),
        "revoke_reason": row.revoke_reason,
    }


def insert(row: WaiverRow, actor: str, url: str | None = None) -> WaiverRow:
    """Store ``row`` unless its finding (``row.finding_key``) already has an active waiver (refused)."""
    with session(url) as s:
        dup = s.exec(
            select(WaiverRow).where(
                WaiverRow.finding_key == row.finding_key,
                WaiverRow.revoked_at == None,  # noqa: E711
            )
        ).first()
        if dup is not None:
            raise NoticeError(f"该发现项已有有效的免责记录 #{dup.id} / already waived", refused=True)
        s.add(row)
        s.flush()
        append_in(s, "waiver.add", audit_record(row), actor)
        s.commit()
        s.refresh(row)
        s.expunge(row)
        return row


def list_waivers(period: int | None = None, url: str | None = None, *, all_: bool = False) -> list[WaiverRow]:
    with session(url) as s:
        stmt = select(WaiverRow)
        if period is not None:
            stmt = stmt.where(WaiverRow.period == period)
        if not all_:
            stmt = stmt.where(WaiverRow.revoked_at == None)  # noqa: E711
        rows = list(s.exec(stmt.order_by(WaiverRow.id)).all())  # type: ignore[arg-type]
        s.expunge_all()
        return rows


def revoke(waiver_id: int, *, actor: str, reason: str, url: str | None = None) -> WaiverRow:
    with session(url) as s:
        row = s.get(WaiverRow, waiver_id)
        if row is None or row.revoked_at is not None:
            raise NoticeError(f"没有有效的免责记录 #{waiver_id} / no active waiver {waiver_id}", refused=True)
        row.revoked_at = dt.datetime.now(dt.UTC)
        row.revoked_by = actor
        row.revoke_reason = reason
        s.add(row)
        append_in(s, "waiver.revoke", audit_record(row), actor)
        s.commit()
        s.refresh(row)
        s.expunge(row)
        return row
