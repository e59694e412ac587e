"""No secret in the repository; OPA listens on 127.0.0.1 only, with a fresh token for each server."""

from __future__ import annotations

import re
import subprocess

from evaluator.engine import OpaServer, build_bundle
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


def test_opa_listens_on_loopback_with_a_fresh_token() -> None:
    a = OpaServer(build_bundle())
    b = OpaServer(build_bundle())
    try:
        for s in (a, b):
            args = list(s.process.args)  # type: ignore[arg-type]
            assert args[args.index("--addr") + 1] == f"127.0.0.1:{s.port}"
            assert "--authentication=token" in args and "--authorization=basic" in args
            assert s.token not in " ".join(args)  # the token travels in the environment, not argv
        assert a.token != b.token
    finally:
        a.stop()
        b.stop()
