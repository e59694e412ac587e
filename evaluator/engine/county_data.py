"""County data in OPA: the platform snapshot and the departments' names, PUT once per OPA server at
``data.county_data[<SHA-256>]`` (Data API) and read by the rules only through ``data.lib.county``
(docs/decisions/0007-scale.md). The engine sees them as JSON documents, nothing more."""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from typing import Any

import orjson

from evaluator.engine.client import OpaEndpoint
from evaluator.engine.process import OpaServer
from evaluator.errors import OpaError

# the platform (and the names of the departments) goes into each OPA's data once, at
# data.county_data[<SHA-256 of the bytes>]; a server keeps the last few documents it was given.
COUNTY_DATA = "county_data"
_KEEP_LOADED = 4
_loaded_lock = threading.Lock()


@dataclass(frozen=True)
class CountyData:
    """The platform and names as PUT into OPA (``data.county_data[sha256]``), serialised and hashed once:
    for callers evaluating the same platform many times (a what-if), where serialising and hashing a
    province's platform (≈ 33 MB at 10,000 departments) would cost more than the evaluation."""

    sha256: str
    body: bytes
    authority: str | None


def county_data(platform: dict[str, Any], names: dict[str, str]) -> CountyData:
    sha, body = county_document(platform, names)
    return CountyData(sha, body, platform.get("authority"))


def county_document(platform: dict[str, Any], names: dict[str, str]) -> tuple[str, bytes]:
    """The document PUT into OPA's data (``data.county_data[sha]``) and its SHA-256: the hash of the
    platform and names as serialised; the document repeats it, so the rules check what they read."""
    rest = orjson.dumps({"department_names": names, "platform": platform}, option=orjson.OPT_SORT_KEYS)
    sha = hashlib.sha256(rest).hexdigest()
    return sha, b'{"sha256":"' + sha.encode() + b'",' + rest[1:]


def partition_path(sha: str) -> str:
    """Where one request's departments are PUT beside the county data it is evaluated against
    (``data.county_data[sha].partitions[<random id>]``, a fresh id a request, so requests sharing a server
    never meet): OPA reads a PUT document's JSON once, where a request body's input is decoded and then
    converted to Rego values twice, once for the authorization policy and once for the query (#20,
    decision 0028). Evicted with the county data if the caller's DELETE never came."""
    return f"{COUNTY_DATA}/{sha}/partitions/{secrets.token_hex(8)}"


def load_county_data(endpoint: OpaEndpoint, sha: str, body: bytes) -> None:
    """Make sure ``endpoint`` holds ``data.county_data[sha]``: a small GET of its hash, else one PUT.
    The hash is the path, so a stale or different platform can never be read under it. A failed PUT
    raises OpaError (exit 2); an evicted or lost document makes the rules report the missing platform.
    An OPA process this one started and gave the document to (an :class:`OpaServer`) still holds it — only
    this process evicts, and a dead server fails its next request — so it is not asked (one round trip
    less a what-if); a remote server, which may have restarted since, is always asked."""
    if isinstance(endpoint, OpaServer) and endpoint.holds(f"{COUNTY_DATA}/{sha}/index"):
        return  # the index is PUT last, after the document was checked
    if endpoint.get_data(f"{COUNTY_DATA}/{sha}/index/sha256") == sha:
        return
    endpoint.put_data(f"{COUNTY_DATA}/{sha}", body)
    if endpoint.get_data(f"{COUNTY_DATA}/{sha}/sha256") != sha:
        raise OpaError(f"OPA 未保存平台快照 {sha[:12]} / OPA does not hold the platform after the PUT")
    # the register indexes (data.lib.county.index), computed by OPA once and kept beside the platform,
    # so that no request rebuilds them over the whole province's register
    index = endpoint.query_raw("data.lib.county.index", orjson.dumps({"input": {"county_data": sha}}))
    if not isinstance(index, dict):
        raise OpaError(f"OPA 未能建立登记索引 / OPA did not build the register index: {str(index)[:300]}")
    endpoint.put_data(f"{COUNTY_DATA}/{sha}/index", orjson.dumps({**index, "sha256": sha}))
    with _loaded_lock:
        held: list[str] = endpoint.__dict__.setdefault("_county_loaded", [])
        if sha in held:
            held.remove(sha)
        held.append(sha)
        evict = held[:-_KEEP_LOADED]
        del held[:-_KEEP_LOADED]
    for old in evict:
        endpoint.delete_data(f"{COUNTY_DATA}/{old}")
