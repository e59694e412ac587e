"""The county's stored data as each role may see it: periods, departments, runs, findings, snapshots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from evaluator.consumers.notices.attachment import evidence_in_words
from evaluator.model.results import Finding
from evaluator.model.snapshot import DepartmentSnapshot
from evaluator.store import reads
from evaluator.store.runs import latest_county_run_id
from evaluator.store.snapshots import latest_snapshots

from ..auth import User
from .access import FUNDING_ROLES, RECTIFICATION_ROLES, require, scope


def periods(user: User, url: str | None = None) -> list[int]:
    d = scope(user)
    if d is False:
        return []
    return reads.snapshot_periods(d, url)


def departments(user: User, period: int, url: str | None = None) -> list[dict[str, Any]]:
    """The departments with a snapshot in ``period`` (latest version's name), visible to the user."""
    d = scope(user)
    if d is False:
        return []
    return [{"code": c, "name": n} for c, n in reads.department_names(period, d, url)]


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
    run = reads.run(rid, url)
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


def findings(user: User, period: int, dept: str | None = None, url: str | None = None) -> list[Finding]:
    """Findings of the latest county-wide run of ``period`` the user may see (optionally one dept)."""
    d = scope(user, dept)
    if d is False:
        return []
    rid = latest_run_id(period, url)
    if rid is None:
        return []
    return reads.run_findings(rid, d, url)


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
        for dept, sev, n in reads.finding_counts(rid, d, url):
            out.append({"period": p, "dept": dept, "severity": sev, "count": n})
    return out


def history(user: User, dept: str, url: str | None = None) -> list[dict[str, Any]]:
    """Snapshot versions of one department across periods (imported when, from where)."""
    d = scope(user, dept)
    if d is False or d is None:
        return []
    return [
        {"period": p, "version": v, "as_of": a, "imported_at": i, "source": src, "sha256": h[:12]}
        for p, v, a, i, src, h in reads.snapshot_history(d, url)
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


def funding_findings(user: User, period: int, url: str | None = None) -> list[Finding]:
    """Findings that bear on funding (rule metadata ``bears_on_funding``): authority and budget only."""
    require(user, FUNDING_ROLES)
    return [f for f in findings(user, period, None, url) if f.bears_on_funding]


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


def rectification_findings(user: User, period: int, url: str | None = None) -> list[Finding]:
    """Findings with a rectification ground (Art. 67): the authority only."""
    require(user, RECTIFICATION_ROLES)
    return [f for f in findings(user, period, None, url) if f.rectification_ground]


def evidence_words(user: User, period: int, dept: str, url: str | None = None) -> dict[str, dict[str, str | None]]:
    """The department's findings' evidence and requirements as its notice says them (the 附件's words):
    ``{finding key: {where, evidence, requirement}}``; nothing for a department the user may not see."""
    d = scope(user, dept)
    if d is False or d is None:
        return {}
    return evidence_in_words(period, d, findings(user, period, d, url), url)
