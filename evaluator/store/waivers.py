"""Art. 68 waivers (免责) in the database: one active waiver a finding, recorded and revoked with their
audit entries in one transaction. The waivers in force feed the evaluation (``lib/waiver.rego``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from sqlmodel import Field, SQLModel, select

from evaluator.errors import NoticeError
from evaluator.store.audit import append_in
from evaluator.store.db import session


class WaiverRow(SQLModel, table=True):
    """One waived finding, named by its key (rule + department + period + record + variant, made by
    ``lib.finding.keyed``), never a blanket. Revoked, never deleted."""

    __tablename__ = "waiver"

    id: int | None = Field(default=None, primary_key=True)
    finding_key: str = Field(
        default="",
        index=True,
        description="所免责发现项的 key / the key of the one finding waived (lib.finding.keyed)",
    )
    rule_id: str = Field(index=True)
    department: str = Field(index=True)
    period: int = Field(index=True)
    subject: str = Field(description="发现项指向的记录编号 / the record id of the finding")
    ground: str = Field(description="免责事由：尽职 | 不可抗力 / due diligence or force majeure")
    grantor: str
    granted_on: dt.date
    evidence: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None

    def as_input(self) -> dict[str, Any]:
        """The waiver as OPA reads it in ``input.waivers``."""
        return {
            "id": self.id,
            "key": self.finding_key,
            "rule_id": self.rule_id,
            "department": self.department,
            "period": self.period,
            "subject": self.subject,
            "ground": self.ground,
            "grantor": self.grantor,
            "granted_on": self.granted_on.isoformat(),
            "evidence": self.evidence,
        }


def active_waivers(period: int, url: str | None = None) -> list[WaiverRow]:
    """The waivers of a period that are not revoked, oldest first."""
    with session(url) as s:
        rows = list(
            s.exec(
                select(WaiverRow)
                .where(WaiverRow.period == period, WaiverRow.revoked_at == None)  # noqa: E711
                .order_by(WaiverRow.id)  # type: ignore[arg-type]
            ).all()
        )
        s.expunge_all()
        return rows


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


def insert(
    row: WaiverRow,
    actor: str,
    url: str | None = None,
    before_commit: Callable[[WaiverRow], None] | None = None,
) -> WaiverRow:
    """Store ``row`` unless its finding (``row.finding_key``) already has an active waiver (refused);
    ``before_commit`` gets the row (with its id) inside the transaction: if it raises, nothing is stored."""
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
        if before_commit is not None:
            before_commit(row)
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


def revoke(
    waiver_id: int,
    *,
    actor: str,
    reason: str,
    url: str | None = None,
    before_commit: Callable[[WaiverRow], None] | None = None,
) -> WaiverRow:
    with session(url) as s:
        row = s.get(WaiverRow, waiver_id)
        if row is None or row.revoked_at is not None:
            raise NoticeError(f"没有有效的免责记录 #{waiver_id} / no active waiver {waiver_id}", refused=True)
        row.revoked_at = dt.datetime.now(dt.UTC)
        row.revoked_by = actor
        row.revoke_reason = reason
        s.add(row)
        append_in(s, "waiver.revoke", audit_record(row), actor)
        if before_commit is not None:
            before_commit(row)
        s.commit()
        s.refresh(row)
        s.expunge(row)
        return row
