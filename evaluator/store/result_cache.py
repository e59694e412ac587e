"""The cache of department results for incremental re-evaluation (issue 20 item 2, decision 0020).

One entry per department (and one for the platform's own records) holds OPA's raw answer for it —
findings, errors, out-of-scope resources — under a key that is the hash of everything the answer
depends on (see :mod:`evaluator.evaluate.incremental`). Entries are files under
``<data dir>/cache/results/`` written atomically (temporary name, then rename), each carrying an
HMAC-SHA-256 with the audit key (:mod:`evaluator.store.audit_anchor`, a key the database and the cache
do not hold): an entry that was edited, forged or copied under another key is refused with an error,
never read as a department's findings. An entry that is simply missing is evaluated again.

Pruning: a key names everything its entry depends on, so an entry of a superseded snapshot, an older
bundle, OPA version or platform is never read again, but it stays on disk. Each whole-county run records
the keys it used under its scope (:meth:`ResultCache.record_live`: ``<root>/live/<scope>.json``, e.g.
``county-2025``) and then prunes (:meth:`ResultCache.prune`): an entry no scope's last run used is
deleted, unless it was written after the pruning run started (another run, still going, may have
written it and not yet recorded it). A deleted entry a later run needs is simply evaluated again.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from evaluator.store import audit_anchor as anchor
from evaluator.store.db import StoreError, data_dir

FORMAT = 1


def _write_atomic(path: Path, body: bytes) -> None:
    """``body`` written under a temporary name, then renamed: a reader sees the old file or the new one."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.write_bytes(body)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


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
        _write_atomic(path, orjson.dumps(doc, option=orjson.OPT_SORT_KEYS))

    def _entries(self) -> Iterable[Path]:
        if self.root.exists():
            yield from self.root.glob("??/*.json")

    def clear(self) -> int:
        """Delete every entry; returns how many."""
        n = 0
        for f in self._entries():
            f.unlink(missing_ok=True)
            n += 1
        return n

    def _live_path(self, scope: str) -> Path:
        if not scope or any(not (c.isalnum() or c in "-_") for c in scope):
            raise ValueError(f"not a cache scope: {scope!r}")  # a defect, not an input error
        return self.root / "live" / f"{scope}.json"

    def record_live(self, scope: str, keys: Iterable[str]) -> None:
        """Record the keys the last whole run of ``scope`` used (replacing what it recorded before)."""
        path = self._live_path(scope)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, orjson.dumps(sorted(set(keys))))

    def live(self) -> set[str]:
        """The keys some scope's last run used. A manifest that is not a list of keys is an error: pruning
        on it could delete what a run needs (no harm) or keep what none does (disk) — refused either way."""
        keys: set[str] = set()
        folder = self.root / "live"
        for path in sorted(folder.glob("*.json")) if folder.exists() else []:
            try:
                got = orjson.loads(path.read_bytes())
            except orjson.JSONDecodeError as e:
                raise CacheTampered(
                    f"{self.WHAT_ZH}清单 {path} 已损坏；删除该文件后重新评价 / broken: {e}"
                ) from e
            if not isinstance(got, list) or not all(isinstance(k, str) for k in got):
                raise CacheTampered(
                    f"{self.WHAT_ZH}清单 {path} 不是键的列表；删除该文件后重新评价 / not a key list"
                )
            keys.update(got)
        return keys

    def prune(self, started: float) -> int:
        """Delete every entry no scope's last run used and written before ``started`` (a POSIX time: the
        start of the pruning run); returns how many."""
        live = self.live()
        n = 0
        for f in self._entries():
            try:
                if f.stem not in live and f.stat().st_mtime < started:
                    f.unlink()
                    n += 1
            except FileNotFoundError:
                continue  # pruned by another run at the same time
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
