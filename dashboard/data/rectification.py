"""Rectification (authority only): notices and Art. 68 waivers, read and acted on as the logged-in user."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from evaluator import settings
from evaluator.consumers import notices as N
from evaluator.consumers import waivers as W
from evaluator.errors import NoticeError
from evaluator.evaluate.report import Report
from evaluator.evaluate.service import Evaluations
from evaluator.model.results import Finding
from evaluator.store import reads

from ..auth import User
from .access import EVALUATE_ROLES, RECTIFICATION_ROLES, require, scope
from .assessment import assess_now
from .county import findings


def notices(user: User, period: int, dept: str | None = None, url: str | None = None) -> list[dict[str, Any]]:
    """Rectification notices and escalation letters (evaluator.consumers.notices), filtered in the query."""
    d = scope(user, dept)
    if d is False:
        return []
    return reads.notices(period, d, url)


def notice_events(user: User, notice_id: int, url: str | None = None) -> list[dict[str, Any]]:
    notice = reads.notice(notice_id, url)
    if notice is None or scope(user, notice["department"]) is False:
        return []
    return reads.notice_events(notice_id, url)


def waivers(user: User, period: int, dept: str | None = None, url: str | None = None) -> list[dict[str, Any]]:
    d = scope(user, dept)
    if d is False:
        return []
    return reads.waivers(period, d, url)


def notices_dir() -> Path:
    """Where the dashboard writes notice DOCX/PDF files: ``$GOVSHARE_DATA_DIR/notices`` (default data/)."""
    return settings.notices_dir()


def issue_notices(user: User, period: int, dept: str | None = None, url: str | None = None) -> Any:
    """Issue rectification notices (Art. 67) for one department or every department with grounds."""
    require(user, RECTIFICATION_ROLES)

    return N.issue(period, dept or None, actor=user.username, out_dir=notices_dir(), url=url)


def draft_notice(user: User, period: int, dept: str, url: str | None = None) -> list[tuple[str, bytes]]:
    """The notice ``dept`` would get, watermarked 草稿, without a number, stored nowhere (a preview):
    [(file name, bytes)] of its DOCX and PDF."""
    require(user, RECTIFICATION_ROLES)

    with tempfile.TemporaryDirectory() as tmp:
        res = N.issue(period, dept, actor=user.username, out_dir=Path(tmp), url=url, draft=True)
        return [(Path(p).name, Path(p).read_bytes()) for r in res.issued for p in r.files]


def move_notice(
    user: User, ref: str, to: str, reason: str, on: dt.date | None = None, url: str | None = None
) -> Any:
    """Move a notice through its lifecycle (evaluator.consumers.notices.transition), the user as actor."""
    require(user, RECTIFICATION_ROLES)

    return N.transition(ref, to, actor=user.username, reason=reason, on=on, out_dir=notices_dir(), url=url)


def overdue_notices(
    user: User, period: int, today: dt.date | None = None, url: str | None = None
) -> list[dict[str, Any]]:
    """Open rectification notices past their time limit on ``today`` (the day after the due date)."""
    require(user, RECTIFICATION_ROLES)

    today = today or dt.date.today()
    open_states = {s for s in N.OPEN_STATES if s != N.DRAFT}
    return [
        n
        for n in notices(user, period, None, url)
        if n["kind"] == "notice" and n["state"] in open_states and n["due_on"] and n["due_on"] < today
    ]


def waivable_findings(user: User, period: int, dept: str | None = None, url: str | None = None) -> list[Finding]:
    """Findings of the latest run that are neither marked waived nor covered by an active waiver."""
    require(user, RECTIFICATION_ROLES)

    active = {w.finding_key for w in W.list_waivers(period, url)}
    return [f for f in findings(user, period, dept, url) if not f.waived and f.key not in active]


def grant_waiver(
    user: User,
    period: int,
    finding: Finding,
    *,
    ground: str,
    grantor: str,
    granted_on: dt.date,
    evidence: str,
    url: str | None = None,
) -> Any:
    """Waive ONE finding of the latest run (Art. 68) through evaluator.consumers.notices.add_waiver."""
    require(user, RECTIFICATION_ROLES)

    if not any(f.key == finding.key for f in findings(user, period, None, url)):
        raise NoticeError(
            f"发现项 {finding.rule_id} {finding.subject} 不在 {period} 年度最新评价中 / not a finding of the latest run",
            refused=True,
        )
    return W.add_waiver(
        rule_id=finding.rule_id,
        department=finding.department,
        period=period,
        subject=finding.subject,
        variant=finding.variant,
        ground=ground,
        grantor=grantor,
        granted_on=granted_on,
        evidence=evidence,
        url=url,
        actor=user.username,
    )


def revoke_waiver(user: User, waiver_id: int, reason: str, url: str | None = None) -> Any:
    """Revoke a waiver (the record stays, with who, when and why)."""
    require(user, RECTIFICATION_ROLES)

    return W.revoke_waiver(waiver_id, actor=user.username, reason=reason, url=url)


def waivers_pending(user: User, period: int, url: str | None = None) -> int:
    """How many waiver changes the latest run does not reflect yet (granted but not marked 已免责, or
    revoked but still marked): the page then offers to re-evaluate."""
    require(user, RECTIFICATION_ROLES)

    active = {w.finding_key for w in W.list_waivers(period, url)}
    fs = findings(user, period, None, url)
    marked = {f.key for f in fs if f.waived}
    present = {f.key for f in fs}
    return len((active & present) - marked) + len(marked - active)


def reevaluate(user: User, period: int, evaluations: Evaluations, url: str | None = None) -> Report:
    """Evaluate the stored snapshots again (waivers included) and score the period: authority only."""
    require(user, EVALUATE_ROLES)
    report = evaluations.evaluate_stored(period, url=url)
    assess_now(user, period, evaluations, url)
    return report
