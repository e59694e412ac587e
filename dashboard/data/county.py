"""The county's stored data as each role may see it: periods, departments, runs, findings, snapshots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from evaluator.model.snapshot import DepartmentSnapshot
from evaluator.store.db import (
    FindingRow,
    RunRow,
    SnapshotRow,
    latest_county_run_id,
    latest_snapshots,
)

from ..auth import User
from .access import FUNDING_ROLES, RECTIFICATION_ROLES, _session, require, scope


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
