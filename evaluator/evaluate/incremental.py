"""Incremental re-evaluation (issue 20 item 2, docs/decisions/0020-incremental-evaluation.md).

OPA's answer for one department depends on exactly: its snapshot, the county data (the platform
snapshot and the names of all departments, ``data.lib.county``), the policy bundle (rules, parameters,
calendar and the authority's settings: its revision is their content hash), the Art. 68 waivers, the
period, and the Python that computes facts and builds the request (identifier checks). It does not
depend on which other departments share its request — ``tests/test_partitions.py`` holds the answers
byte-identical over partition sizes, and every cross-department join goes through ``data.lib.county``.

So each department's raw answer is cached under the hash of exactly those inputs
(:class:`evaluator.store.result_cache.ResultCache`), and a county run evaluates only the departments
whose key changed. The platform's own records (A22.2, A23, A60.2) and the authority's department
(A62.8 sums its late reviews with its grounds) are one entry of their own, evaluated in a request of
their own. The merged answer goes through the same :func:`runner.merge` and :func:`runner.report` as a
full run, so the report is byte-identical to a full run's (``tests/test_incremental.py``); the run
record says how many departments were reused and how many evaluated.

A change of the platform or of any department's name changes the county data, and a change of the
bundle (a rule, a parameter, next year's calendar, the authority's settings) its revision: either
invalidates every entry — every rule reads them. A new waiver invalidates every entry too (the
waivers are one list in every request). A changed snapshot invalidates that department's entry only.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from evaluator.engine import (
    Bundle,
    CountyData,
    OpaServer,
    build_bundle,
    county_data,
    endpoints_from_env,
    opa_version,
    rule_catalog,
)
from evaluator.evaluate import inputs, partitions, runner
from evaluator.facts import identifiers
from evaluator.model import codes
from evaluator.store.result_cache import ResultCache

_RAW_KEYS = ("findings", "errors", "out_of_scope")


@dataclass(frozen=True)
class Department:
    """A department to evaluate: its code, the SHA-256 of its stored snapshot, its kind and a loader of
    the snapshot as JSON, parsed or as stored bytes (called only when the department must be evaluated;
    bytes are parsed one partition at a time, so a cold run never holds every department parsed)."""

    code: str
    sha256: str
    load: Callable[[], dict[str, Any] | bytes]

    @classmethod
    def stored(cls, code: str, sha256: str, content: bytes) -> Department:
        """A department given by its stored canonical bytes."""
        return cls(code, sha256, lambda: content)


@functools.cache
def _code_hash() -> str:
    """The Python that shapes OPA's answer: the request builder and the facts it computes."""
    h = hashlib.sha256()
    for mod in (inputs, partitions, identifiers, codes):
        h.update(Path(str(mod.__file__)).read_bytes())
    return h.hexdigest()


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def evaluate_incremental(
    period: int,
    platform: dict[str, Any] | None,
    departments: Sequence[Department],
    names: dict[str, str],
    refs: Sequence[runner.SnapshotRef],
    *,
    cache: ResultCache,
    bundle: Bundle | None = None,
    servers: Sequence[runner.Endpoint] | None = None,
    waivers: Sequence[dict[str, Any]] | None = None,
    size: int | None = None,
    refresh: bool = False,
    county: CountyData | None = None,
    write: bool = True,
    shown: frozenset[str] | None = None,
    live: str | None = None,
) -> runner.Report:
    """Evaluate a county period, reusing the cached answer of every department whose inputs did not
    change. Same report as :func:`runner.evaluate_documents` on the same inputs, plus
    ``run.reused_departments`` and ``run.evaluated_departments``. ``refresh`` reads no entry (every
    department is evaluated) and writes them all anew. ``county`` (:func:`county_data` of ``platform`` and
    ``names``, computed once by a caller that evaluates the same county many times) saves serialising and
    hashing the platform again; ``write=False`` caches nothing new (a what-if's changed snapshot);
    ``shown`` keeps only the answers about those departments and the county-wide errors (a what-if shows
    one department: the platform's answers about the others are not enriched). ``live`` (the scope of a
    whole-county run, e.g. ``county-2025``) records the keys this run used under it and prunes the
    entries no scope's last run used (:meth:`ResultCache.prune`: superseded snapshots, bundles, OPA
    versions, platforms)."""
    started = dt.datetime.now(dt.UTC)
    bundle = bundle or (servers[0].bundle if servers else build_bundle())
    catalog = rule_catalog(bundle)
    if county is None and platform is not None:
        county = county_data(inputs.platform_doc(platform), names)  # the platform with its facts
    waivers = list(waivers or [])
    base = _key(
        "govshare-incremental-1",
        str(period),
        bundle.revision,
        opa_version(),
        _code_hash(),
        county.sha256 if county is not None else "no-platform",
        hashlib.sha256(orjson.dumps(waivers, option=orjson.OPT_SORT_KEYS)).hexdigest(),
    )
    authority = county.authority if county is not None else None
    by_code = {d.code: d for d in departments}
    head = by_code.get(authority) if authority else None
    platform_key = _key(base, "platform", head.sha256 if head else "-")
    dept_keys = {d.code: _key(base, "department", d.code, d.sha256) for d in departments if d is not head}

    # the departments whose answers count only for what they say about others (all but the shown ones):
    # their answers about other departments are one entry of their own, the index beside their entries
    others = [d for d in departments if d is not head and (shown is None or d.code not in shown)]
    others_key = _key(base, "about-others", *sorted(dept_keys[d.code] for d in others))
    about = None if refresh or shown is None or len(others) < 2 else cache.get(others_key)
    skip = {id(d) for d in others} if about is not None else set()

    cached: list[dict[str, Any]] = []
    cached_keys: list[str] = []
    cached_codes: list[str] = []
    kinds: dict[str, str] = {}
    platform_entry = None if refresh else cache.get(platform_key)
    platform_hit = platform_entry is not None
    misses: list[Department] = []
    for d in departments:
        if d is head or id(d) in skip:
            continue
        entry = None if refresh else cache.get(dept_keys[d.code])
        if entry is None:
            misses.append(d)
        else:
            cached.append(entry["raw"])
            cached_keys.append(dept_keys[d.code])
            cached_codes.append(d.code)
            kinds.update(entry["kinds"])

    fresh: list[dict[str, Any]] = []
    if platform_entry is None or misses:
        own: list[OpaServer] = []
        endpoints: list[runner.Endpoint] = list(servers or []) or list(endpoints_from_env(bundle))
        try:
            if not endpoints:
                own.append(OpaServer(bundle))
                endpoints = list(own)
            if platform_entry is None:
                raw, k = runner.query_partitions(
                    period, platform, [head] if head else [], waivers, names, endpoints, size, county=county
                )
                platform_entry = {"raw": raw, "kinds": k}
                if write:
                    cache.put(platform_key, platform_entry)
            if misses:
                # the platform's own records are the platform entry's: every partition here skips them;
                # each department is loaded when its partition is sent (streamed from the store)
                raw, k = runner.query_partitions(
                    period, platform, misses, waivers, names, endpoints, size,
                    platform_records=False, county=county,
                )  # fmt: skip
                fresh.append(raw)
                kinds.update(k)
                if write:
                    _store_by_department(cache, raw, k, dept_keys, misses)
            runner.recheck(endpoints)
        finally:
            for o in own:
                o.stop()
    kinds.update(platform_entry["kinds"])
    if shown is None and write and len(others) >= 2 and (refresh or cache.get(others_key) is None):
        # written by whole-county runs only (a what-if's others are the authority's: the same set)
        index = _about_others(list(zip(cached_codes, cached, strict=True)), fresh, {d.code for d in others})
        if index is not None:
            cache.put(others_key, index)
    if shown is None:
        merged = runner.merge([platform_entry["raw"], *cached, *fresh])
    else:
        keys, raws = [platform_key, *cached_keys], [platform_entry["raw"], *cached]
        if skip and about is not None:  # the others' answers from their index
            keys, raws = [*keys, others_key], [*raws, about["raw"]]
        keyed = zip(keys, raws, strict=True)
        merged = runner.merge(
            [*(_about_kept(k, r, shown) for k, r in keyed), *(_about(r, shown) for r in fresh)]
        )
    report = runner.report(period, merged, kinds, names, refs, catalog, bundle, started)
    one = 1 if head is not None else 0  # the authority's department is in the platform entry
    report.run["reused_departments"] = len(cached) + len(skip) + (one if platform_hit else 0)
    report.run["evaluated_departments"] = len(misses) + (0 if platform_hit else one)
    if live is not None:
        indexed = [others_key] if len(others) >= 2 else []
        cache.record_live(live, [platform_key, *dept_keys.values(), *indexed])
        cache.prune(started.timestamp())
    return report


_about_lock = threading.Lock()
# entry key -> its answers grouped by the department they are about ("" county-wide errors)
_by_dept_memo: OrderedDict[str, dict[str, dict[str, list[Any]]]] = OrderedDict()


def _about_kept(key: str, raw: dict[str, Any], shown: frozenset[str]) -> dict[str, Any]:
    """:func:`_about` of the entry under ``key``, from its answers grouped by department once and kept: an
    entry never changes under its key, and every what-if filters the platform's entry (at 10,000
    departments its 10,000 findings against the authority) on both sides (issue 20 item 5)."""
    with _about_lock:
        groups = _by_dept_memo.get(key)
        if groups is not None:
            _by_dept_memo.move_to_end(key)
    if groups is None:
        groups = {}
        for k in _RAW_KEYS:
            for x in raw[k]:
                dept = x.get("dept") or ""
                if dept or k == "errors":  # a county-wide error is about every department
                    groups.setdefault(dept, {n: [] for n in _RAW_KEYS})[k].append(x)
        with _about_lock:
            _by_dept_memo[key] = groups
            while len(_by_dept_memo) > 64:
                _by_dept_memo.popitem(last=False)
    about = [groups[d] for d in sorted(shown | {""}) if d in groups]
    return {**raw, **{k: [x for g in about for x in g[k]] for k in _RAW_KEYS}}


def _about_others(
    kept: Sequence[tuple[str, dict[str, Any]]], fresh: Sequence[dict[str, Any]], codes: set[str]
) -> dict[str, Any] | None:
    """The index of ``codes``' answers about other departments (and the county-wide errors): what a
    what-if shown other departments reads of theirs (the authority's own: at 10,000 departments, every
    department's entry read and HMAC-checked twice, 1.4-2.4 s). From the entries read (``kept``: code and
    answer) and the answers just evaluated (``fresh``, attributed as :func:`_store_by_department` does);
    None when an answer cannot be attributed (nothing of it is cached either)."""
    out: dict[str, list[Any]] = {k: [] for k in _RAW_KEYS}
    packages: set[str] = set()
    for code, raw in kept:
        packages.update(raw["rule_packages"])
        for k in _RAW_KEYS:
            out[k].extend(x for x in raw[k] if (x.get("dept") or "") != code)
    for raw in fresh:
        packages.update(raw["rule_packages"])
        for k in _RAW_KEYS:
            for x in raw[k]:
                source = x.get("evidence_dept") or x.get("dept")
                if not source:
                    return None
                if source in codes and (x.get("dept") or "") != source:
                    out[k].append(x)
    return {"raw": {**out, "rule_packages": sorted(packages)}, "kinds": {}}


def _about(raw: dict[str, Any], shown: frozenset[str]) -> dict[str, Any]:
    """The answers of ``raw`` about the ``shown`` departments, and the county-wide errors."""
    return {
        **raw,
        "findings": [x for x in raw["findings"] if x.get("dept") in shown],
        "errors": [x for x in raw["errors"] if not x.get("dept") or x["dept"] in shown],
        "out_of_scope": [x for x in raw["out_of_scope"] if x.get("dept") in shown],
    }


def _store_by_department(
    cache: ResultCache,
    raw: dict[str, Any],
    kinds: dict[str, str],
    keys: dict[str, str],
    departments: Sequence[Department],
) -> None:
    """One entry per department, holding the answers made from its snapshot (``evidence_dept``, else
    ``dept``). An answer naming none of the request's departments cannot be attributed: nothing of that
    request is cached (it is still in this run, and the next run evaluates those departments again)."""
    codes = {d.code for d in departments}
    per: dict[str, dict[str, list[Any]]] = {c: {k: [] for k in _RAW_KEYS} for c in codes}
    for k in _RAW_KEYS:
        for x in raw[k]:
            # a finding against another department (lib.finding.fail_against: Art. 12's over-broad grant is
            # the authority's) is still made from this department's snapshot, named by evidence_dept
            dept = x.get("evidence_dept") or x.get("dept")
            if dept not in codes:
                return
            per[dept][k].append(x)
    packages = raw["rule_packages"]
    for c in sorted(codes):
        cache.put(keys[c], {"raw": {**per[c], "rule_packages": packages}, "kinds": {c: kinds[c]}})
