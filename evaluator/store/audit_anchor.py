"""What anchors the audit chain outside the database: a key the database does not hold, and a head file.

The chain's hashes are keyed (HMAC-SHA-256 with the audit key), so an entry cannot be rewritten,
recomputed or appended by someone who can write the database but cannot read the key. The key lives in
the file ``GOVSHARE_AUDIT_KEY`` (default ``<data dir>/audit.key``, created 0600 on first use).

Truncation, an emptied or a replaced database cannot be caught by keyed hashes alone (a shorter chain
is still a valid chain), so after every commit that appended entries the last entry's ``seq`` and hash
are written, keyed too, as one line to an append-only head file outside the database
(``GOVSHARE_AUDIT_HEAD_DIR``, default ``<data dir>/audit-heads/``, one file per database). The database
may be ahead of its head file (a process killed between commit and checkpoint) but never behind it,
and the entry the head names must be the one in the database. Prunes and the adoption of a chain that
was written before the key existed (``legacy``) are recorded there as well.
See docs/decisions/0008-trust-and-integrity.md.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from evaluator import settings
from evaluator.model.redact import redact_url
from evaluator.store.errors import StoreError


class AuditKeyError(StoreError):
    """The audit key or head file is missing, unreadable or was tampered with (Chinese first)."""


def key_path() -> Path:
    return settings.audit_key_path()


def head_dir() -> Path:
    return settings.audit_head_dir()


def database_identity(url: str) -> str:
    """What names one database across processes: the SQLite file's real path, or host/port/database."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.drivername.startswith("sqlite"):
        return f"sqlite:{Path(u.database or '').resolve()}"
    return f"{u.get_backend_name()}://{u.host or ''}:{u.port or ''}/{u.database or ''}"


def head_path(url: str) -> Path:
    ident = database_identity(url)
    return head_dir() / f"{hashlib.sha256(ident.encode()).hexdigest()[:20]}.head"


@functools.cache
def _load_key(path: Path) -> bytes:
    try:
        raw = path.read_bytes().strip()
    except OSError as e:
        raise AuditKeyError(
            f"无法读取审计密钥 {path}：{e.strerror} / cannot read the audit key {path}"
        ) from e
    try:
        key = bytes.fromhex(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError) as e:
        raise AuditKeyError(f"审计密钥文件 {path} 已损坏 / the audit key file {path} is corrupt") from e
    if len(key) < 32:
        raise AuditKeyError(f"审计密钥文件 {path} 过短 / the audit key in {path} is too short")
    return key


def key(create: bool = False) -> bytes:
    """The audit key. Created (0600, never overwritten) only when ``create`` is set and none exists."""
    path = key_path()
    if not path.exists() and create:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: use that one
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
    if not path.exists():
        raise AuditKeyError(
            f"审计密钥 {path} 不存在，无法校验或续写审计日志；若密钥已移至他处，请设置 GOVSHARE_AUDIT_KEY / "
            f"the audit key {path} does not exist"
        )
    return _load_key(path.resolve())


def mac(body: bytes, k: bytes | None = None) -> str:
    return hmac.new(k if k is not None else key(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    kind: str  # append | prune | legacy
    seq: int
    hash: str
    at: str


@dataclass
class Head:
    path: Path
    checkpoints: list[Checkpoint]
    bad_lines: list[int]

    @property
    def last(self) -> Checkpoint | None:
        marks = [c for c in self.checkpoints if c.kind in ("append", "legacy")]
        return max(marks, key=lambda c: c.seq) if marks else None

    @property
    def last_prune(self) -> Checkpoint | None:
        prunes = [c for c in self.checkpoints if c.kind == "prune"]
        return max(prunes, key=lambda c: c.seq) if prunes else None

    @property
    def legacy(self) -> Checkpoint | None:
        return next((c for c in self.checkpoints if c.kind == "legacy"), None)


def _line(url: str, cp: Checkpoint, k: bytes) -> bytes:
    body = {"db": database_identity(url), "kind": cp.kind, "seq": cp.seq, "hash": cp.hash, "at": cp.at}
    canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    return orjson.dumps({**body, "mac": mac(canonical, k)}, option=orjson.OPT_SORT_KEYS) + b"\n"


def write(url: str, cp: Checkpoint) -> None:
    """Append one keyed checkpoint line (O_APPEND, one write under an exclusive lock)."""
    k = key(create=True)
    path = head_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, _line(url, cp, k))
        os.fsync(fd)
    finally:
        os.close(fd)


def read(url: str) -> Head | None:
    """Every checkpoint of this database's head file; None when the file does not exist."""
    path = head_path(url)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise AuditKeyError(f"无法读取审计链头文件 {path}：{e.strerror} / cannot read {path}") from e
    k = key()
    ident = database_identity(url)
    out: list[Checkpoint] = []
    bad: list[int] = []
    for n, raw in enumerate(data.splitlines(), 1):
        try:
            doc: dict[str, Any] = orjson.loads(raw)
            given = str(doc.pop("mac"))
            ok = hmac.compare_digest(given, mac(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS), k))
            cp = Checkpoint(str(doc["kind"]), int(doc["seq"]), str(doc["hash"]), str(doc["at"]))
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            ok = False
        if not ok or doc.get("db") != ident:
            bad.append(n)
            continue
        out.append(cp)
    return Head(path, out, bad)


def describe(url: str) -> str:
    return f"{redact_url(url)}（链头文件 / head file {head_path(url)}）"
