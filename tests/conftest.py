from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.pgserver import ENV_URL, PgServer, PgServerError


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """SQLAlchemy URL (``postgresql+psycopg://…``) of a throwaway PostgreSQL database.

    Uses $GOVSHARE_TEST_PG_URL when set (and starts nothing); otherwise starts a private server from
    Debian's PostgreSQL binaries on 127.0.0.1 for the whole session and removes it afterwards.
    Missing binaries are an error, not a skip.
    """
    existing = os.environ.get(ENV_URL)
    if existing:
        yield existing
        return
    server: PgServer | None = None
    try:
        server = PgServer()
        url = server.start()
    except PgServerError as exc:
        error = str(exc)
    else:
        error = ""
    if server is None or error:
        # pytest.fail outside the except block, so the report shows the message, not a traceback chain.
        pytest.fail(f"throwaway PostgreSQL server: {error}", pytrace=False)
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _notice_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notices are issued with the authority's own settings, not the shipped examples (which refuse)."""
    from pathlib import Path

    monkeypatch.setenv(
        "GOVSHARE_NOTICE_SETTINGS", str(Path(__file__).parent / "support" / "notice_settings.yaml")
    )
