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
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Self

import orjson

from evaluator.store import audit_anchor as anchor
from evaluator.store.db import StoreError, data_dir

FORMAT = 1
_KEY = re.compile("[0-9a-f]{64}")
# entries a shared cache keeps in memory: a whole province's departments, twice (≈ 2-3 KB each)
KEEP = 25_000
_shared: dict[tuple[type, Path], ResultCache] = {}
_shared_lock = threading.Lock()


def _write_atomic(path: Path, body: bytes) -> os.stat_result:
    """``body`` written under a temporary name, then renamed: a reader sees the old file or the new one.
    Returns the written file's stat."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(body)
            fh.flush()  # the stat of what is written, not of an empty buffer's file
            st = os.fstat(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return st


class CacheTampered(StoreError):
    """A cache entry whose HMAC does not match: refused (exit 2)."""


class ResultCache:
    DOMAIN = b"govshare-result-cache"
    SUBDIR = "results"
    WHAT_ZH = "评价结果缓存"

    def __init__(self, root: Path | None = None, keep: int = 0) -> None:
        self.root = root or data_dir() / "cache" / self.SUBDIR
        self._root = str(self.root)
        self._secret: bytes | None = None  # the audit key, read once a cache (thousands of entries a run)
        # the verified bodies of up to ``keep`` entries read or written, newest last, with their file's
        # stat: a long-running process (the dashboard) re-reads an entry whose file is unchanged without
        # reading it or checking its HMAC (a changed or deleted file is read as without memory); each get
        # parses its own copy, so no caller can change what the next one reads
        self._bodies_max = keep
        self._bodies: OrderedDict[str, tuple[tuple[int, int, int], bytes]] = OrderedDict()
        self._bodies_lock = threading.Lock()

    @classmethod
    def shared(cls) -> Self:
        """The process's cache of the data directory in force, keeping up to :data:`KEEP` verified entries
        in memory between runs (a key never changes its entry; it was verified when first read)."""
        root = data_dir() / "cache" / cls.SUBDIR
        with _shared_lock:
            cache = _shared.get((cls, root))
            if cache is None:
                cache = _shared[(cls, root)] = cls(root, keep=KEEP)
        assert isinstance(cache, cls)
        return cache

    def _remember(self, key: str, body: bytes, st: os.stat_result) -> None:
        if self._bodies_max:
            with self._bodies_lock:
                self._bodies[key] = ((st.st_ino, st.st_size, st.st_mtime_ns), body)
                self._bodies.move_to_end(key)
                while len(self._bodies) > self._bodies_max:
                    self._bodies.popitem(last=False)

    def _path(self, key: str) -> Path:
        return Path(self._file(key))

    def _file(self, key: str) -> str:
        # a string, not a Path: a re-run reads one entry a department (pathlib was a third of a read)
        if _KEY.fullmatch(key) is None:
            raise ValueError(f"not a cache key: {key!r}")  # a defect, not an input error
        return f"{self._root}/{key[:2]}/{key}.json"

    def _mac(self, key: str, body: bytes) -> str:
        if self._secret is None:
            self._secret = anchor.key(create=True)
        return anchor.mac(self.DOMAIN + b"\0" + key.encode() + b"\0" + body, self._secret)

    def get(self, key: str) -> dict[str, Any] | None:
        """The entry stored under ``key``, or None; a tampered entry raises :class:`CacheTampered`."""
        file = self._file(key)
        if self._bodies_max:
            with self._bodies_lock:
                kept = self._bodies.get(key)
            try:
                st = os.stat(file)
            except FileNotFoundError:
                return None
            if kept is not None and kept[0] == (st.st_ino, st.st_size, st.st_mtime_ns):
                fresh: dict[str, Any] = orjson.loads(kept[1])
                return fresh
        try:
            with open(file, "rb") as fh:
                st = os.fstat(fh.fileno())
                raw = fh.read()
        except FileNotFoundError:
            return None
        path = Path(file)
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
        self._remember(key, body, st)
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS)
        doc = {"format": FORMAT, "mac": self._mac(key, body), "entry": entry}
        self._remember(key, body, _write_atomic(path, orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)))

    def _entries(self) -> Iterable[Path]:
        if self.root.exists():
            yield from self.root.glob("??/*.json")

    def clear(self) -> int:
        """Delete every entry; returns how many."""
        with self._bodies_lock:
            self._bodies.clear()
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
                    with self._bodies_lock:
                        self._bodies.pop(f.stem, None)
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


class RosterCache(ResultCache):
    """What the scoring's roster reads of each stored department snapshot — its bonus facts and whether it
    reports any project — under the hash of the snapshot and of the code that reads it
    (:func:`evaluator.consumers.assess.roster.stored_facts`): a re-scoring after one department re-submits
    parses that one snapshot, not the province's (≈ 1 ms and 170 KB each; ≈ 23 s at 10,000 departments).
    Kept and checked like the result cache, under its own directory and HMAC domain."""

    DOMAIN = b"govshare-roster-cache"
    SUBDIR = "roster"
    WHAT_ZH = "计分名录缓存"
