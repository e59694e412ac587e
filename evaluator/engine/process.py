"""The evaluator's own OPA: ``bin/opa run --server`` with one bundle on a private Unix socket, proven to
be govshare's child on every connection, token-authenticated, stopped after use (and killed with
govshare); and one-shot ``opa eval`` (no server). See docs/decisions/0019-trust-and-integrity.md."""

from __future__ import annotations

import hashlib
import json
import secrets
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
import requests
from opa_client.opa import OpaClient

from evaluator import settings
from evaluator.engine import child, transport
from evaluator.engine.binary import opa_binary, run
from evaluator.engine.bundle import Bundle, build_bundle
from evaluator.engine.client import OpaEndpoint
from evaluator.engine.signing import SIGNATURE_FAILURES, signature_refused
from evaluator.engine.verified import verification_flags, verified_copy
from evaluator.errors import OpaError, UndefinedQuery


class OpaServer(OpaEndpoint):
    """A running ``opa run --server`` with one bundle, reachable only by govshare and proven to be its child.

    It listens on a Unix socket with a random name in the abstract namespace; every connection checks that
    the listening process is this child and that it still runs (:mod:`evaluator.engine.transport`), so an
    impostor never receives the token or the input. Requests also need the per-server token, whose SHA-256
    is the only thing in the child's environment (policies/rego/system/authz); the policy API refuses
    writes. The child dies with govshare (:mod:`evaluator.engine.child`); nothing is left on disk.

    opa-python-client's defaults (1.5 s timeout, 2 retries) are replaced on purpose: the timeout is
    ``GOVSHARE_OPA_TIMEOUT`` seconds (default 300) and the client never retries by itself."""

    def __init__(self, bundle: Bundle, startup_timeout: float = 30.0) -> None:
        self.token = secrets.token_urlsafe(24)
        self.socket_name = f"govshare-opa-{secrets.token_hex(16)}"
        self._impostor: int | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop(); no name, nothing left behind
        cmd = [
            str(opa_binary()),
            "run",
            "--server",
            "--addr",
            f"unix://@{self.socket_name}",
            "--authentication=token",
            "--authorization=basic",
            "--log-level",
            "error",
            "--bundle",
            str(bundle.path),
        ]
        cmd += verification_flags(bundle)  # OPA refuses a bundle whose files differ from the signature
        # what system.authz compares the bearer token with, and Go's soft memory limit (settings: without
        # it the heap grows to twice what is live — the county data — before each collection). Under the
        # limit Go collects only as the heap nears it (GOGC=off): GOGC's default also collected whenever the
        # heap doubled what is live, 14-18 % of a server's CPU in partition requests (decision 0036); without
        # a limit GOGC stays Go's default (off alone would never collect)
        env = {"GOVSHARE_OPA_TOKEN_SHA256": hashlib.sha256(self.token.encode()).hexdigest()}
        if settings.opa_memory_limit_mib():
            env["GOMEMLIMIT"] = f"{settings.opa_memory_limit_mib()}MiB"
            env["GOGC"] = "off"
        try:
            self.process = child.spawn(cmd, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        except OSError as e:
            self._log.close()
            raise OpaError(f"无法启动 OPA / cannot start OPA: {e}") from e
        self.client = OpaClient(
            host=transport.HOST, port=80, token=self.token, timeout=settings.opa_timeout(), retries=0
        )
        self.client._session.close()
        session = transport.unix_session("\0" + self.socket_name, self._check_peer)
        session.headers.update(self.client.headers or {})
        self.client._session = session
        super().__init__(f"http://{transport.HOST}", self.token, bundle, session=session)
        self._wait_ready(startup_timeout)

    def _check_peer(self, pid: int) -> None:
        if self.process.poll() is not None:
            raise transport.PeerError(f"OPA (pid {self.process.pid}) has exited")
        if pid != self.process.pid:
            self._impostor = pid
            raise transport.PeerError(f"the socket is held by pid {pid}, not by OPA pid {self.process.pid}")

    def _impostor_error(self) -> OpaError:
        return OpaError(
            f"评价程序连接到的服务不是它启动的 OPA（监听进程 {self._impostor}，应为 {self.process.pid}），"
            "已拒绝连接：未发送令牌与输入，评价未进行 / the server behind the socket is not the OPA govshare "
            "started: refused, no token or input sent"
        )

    def _call(self, method: str, url: str, body: bytes | None = None, name: str | None = None) -> Any:
        """Every request: refused if the child has exited or an impostor holds the socket."""
        if self.process.poll() is not None:
            raise OpaError(
                f"OPA 进程（pid {self.process.pid}）已退出（退出码 {self.process.returncode}），评价中止 / "
                "OPA has exited: evaluation stopped"
            )
        try:
            return super()._call(method, url, body, name)
        except OpaError as e:
            if self._impostor is not None:
                raise self._impostor_error() from e
            raise

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log()
                self._probe()
                self.stop()
                if self._impostor is not None:
                    raise self._impostor_error()
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
                if self._impostor is not None:
                    self.stop()
                    raise self._impostor_error() from None
            time.sleep(0.05)
        self.stop()
        raise OpaError(f"OPA 在 {timeout} 秒内未就绪 / OPA not ready within {timeout}s")

    def _probe(self) -> None:
        """After the child died at start-up: is someone else holding its socket (bound it first)?"""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            try:
                sock.connect("\0" + self.socket_name)
            except OSError:
                return
            self._impostor = transport.peer_pid(sock)

    def log(self) -> str:
        """The last lines OPA wrote (start-up errors)."""
        try:
            self._log.seek(0)
            return self._log.read().decode("utf-8", "replace")[-2000:]
        except (OSError, ValueError):
            return ""

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


@contextmanager
def opa_server(bundle: Bundle | None = None) -> Iterator[OpaServer]:
    server = OpaServer(bundle or build_bundle())
    try:
        yield server
    finally:
        server.stop()


def eval_query(query: str, input_data: Any = None, bundle: Bundle | None = None) -> Any:
    """Evaluate one Rego expression on the policies with ``opa eval`` (no server), e.g.
    ``eval_query('data.lib.calendar.due("2025-09-30", 5)')``. Undefined or any failure raises OpaError.

    ``opa eval`` has no signature check: it reads :func:`evaluator.engine.verified.verified_copy`, so a
    bundle edited after adoption, or stripped of its signature, is refused (OpaError) as the server
    refuses it."""
    bundle = bundle or build_bundle()
    body: bytes | None = None
    if input_data is not None:  # on stdin: no temporary file to leave behind
        body = orjson.dumps(input_data)
    with verified_copy(bundle) as (path, fds):
        out = run([*_eval(path, body), query], input=body, pass_fds=fds).stdout
    doc = json.loads(out)
    results = doc.get("result") or []
    if not results or not results[0].get("expressions"):
        raise UndefinedQuery(f"查询 {query} 无定义 / query {query} is undefined")
    return results[0]["expressions"][0]["value"]


def _eval(bundle_path: str, body: bytes | None) -> list[str]:
    cmd = [str(opa_binary()), "eval", "--format", "json", "--bundle", bundle_path]
    return [*cmd, "--stdin-input"] if body is not None else cmd
