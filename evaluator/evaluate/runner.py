"""Evaluation: facts computed in Python, norms evaluated by OPA, findings enriched and stored.

``evaluate_snapshots`` is the library entry point the CLI, the dashboard and the Gherkin steps call.
The departments go to OPA in partitions (:mod:`evaluator.evaluate.partitions`) with the input built by
:mod:`evaluator.evaluate.inputs`; the merged answer becomes the :class:`Report`
(:mod:`evaluator.evaluate.report`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import orjson

from evaluator.engine import Bundle, CountyData, OpaServer, build_bundle, endpoints_from_env, rule_catalog
from evaluator.evaluate.inputs import (
    build_input,
    build_input_docs,
    compute_facts,
    compute_facts_doc,
    names_of,
)
from evaluator.evaluate.partitions import DeptSource, Endpoint, merge, query_partitions, recheck
from evaluator.evaluate.report import (
    DIMENSION_ZH,
    SEVERITY_ZH,
    EvaluationError,
    Report,
    SnapshotRef,
    report,
    titled,
)
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot

__all__ = [
    "DIMENSION_ZH",
    "SEVERITY_ZH",
    "DeptSource",
    "Endpoint",
    "EvaluationError",
    "Report",
    "SnapshotRef",
    "build_input",
    "build_input_docs",
    "compute_facts",
    "compute_facts_doc",
    "evaluate_documents",
    "evaluate_snapshots",
    "merge",
    "query_partitions",
    "recheck",
    "report",
    "titled",
]


def evaluate_snapshots(
    period: int,
    platform: PlatformSnapshot | None,
    departments: Sequence[DepartmentSnapshot],
    refs: Sequence[SnapshotRef],
    *,
    bundle: Bundle | None = None,
    server: OpaServer | None = None,
    servers: Sequence[Endpoint] | None = None,
    waivers: Sequence[dict[str, Any]] | None = None,
    size: int | None = None,
) -> Report:
    """Evaluate one county period on OPA and return the enriched report (not stored)."""
    return evaluate_documents(
        period,
        platform.model_dump(mode="json") if platform else None,
        [d.model_dump(mode="json") for d in departments],
        refs,
        bundle=bundle,
        servers=servers if servers else ([server] if server is not None else None),
        waivers=waivers,
        size=size,
    )


def evaluate_documents(
    period: int,
    platform: dict[str, Any] | None,
    departments: Sequence[DeptSource],
    refs: Sequence[SnapshotRef],
    *,
    bundle: Bundle | None = None,
    servers: Sequence[Endpoint] | None = None,
    waivers: Sequence[dict[str, Any]] | None = None,
    names: dict[str, str] | None = None,
    size: int | None = None,
    platform_in_input: bool = False,
    platform_records: bool = True,
    county: CountyData | None = None,
) -> Report:
    """Evaluate a period from snapshots as JSON (validated), in partitions of ``size`` departments.

    Partitions go to ``servers`` (several OPA servers, possibly on other hosts) in parallel; without
    servers, to ``GOVSHARE_OPA_URLS``, else to one OPA the evaluator starts. The platform snapshot and the
    names of all departments go into each server's data once (``data.county_data[<SHA-256>]``, Data API)
    and every request carries only its departments and that hash, so the cross-department joins (all
    through ``data.lib.county``) see the whole period; the answers are merged as sets.
    ``platform_in_input`` sends platform and names in every request instead (the naive way; same answers).
    ``platform_records=False`` leaves out the platform's own records (A22.2, A23, A60.2, findings against
    the authority) unless the authority's department is evaluated: for a what-if of one department.
    ``county`` (:func:`county_data`, computed once) stands for ``platform`` and ``names`` in OPA's data.
    One partition that fails fails the evaluation (OpaError): never a partial result read as clean.
    """
    started = dt.datetime.now(dt.UTC)
    bundle = bundle or (servers[0].bundle if servers else build_bundle())
    catalog = rule_catalog(bundle)
    if names is None:
        departments = [orjson.loads(d) if isinstance(d, bytes) else d for d in departments]
        names = names_of(departments)  # type: ignore[arg-type]
    own: list[OpaServer] = []
    endpoints: list[Endpoint] = list(servers or []) or list(endpoints_from_env(bundle))
    try:
        if not endpoints:
            own.append(OpaServer(bundle))
            endpoints = list(own)
        raw, kinds = query_partitions(
            period,
            platform,
            departments,
            waivers,
            names,
            endpoints,
            size,
            platform_in_input,
            platform_records,
            county,
        )
        recheck(endpoints)
    finally:
        for o in own:
            o.stop()
    return report(period, raw, kinds, names, refs, catalog, bundle, started)
