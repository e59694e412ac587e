"""What-if of one department (issue 20 item 5): its snapshot changed, evaluated with the rest of the
county, nothing stored — in the time of one department's request, at any county size.

A department's answer depends only on its snapshot, the county data (platform and names), the bundle,
the waivers and the period (docs/decisions/0020-incremental-evaluation-and-fleet.md), and the platform's
own records are one entry of their own. So the report "before" is the platform entry and the stored
snapshot's entry, both from the result cache (:mod:`evaluator.evaluate.incremental`; evaluated and cached
when missing, as any county run would), and the report "after" is the same platform entry and the changed
snapshot evaluated alone (not cached). What they hold about the department — its findings, its errors and
the county-wide ones — is what two whole-county evaluations hold about it (``tests/test_whatif.py``
compares them department by department on the fixture county), without reading, parsing or evaluating the
other departments' snapshots. Only the contents of the platform, the department and the authority's
department are read from the store; the platform's serialised form and hash (not the parsed platform) are kept for the next what-if.

Two changes reach other departments' answers, and are evaluated over the whole county instead (through
the same cache): a change of the department's name (every rule reads the names), and a change of the
authority's own department (findings against the authority are made from other departments' snapshots).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson

from evaluator.engine import CountyData, OpaServer, county_data
from evaluator.evaluate import api
from evaluator.evaluate.incremental import Department, evaluate_incremental
from evaluator.evaluate.inputs import platform_doc
from evaluator.evaluate.runner import EvaluationError, Report, SnapshotRef
from evaluator.intake.files import LoadedSnapshot
from evaluator.store.result_cache import ResultCache
from evaluator.store.snapshots import SnapshotHead, SnapshotRow, latest_index, latest_stamp, snapshot_version


@dataclass
class WhatIfReports:
    """Both sides of a what-if of ``dept``: ``before`` on its stored snapshot, ``after`` on the changed
    one, each with the waivers in force, holding the answers about the department and the county-wide
    errors only. ``whole_county`` says the other departments were evaluated too (its name changed, or it
    is the authority's department)."""

    before: Report
    after: Report
    stored: SnapshotRow
    authority: str
    whole_county: bool


class _KeptCache(ResultCache):
    """The result cache with the entries it read or wrote kept in memory for the next what-if (the platform's
    entry is read by every what-if: at province scale, thousands of findings). A key is the hash of
    everything its entry answers for, so an entry never changes under its key; it was verified (HMAC) when
    read. The kept entries are shared: callers read them, never change them."""

    def __init__(self, keep: int = 64) -> None:
        super().__init__()
        self._keep = keep
        self._kept: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            hit = self._kept.get(key)
            if hit is not None:
                self._kept.move_to_end(key)
                return hit
        entry = super().get(key)
        if entry is not None:
            self._keep_entry(key, entry)
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        super().put(key, entry)
        self._keep_entry(key, entry)

    def _keep_entry(self, key: str, entry: dict[str, Any]) -> None:
        with self._lock:
            self._kept[key] = entry
            while len(self._kept) > self._keep:
                self._kept.popitem(last=False)


_caches: dict[str, _KeptCache] = {}
_county_lock = threading.Lock()
_county_memo: dict[tuple[str, str], CountyData] = {}
_frozen: set[tuple[str, str]] = set()  # the counties whose what-if state was frozen (docs/decisions/0038)


def _freeze_once(key: tuple[str, str]) -> None:
    """After the first what-if of a county, what it left kept (the platform's result entry, parsed, with
    the county's findings; the caches; everything the process built at start) is moved out of the cyclic
    collector's reach: collected once, then ``gc.freeze()``. Every later what-if allocates ≈ 10^5
    containers and so triggers full collections, each walking every object the process holds — at 1,000
    departments the collector took 2.9 s of 40 what-ifs (p95 1,012 ms), frozen 0.7 s (p95 573 ms;
    decision 0038). Frozen objects are still freed by reference counting when dropped (JSON has no cycles);
    only cyclic garbage among them would stay. Once a county (platform and names): a new import freezes
    what its first what-if keeps."""
    with _county_lock:
        if key in _frozen:
            return
        _frozen.add(key)
    gc.collect()
    gc.freeze()


@dataclass(frozen=True)
class _Index:
    """The period's snapshot index and what every what-if looks up in it, made once with it: at 10,000
    departments the names and the linear scans of the index were ≈ 10-20 ms a what-if (load 10)."""

    heads: list[SnapshotHead]
    departments: list[SnapshotHead]
    by_dept: dict[str, tuple[int, SnapshotHead]]  # a department's position in ``departments`` and head
    platform: SnapshotHead | None
    names: dict[str, str]
    names_sha256: str

    @classmethod
    def of(cls, heads: list[SnapshotHead]) -> _Index:
        departments = [h for h in heads if h.kind == "department"]
        names = {h.dept: h.name for h in departments}
        return cls(
            heads,
            departments,
            {h.dept: (i, h) for i, h in enumerate(departments)},
            next((h for h in heads if h.kind == "platform"), None),
            names,
            hashlib.sha256(orjson.dumps(names, option=orjson.OPT_SORT_KEYS)).hexdigest(),
        )


_heads_lock = threading.Lock()
_heads_memo: dict[int, tuple[tuple[str, int, int], _Index]] = {}


def _heads(period: int, url: str | None) -> _Index:
    """:func:`latest_index` of the period, kept while the store's :func:`latest_stamp` stays: the index is
    one row a department (at 1,000 departments 56 ms a what-if against 4 ms for the stamp, load 12); a new
    version of any snapshot of the period changes the stamp. Callers read it, never change it."""
    stamp = latest_stamp(period, url)
    with _heads_lock:
        hit = _heads_memo.get(period)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    index = _Index.of(latest_index(period, url))
    if latest_stamp(period, url) == stamp:  # nothing imported while it was read
        with _heads_lock:
            _heads_memo[period] = (stamp, index)
    return index


def _platform(head: SnapshotHead, url: str | None) -> dict[str, Any] | None:
    """The stored platform as JSON with its facts, as the rules read it (in the county data)."""
    row = snapshot_version(head, url)
    return platform_doc(orjson.loads(row.content)) if row is not None else None


def _county(
    head: SnapshotHead | None, names: dict[str, str], url: str | None, names_sha256: str | None = None
) -> CountyData | None:
    """The county data of the platform and names, kept for the next call while they stay. Only its bytes
    and hash are kept, not the parsed platform: at province scale that is ≈ 300,000 Python containers
    (100,000 system registrations and their lists) that every full run of the cyclic garbage collector
    walks — a pause of seconds in a what-if, the p95 of the dashboard's (issue 20 item 5). With the county
    data given, the evaluation does not read the platform (``evaluate_incremental``)."""
    if head is None:
        return None
    names_sha256 = (
        names_sha256 or hashlib.sha256(orjson.dumps(names, option=orjson.OPT_SORT_KEYS)).hexdigest()
    )
    key = (head.sha256, names_sha256)
    with _county_lock:
        hit = _county_memo.get(key)
    if hit is not None:
        return hit
    platform = _platform(head, url)
    if platform is None:
        return None
    value = county_data(platform, names)
    del platform
    with _county_lock:
        _county_memo.clear()  # one county at a time: a province's platform is tens of MB
        _county_memo[key] = value
    return value


def what_if(
    period: int,
    dept: str,
    changed: LoadedSnapshot,
    *,
    url: str | None = None,
    server: OpaServer | None = None,
    cache: ResultCache | None = None,
) -> WhatIfReports | None:
    """Evaluate ``dept`` before and after ``changed`` replaces its stored snapshot; None when ``dept`` has
    no stored snapshot in ``period``. Nothing is stored but the cache entries of stored snapshots."""
    index = _heads(period, url)
    mine = index.by_dept.get(dept, (0, None))[1]
    stored = snapshot_version(mine, url) if mine is not None else None
    if mine is None or stored is None:
        return None
    platform_head, names = index.platform, index.names
    county = _county(platform_head, names, url, index.names_sha256)
    authority = str((county.authority if county is not None else None) or "")
    new_name = getattr(getattr(changed.snapshot, "department", None), "name", None)
    whole = dept == authority or new_name != mine.name
    if whole:
        wanted = index.departments
    else:  # in the index's order
        wanted = [h for _, h in sorted(index.by_dept[c] for c in {authority, dept} if c in index.by_dept)]

    def load(h: SnapshotHead) -> dict[str, Any]:
        row = stored if h.dept == dept else snapshot_version(h, url)
        if row is None:
            raise EvaluationError(f"快照 {h.ref} 已不在数据库中 / snapshot {h.ref} is no longer stored")
        doc: dict[str, Any] = orjson.loads(row.content)
        return doc

    def refs(change: bool) -> list[SnapshotRef]:
        out = [
            SnapshotRef(h.kind, h.dept, period, h.ref, h.sha256)
            for h in wanted
            if not (change and h.dept == dept)
        ]
        if change:
            out.append(SnapshotRef("department", dept, period, changed.source, changed.sha256))
        if platform_head is not None:
            out.append(SnapshotRef("platform", "", period, platform_head.ref, platform_head.sha256))
        return out

    base = [Department(h.dept, h.sha256, functools.partial(load, h)) for h in wanted]
    mod = Department.stored(dept, changed.sha256, changed.canonical)
    new = [mod if d.code == dept else d for d in base]
    names_after, county_after = names, county
    platform = None  # read only to build other county data: the county data stands for it
    if new_name != mine.name and platform_head is not None and county is not None:
        platform = _platform(platform_head, url)  # a rename: every department's answer is evaluated anew
        names_after = {**names, dept: str(new_name)}
        county_after = county_data(platform, names_after) if platform is not None else None
    if cache is None:
        with _county_lock:  # one kept cache a data directory (tests and the benchmark change it)
            cache = _caches.setdefault(str(ResultCache().root), _KeptCache())
    waivers = api.waivers_in_force(period, url)
    common: dict[str, Any] = {
        "shown": frozenset({dept}),
        "cache": cache,
        "servers": [server] if server is not None else None,
        "waivers": waivers,
    }
    before = evaluate_incremental(period, platform, base, names, refs(False), county=county, **common)
    after = evaluate_incremental(
        period, platform, new, names_after, refs(True), county=county_after, write=False, **common
    )
    if county is not None:
        _freeze_once((county.sha256, str(period)))
    return WhatIfReports(before, after, stored, authority, whole)
