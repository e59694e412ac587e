"""Partitions: the departments go to OPA in parts of ``GOVSHARE_PARTITION_SIZE`` (one for a county),
spread over the OPA servers, with the platform snapshot and the names of all departments loaded once per
server (``data.county_data[<SHA-256>]``); the answers are merged as sets (docs/decisions/0007-scale.md)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

import orjson

from evaluator.engine import (
    CountyData,
    OpaEndpoint,
    OpaError,
    OpaServer,
    county_data,
    load_county_data,
    partition_path,
)
from evaluator.evaluate.inputs import department_doc, platform_doc
from evaluator.settings import partition_size

Endpoint = OpaEndpoint


class DeptLoader(Protocol):
    """A department read only when its partition is sent (a stored snapshot streamed from the database:
    the evaluation never holds every department's bytes)."""

    @property
    def code(self) -> str: ...

    def load(self) -> dict[str, Any] | bytes: ...


# a department snapshot as JSON: parsed, as stored (canonical bytes), or read when its partition is sent
DeptSource = dict[str, Any] | bytes | DeptLoader


def _doc(d: DeptSource) -> dict[str, Any]:
    if not isinstance(d, dict | bytes):
        d = d.load()
    return orjson.loads(d) if isinstance(d, bytes) else d


def recheck(endpoints: Sequence[Endpoint]) -> None:
    """After the requests: every remote server still serves the bundle revision checked before them, so a
    server that pulled a new bundle during the run (OPA's bundle service polls) fails the run (OpaError)
    rather than deciding some partitions under one policy version and some under another."""
    for e in endpoints:
        if not isinstance(e, OpaServer):
            e.check()


def query_partitions(
    period: int,
    platform: dict[str, Any] | None,
    departments: Sequence[DeptSource],
    waivers: Sequence[dict[str, Any]] | None,
    names: dict[str, str],
    endpoints: Sequence[Endpoint],
    size: int | None,
    platform_in_input: bool = False,
    platform_records: bool = True,
    county: CountyData | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    size = size or partition_size()
    if platform is not None and (county is None or platform_in_input):
        # with its facts (inputs.py); a given ``county`` already holds them (a province's register is
        # 100,000 system names to key: ≈ 0.1 s at 200 departments, seconds at 10,000, every what-if)
        platform = platform_doc(platform)
    parts = [departments[i : i + size] for i in range(0, len(departments), size)] or [[]]
    kinds: dict[str, str] = {}
    lock = threading.Lock()
    fixed: dict[str, Any] = {"period": period}
    stored: str | None = None  # the county data's hash when the departments go beside it (Data API)
    authority = county.authority if county is not None else (platform or {}).get("authority")
    if county is None and platform is not None and not platform_in_input:
        county = county_data(platform, names)
    if county is not None and not platform_in_input:
        # loaded once per OPA server (Data API); requests name it by its hash
        sha, doc = county.sha256, county.body
        used = list({id(e): e for e in endpoints[: len(parts)]}.values())
        if len(used) == 1:
            load_county_data(used[0], sha, doc)
        else:
            with ThreadPoolExecutor(max_workers=len(used)) as pool:
                list(pool.map(lambda e: load_county_data(e, sha, doc), used))
        del doc
        fixed["county_data"] = sha
        stored = sha
    else:
        # without a platform main reports it missing; the naive way sends platform and names every time
        fixed.update({"department_names": names, "platform": platform})
    fixed["waivers"] = list(waivers or [])
    head = orjson.dumps({k: v for k, v in fixed.items() if v is not None and (k != "waivers" or v)})[:-1]
    # the partition that checks the platform's own records: the one holding the authority's department
    # snapshot, since A62.8 sums up the authority's late reviews (A22.2) with its department's grounds;
    # the first partition when the authority has no snapshot in this evaluation
    checker = _partition_of(authority, parts, 0 if platform_records else -1)

    def run(i: int, endpoint: Endpoint) -> dict[str, Any]:
        docs = [_doc(d) for d in parts[i]]
        with lock:
            for d in docs:
                kinds[d["department"]["code"]] = d["department"]["kind"]
        depts = orjson.dumps([department_doc(d) for d in docs])
        del docs
        # the platform's own records (A22.2, A23, A60.2) are checked in one partition only
        elsewhere = b',"platform_checked_elsewhere":true' if i != checker else b""
        if stored is None:
            body = b'{"input":' + head + elsewhere + b',"departments":' + depts + b"}}"
            del depts
            result = endpoint.query_raw("data.main.result", body)
        else:
            # the departments PUT beside the county data and named by the request (main.stored_result:
            # the same answer, OPA reads the JSON once: ≈ 9 % less CPU; decision 0028), deleted after
            path = partition_path(stored)
            endpoint.put_data(path, depts)
            del depts
            name = path.rsplit("/", 1)[1].encode()
            body = b'{"input":' + head + elsewhere + b',"partition":"' + name + b'"}}'
            try:
                result = endpoint.query_raw("data.main.stored_result", body)
            except BaseException:
                # the request's own error is the one reported, not a failed clean-up after it
                with contextlib.suppress(OpaError):
                    endpoint.delete_data(path)
                raise
            endpoint.delete_data(path)
        if not isinstance(result, dict) or not _RESULT_KEYS <= result.keys():
            raise OpaError(f"OPA 返回的结果格式不符 / unexpected decision shape: {str(result)[:300]}")
        return result

    if len(parts) == 1:
        return merge([run(0, endpoints[0])]), kinds
    # one worker per endpoint, each taking the next partition when its own server is free: never two
    # requests on one server at once (each holds a partition's input and its evaluation in that OPA's
    # memory beside the county data) while another waits idle, as a fixed partition-to-server
    # assignment gave whenever a partition took longer than its neighbours (the one checking the
    # platform's own records). Which server answers a partition does not change its answer.
    results: list[dict[str, Any] | None] = [None] * len(parts)
    pending = iter(range(len(parts)))
    failed = threading.Event()

    def work(endpoint: Endpoint) -> None:
        while not failed.is_set():
            with lock:
                i = next(pending, None)
            if i is None:
                return
            try:
                results[i] = run(i, endpoint)
            except BaseException:
                failed.set()  # the other workers stop taking partitions; the error is raised below
                raise

    used = list(endpoints[: len(parts)])
    with ThreadPoolExecutor(max_workers=len(used)) as pool:
        futures = [pool.submit(work, e) for e in used]
        for f in futures:
            f.result()
    return merge([r for r in results if r is not None]), kinds


def _partition_of(code: str | None, parts: Sequence[Sequence[DeptSource]], default: int) -> int:
    if code:
        needle = code.encode()
        for i, part in enumerate(parts):
            for d in part:
                if not isinstance(d, dict | bytes):  # a loader knows its code without reading
                    if d.code == code:
                        return i
                    continue
                # stored bytes are parsed only when they mention the code at all
                doc = (orjson.loads(d) if needle in d else None) if isinstance(d, bytes) else d
                if isinstance(doc, dict) and doc["department"]["code"] == code:
                    return i
    return default


_RESULT_KEYS = {"findings", "errors", "out_of_scope", "rule_packages"}


def merge(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Union of the partitions' answers as sets (a platform finding comes from every partition, once),
    in canonical order, so one request and many partitions give the same bytes."""
    out: dict[str, Any] = {}
    for key in ("findings", "errors", "out_of_scope", "rule_packages"):
        seen: dict[bytes, Any] = {}
        for r in results:
            for x in r[key]:
                seen.setdefault(orjson.dumps(x, option=orjson.OPT_SORT_KEYS), x)
        out[key] = [seen[k] for k in sorted(seen)]
    return out
