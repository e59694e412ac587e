"""No secret in the repository; OPA listens on 127.0.0.1 only, with a fresh token for each server."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest

from evaluator.engine import OpaServer, build_bundle, eval_query
from evaluator.settings import PROJECT_ROOT

PATTERNS = [
    re.compile(rb"-----BEGIN (?:RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
    re.compile(rb"postgres(?:ql)?(?:\+\w+)?://[^:\s/@]+:[^@\s/]{3,}@(?!\*\*\*)"),  # a URL with a password
    re.compile(rb"(?i)\b(?:aws_secret_access_key|api[_-]?key|secret[_-]?key)\s*[:=]\s*['\"][^'\"]{12,}"),
]


def test_no_secret_is_committed() -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    hits = []
    for name in filter(None, files):
        path = PROJECT_ROOT / name.decode()
        if not path.is_file() or path.suffix in (".pdf", ".docx", ".xlsx", ".png", ".gz"):
            continue
        data = path.read_bytes()
        for p in PATTERNS:
            for m in p.finditer(data):
                line = data[: m.start()].count(b"\n") + 1
                if b"secret@127.0.0.1" in data[m.start() : m.end() + 20]:  # the closed-port test URL
                    continue
                hits.append(f"{name.decode()}:{line}")
    assert not hits, hits


def _environ(pid: int) -> dict[str, str]:
    raw = (Path("/proc") / str(pid) / "environ").read_bytes()
    return dict(x.split("=", 1) for x in raw.decode().split("\0") if x)


def test_opa_listens_on_a_private_socket_with_a_fresh_token_and_an_empty_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No TCP port (nothing another process could bind first), a random abstract Unix socket name, a
    token per server that is in neither argv nor the environment (only its SHA-256 is), and none of
    govshare's environment (database URL, remote tokens) in OPA's — which policies read via opa.runtime()."""
    monkeypatch.setenv("GOVSHARE_DATABASE_URL", "postgresql+psycopg://u:secret@127.0.0.1:1/x")
    a = OpaServer(build_bundle())
    b = OpaServer(build_bundle())
    try:
        for s in (a, b):
            args = list(s.process.args)  # type: ignore[arg-type]
            assert args[args.index("--addr") + 1] == f"unix://@{s.socket_name}"
            assert re.fullmatch(r"govshare-opa-[0-9a-f]{32}", s.socket_name)
            assert "--authentication=token" in args and "--authorization=basic" in args
            assert s.token not in " ".join(args)
            env = _environ(s.process.pid)
            assert env == {
                "GOVSHARE_OPA_TOKEN_SHA256": hashlib.sha256(s.token.encode()).hexdigest(),
                "GOMEMLIMIT": "768MiB",  # Go's soft memory limit (settings.DEFAULT_OPA_MEMORY_LIMIT_MIB)
                "GOGC": "off",  # under the limit Go collects only near it (decision 0036)
            }
            tcp = Path("/proc/net/tcp").read_text() + Path("/proc/net/tcp6").read_text()
            inodes = {
                os.readlink(f"/proc/{s.process.pid}/fd/{fd}")[8:-1]
                for fd in os.listdir(f"/proc/{s.process.pid}/fd")
                if os.readlink(f"/proc/{s.process.pid}/fd/{fd}").startswith("socket:")
            }
            listening = {ln.split()[9] for ln in tcp.splitlines()[1:] if ln.split()[3] == "0A"}
            assert not inodes & listening  # OPA listens on no TCP port
        assert a.token != b.token and a.socket_name != b.socket_name
    finally:
        a.stop()
        b.stop()


def test_a_policy_reads_no_environment() -> None:
    """``opa eval`` (the calendar, a draft) runs with an empty environment as well."""
    os.environ["GOVSHARE_PROBE_SECRET"] = "do-not-leak"
    try:
        assert eval_query("opa.runtime().env") == {}
    finally:
        del os.environ["GOVSHARE_PROBE_SECRET"]


@pytest.mark.parametrize(("setting", "limit"), [("700", "700MiB"), ("0", None)])
def test_the_opa_memory_limit_is_the_setting(
    monkeypatch: pytest.MonkeyPatch, setting: str, limit: str | None
) -> None:
    """GOVSHARE_OPA_MEMORY_LIMIT (MiB) is Go's GOMEMLIMIT of the server, with GOGC=off (Go collects only
    near the limit, decision 0036); 0 sets neither: without a limit GOGC=off would never collect (issue 20
    items 1, 4)."""
    monkeypatch.setenv("GOVSHARE_OPA_MEMORY_LIMIT", setting)
    s = OpaServer(build_bundle())
    try:
        assert _environ(s.process.pid).get("GOMEMLIMIT") == limit
        assert _environ(s.process.pid).get("GOGC") == ("off" if limit else None)
        assert set(_environ(s.process.pid)) == {"GOVSHARE_OPA_TOKEN_SHA256"} | (
            {"GOMEMLIMIT", "GOGC"} if limit else set()
        )
    finally:
        s.stop()
