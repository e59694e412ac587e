"""Role-filtered data access for the dashboard: every function takes the logged-in user.

A department user (role ``department``) is bound to one department code: every query here adds
``dept == user.dept`` to its WHERE clause, and asking for another department returns nothing (an empty
list or ``None``), whatever the page or the URL asked for. The pages never query the store directly.
Funding is for the authority and budget officers, rectification (notices) for the authority.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import orjson
from sqlalchemy import func
from sqlmodel import Session, col, select

from evaluator import settings
from evaluator.engine import OpaServer
from evaluator.errors import NoticeError
from evaluator.evaluate import api
from evaluator.evaluate.runner import Report
from evaluator.intake.files import LoadedSnapshot, canonical_json, validate_document
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot
from evaluator.store.db import (
    FindingRow,
    RunRow,
    SnapshotRow,
    engine,
    latest_county_run_id,
    latest_snapshots,
)

from .auth import Role, User


class Forbidden(Exception):
    """The user's role may not see this page or data (Chinese first)."""


FUNDING_ROLES = (Role.AUTHORITY, Role.BUDGET)
RECTIFICATION_ROLES = (Role.AUTHORITY,)
EVALUATE_ROLES = (Role.AUTHORITY,)


def require(user: User, roles: Sequence[Role]) -> None:
    if user.role not in roles:
        names = "、".join(r.zh for r in roles)
        raise Forbidden(f"无权访问：仅限 {names} / not allowed for role {user.role.value}")


def scope(user: User, dept: str | None = None) -> str | None | Literal[False]:
    """The department filter for a query: a code, None (all departments), or False (nothing)."""
    if user.role is Role.DEPARTMENT:
        if not user.dept:
            return False
        if dept is not None and dept != user.dept:
            return False
        return user.dept
    return dept


def _session(url: str | None = None) -> Session:
    return Session(engine(url))


# ---------------------------------------------------------------------------------------------
# Periods, departments, runs


def periods(user: User, url: str | None = None) -> list[int]:
    d = scope(user)
    if d is False:
        return []
    with _session(url) as s:
        q = select(SnapshotRow.period).distinct()
        if d is not None:
            q = q.where(SnapshotRow.dept == d)
        return sorted(s.exec(q).all())


def departments(user: User, period: int, url: str | None = None) -> list[dict[str, Any]]:
    """The departments with a snapshot in ``period`` (latest version's name), visible to the user."""
    d = scope(user)
    if d is False:
        return []
    with _session(url) as s:
        q = (
            select(SnapshotRow.dept, SnapshotRow.name, func.max(SnapshotRow.version))
            .where(SnapshotRow.period == period, SnapshotRow.kind == "department")
            .group_by(SnapshotRow.dept, SnapshotRow.name)
        )
        if d is not None:
            q = q.where(SnapshotRow.dept == d)
        rows = s.exec(q).all()
    latest: dict[str, tuple[int, str]] = {}
    for code, name, version in rows:
        if code not in latest or version > latest[code][0]:
            latest[code] = (version, name)
    return [{"code": c, "name": n} for c, (_, n) in sorted(latest.items(), key=lambda kv: kv[1][1])]


def dept_names(user: User, period: int, url: str | None = None) -> dict[str, str]:
    return {d["code"]: d["name"] for d in departments(user, period, url)}


def latest_run_id(period: int, url: str | None = None) -> str | None:
    """The latest county run of a period (runs of a single department or of files are never it)."""
    return latest_county_run_id(period, url)


@dataclass
class RunInfo:
    id: str
    period: int
    finished_at: dt.datetime
    opa_version: str
    bundle_hash: str
    status: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    out_of_scope: list[dict[str, Any]] = field(default_factory=list)


def run_info(user: User, period: int, url: str | None = None) -> RunInfo | None:
    """Metadata of the latest run, with errors and out-of-scope items of visible departments only."""
    d = scope(user)
    if d is False:
        return None
    rid = latest_run_id(period, url)
    if rid is None:
        return None
    with _session(url) as s:
        run = s.get(RunRow, rid)
        if run is None:
            return None
        errors = [e for e in run.errors if d is None or e.get("dept") in (d, "")]
        oos = [o for o in run.out_of_scope if d is None or o.get("dept") == d]
        return RunInfo(
            run.id,
            run.period,
            run.finished_at,
            run.opa_version,
            run.bundle_hash,
            run.status,
            errors,
            oos,
        )


def findings(
    user: User, period: int, dept: str | None = None, url: str | None = None
) -> list[dict[str, Any]]:
    """Findings of the latest county-wide run of ``period`` the user may see (optionally one dept)."""
    d = scope(user, dept)
    if d is False:
        return []
    rid = latest_run_id(period, url)
    if rid is None:
        return []
    with _session(url) as s:
        q = select(FindingRow.data).where(FindingRow.run_id == rid)
        if d is not None:
            q = q.where(FindingRow.dept == d)
        return [dict(x) for x in s.exec(q.order_by(col(FindingRow.id))).all()]


def trend(user: User, url: str | None = None) -> list[dict[str, Any]]:
    """Findings per period and department in each period's latest county-wide run."""
    d = scope(user)
    if d is False:
        return []
    out: list[dict[str, Any]] = []
    for p in periods(user, url):
        rid = latest_run_id(p, url)
        if rid is None:
            continue
        with _session(url) as s:
            q = (
                select(FindingRow.dept, FindingRow.severity, func.count())
                .where(FindingRow.run_id == rid)
                .group_by(FindingRow.dept, FindingRow.severity)
            )
            if d is not None:
                q = q.where(FindingRow.dept == d)
            for dept, sev, n in s.exec(q).all():
                out.append({"period": p, "dept": dept, "severity": sev, "count": n})
    return out


def history(user: User, dept: str, url: str | None = None) -> list[dict[str, Any]]:
    """Snapshot versions of one department across periods (imported when, from where)."""
    d = scope(user, dept)
    if d is False or d is None:
        return []
    with _session(url) as s:
        rows = s.exec(
            select(  # type: ignore[call-overload]  # six columns: past sqlmodel's typed overloads
                SnapshotRow.period,
                SnapshotRow.version,
                SnapshotRow.as_of,
                SnapshotRow.imported_at,
                SnapshotRow.source,
                SnapshotRow.sha256,
            )
            .where(SnapshotRow.dept == d, SnapshotRow.kind == "department")
            .order_by(col(SnapshotRow.period).desc(), col(SnapshotRow.version).desc())
        ).all()
    return [
        {"period": p, "version": v, "as_of": a, "imported_at": i, "source": src, "sha256": h[:12]}
        for p, v, a, i, src, h in rows
    ]


def snapshot(user: User, period: int, dept: str, url: str | None = None) -> DepartmentSnapshot | None:
    """The latest stored snapshot of one department, if the user may see it."""
    d = scope(user, dept)
    if d is False or d is None:
        return None
    _, rows = latest_snapshots(period, d, url)
    if not rows:
        return None
    snap = rows[0].snapshot()
    return snap if isinstance(snap, DepartmentSnapshot) else None


# ---------------------------------------------------------------------------------------------
# What-if: evaluate a changed snapshot with the rest of the county, store nothing


@dataclass
class WhatIf:
    before: list[dict[str, Any]]
    after: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    report: Report
    score_before: dict[str, Any] | None = None
    score_after: dict[str, Any] | None = None

    @property
    def added(self) -> list[dict[str, Any]]:
        keys = {_fkey(f) for f in self.before}
        return [f for f in self.after if _fkey(f) not in keys]

    @property
    def removed(self) -> list[dict[str, Any]]:
        keys = {_fkey(f) for f in self.after}
        return [f for f in self.before if _fkey(f) not in keys]


def _fkey(f: dict[str, Any]) -> tuple[str, str, str, str]:
    return (f["rule_id"], f["department"], f["subject"], f["evidence"][0]["pointer"])


def what_if(
    user: User,
    period: int,
    dept: str,
    changed: dict[str, Any],
    server: OpaServer,
    url: str | None = None,
) -> WhatIf | None:
    """Evaluate the county with ``dept``'s snapshot replaced by ``changed`` (a JSON document); nothing
    is stored. The result holds only the findings of ``dept``, and only if the user may see it.
    Raises SnapshotFileError when the changed document is invalid."""
    d = scope(user, dept)
    if d is False or d is None:
        return None
    platform_row, rows = latest_snapshots(period, None, url)
    if not any(r.dept == d for r in rows):
        return None
    new = validate_document(changed, f"假设分析 what-if/{d}")
    if not isinstance(new.snapshot, DepartmentSnapshot) or new.snapshot.code != d:
        raise ValueError("假设分析不能更改部门代码或快照类型 / what-if may not change the department code")
    loaded: list[LoadedSnapshot] = []
    base: list[LoadedSnapshot] = []
    for r in ([platform_row] if platform_row else []) + list(rows):
        snap: DepartmentSnapshot | PlatformSnapshot = r.snapshot()
        ls = LoadedSnapshot(r.ref, snap, canonical_json(snap), r.sha256)
        base.append(ls)
        loaded.append(new if r.dept == d and r.kind == "department" else ls)
    # both sides with the waivers in force, as the official evaluation: the baseline is the official result
    waivers = api.waivers_in_force(period, url)
    before = api.evaluate_loaded(base, server=server, store=False, waivers=waivers)
    after = api.evaluate_loaded(loaded, server=server, store=False, waivers=waivers)
    mine = [f for f in after.findings if f["department"] == d]
    from evaluator.consumers.assess import score_what_if

    assert isinstance(new.snapshot, DepartmentSnapshot)
    score_before, score_after = score_what_if(period, before, after, new.snapshot, server=server, url=url)
    return WhatIf(
        before=[f for f in before.findings if f["department"] == d],
        after=mine,
        errors=[e for e in after.errors if e.get("dept") in (d, "")],
        report=after,
        score_before=score_before,
        score_after=score_after,
    )


# ---------------------------------------------------------------------------------------------
# Assessment and notices (evaluator.consumers.assess, evaluator.consumers.notices) when they exist


def optional_module(name: str) -> ModuleType | None:
    """``evaluator.<name>`` if it is installed, else None (the page shows 尚未评价/尚未生成)."""
    try:
        return importlib.import_module(f"evaluator.{name}")
    except ImportError:
        return None


def funding_findings(user: User, period: int, url: str | None = None) -> list[dict[str, Any]]:
    """Findings that bear on funding (rule metadata ``bears_on_funding``): authority and budget only."""
    require(user, FUNDING_ROLES)
    return [f for f in findings(user, period, None, url) if f.get("bears_on_funding")]


def projects(user: User, period: int, url: str | None = None) -> list[dict[str, Any]]:
    """Every department's informatisation projects (Art. 60-61) as reported: funding roles only."""
    require(user, FUNDING_ROLES)
    _, rows = latest_snapshots(period, None, url)
    out = []
    for r in rows:
        snap = r.snapshot()
        if not isinstance(snap, DepartmentSnapshot):
            continue
        for p in snap.projects:
            out.append(
                {
                    "dept": r.dept,
                    "department_name": r.name,
                    **p.model_dump(mode="json"),
                }
            )
    return out


def rectification_findings(user: User, period: int, url: str | None = None) -> list[dict[str, Any]]:
    """Findings with a rectification ground (Art. 67): the authority only."""
    require(user, RECTIFICATION_ROLES)
    return [f for f in findings(user, period, None, url) if f.get("rectification_ground")]


def _assessment_json(period: int, url: str | None) -> dict[str, Any] | None:
    from evaluator.store import db as store

    row_type = getattr(store, "AssessmentRow", None)
    if row_type is None:
        return None
    with _session(url) as s:
        blob = s.exec(
            select(row_type.result)
            .where(row_type.period == period)
            .order_by(col(row_type.created_at).desc(), col(row_type.id).desc())
        ).first()
    return dict(orjson.loads(blob)) if blob is not None else None


def assessment(user: User, period: int, url: str | None = None) -> dict[str, Any] | None:
    """The latest stored assessment of ``period`` (evaluator.consumers.assess): scores, grades, ranks. A
    department user gets its own department's entry only, and no funding or project parts."""
    d = scope(user)
    if d is False:
        return None
    a = _assessment_json(period, url)
    if a is None:
        return None
    out = {
        k: a.get(k)
        for k in ("period", "run_id", "indicator_version", "indicator", "period_date", "bundle_hash")
    }
    out["departments"] = [x for x in a.get("departments", []) if d is None or x.get("code") == d]
    if user.role in FUNDING_ROLES:
        out["funding"] = a.get("funding", [])
        out["projects"] = a.get("projects", [])
    return out


def county_position(user: User, period: int, dept: str, url: str | None = None) -> dict[str, Any] | None:
    """A department's place in the county without naming the others: how many were ranked and the
    county's median total (for a department user, whose assessment holds its own entry only)."""
    d = scope(user, dept)
    a = _assessment_json(period, url) if d else None
    if a is None:
        return None
    totals = sorted(x["total"] for x in a.get("departments", []) if x.get("total") is not None)
    if not totals:
        return None
    mid = len(totals) // 2
    median = totals[mid] if len(totals) % 2 else (totals[mid - 1] + totals[mid]) / 2
    return {"n": sum(1 for x in a.get("departments", []) if x.get("rank")), "median": median}


def assess_now(user: User, period: int, server: OpaServer, url: str | None = None) -> None:
    """Score the period with evaluator.consumers.assess (authority only) and store the result."""
    require(user, EVALUATE_ROLES)
    mod = optional_module("consumers.assess")
    if mod is None:
        raise RuntimeError("评分模块尚未就绪 / evaluator.consumers.assess is not available")
    mod.assess_period(period, url=url, server=server)


def notices(user: User, period: int, dept: str | None = None, url: str | None = None) -> list[dict[str, Any]]:
    """Rectification notices and escalation letters (evaluator.consumers.notices), filtered in the query."""
    from evaluator.store import db as store

    row_type = getattr(store, "NoticeRow", None)
    d = scope(user, dept)
    if row_type is None or d is False:
        return []
    with _session(url) as s:
        q = select(row_type).where(row_type.period == period)
        if d is not None:
            q = q.where(row_type.department == d)
        rows = s.exec(q.order_by(col(row_type.year), col(row_type.seq))).all()
        return [r.model_dump() for r in rows]


def notice_events(user: User, notice_id: int, url: str | None = None) -> list[dict[str, Any]]:
    from evaluator.store import db as store

    notice_type = getattr(store, "NoticeRow", None)
    event_type = getattr(store, "NoticeEventRow", None)
    if notice_type is None or event_type is None:
        return []
    with _session(url) as s:
        notice = s.get(notice_type, notice_id)
        if notice is None or scope(user, notice.department) is False:
            return []
        rows = s.exec(
            select(event_type).where(event_type.notice_id == notice_id).order_by(col(event_type.id))
        ).all()
        return [r.model_dump() for r in rows]


def waivers(user: User, period: int, dept: str | None = None, url: str | None = None) -> list[dict[str, Any]]:
    from evaluator.store import db as store

    row_type = getattr(store, "WaiverRow", None)
    d = scope(user, dept)
    if row_type is None or d is False:
        return []
    with _session(url) as s:
        q = select(row_type).where(row_type.period == period)
        if d is not None:
            q = q.where(row_type.department == d)
        return [r.model_dump() for r in s.exec(q.order_by(col(row_type.id))).all()]


# ---------------------------------------------------------------------------------------------
# Rectification actions (authority only): notices and waivers through evaluator.consumers.notices


def notices_dir() -> Path:
    """Where the dashboard writes notice DOCX/PDF files: ``$GOVSHARE_DATA_DIR/notices`` (default data/)."""
    return settings.notices_dir()


def _fkey3(f: dict[str, Any]) -> tuple[str, str, str]:
    return (f["rule_id"], f["department"], f["subject"])


def issue_notices(user: User, period: int, dept: str | None = None, url: str | None = None) -> Any:
    """Issue rectification notices (Art. 67) for one department or every department with grounds."""
    require(user, RECTIFICATION_ROLES)
    from evaluator.consumers import notices as N

    return N.issue(period, dept or None, actor=user.username, out_dir=notices_dir(), url=url)


def draft_notice(user: User, period: int, dept: str, url: str | None = None) -> list[tuple[str, bytes]]:
    """The notice ``dept`` would get, watermarked 草稿, without a number, stored nowhere (a preview):
    [(file name, bytes)] of its DOCX and PDF."""
    require(user, RECTIFICATION_ROLES)
    from evaluator.consumers import notices as N

    with tempfile.TemporaryDirectory() as tmp:
        res = N.issue(period, dept, actor=user.username, out_dir=Path(tmp), url=url, draft=True)
        return [(Path(p).name, Path(p).read_bytes()) for r in res.issued for p in r.files]


def move_notice(
    user: User, ref: str, to: str, reason: str, on: dt.date | None = None, url: str | None = None
) -> Any:
    """Move a notice through its lifecycle (evaluator.consumers.notices.transition), the user as actor."""
    require(user, RECTIFICATION_ROLES)
    from evaluator.consumers import notices as N

    return N.transition(ref, to, actor=user.username, reason=reason, on=on, out_dir=notices_dir(), url=url)


def overdue_notices(
    user: User, period: int, today: dt.date | None = None, url: str | None = None
) -> list[dict[str, Any]]:
    """Open rectification notices past their time limit on ``today`` (the day after the due date)."""
    require(user, RECTIFICATION_ROLES)
    from evaluator.consumers import notices as N

    today = today or dt.date.today()
    open_states = {s for s in N.OPEN_STATES if s != N.DRAFT}
    return [
        n
        for n in notices(user, period, None, url)
        if n["kind"] == "notice" and n["state"] in open_states and n["due_on"] and n["due_on"] < today
    ]


def waivable_findings(
    user: User, period: int, dept: str | None = None, url: str | None = None
) -> list[dict[str, Any]]:
    """Findings of the latest run that are neither marked waived nor covered by an active waiver."""
    require(user, RECTIFICATION_ROLES)
    from evaluator.consumers import waivers as W

    active = {(w.rule_id, w.department, w.subject) for w in W.list_waivers(period, url)}
    return [f for f in findings(user, period, dept, url) if not f.get("waived") and _fkey3(f) not in active]


def grant_waiver(
    user: User,
    period: int,
    finding: dict[str, Any],
    *,
    ground: str,
    grantor: str,
    granted_on: dt.date,
    evidence: str,
    url: str | None = None,
) -> Any:
    """Waive ONE finding of the latest run (Art. 68) through evaluator.consumers.notices.add_waiver."""
    require(user, RECTIFICATION_ROLES)
    from evaluator.consumers import waivers as W

    key = _fkey3(finding)
    if not any(_fkey3(f) == key for f in findings(user, period, None, url)):
        raise NoticeError(
            f"发现项 {key[0]} {key[2]} 不在 {period} 年度最新评价中 / not a finding of the latest run",
            refused=True,
        )
    return W.add_waiver(
        rule_id=key[0],
        department=key[1],
        period=period,
        subject=key[2],
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
    from evaluator.consumers import waivers as W

    return W.revoke_waiver(waiver_id, actor=user.username, reason=reason, url=url)


def waivers_pending(user: User, period: int, url: str | None = None) -> int:
    """How many waiver changes the latest run does not reflect yet (granted but not marked 已免责, or
    revoked but still marked): the page then offers to re-evaluate."""
    require(user, RECTIFICATION_ROLES)
    from evaluator.consumers import waivers as W

    active = {(w.rule_id, w.department, w.subject) for w in W.list_waivers(period, url)}
    fs = findings(user, period, None, url)
    marked = {_fkey3(f) for f in fs if f.get("waived")}
    present = {_fkey3(f) for f in fs}
    return len((active & present) - marked) + len(marked - active)


def reevaluate(user: User, period: int, server: OpaServer, url: str | None = None) -> Report:
    """Evaluate the stored snapshots again (waivers included) and score the period: authority only."""
    require(user, EVALUATE_ROLES)
    report = api.evaluate_stored(period, url=url, server=server)
    if optional_module("consumers.assess") is not None:
        assess_now(user, period, server, url)
    return report


# ---------------------------------------------------------------------------------------------
# Exports: the bytes the download buttons offer, and the audit entry when one is clicked


def _assessment_obj(user: User, period: int, url: str | None) -> Any:
    """The stored assessment as an ``evaluator.consumers.assess.Assessment``, filtered for the user."""
    from evaluator.consumers.assess import Assessment

    d = scope(user)
    a = _assessment_json(period, url)
    if a is None or d is False:
        return None
    meta = ("period", "run_id", "run_bundle_hash", "bundle_hash", "indicator_version", "indicator_hash")
    result = {k: v for k, v in a.items() if k not in (*meta, "roster_source", "run_errors")}
    result["departments"] = [x for x in a.get("departments", []) if d is None or x.get("code") == d]
    if user.role not in FUNDING_ROLES:
        result["funding"], result["projects"] = [], []
    return Assessment(
        period=a["period"],
        run_id=a.get("run_id", ""),
        run_bundle_hash=a.get("run_bundle_hash", ""),
        bundle_hash=a.get("bundle_hash", ""),
        indicator_version=a.get("indicator_version", ""),
        indicator_hash=a.get("indicator_hash", ""),
        roster_source=a.get("roster_source", ""),
        result=result,
        run_errors=[e for e in a.get("run_errors", []) if d is None or e.get("dept") in (d, "")],
    )


def _export_bytes(sheets: dict[str, list[list[Any]]], fmt: str) -> bytes:
    from evaluator.consumers.exports import to_csv, to_xlsx

    if fmt == "csv":
        return to_csv(next(iter(sheets.values()))).encode("utf-8-sig")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        to_xlsx(sheets, path)
        return path.read_bytes()


def assessment_export(user: User, period: int, fmt: str, url: str | None = None) -> bytes | None:
    """The assessment tables (CSV: the summary; XLSX: every sheet), only the user's departments."""
    from evaluator.consumers.assess.tables import assessment_tables

    a = _assessment_obj(user, period, url)
    return None if a is None else _export_bytes(assessment_tables(a), fmt)


def funding_export(user: User, period: int, fmt: str, url: str | None = None) -> bytes | None:
    """The funding decisions (CSV: decisions; XLSX: decisions, their findings, project gates)."""
    require(user, FUNDING_ROLES)
    from evaluator.consumers.assess.tables import funding_tables

    a = _assessment_obj(user, period, url)
    return None if a is None else _export_bytes(funding_tables(a), fmt)


def notice_file(user: User, notice_id: int, path: str, url: str | None = None) -> bytes | None:
    """The bytes of one of a notice's files, if the user may see the notice and the file exists."""
    from evaluator.store import db as store

    row_type = getattr(store, "NoticeRow", None)
    if row_type is None:
        return None
    with _session(url) as s:
        row = s.get(row_type, notice_id)
        if row is None or scope(user, row.department) is False or path not in (row.files or []):
            return None
    p = Path(path)
    return p.read_bytes() if p.is_file() else None


def log_export(user: User, what: dict[str, Any], payload: bytes, url: str | None = None) -> Any:
    """An ``export`` audit entry: who (the logged-in user), what, and the SHA-256 of the bytes."""
    from evaluator.store import audit

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
