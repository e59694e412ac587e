"""The cache of department results for incremental re-evaluation (issue 20 item 2, decision 0020).

One entry per department (and one for the platform's own records) holds OPA's raw answer for it —
findings, errors, out-of-scope resources — under a key that is the hash of everything the answer
depends on (see :mod:`evaluator.evaluate.incremental`). Entries are files under
``<data dir>/cache/results/`` written atomically (temporary name, then rename), each carrying an
HMAC-SHA-256 with the audit key (:mod:`evaluator.store.audit_anchor`, a key the database and the cache
do not hold): an entry that was edited, forged or copied under another key is refused with an error,
never read as a department's findings. An entry that is simply missing is evaluated again.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import orjson

from evaluator.store import audit_anchor as anchor
from evaluator.store.db import StoreError, data_dir

FORMAT = 1


class CacheTampered(StoreError):
    """A cache entry whose HMAC does not match: refused (exit 2)."""


class ResultCache:
    DOMAIN = b"govshare-result-cache"
    SUBDIR = "results"
    WHAT_ZH = "评价结果缓存"

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or data_dir() / "cache" / self.SUBDIR

    def _path(self, key: str) -> Path:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise ValueError(f"not a cache key: {key!r}")  # a defect, not an input error
        return self.root / key[:2] / f"{key}.json"

    def _mac(self, key: str, body: bytes) -> str:
        return anchor.mac(self.DOMAIN + b"\0" + key.encode() + b"\0" + body, anchor.key(create=True))

    def get(self, key: str) -> dict[str, Any] | None:
        """The entry stored under ``key``, or None; a tampered entry raises :class:`CacheTampered`."""
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            doc = orjson.loads(raw)
            body = orjson.dumps(doc["entry"], option=orjson.OPT_SORT_KEYS)
            ok = doc.get("format") == FORMAT and secrets.compare_digest(str(doc["mac"]), self._mac(key, body))
        except (orjson.JSONDecodeError, KeyError, TypeError) as e:
            raise CacheTampered(
                f"{self.WHAT_ZH} {path} 已损坏，拒绝使用；删除该文件后重新评价 / result cache entry is broken: {e}"
            ) from e
        if not ok:
            raise CacheTampered(
                f"{self.WHAT_ZH} {path} 的校验码不符（被改动或伪造），拒绝使用；删除 {self.root} 后重新评价 / "
                "result cache entry fails its HMAC: refused"
            )
        entry: dict[str, Any] = doc["entry"]
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS)
        doc = {"format": FORMAT, "mac": self._mac(key, body), "entry": entry}
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            tmp.write_bytes(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS))
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)

    def clear(self) -> int:
        """Delete every entry; returns how many."""
        n = 0
        if self.root.exists():
            for f in self.root.rglob("*.json"):
                f.unlink(missing_ok=True)
                n += 1
        return n


class ScoreCache(ResultCache):
    """The cache of department assessment entries for incremental scoring (decision 0020): one entry a
    department (its ``scored`` and ``funding`` entries and its findings' errors) under the hash of its
    findings, its roster entry, the period and the bundle (the indicator system and score.rego), kept
    and checked like the result cache but under its own directory and HMAC domain, so an entry of one
    cannot be passed off as an entry of the other."""

    DOMAIN = b"govshare-score-cache"
    SUBDIR = "scores"
    WHAT_ZH = "评价计分缓存"
