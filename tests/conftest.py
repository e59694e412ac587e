from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture
def adopted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the policies signed by a fresh authority key (``policy keygen`` + ``policy adopt``) and in
    force for this test: its own data and build directories, the public key configured, no database URL,
    no remote OPA, no signature requirement from the environment."""
    import shutil

    from typer.testing import CliRunner

    from evaluator.cli.main import app
    from evaluator.settings import PROJECT_ROOT

    runner = CliRunner()
    pol = tmp_path / "policies"
    shutil.copytree(PROJECT_ROOT / "policies", pol, ignore=shutil.ignore_patterns("adoption.json"))
    monkeypatch.setenv("GOVSHARE_POLICIES", str(pol))
    monkeypatch.setenv("GOVSHARE_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    for name in ("GOVSHARE_DATABASE_URL", "GOVSHARE_OPA_URLS", "GOVSHARE_REQUIRE_SIGNED"):
        monkeypatch.delenv(name, raising=False)
    keys = tmp_path / "authority"
    res = runner.invoke(
        app, ["policy", "keygen", "--private", str(keys / "priv.pem"), "--public", str(keys / "pub.pem")]
    )
    assert res.exit_code == 0, res.output
    assert (keys / "priv.pem").stat().st_mode & 0o077 == 0  # private key readable by its owner only
    monkeypatch.setenv("GOVSHARE_POLICY_PUBKEY", str(keys / "pub.pem"))
    res = runner.invoke(app, ["policy", "adopt", "--key", str(keys / "priv.pem"), "--by", "王局长"])
    assert res.exit_code == 0, res.output
    return pol


@pytest.fixture(scope="module")
def opa_server() -> Iterator[object]:
    """One OPA server with the built bundle for a test module (started by govshare, stopped after)."""
    from evaluator.engine import OpaServer, build_bundle

    srv = OpaServer(build_bundle())
    try:
        yield srv
    finally:
        srv.stop()
