"""The store's schema and its evolution: every database is brought to the newest Alembic revision when it is
first opened (``evaluator/store/migrations/versions/``), never changed by ``create_all``.

* a new, empty database gets every revision in order;
* a database made by release 0.1.0 (tables, no ``alembic_version``) is upgraded in place: the baseline
  revision (``0001``) is today's schema of that release and only adds what it lacks, the later revisions
  change it and keep every row;
* a database already at the newest revision is left alone (one read of ``alembic_version``);
* a database at a revision this program does not know (made by a newer release) is refused: exit 2.

The upgrade is one transaction holding the database's write lock (``BEGIN IMMEDIATE`` on SQLite, a
PostgreSQL advisory lock): two processes opening a new database at once are serialised, the second sees
the first's work, and a failed upgrade changes nothing. See docs/decisions/0014-migrations.md.
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from evaluator.errors import GovshareError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: modules that declare the store's tables on SQLModel.metadata (compared by autogenerate and the tests)
TABLE_MODULES = (
    "evaluator.store.snapshots",
    "evaluator.store.runs",
    "evaluator.store.assessments",
    "evaluator.store.waivers",
    "evaluator.store.notices",
    "evaluator.store.audit_log",
    "evaluator.store.audit",
    "evaluator.store.sessions",
    "evaluator.store.users",
)

#: any constant: the key of the PostgreSQL advisory lock held while a database is being upgraded
_PG_LOCK_KEY = 0x67_6F_76_73_68  # "govsh"


class SchemaError(GovshareError):
    """The database's schema cannot be brought to this program's revision; the message is Chinese first."""


def import_table_modules() -> None:
    for name in TABLE_MODULES:
        importlib.import_module(name)


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The newest revision this program knows."""
    got = _scripts().get_current_head()
    assert got is not None
    return got


def current(connection: Connection) -> str | None:
    """The database's revision (``None``: no ``alembic_version``, i.e. empty or made by release 0.1.0)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(eng: Engine) -> str:
    """Bring ``eng``'s database to the newest revision in one transaction; returns the revision it was at
    before ("" = none)."""
    want = head()
    with eng.connect() as conn:
        if current(conn) == want:
            return want
    with eng.begin() as conn:
        _lock(conn)
        before = current(conn)  # again, under the lock: another process may have just done it
        if before == want:
            return want
        if before is not None and before not in _known():
            raise SchemaError(
                f"数据库结构版本 {before} 不是本程序所知的版本（本程序最新为 {want}），可能由更新的版本创建；"
                f"未做任何改动 / the database is at schema revision {before}, unknown to this program "
                f"(newest {want}): probably made by a newer release; nothing changed"
            )
        command.upgrade(_config(conn), "head")
        return before or ""


def _known() -> set[str]:
    return {s.revision for s in _scripts().walk_revisions()}


def _lock(conn: Connection) -> None:
    """Take the database's write lock for the transaction: a second process opening the same new database
    waits, then finds it upgraded. On SQLite this also makes the DDL transactional (the driver would
    otherwise commit each CREATE on its own), so a failed upgrade leaves the database as it was."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
