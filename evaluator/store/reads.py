"""Read-only queries by period and department, for a reader who may see one department or all of them
(the dashboard's data layer). ``dept`` is a department code — the rows of that department only, filtered
in the query's WHERE clause, never after it — or None for every department."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

import orjson
from sqlalchemy import func
from sqlmodel import col, select

from evaluator.model.results import Finding
from evaluator.store.assessments import AssessmentRow
from evaluator.store.db import session
from evaluator.store.notices import NoticeEventRow, NoticeRow
from evaluator.store.runs import FindingRow, RunRow
from evaluator.store.snapshots import SnapshotRow
from evaluator.store.waivers import WaiverRow


def snapshot_periods(dept: str | None, url: str | None = None) -> list[int]:
    """The periods with a stored snapshot (of ``dept``)."""
    with session(url) as s:
        q = select(SnapshotRow.period).distinct()
        if dept is not None:
            q = q.where(SnapshotRow.dept == dept)
        return sorted(s.exec(q).all())


def department_names(period: int, dept: str | None, url: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of the departments with a snapshot in ``period``, the name of each one's latest
    version, ordered by name."""
    with session(url) as s:
        q = (
            select(SnapshotRow.dept, SnapshotRow.name, func.max(SnapshotRow.version))
            .where(SnapshotRow.period == period, SnapshotRow.kind == "department")
            .group_by(SnapshotRow.dept, SnapshotRow.name)
        )
        if dept is not None:
            q = q.where(SnapshotRow.dept == dept)
        rows = s.exec(q).all()
    latest: dict[str, tuple[int, str]] = {}
    for code, name, version in rows:
        if code not in latest or version > latest[code][0]:
            latest[code] = (version, name)
    return [(c, n) for c, (_, n) in sorted(latest.items(), key=lambda kv: kv[1][1])]


class SnapshotVersion(NamedTuple):
    period: int
    version: int
    as_of: dt.date
    imported_at: dt.datetime
    source: str
    sha256: str


def snapshot_history(dept: str, url: str | None = None) -> list[SnapshotVersion]:
    """Every stored version of one department's snapshots, the newest period and version first."""
    with session(url) as s:
        rows = s.exec(
            select(  # type: ignore[call-overload]  # six columns: past sqlmodel's typed overloads
                SnapshotRow.period,
                SnapshotRow.version,
                SnapshotRow.as_of,
                SnapshotRow.imported_at,
                SnapshotRow.source,
                SnapshotRow.sha256,
            )
            .where(SnapshotRow.dept == dept, SnapshotRow.kind == "department")
            .order_by(col(SnapshotRow.period).desc(), col(SnapshotRow.version).desc())
        ).all()
    return [SnapshotVersion(*r) for r in rows]


def run(run_id: str, url: str | None = None) -> RunRow | None:
    """One stored run (detached from its session)."""
    with session(url) as s:
        row = s.get(RunRow, run_id)
        if row is not None:
            s.expunge(row)
        return row


def run_findings(run_id: str, dept: str | None, url: str | None = None) -> list[Finding]:
    """The findings of a run (of ``dept``), as the report gave them, in the order they were stored."""
    with session(url) as s:
        q = select(FindingRow.data).where(FindingRow.run_id == run_id)
        if dept is not None:
            q = q.where(FindingRow.dept == dept)
        return [Finding.model_validate(x) for x in s.exec(q.order_by(col(FindingRow.id))).all()]


def finding_counts(run_id: str, dept: str | None, url: str | None = None) -> list[tuple[str, str, int]]:
    """(department, severity, how many findings) of a run (of ``dept``)."""
    with session(url) as s:
        q = (
            select(FindingRow.dept, FindingRow.severity, func.count())
            .where(FindingRow.run_id == run_id)
            .group_by(FindingRow.dept, FindingRow.severity)
        )
        if dept is not None:
            q = q.where(FindingRow.dept == dept)
        return [(d, sev, int(n)) for d, sev, n in s.exec(q).all()]


def latest_assessment(period: int, url: str | None = None) -> dict[str, Any] | None:
    """The result of the latest stored assessment of ``period`` (the assessment JSON), if any."""
    with session(url) as s:
        blob = s.exec(
            select(AssessmentRow.result)
            .where(AssessmentRow.period == period)
            .order_by(col(AssessmentRow.created_at).desc(), col(AssessmentRow.id).desc())
        ).first()
    return dict(orjson.loads(blob)) if blob is not None else None


def _notice(row: NoticeRow) -> dict[str, Any]:
    """A notice's fields, its findings typed (``Finding``: read by attribute, matched by ``key``)."""
    return {**row.model_dump(exclude={"findings"}), "findings": list(row.findings)}


def notices(period: int, dept: str | None, url: str | None = None) -> list[dict[str, Any]]:
    """The notices and escalation letters of ``period`` (to ``dept``), in the order of their numbers; each
    one's findings typed."""
    with session(url) as s:
        q = select(NoticeRow).where(NoticeRow.period == period)
        if dept is not None:
            q = q.where(NoticeRow.department == dept)
        return [_notice(r) for r in s.exec(q.order_by(col(NoticeRow.year), col(NoticeRow.seq))).all()]


def notice(notice_id: int, url: str | None = None) -> dict[str, Any] | None:
    """One notice by id (its findings typed)."""
    with session(url) as s:
        row = s.get(NoticeRow, notice_id)
        return _notice(row) if row is not None else None


def notice_events(notice_id: int, url: str | None = None) -> list[dict[str, Any]]:
    """Every state change of one notice (who, when, why), in order."""
    with session(url) as s:
        q = select(NoticeEventRow).where(NoticeEventRow.notice_id == notice_id)
        return [r.model_dump() for r in s.exec(q.order_by(col(NoticeEventRow.id))).all()]


def waivers(period: int, dept: str | None, url: str | None = None) -> list[dict[str, Any]]:
    """Every Art. 68 waiver of ``period`` (of ``dept``), revoked ones included, in the order recorded."""
    with session(url) as s:
        q = select(WaiverRow).where(WaiverRow.period == period)
        if dept is not None:
            q = q.where(WaiverRow.department == dept)
        return [r.model_dump() for r in s.exec(q.order_by(col(WaiverRow.id))).all()]
