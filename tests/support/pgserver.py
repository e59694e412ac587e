"""Throwaway PostgreSQL server for tests.

Starts a private PostgreSQL cluster from Debian's binaries (``/usr/lib/postgresql/*/bin``) in a temp
directory, listening on 127.0.0.1 only on a free port, with trust auth (test use only), and removes
it again on :meth:`PgServer.stop`.

PostgreSQL refuses to run as root: when we are root, ``initdb``/``pg_ctl`` run as the ``postgres``
system user (created by Debian's ``postgresql`` package) through ``runuser``, and the temp directory
is chowned to it.

Set ``GOVSHARE_TEST_PG_URL`` to use an existing server instead (see ``tests/conftest.py``).
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ENV_URL = "GOVSHARE_TEST_PG_URL"
ENV_BINDIR = "GOVSHARE_PG_BINDIR"
DEBIAN_PACKAGE = "postgresql"
SERVICE_USER = "postgres"
DB_USER = "govshare"
DB_NAME = "govshare_test"


class PgServerError(RuntimeError):
    """The throwaway server could not be found, started or prepared."""


def libpq_url(sqlalchemy_url: str) -> str:
    """``postgresql+psycopg://…`` (SQLAlchemy) -> ``postgresql://…`` (libpq / ``psycopg.connect``)."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", sqlalchemy_url)


def create_database(sqlalchemy_url: str, prefix: str) -> str:
    """A new, empty database on the server of ``sqlalchemy_url``; returns its SQLAlchemy URL."""
    import uuid

    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_url(sqlalchemy_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return sqlalchemy_url.rsplit("/", 1)[0] + f"/{name}"


def find_bindir() -> Path:
    """Directory holding ``initdb`` and ``pg_ctl``: $GOVSHARE_PG_BINDIR, else the newest Debian one."""
    override = os.environ.get(ENV_BINDIR)
    candidates = [Path(override)] if override else []

    def version_key(p: str) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", Path(p).parent.parent.name)) or (0,)

    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version_key, reverse=True)
    candidates += [Path(p).parent for p in debian]
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    raise PgServerError(
        "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin"
        + (f" nor in ${ENV_BINDIR}={override}" if override else "")
        + f". Install the Debian package '{DEBIAN_PACKAGE}' (bash scripts/setup.sh does it), "
        + f"or set {ENV_URL} to an existing server's URL."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One throwaway cluster. ``start()`` returns a SQLAlchemy URL; ``stop()`` is idempotent."""

    def __init__(self, bindir: Path | None = None) -> None:
        self.bindir = bindir or find_bindir()
        self.as_root = os.geteuid() == 0
        self.root: Path | None = None
        self.port: int | None = None
        self.url: str | None = None
        self._running = False

    # -- paths --------------------------------------------------------------------------------
    @property
    def datadir(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    @property
    def sockdir(self) -> Path:
        assert self.root is not None
        return self.root / "sock"

    @property
    def logfile(self) -> Path:
        assert self.root is not None
        return self.root / "postgres.log"

    # -- running commands ---------------------------------------------------------------------
    def _server_cmd(self, *args: str) -> list[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        return ["runuser", "-u", SERVICE_USER, "--", *cmd] if self.as_root else cmd

    def _run(self, *args: str, timeout: float = 120) -> None:
        assert self.root is not None
        # Output goes to a file, not a pipe: the postmaster started by pg_ctl must not hold our pipe open.
        out = self.root / f"{args[0]}.out"
        with open(out, "wb") as fh:
            proc = subprocess.run(
                self._server_cmd(*args),
                cwd=self.root,  # a cwd the postgres user can enter
                stdin=subprocess.DEVNULL,
                stdout=fh,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
        if proc.returncode != 0:
            text = out.read_text(errors="replace")
            if self.logfile.exists():
                text += "\n--- postgres.log ---\n" + self.logfile.read_text(errors="replace")[-4000:]
            raise PgServerError(f"{' '.join(args)} failed (exit {proc.returncode}):\n{text}")

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> str:
        if self._running:
            assert self.url is not None
            return self.url
        self.root = Path(tempfile.mkdtemp(prefix="govshare-pg-"))
        atexit.register(self.stop)
        try:
            self.sockdir.mkdir()
            if self.as_root:
                try:
                    pw = pwd.getpwnam(SERVICE_USER)
                except KeyError:
                    raise PgServerError(
                        f"running as root but there is no '{SERVICE_USER}' system user to run PostgreSQL as; "
                        f"install the Debian package '{DEBIAN_PACKAGE}'"
                    ) from None
                for path in (self.root, self.sockdir):
                    os.chown(path, pw.pw_uid, pw.pw_gid)
            self._run(
                "initdb",
                "-D",
                str(self.datadir),
                "-U",
                DB_USER,
                "--auth=trust",  # test-only cluster, reachable on 127.0.0.1 and its private socket only
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            )
            self._start_on_free_port()
            self._create_database()
        except BaseException:
            self.stop()
            raise
        return self.url or ""

    def _start_on_free_port(self, attempts: int = 3) -> None:
        last: PgServerError | None = None
        for _ in range(attempts):  # retry: another process may grab the port between probe and bind
            port = free_port()
            opts = " ".join(
                [
                    "-c listen_addresses=127.0.0.1",
                    f"-c port={port}",
                    f"-k {self.sockdir}",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                ]
            )
            try:
                self._run(
                    "pg_ctl",
                    "-D",
                    str(self.datadir),
                    "-l",
                    str(self.logfile),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    opts,
                    "start",
                )
            except PgServerError as exc:
                last = exc
                continue
            self.port = port
            self._running = True
            return
        assert last is not None
        raise last

    def _create_database(self) -> None:
        assert self.port is not None
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", DB_USER, DB_NAME)
        self.url = f"postgresql+psycopg://{DB_USER}@127.0.0.1:{self.port}/{DB_NAME}"

    def stop(self) -> None:
        if self.root is None:
            return
        try:
            if self._running:
                self._running = False
                try:
                    self._run("pg_ctl", "-D", str(self.datadir), "stop", "-m", "immediate", "-w", timeout=60)
                except (PgServerError, subprocess.TimeoutExpired):
                    pass  # best effort: we are tearing down anyway
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
