"""The one door to OPA: the policy bundle, the OPA server process and every query.

The evaluator builds ``policies/`` into a bundle whose revision is its content hash, starts
``bin/opa run --server`` on 127.0.0.1 on a free port with that bundle, talks to it with
opa-python-client and stops it. An error, a timeout, a refused connection or an undefined decision
raises :class:`OpaError`: it is never read as "no findings".

opa-python-client's defaults (1.5 s timeout, 2 retries) are replaced on purpose: the timeout is
``GOVSHARE_OPA_TIMEOUT`` seconds (default 300) and the client never retries by itself — a retry is
a decision of the caller (docs/decisions/0002-data-to-opa.md).
"""

from __future__ import annotations

import functools
import hashlib
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import requests
from opa_client.opa import OpaClient

PROJECT_ROOT = Path(__file__).resolve().parent.parent
OPA_VERSION = "1.22.3"


class OpaError(Exception):
    """OPA could not give a decision. The message is Chinese first, English beside."""


def policies_dir() -> Path:
    return Path(os.environ.get("GOVSHARE_POLICIES", PROJECT_ROOT / "policies"))


def opa_binary() -> Path:
    path = Path(os.environ.get("GOVSHARE_OPA", PROJECT_ROOT / "bin" / "opa"))
    if not path.is_file() or not os.access(path, os.X_OK):
        raise OpaError(
            f"找不到 OPA 可执行文件 {path}；请运行 scripts/setup.sh 构建 OPA v{OPA_VERSION} / "
            f"OPA binary not found at {path}: run scripts/setup.sh to build OPA v{OPA_VERSION}"
        )
    return path


@functools.cache
def opa_version(binary: Path | None = None) -> str:
    binary = binary or opa_binary()
    out = _run([str(binary), "version"]).stdout
    for line in out.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    raise OpaError(f"无法识别 OPA 版本 / cannot read OPA version: {out!r}")


def _run(cmd: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise OpaError(f"OPA 命令执行失败 / OPA command failed: {' '.join(cmd[:3])}: {e}") from e
    if proc.returncode != 0:
        raise OpaError(
            f"OPA 命令出错 / OPA command failed ({' '.join(cmd[:3])}): {proc.stderr.strip() or proc.stdout.strip()}"
        )
    return proc


def _bundle_files(root: Path) -> list[Path]:
    """The files OPA puts in a bundle: .rego (tests excluded) and data.json / data.yaml."""
    files = []
    for f in sorted(root.rglob("*")):
        if not f.is_file():
            continue
        if f.suffix == ".rego" and not f.name.endswith("_test.rego"):
            files.append(f)
        elif f.name in ("data.json", "data.yaml"):
            files.append(f)
    return files


def policy_hash(root: Path | None = None) -> str:
    """Content hash of the policy bundle: paths and bytes of every file that goes into it."""
    root = root or policies_dir()
    h = hashlib.sha256()
    for f in _bundle_files(root):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@dataclass(frozen=True)
class Bundle:
    path: Path
    revision: str  # the content hash
    root: Path


def build_bundle(root: Path | None = None, cache_dir: Path | None = None) -> Bundle:
    """Build (or reuse) the bundle tarball for the policies in ``root``, revision = content hash."""
    root = (root or policies_dir()).resolve()
    revision = policy_hash(root)
    cache_dir = cache_dir or Path(os.environ.get("GOVSHARE_BUILD_DIR", PROJECT_ROOT / "build")) / "bundles"
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / f"{revision}.tar.gz"
    if not target.exists():
        tmp = target.with_suffix(f".{secrets.token_hex(4)}.tmp")
        _run(
            [
                str(opa_binary()),
                "build",
                "--bundle",
                str(root),
                "--ignore",
                "*_test.rego",
                "--revision",
                revision,
                "--output",
                str(tmp),
            ]
        )
        tmp.replace(target)
    return Bundle(target, revision, root)


def rule_catalog(bundle: Bundle) -> dict[str, dict[str, Any]]:
    """Every rule's annotations, from ``opa inspect -a``, keyed by rule id (``custom.id``)."""
    cache = bundle.path.with_suffix("").with_suffix(".catalog.json")
    if cache.exists():
        return dict(json.loads(cache.read_text("utf-8")))
    out = _run([str(opa_binary()), "inspect", "--annotations", "--format", "json", str(bundle.path)]).stdout
    data = json.loads(out)
    catalog: dict[str, dict[str, Any]] = {}
    for ann in data.get("annotations", []) or []:
        custom = ann.get("annotations", {}).get("custom") or {}
        rid = custom.get("id")
        if not rid or ann.get("annotations", {}).get("scope") != "package":
            continue
        path = ".".join(str(p.get("value")) for p in ann.get("path", [])[1:])
        if rid in catalog:
            raise OpaError(f"规则编号重复 / duplicate rule id {rid} in {path} and {catalog[rid]['package']}")
        a = ann["annotations"]
        catalog[rid] = {
            "id": rid,
            "package": path,
            "title": a.get("title", ""),
            "description": a.get("description", ""),
            "related_resources": a.get("related_resources", []),
            **{k: v for k, v in custom.items() if k != "id"},
        }
    tmp = cache.with_suffix(f".{secrets.token_hex(4)}.tmp")
    tmp.write_text(json.dumps(catalog, ensure_ascii=False, sort_keys=True), "utf-8")
    tmp.replace(cache)
    return catalog


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _timeout() -> float:
    return float(os.environ.get("GOVSHARE_OPA_TIMEOUT", "300"))


class OpaServer:
    """A running ``opa run --server`` with one bundle, on 127.0.0.1, token-authenticated."""

    def __init__(self, bundle: Bundle, startup_timeout: float = 30.0) -> None:
        self.bundle = bundle
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
        # policies/rego/system/authz serves only requests bearing this token (opa.runtime().env).
        env = {**os.environ, "GOVSHARE_OPA_TOKEN": self.token}
        try:
            self.process = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, env=env)
        except OSError as e:
            raise OpaError(f"无法启动 OPA / cannot start OPA: {e}") from e
        self.client = OpaClient(
            host="127.0.0.1", port=self.port, token=self.token, timeout=_timeout(), retries=0
        )
        self._wait_ready(startup_timeout)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                log = self._log.read().decode("utf-8", "replace")[-2000:]
                self.stop()
                raise OpaError(f"OPA 启动失败 / OPA exited at start-up: {log}")
            try:
                r = self.client._session.get(f"{self.url}/health?bundles=true", timeout=2)
                if r.status_code == 200:
                    self._check_revision()
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.stop()
        raise OpaError(f"OPA 在 {timeout} 秒内未就绪 / OPA not ready within {timeout}s")

    def _check_revision(self) -> None:
        got = self.query("data.system.bundles")
        revisions = {b.get("manifest", {}).get("revision") for b in (got or {}).values()}
        if self.bundle.revision not in revisions:
            raise OpaError(
                f"OPA 加载的策略包版本不符 / OPA loaded bundle revision {revisions}, expected {self.bundle.revision}"
            )

    def query(self, ref: str, input_data: Any = None) -> Any:
        """Evaluate ``data.<path>`` and return its value; undefined or any failure raises OpaError."""
        path = ref.removeprefix("data.").replace(".", "/")
        body = orjson.dumps({"input": input_data} if input_data is not None else {})
        try:
            # opa-python-client's session carries the token header and our retry/timeout settings;
            # the body is serialised with orjson, which is several times faster for large inputs.
            resp = self.client._session.post(
                f"{self.client.root_url}/data/{path}",
                data=body,
                headers={"Content-Type": "application/json"},
                timeout=self.client.timeout,
            )
        except requests.Timeout as e:
            raise OpaError(f"OPA 未在 {self.client.timeout} 秒内应答 / OPA did not answer in time") from e
        except requests.RequestException as e:
            raise OpaError(f"OPA 无应答或连接中断 / OPA did not answer: {e}") from e
        if resp.status_code != 200:
            raise OpaError(f"OPA 返回错误 {resp.status_code} / OPA error: {resp.text[:2000]}")
        doc = orjson.loads(resp.content)
        if "result" not in doc:
            raise OpaError(f"决策 {ref} 未定义（规则缺失或出错）/ decision {ref} is undefined")
        return doc["result"]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()
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
        out = _run([*cmd, query]).stdout
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    doc = json.loads(out)
    results = doc.get("result") or []
    if not results or not results[0].get("expressions"):
        raise OpaError(f"查询 {query} 无定义 / query {query} is undefined")
    return results[0]["expressions"][0]["value"]
