"""Notices (整改通知书, 请示) and their events in the database.

A number (发文字号, 前缀〔年〕序号号) is taken in the transaction that inserts the row, under the unique
(year, seq) constraint: two notices issued at once never share a number. A state change writes the row,
its event (who, when, why) and its audit entry in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Dialect, Index, UniqueConstraint, func, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel, select

from evaluator.errors import NoticeError
from evaluator.model.results import Finding
from evaluator.store.audit import append_in
from evaluator.store.db import session

#: the states in which a rectification notice is open (not yet 已整改, 移送 or 作废); the database allows
#: one open notice per department and period (index ``uq_open_notice``, migration 0003)
OPEN_NOTICE_STATES = ("草拟", "已下发", "已反馈", "逾期", "已报请督促")
OPEN_NOTICE_WHERE = "kind = 'notice' AND state IN (" + ", ".join(f"'{x}'" for x in OPEN_NOTICE_STATES) + ")"


class FindingsJSON(TypeDecorator[list[Finding]]):
    """A notice's findings: stored as the report's finding JSON (``Finding.as_json``), read typed. A finding
    stored by an earlier release (no key, fewer fields) reads with the key the result builder gives it now
    (:class:`~evaluator.model.results.Finding`); only ``Finding`` objects are written."""

    impl = JSON
    cache_ok = True

    def process_bind_param(
        self, value: list[Finding] | None, dialect: Dialect
    ) -> list[dict[str, Any]] | None:
        if value is None:
            return None
        if not all(isinstance(f, Finding) for f in value):
            raise TypeError("a notice's findings are Finding objects / NoticeRow.findings: list[Finding]")
        return [f.as_json() for f in value]

    def process_result_value(self, value: list[dict[str, Any]] | None, dialect: Dialect) -> list[Finding]:
        return [Finding.model_validate(f) for f in value or []]


class NoticeRow(SQLModel, table=True):
    """A numbered document: a rectification notice (kind notice) or an escalation letter (escalation).

    The number (year, seq) is allocated in the transaction that inserts the row; it is never reused:
    a document whose files could not be written stays, in state 作废 with the reason."""

    __tablename__ = "notice"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_notice_number"),
        Index(
            "uq_open_notice",
            "department",
            "period",
            unique=True,
            sqlite_where=text(OPEN_NOTICE_WHERE),
            postgresql_where=text(OPEN_NOTICE_WHERE),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True, description="notice 整改通知书 | escalation 报请督促函")
    year: int
    seq: int
    number: str = Field(index=True, description="发文字号，如 内数据〔2026〕12号")
    parent_id: int | None = Field(default=None, description="报请督促函所针对的整改通知书")
    department: str = Field(index=True)
    department_name: str
    period: int = Field(index=True)
    run_id: str
    issued_on: dt.date
    due_on: dt.date | None = None
    working_days: int | None = None
    state: str = Field(index=True)
    findings: list[Finding] = Field(sa_column=Column(FindingsJSON, nullable=False))
    files: list[str] = Field(sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime


class NoticeEventRow(SQLModel, table=True):
    """One transition of a notice: who, when, why (append-only)."""

    __tablename__ = "notice_event"

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    from_state: str | None
    to_state: str
    actor: str
    at: dt.datetime
    reason: str


def _open_notice_taken(e: IntegrityError) -> bool:
    msg = str(e.orig)
    return "uq_open_notice" in msg or "notice.department, notice.period" in msg


def insert_numbered(
    url: str | None, template: NoticeRow, *, prefix: str, state: str, actor: str, reason: str, retries: int
) -> NoticeRow:
    """Insert ``template`` in state ``state`` with the next number of its year, in one transaction."""
    year = template.issued_on.year
    for _ in range(retries):
        with session(url) as s:
            top = s.exec(select(func.max(NoticeRow.seq)).where(NoticeRow.year == year)).one()
            seq = int(top or 0) + 1
            row = NoticeRow(
                **template.model_dump(exclude={"id", "year", "seq", "number", "state", "findings"}),
                findings=list(template.findings),
                year=year,
                seq=seq,
                number=f"{prefix}〔{year}〕{seq}号",
                state=state,
            )
            s.add(row)
            try:
                s.flush()
                s.add(
                    NoticeEventRow(
                        notice_id=row.id,  # type: ignore[arg-type]
                        from_state=None,
                        to_state=state,
                        actor=actor,
                        at=dt.datetime.now(dt.UTC),
                        reason=reason,
                    )
                )
                # the number is audited in the transaction that takes it: no number without a trace
                append_in(
                    s,
                    "notice.number",
                    {
                        "id": row.id,
                        "number": row.number,
                        "kind": row.kind,
                        "department": row.department,
                        "period": row.period,
                        "run": row.run_id,
                        "state": state,
                        "reason": reason,
                    },
                    actor,
                )
                s.commit()
            except IntegrityError as e:
                s.rollback()
                if _open_notice_taken(e):  # another process issued one for this department meanwhile
                    raise NoticeError(
                        f"部门 {template.department} {template.period} 年度已有未办结的整改通知书（刚由另一操作下发），"
                        "不再重复下发 / an open notice for this department and period was issued meanwhile",
                        refused=True,
                    ) from e
                continue  # another notice took this number at the same moment: take the next one
            s.refresh(row)
            s.expunge(row)
            return row
    raise NoticeError("无法分配发文字号（并发冲突过多）/ could not allocate a document number")


def set_state(
    url: str | None,
    notice_id: int,
    to: str,
    *,
    actor: str,
    reason: str,
    first_action: str,
    draft_state: str,
    files: list[str] | None,
    file_hashes: list[dict[str, str]],
    at: dt.datetime | None = None,
) -> NoticeRow:
    """Move notice ``notice_id`` to ``to``: the row, its event and the audit entry together. The audit
    action is ``first_action`` when the notice leaves ``draft_state`` (its issue or voiding), else
    ``notice.transition``."""
    with session(url) as s:
        row = s.get(NoticeRow, notice_id)
        if row is None:
            raise NoticeError(f"没有编号为 {notice_id} 的文书 / no document {notice_id}")
        s.add(
            NoticeEventRow(
                notice_id=notice_id,
                from_state=row.state,
                to_state=to,
                actor=actor,
                at=at or dt.datetime.now(dt.UTC),
                reason=reason,
            )
        )
        before = row.state
        row.state = to
        if files is not None:
            row.files = files
        s.add(row)
        append_in(
            s,
            first_action if before == draft_state else "notice.transition",
            {
                "id": notice_id,
                "number": row.number,
                "department": row.department,
                "period": row.period,
                "from": before,
                "to": to,
                "reason": reason,
                "files": file_hashes,
            },
            actor,
        )
        s.commit()
        s.refresh(row)
        s.expunge(row)
        return row


def open_notice(url: str | None, dept: str, period: int) -> NoticeRow | None:
    """The department's notice of ``period`` that is not yet closed, if any."""
    with session(url) as s:
        row = s.exec(
            select(NoticeRow).where(
                NoticeRow.kind == "notice",
                NoticeRow.department == dept,
                NoticeRow.period == period,
                NoticeRow.state.in_(OPEN_NOTICE_STATES),  # type: ignore[attr-defined]
            )
        ).first()
        if row is not None:
            s.expunge(row)
        return row


def get(ref: str, url: str | None = None) -> tuple[NoticeRow, list[NoticeEventRow]]:
    """A document by id or by number (内数据〔2026〕12号), with its events."""
    with session(url) as s:
        stmt = select(NoticeRow)
        stmt = stmt.where(NoticeRow.id == int(ref)) if ref.isdigit() else stmt.where(NoticeRow.number == ref)
        row = s.exec(stmt).first()
        if row is None:
            raise NoticeError(f"没有文书 {ref} / no document {ref}")
        events = list(
            s.exec(
                select(NoticeEventRow).where(NoticeEventRow.notice_id == row.id).order_by(NoticeEventRow.id)  # type: ignore[arg-type]
            ).all()
        )
        s.expunge_all()
        return row, events


def list_notices(
    period: int | None = None, department: str | None = None, url: str | None = None
) -> list[NoticeRow]:
    with session(url) as s:
        stmt = select(NoticeRow)
        if period is not None:
            stmt = stmt.where(NoticeRow.period == period)
        if department:
            stmt = stmt.where(NoticeRow.department == department)
        rows = list(s.exec(stmt.order_by(NoticeRow.year, NoticeRow.seq)).all())  # type: ignore[arg-type]
        s.expunge_all()
        return rows
