"""The store's connection: where the database is, its engine (opened once per process, schema brought to
the newest revision, audit head checked) and its sessions; the store's errors.

SQLite file by default (``data/govshare.db`` in the project), PostgreSQL when ``GOVSHARE_DATABASE_URL``
names one. Each import and each run is one transaction: a failure leaves nothing half-written.
See docs/decisions/0003-storage.md. The tables and their queries live one module a table:
:mod:`~evaluator.store.snapshots`, :mod:`~evaluator.store.runs`, :mod:`~evaluator.store.assessments`,
:mod:`~evaluator.store.waivers`, :mod:`~evaluator.store.notices`, :mod:`~evaluator.store.audit`,
:mod:`~evaluator.store.sessions`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlmodel import Session, create_engine

from evaluator import settings
from evaluator.model.redact import redact
from evaluator.store import schema
from evaluator.store.audit_open import check_open
from evaluator.store.errors import CorruptStoreError, StoreError


def data_dir() -> Path:
    return settings.data_dir()


def database_url() -> str:
    url = settings.database_url_setting()
    if url:
        return url
    d = data_dir()
    d.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{d / 'govshare.db'}"


_ENGINES: dict[str, Engine] = {}


_ENGINES_LOCK = threading.Lock()


def engine(url: str | None = None) -> Engine:
    """The engine of a store, opened once per process; an emptied, truncated or replaced database where an
    audit chain existed is refused (:func:`evaluator.store.audit_open.check_open`)."""
    url = url or database_url()
    eng = _ENGINES.get(url)
    if eng is not None and url in _CHECKED:
        return eng
    eng = engine_unchecked(url)
    with _ENGINES_LOCK:
        if url not in _CHECKED:
            try:
                check_open(eng, url)
            except DBAPIError as e:
                raise StoreError(
                    f"无法读取数据库 {redact(url)} / cannot read the database: {redact(str(e.orig))}"
                ) from e
            _CHECKED.add(url)
    return eng


_CHECKED: set[str] = set()


def forget_engines() -> None:
    """Close every engine and forget the checks (the next open is a fresh one, as in a new process)."""
    with _ENGINES_LOCK:
        for eng in _ENGINES.values():
            eng.dispose()
        _ENGINES.clear()
        _CHECKED.clear()


def engine_unchecked(url: str | None = None) -> Engine:
    """The engine without the audit-head check (``audit verify`` reports what the check would refuse)."""
    url = url or database_url()
    eng = _ENGINES.get(url)
    if eng is not None:
        return eng
    with _ENGINES_LOCK:  # the first open of a database creates its tables once, even from threads
        return _engine_locked(url)


def _engine_locked(url: str) -> Engine:
    eng = _ENGINES.get(url)
    if eng is None:
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 5}
        else:
            kwargs["pool_pre_ping"] = True
            kwargs["connect_args"] = {"connect_timeout": 5}
        try:
            eng = create_engine(url, **kwargs)
        except (ArgumentError, ValueError) as e:
            raise StoreError(f"数据库地址无效 {redact(url)} / invalid database URL: {redact(str(e))}") from e
        try:
            schema.upgrade(eng)
        except OperationalError as e:  # locked, unreachable, refused
            raise StoreError(
                f"无法连接或初始化数据库 {redact(url)} / cannot open the database: {redact(str(e.orig))}"
            ) from e
        except DBAPIError as e:  # not a database (garbage header), truncated or malformed
            raise CorruptStoreError(
                f"数据库文件已损坏或不是数据库 {redact(url)}，未写入任何内容 / the database is corrupt or not a "
                f"database: {redact(str(e.orig))}"
            ) from e
        except schema.SchemaError as e:
            raise StoreError(str(e)) from e
        _ENGINES[url] = eng
    return eng


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    eng = engine(url)
    try:
        with Session(eng) as s:
            yield s
    except DBAPIError as e:
        # any database failure (locked, server gone, a constraint or trigger refusing a row) rolls the
        # transaction back and is an error (exit 2), never an uncaught exception that exits 1 = "findings"
        raise StoreError(
            f"数据库操作失败，未写入任何内容 / database operation failed, nothing written: {redact(str(e.orig))}"
        ) from e
