"""Who is assessed and on what: the departments of a period (the authority's roster, else every
department that reported), their bonus facts and projects from the stored snapshots, and the stored
county run over exactly the latest snapshots."""

from __future__ import annotations

import functools
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from evaluator.evaluate.runner import EvaluationError, Report
from evaluator.model import upgrade as upgrade_module
from evaluator.model.results import Finding
from evaluator.model.snapshot import DepartmentSnapshot
from evaluator.model.upgrade import upgrade
from evaluator.store.result_cache import RosterCache
from evaluator.store.runs import runs
from evaluator.store.snapshots import SnapshotRow, latest_snapshots, periods


def facts_of(snap: DepartmentSnapshot) -> dict[str, Any]:
    """Bonus facts a department's snapshot records; the indicator system names which it counts."""
    return facts_of_doc(snap.model_dump(mode="json", include={"application_scenarios"}))


def facts_of_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """:func:`facts_of` of a validated snapshot as JSON (as stored)."""
    return {"application_scenarios": sorted(s["id"] for s in doc.get("application_scenarios") or ())}


@dataclass(frozen=True)
class StoredFacts:
    """What the scoring reads of one stored department snapshot: its bonus facts and whether it reports
    any project (only such a snapshot is validated again, for its projects)."""

    facts: dict[str, Any]
    projects: bool


def stored_facts(
    rows: Sequence[SnapshotRow], cache: RosterCache | None = None, live: str | None = None
) -> dict[str, StoredFacts]:
    """:class:`StoredFacts` of each row, by the row's SHA-256: each snapshot parsed once (the roster and
    the projects both read it); with ``cache``, read from the entry of the snapshot's hash when there is
    one (a tampered entry raises CacheTampered), so only new snapshots are parsed. With ``live`` (a whole
    period's scoring) the keys used are recorded under it and entries no scope used are pruned."""
    started = time.time()
    out: dict[str, StoredFacts] = {}
    keys: list[str] = []
    for r in rows:
        if r.sha256 in out:
            continue
        key = _facts_key(r.sha256)
        keys.append(key)
        entry = cache.get(key) if cache is not None else None
        if entry is None:
            doc = _stored(r)
            entry = {"facts": facts_of_doc(doc), "projects": bool(doc.get("projects"))}
            if cache is not None:
                cache.put(key, entry)
        out[r.sha256] = StoredFacts(entry["facts"], entry["projects"])
    if cache is not None and live is not None:
        cache.record_live(live, keys)
        cache.prune(started)
    return out


@functools.cache
def _code_hash() -> str:
    """The Python that reads a stored snapshot's facts: this module and the format upgrade."""
    h = hashlib.sha256()
    for mod in (sys.modules[__name__], upgrade_module):
        h.update(Path(str(mod.__file__)).read_bytes())
    return h.hexdigest()


def _facts_key(sha256: str) -> str:
    return hashlib.sha256(f"govshare-roster-facts\0{_code_hash()}\0{sha256}".encode()).hexdigest()


def project_rows(
    rows: Sequence[SnapshotRow], facts: Mapping[str, StoredFacts] | None = None
) -> list[dict[str, Any]]:
    facts = stored_facts(rows) if facts is None else facts
    out = []
    for r in rows:
        if not facts[r.sha256].projects:
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
    facts: Mapping[str, StoredFacts] | None = None,
) -> tuple[list[dict[str, Any]], str, str]:
    """The departments to be assessed: the authority's roster in the platform snapshot; without one,
    every department with a snapshot in this or an earlier period (a department that reported before
    and is silent now is 未报送, never scored)."""
    names: dict[str, str] = {}
    source = "平台快照部门名录 / roster in the platform snapshot"
    # the stored JSON, validated at import (a province's platform is 33 MB: validating it again for its
    # roster and its authority's code took seconds)
    platform = (
        upgrade(orjson.loads(platform_row.content))
        if platform_row and platform_row.kind == "platform"
        else None
    )
    if platform is not None and platform.get("departments"):
        names = {e["code"]: e["name"] for e in platform["departments"]}
    else:
        source = "本年度及以前年度报送过快照的部门 / departments that reported in this or earlier periods"
        for p in periods(url):
            if p > period:
                continue
            _, earlier = latest_snapshots(p, None, url)
            for r in earlier:
                names.setdefault(r.dept, r.name)
    authority = str(platform["authority"]) if platform is not None else ""
    for f in findings:
        # a department a finding names (from the county registers) is assessed, if only as 未报送
        if f.department != authority:
            names.setdefault(f.department, f.department_name or f.department)
    by_code = {r.dept: r for r in rows}
    for code, r in by_code.items():
        names[code] = r.name  # a department that reported is assessed even if the roster forgot it
    facts = stored_facts(rows) if facts is None else facts
    per_dept = Counter(str(e.get("dept") or "") for e in run_errors)
    common = per_dept.pop("", 0)
    depts = []
    for code in sorted(names):
        row = by_code.get(code)
        if row is None:
            depts.append({"code": code, "name": names[code], "submitted": False})
            continue
        errors = common + per_dept.get(code, 0)
        depts.append(
            {
                "code": code,
                "name": names[code],
                "submitted": True,
                "errors": errors,
                "facts": facts[row.sha256].facts,
            }
        )
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
