"""The library API: what the CLI, the dashboard and the Gherkin steps call."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

from evaluator.engine import OpaServer
from evaluator.evaluate.incremental import Department, evaluate_incremental
from evaluator.evaluate.runner import EvaluationError, Report, SnapshotRef, evaluate_snapshots
from evaluator.intake.files import ImportProblem, LoadedSnapshot, load_files
from evaluator.intake.gcpause import collector_paused
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot
from evaluator.store.audit_verify import check_snapshots
from evaluator.store.result_cache import ResultCache
from evaluator.store.runs import RUN_SCOPES, FindingRow, RunRow, save_run
from evaluator.store.snapshots import (
    ImportResult,
    latest_index,
    periods,
    snapshot_rows,
    store_snapshots,
)
from evaluator.store.stream import platform_row as stored_platform
from evaluator.store.stream import verified_content, verify_stored
from evaluator.store.waivers import active_waivers


def import_paths(
    paths: Sequence[Path],
    url: str | None = None,
    report: list[ImportProblem] | None = None,
    before_commit: Callable[[list[ImportResult]], None] | None = None,
) -> list[ImportResult]:
    """Validate every file first; store all of them in one transaction, or nothing. ``report`` receives
    what the reader normalised (full-width digits, 是/否, 93% …), each located, for the import report;
    ``before_commit`` gets the results inside the transaction (if it raises, nothing is stored)."""
    # the collector paused until the validated snapshots are stored and released: switched on while they
    # are held, its first collection walks them all (evaluator/intake/gcpause.py)
    with collector_paused():
        loaded = load_files(paths, models=False)  # stored, not evaluated: bytes and heads only
        if report is not None:
            report.extend(n for snap in loaded for n in snap.normalised)
        results = store_snapshots(loaded, url, before_commit)
        del loaded
    return results


def latest_period(url: str | None = None) -> int | None:
    ps = periods(url)
    return ps[-1] if ps else None


def waivers_in_force(period: int, url: str | None = None) -> list[dict[str, Any]]:
    """The active waivers of a period as the evaluation's input takes them."""
    return [w.as_input() for w in active_waivers(period, url)]


def evaluate_stored(
    period: int | None = None,
    dept: str | None = None,
    *,
    url: str | None = None,
    server: OpaServer | None = None,
    store: bool = True,
    reuse: bool = True,
    refresh: bool = False,
    before_commit: Callable[[Report], None] | None = None,
) -> Report:
    """Evaluate the latest stored snapshots of a period (the whole county, or one department).

    ``reuse``: departments whose inputs are unchanged since a previous evaluation keep their cached
    answer (:mod:`evaluator.evaluate.incremental`; same report as a full run); False evaluates all
    without the cache; ``refresh`` evaluates all and rewrites the cache (``govshare evaluate --full``).
    ``before_commit`` gets the report inside the transaction that stores the run (if it raises, no run
    is stored)."""
    if period is None:
        period = latest_period(url)
        if period is None:
            raise EvaluationError(
                "数据库中没有快照，请先 govshare import / no snapshots stored: import first"
            )
    # names and hashes of the latest versions; contents are read a few at a time below (issue 20)
    heads = latest_index(period, url)
    rows = [h for h in heads if h.kind == "department"]
    if not rows:
        raise EvaluationError(f"{period} 年度没有部门快照 / no department snapshots for {period}")
    if dept is not None and dept not in {r.dept for r in rows}:
        raise EvaluationError(f"{period} 年度没有部门 {dept} 的快照 / no snapshot of {dept} for {period}")
    # each stored snapshot is re-verified against what its import recorded in the audit log before it is
    # evaluated: a row replaced in the database is refused, never evaluated as it now stands
    platform_row = stored_platform(heads, url)
    stored = snapshot_rows(rows, url) if not reuse else None
    if stored is None:
        verify_stored(rows, url, platform_row)  # a chunk of rows at a time
    else:
        check_snapshots([*stored, *([platform_row] if platform_row else [])], url)
    refs = [SnapshotRef(r.kind, r.dept, r.period, r.ref, r.sha256, r.version) for r in rows]
    if platform_row:
        refs.append(
            SnapshotRef("platform", "", period, platform_row.ref, platform_row.sha256, platform_row.version)
        )
    waivers = waivers_in_force(period, url)
    if reuse:
        # validated at import and re-verified above; each department's bytes are read (and their hash
        # checked again) only when its partition is sent, so no more than a few partitions are in memory
        platform_doc = orjson.loads(platform_row.content) if platform_row else None
        names = {r.dept: r.name for r in rows}
        report = evaluate_incremental(
            period,
            platform_doc,
            [Department(r.dept, r.sha256, functools.partial(verified_content, r, url)) for r in rows],
            names,
            refs,
            cache=ResultCache.shared(),
            servers=[server] if server is not None else None,
            waivers=waivers,
            refresh=refresh,
            live=f"county-{period}",
        )
    else:
        departments = [r.snapshot() for r in stored or []]
        platform = platform_row.snapshot() if platform_row else None
        report = _evaluate(period, platform, departments, refs, server, waivers)  # type: ignore[arg-type]
    if dept is not None:
        report.findings = [f for f in report.findings if f.department == dept]
        report.errors = [e for e in report.errors if e.get("dept") in (dept, "")]
        report.out_of_scope = [o for o in report.out_of_scope if o["dept"] == dept]
        report.run["findings_count"] = len(report.findings)
        report.run["department"] = dept
    if store:
        store_report(
            report, url, scope="county" if dept is None else "department", before_commit=before_commit
        )
    return report


def evaluate_files(
    paths: Sequence[Path],
    *,
    server: OpaServer | None = None,
    url: str | None = None,
    store: bool = True,
    before_commit: Callable[[Report], None] | None = None,
) -> Report:
    """Evaluate snapshot files directly, without storing the snapshots (the run is stored)."""
    loaded = load_files(paths)
    return evaluate_loaded(loaded, server=server, url=url, store=store, before_commit=before_commit)


def evaluate_loaded(
    loaded: Sequence[LoadedSnapshot],
    *,
    server: OpaServer | None = None,
    url: str | None = None,
    store: bool = True,
    waivers: Sequence[dict[str, Any]] | None = None,
    before_commit: Callable[[Report], None] | None = None,
) -> Report:
    """Evaluate loaded snapshots of one period; ``waivers`` (Art. 68, as ``active_waivers`` gives them)
    mark the findings they cover, as in an evaluation of the stored snapshots."""
    found = {s.snapshot.period for s in loaded}
    if len(found) != 1:
        raise EvaluationError(
            f"所给文件属于多个年度 {sorted(found)}，请一次评价一个年度 / files span several periods"
        )
    period = found.pop()
    platform = next((s.snapshot for s in loaded if isinstance(s.snapshot, PlatformSnapshot)), None)
    departments = [s.snapshot for s in loaded if isinstance(s.snapshot, DepartmentSnapshot)]
    if not departments:
        raise EvaluationError("所给文件中没有部门快照 / no department snapshot among the files")
    refs = [SnapshotRef(s.kind, s.dept or "", period, s.source, s.sha256) for s in loaded]
    report = _evaluate(period, platform, departments, refs, server, waivers)
    if store:
        store_report(report, url, scope="files", before_commit=before_commit)
    return report


def _evaluate(
    period: int,
    platform: PlatformSnapshot | None,
    departments: Sequence[DepartmentSnapshot],
    refs: Sequence[SnapshotRef],
    server: OpaServer | None,
    waivers: Sequence[dict[str, Any]] | None = None,
) -> Report:
    return evaluate_snapshots(period, platform, departments, refs, server=server, waivers=waivers)


def store_report(
    report: Report,
    url: str | None = None,
    *,
    scope: str,
    before_commit: Callable[[Report], None] | None = None,
) -> None:
    """Store a run and its findings in one transaction. ``scope`` says what it evaluated (``RUN_SCOPES``):
    ``county`` (the latest stored snapshots of every department), ``department`` (one of them, named in
    ``report.run["department"]``) or ``files`` (snapshots given directly)."""
    if scope not in RUN_SCOPES or (scope == "department") != bool(report.run.get("department")):
        raise ValueError(f"run scope {scope!r} does not match the report")  # a defect, not an input error
    run = report.run
    row = RunRow(
        id=run["id"],
        started_at=dt.datetime.fromisoformat(run["started_at"]),
        # stored to the microsecond (the report says seconds) so that the latest run is well defined
        finished_at=dt.datetime.now(dt.UTC),
        period=run["period"],
        opa_version=run["opa_version"],
        bundle_hash=run["bundle_hash"],
        snapshots=run["snapshots"],
        findings_count=len(report.findings),
        status=run["status"],
        errors=report.errors,
        report=report.to_json(),
        out_of_scope=report.out_of_scope,
        scope=scope,
        department=run.get("department"),
    )
    rows = [
        FindingRow(
            run_id=run["id"],
            rule_id=f.rule_id,
            dept=f.department,
            period=f.period,
            subject=f.subject,
            severity=f.severity,
            dimension=f.dimension,
            data=f.as_json(),
        )
        for f in report.findings
    ]
    save_run(row, rows, url, None if before_commit is None else lambda: before_commit(report))
