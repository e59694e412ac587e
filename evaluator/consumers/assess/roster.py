"""Who is assessed and on what: the departments of a period (the authority's roster, else every
department that reported), their bonus facts and projects from the stored snapshots, and the stored
county run over exactly the latest snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from evaluator.evaluate.runner import EvaluationError, Report
from evaluator.model.results import Finding
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot
from evaluator.model.upgrade import upgrade
from evaluator.store.runs import runs
from evaluator.store.snapshots import SnapshotRow, latest_snapshots, periods


def facts_of(snap: DepartmentSnapshot) -> dict[str, Any]:
    """Bonus facts a department's snapshot records; the indicator system names which it counts."""
    return facts_of_doc(snap.model_dump(mode="json", include={"application_scenarios"}))


def facts_of_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """:func:`facts_of` of a validated snapshot as JSON (as stored)."""
    return {"application_scenarios": sorted(s["id"] for s in doc.get("application_scenarios") or ())}


def project_rows(rows: Sequence[SnapshotRow]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        if not _stored(r).get("projects"):
            continue  # validated only to read its projects (most departments report none)
        snap = r.snapshot()
        assert isinstance(snap, DepartmentSnapshot)
        out += projects_of(snap, r.ref)
    return out


def _stored(row: SnapshotRow) -> dict[str, Any]:
    """A stored snapshot as JSON in the current format: validated at import and verified since (decision
    0019), so its bonus facts are read without validating ≈ 500 records again (≈ 20 ms a department)."""
    doc: dict[str, Any] = upgrade(orjson.loads(row.content))
    return doc


def projects_of(snap: DepartmentSnapshot, ref: str) -> list[dict[str, Any]]:
    return projects_of_doc(snap.model_dump(mode="json", include={"department", "projects"}), ref)


def projects_of_doc(doc: dict[str, Any], ref: str) -> list[dict[str, Any]]:
    """:func:`projects_of` of a validated snapshot as JSON (as stored)."""
    return [
        {
            "department": doc["department"]["code"],
            "department_name": doc["department"]["name"],
            "id": p["id"],
            "name": p["name"],
            "stage": p["stage"],
            "catalog_precompiled": p["catalog_precompiled"],
            "catalog_completed": p["catalog_completed"],
            "platform_connected": p["platform_connected"],
            "pointer": f"/projects/{i}",
            "snapshot": ref,
        }
        for i, p in enumerate(doc.get("projects") or ())
    ]


def roster(
    period: int,
    platform_row: SnapshotRow | None,
    rows: Sequence[SnapshotRow],
    run_errors: Sequence[dict[str, Any]],
    url: str | None,
    findings: Sequence[Finding] = (),
) -> tuple[list[dict[str, Any]], str, str]:
    """The departments to be assessed: the authority's roster in the platform snapshot; without one,
    every department with a snapshot in this or an earlier period (a department that reported before
    and is silent now is 未报送, never scored)."""
    names: dict[str, str] = {}
    source = "平台快照部门名录 / roster in the platform snapshot"
    platform = platform_row.snapshot() if platform_row else None
    if isinstance(platform, PlatformSnapshot) and platform.departments:
        names = {e.code: e.name for e in platform.departments}
    else:
        source = "本年度及以前年度报送过快照的部门 / departments that reported in this or earlier periods"
        for p in periods(url):
            if p > period:
                continue
            _, earlier = latest_snapshots(p, None, url)
            for r in earlier:
                names.setdefault(r.dept, r.name)
    authority = platform.authority if isinstance(platform, PlatformSnapshot) else ""
    for f in findings:
        # a department a finding names (from the county registers) is assessed, if only as 未报送
        if f.department != authority:
            names.setdefault(f.department, f.department_name or f.department)
    by_code = {r.dept: r for r in rows}
    for code, r in by_code.items():
        names[code] = r.name  # a department that reported is assessed even if the roster forgot it
    common = sum(1 for e in run_errors if not e.get("dept"))
    depts = []
    for code in sorted(names):
        row = by_code.get(code)
        if row is None:
            depts.append({"code": code, "name": names[code], "submitted": False})
            continue
        errors = common + sum(1 for e in run_errors if e.get("dept") == code)
        facts = facts_of_doc(_stored(row))
        depts.append({"code": code, "name": names[code], "submitted": True, "errors": errors, "facts": facts})
    return depts, source, authority


def _snapshot_key(refs: Sequence[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(r["kind"], r["dept"], r["sha256"]) for r in refs}


def stored_report(
    period: int, rows: Sequence[SnapshotRow], platform_row: SnapshotRow | None, url: str | None
) -> Report | None:
    """The newest stored whole-county run of the period over exactly the latest stored snapshots."""
    want = {("department", r.dept, r.sha256) for r in rows}
    if platform_row is not None:
        want.add(("platform", "", platform_row.sha256))
    for run in runs(period, url, scope="county"):
        if _snapshot_key(run.snapshots) != want:
            continue
        doc = orjson.loads(run.report)
        return Report(
            run=doc["run"], findings=doc["findings"], errors=doc["errors"], out_of_scope=doc["out_of_scope"]
        )
    return None


def gather(period: int, url: str | None) -> tuple[SnapshotRow | None, list[SnapshotRow]]:
    platform_row, rows = latest_snapshots(period, None, url)
    if not rows:
        raise EvaluationError(f"{period} 年度没有部门快照 / no department snapshots for {period}")
    return platform_row, rows
