"""The evaluator's own OPA: ``bin/opa run --server`` with one bundle on 127.0.0.1 on a free port,
token-authenticated, stopped after use; and one-shot ``opa eval`` (no server)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import requests
from opa_client.opa import OpaClient

from evaluator import settings
from evaluator.engine.binary import opa_binary, run
from evaluator.engine.bundle import Bundle, build_bundle
from evaluator.engine.client import OpaEndpoint
from evaluator.engine.signing import SIGNATURE_FAILURES, signature_refused
from evaluator.errors import OpaError


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class OpaServer(OpaEndpoint):
    """A running ``opa run --server`` with one bundle, on 127.0.0.1, token-authenticated.

    opa-python-client's defaults (1.5 s timeout, 2 retries) are replaced on purpose: the timeout is
    ``GOVSHARE_OPA_TIMEOUT`` seconds (default 300) and the client never retries by itself."""

    def __init__(self, bundle: Bundle, startup_timeout: float = 30.0) -> None:
        self.port = _free_port()
        self.token = secrets.token_urlsafe(24)
        self._dir = Path(tempfile.mkdtemp(prefix="govshare-opa-"))
        self._log = open(self._dir / "opa.log", "w+b")  # noqa: SIM115 - closed in stop()
        cmd = [
            str(opa_binary()),
            "run",
            "--server",
            "--addr",
            f"127.0.0.1:{self.port}",
            "--authentication=token",
            "--authorization=basic",
            "--log-level",
            "error",
            "--bundle",
            str(bundle.path),
        ]
        if bundle.verification_key is not None:
            # OPA refuses to load the bundle unless every file matches the authority's signature
            cmd += [
                "--verification-key",
                str(bundle.verification_key),
                "--verification-key-id",
                str(bundle.key_id),
                "--signing-alg",
                str(bundle.algorithm or "RS256"),
            ]
        # policies/rego/system/authz serves only requests bearing this token (opa.runtime().env).
        env = {**os.environ, "GOVSHARE_OPA_TOKEN": self.token}
        try:
            self.process = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, env=env)
        except OSError as e:
            raise OpaError(f"无法启动 OPA / cannot start OPA: {e}") from e
        self.client = OpaClient(
            host="127.0.0.1", port=self.port, token=self.token, timeout=settings.opa_timeout(), retries=0
        )
        super().__init__(f"http://127.0.0.1:{self.port}", self.token, bundle, session=self.client._session)
        self._wait_ready(startup_timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                log = self._log.read().decode("utf-8", "replace")[-2000:]
                self.stop()
                b = self.bundle
                if b.verification_key is not None and any(m in log for m in SIGNATURE_FAILURES):
                    raise OpaError(signature_refused(b.revision, b.adopted_revision, b.key_id, log))
                raise OpaError(f"OPA 启动失败 / OPA exited at start-up: {log}")
            try:
                r = self._session.get(f"{self.url}/health?bundles=true", timeout=2)
                if r.status_code == 200:
                    self.check()
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.stop()
        raise OpaError(f"OPA 在 {timeout} 秒内未就绪 / OPA not ready within {timeout}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()
        self._session.close()
        shutil.rmtree(self._dir, ignore_errors=True)


@contextmanager
def opa_server(bundle: Bundle | None = None) -> Iterator[OpaServer]:
    server = OpaServer(bundle or build_bundle())
    try:
        yield server
    finally:
        server.stop()


def eval_query(query: str, input_data: Any = None, bundle: Bundle | None = None) -> Any:
    """Evaluate one Rego expression on the policies with ``opa eval`` (no server), e.g.
    ``eval_query('data.lib.calendar.due("2025-09-30", 5)')``. Undefined or any failure raises OpaError."""
    bundle = bundle or build_bundle()
    cmd = [str(opa_binary()), "eval", "--format", "json", "--bundle", str(bundle.path)]
    tmp: Path | None = None
    if input_data is not None:
        fd, name = tempfile.mkstemp(prefix="govshare-input-", suffix=".json")
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(orjson.dumps(input_data))
        cmd += ["--input", str(tmp)]
    try:
        out = run([*cmd, query]).stdout
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    doc = json.loads(out)
    results = doc.get("result") or []
    if not results or not results[0].get("expressions"):
        raise OpaError(f"查询 {query} 无定义 / query {query} is undefined")
    return results[0]["expressions"][0]["value"]
