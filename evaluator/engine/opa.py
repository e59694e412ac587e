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

PROJECT_ROOT = Path(__file__).resolve().parents[2]
OPA_VERSION = "1.22.3"


class OpaError(Exception):
    """OPA could not give a decision. The message is Chinese first, English beside."""


def policies_dir() -> Path:
    """The policy tree in force: the shipped policies plus the authority's files (engine/overlay.py)."""
    from evaluator.engine import overlay

    try:
        return overlay.effective_policies_dir()
    except overlay.AuthorityFileError as e:
        raise OpaError(str(e)) from e


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


def _run(cmd: list[str], timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=cwd)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise OpaError(f"OPA 命令执行失败 / OPA command failed: {' '.join(cmd[:3])}: {e}") from e
    if proc.returncode != 0:
        raise OpaError(
            f"OPA 命令出错 / OPA command failed ({' '.join(cmd[:3])}): {proc.stderr.strip() or proc.stdout.strip()}"
        )
    return proc


def _bundle_files(root: Path) -> list[Path]:
    """The files OPA puts in a bundle: .rego (tests excluded), data.json / data.yaml and the .manifest
    (its roots leave ``data.county_data`` outside the bundle, writable through the Data API)."""
    files = []
    for f in sorted(root.rglob("*")):
        if not f.is_file():
            continue
        if f.suffix == ".rego" and not f.name.endswith("_test.rego"):
            files.append(f)
        elif f.name in ("data.json", "data.yaml") or f.relative_to(root).as_posix() == ".manifest":
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
    # Set when the authority's signature (policies/adoption.json) is verified by OPA at load time:
    # the public key OPA checks it with, its key id and the adoption record (see adopt_policies).
    verification_key: Path | None = None
    key_id: str | None = None
    signature_sha256: str | None = None
    adopted_at: str | None = None
    adopted_by: str | None = None
    adopted_revision: str | None = None
    algorithm: str | None = None

    def signature_record(self) -> dict[str, Any]:
        """What a run records about the policy set it ran: signed or not, by which key, which bundle."""
        return {
            "signed": self.verification_key is not None,
            "key_id": self.key_id,
            "bundle_hash": self.revision,
            "signature_sha256": self.signature_sha256,
            "adopted_at": self.adopted_at,
            "adopted_by": self.adopted_by,
        }


def build_bundle(root: Path | None = None, cache_dir: Path | None = None) -> Bundle:
    """Build (or reuse) the bundle tarball for the policies in ``root``, revision = content hash."""
    root = (root or policies_dir()).resolve()
    revision = policy_hash(root)
    cache_dir = cache_dir or Path(os.environ.get("GOVSHARE_BUILD_DIR", PROJECT_ROOT / "build")) / "bundles"
    cache_dir.mkdir(parents=True, exist_ok=True)
    signed = _signed_bundle(root, revision, cache_dir)
    if signed is not None:
        return signed
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
                if self.bundle.verification_key is not None and any(m in log for m in _SIGNATURE_FAILURES):
                    raise OpaError(_signature_refused(self.bundle, log))
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
        return _post(self.client._session, self.client.root_url, self.client.timeout, ref, input_data)

    def query_raw(self, ref: str, body: bytes) -> Any:
        """As :meth:`query`, with the request body ``{"input": ...}`` already serialised."""
        return _post(self.client._session, self.client.root_url, self.client.timeout, ref, None, body)

    def put_data(self, path: str, body: bytes) -> None:
        """``PUT /v1/data/<path>`` (Data API): a document outside the bundle's roots; failure raises OpaError."""
        _put(self.client._session, self.client.root_url, self.client.timeout, path, body)

    def get_data(self, path: str) -> Any:
        """``GET /v1/data/<path>``: the value, or None when undefined; failure raises OpaError."""
        return _get(self.client._session, self.client.root_url, self.client.timeout, path)

    def delete_data(self, path: str) -> None:
        _delete(self.client._session, self.client.root_url, self.client.timeout, path)

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


def _post(
    session: requests.Session,
    root_url: str,
    timeout: float,
    ref: str,
    input_data: Any,
    body: bytes | None = None,
) -> Any:
    path = ref.removeprefix("data.").replace(".", "/")
    if body is None:
        body = orjson.dumps({"input": input_data} if input_data is not None else {})
    try:
        # the session carries the token header; the body is serialised with orjson, which is several
        # times faster than json for large inputs.
        resp = session.post(
            f"{root_url}/data/{path}",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=timeout,
        )
    except requests.Timeout as e:
        raise OpaError(f"OPA {root_url} 未在 {timeout} 秒内应答 / OPA did not answer in time") from e
    except requests.RequestException as e:
        raise OpaError(f"OPA {root_url} 无应答或连接中断 / OPA did not answer: {e}") from e
    if resp.status_code != 200:
        raise OpaError(f"OPA {root_url} 返回错误 {resp.status_code} / OPA error: {resp.text[:2000]}")
    doc = orjson.loads(resp.content)
    if "result" not in doc:
        raise OpaError(f"决策 {ref} 未定义（规则缺失或出错）/ decision {ref} is undefined")
    return doc["result"]


def _data_call(
    session: requests.Session, method: str, url: str, timeout: float, body: bytes | None = None
) -> Any:
    try:
        resp = session.request(
            method, url, data=body, headers={"Content-Type": "application/json"}, timeout=timeout
        )
    except requests.Timeout as e:
        raise OpaError(f"OPA {url} 未在 {timeout} 秒内应答 / OPA did not answer in time") from e
    except requests.RequestException as e:
        raise OpaError(f"OPA {url} 无应答或连接中断 / OPA did not answer: {e}") from e
    return resp


def _put(session: requests.Session, root_url: str, timeout: float, path: str, body: bytes) -> None:
    resp = _data_call(session, "PUT", f"{root_url}/data/{path}", timeout, body)
    if resp.status_code != 204:
        raise OpaError(
            f"向 OPA 写入数据 {path} 失败 {resp.status_code} / OPA refused the data PUT: {resp.text[:2000]}"
        )


def _get(session: requests.Session, root_url: str, timeout: float, path: str) -> Any:
    resp = _data_call(session, "GET", f"{root_url}/data/{path}", timeout)
    if resp.status_code != 200:
        raise OpaError(f"OPA {root_url} 返回错误 {resp.status_code} / OPA error: {resp.text[:2000]}")
    return orjson.loads(resp.content).get("result")


def _delete(session: requests.Session, root_url: str, timeout: float, path: str) -> None:
    resp = _data_call(session, "DELETE", f"{root_url}/data/{path}", timeout)
    if resp.status_code not in (204, 404):
        raise OpaError(f"OPA {root_url} 删除数据失败 {resp.status_code} / OPA error: {resp.text[:2000]}")


class OpaEndpoint:
    """An OPA server that someone else runs (another host): its URL and bearer token.

    It must serve the same bundle revision as the evaluator's; :meth:`check` verifies it, and every
    failure raises :class:`OpaError`, exactly as for the evaluator's own :class:`OpaServer`."""

    def __init__(self, url: str, token: str | None, bundle: Bundle) -> None:
        self.url = url.rstrip("/")
        self.bundle = bundle
        self._session = requests.Session()
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"
        self._timeout = _timeout()

    def query(self, ref: str, input_data: Any = None) -> Any:
        return _post(self._session, f"{self.url}/v1", self._timeout, ref, input_data)

    def query_raw(self, ref: str, body: bytes) -> Any:
        return _post(self._session, f"{self.url}/v1", self._timeout, ref, None, body)

    def put_data(self, path: str, body: bytes) -> None:
        _put(self._session, f"{self.url}/v1", self._timeout, path, body)

    def get_data(self, path: str) -> Any:
        return _get(self._session, f"{self.url}/v1", self._timeout, path)

    def delete_data(self, path: str) -> None:
        _delete(self._session, f"{self.url}/v1", self._timeout, path)

    def check(self) -> None:
        got = self.query("data.system.bundles")
        revisions = {b.get("manifest", {}).get("revision") for b in (got or {}).values()}
        if self.bundle.revision not in revisions:
            raise OpaError(
                f"OPA {self.url} 加载的策略包版本不符 / OPA loaded bundle revision {revisions}, "
                f"expected {self.bundle.revision}"
            )

    def stop(self) -> None:
        self._session.close()


def endpoints_from_env(bundle: Bundle) -> list[OpaEndpoint]:
    """OPA servers named in ``GOVSHARE_OPA_URLS`` (comma-separated), token ``GOVSHARE_OPA_TOKEN``;
    empty when unset (the evaluator then starts its own OPA). Each is checked for the bundle revision."""
    urls = [u.strip() for u in os.environ.get("GOVSHARE_OPA_URLS", "").split(",") if u.strip()]
    token = os.environ.get("GOVSHARE_OPA_TOKEN") or None
    out = [OpaEndpoint(u, token, bundle) for u in urls]
    for e in out:
        e.check()
    return out


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


# ---------------------------------------------------------------------------------------------
# Signed policy bundles: the authority adopts a policy set by signing it (docs: SECURITY.md)
#
# ``govshare policy adopt --key PRIVATE.pem`` runs ``opa build --signing-key`` on the policies (tests
# excluded, revision = content hash) and keeps the bundle's ``.signatures.json`` (a JWT listing the
# SHA-256 of every file) in ``policies/adoption.json``. When a public key is configured
# (``GOVSHARE_POLICY_PUBKEY``, else ``keys/authority.pub.pem`` if present), the evaluator rebuilds the
# bundle the same way, puts that signature in it and starts OPA with ``--verification-key``: OPA
# refuses to load a bundle in which any rule or parameter differs from what was signed. Without a
# public key or without an adoption the policies are unsigned working policies: they evaluate, the run
# records ``signed: false``, and ``GOVSHARE_REQUIRE_SIGNED=1`` refuses them.

ADOPTION_FILE = "adoption.json"
_SIGNATURE_FAILURES = ("digest mismatch", "verify", "signature", "verification")
_RSA_OID = bytes.fromhex("2a864886f70d010101")
_EC_OID = bytes.fromhex("2a8648ce3d0201")


def adoption_path(root: Path | None = None) -> Path:
    return (root or policies_dir()) / ADOPTION_FILE


def default_public_key() -> Path:
    return PROJECT_ROOT / "keys" / "authority.pub.pem"


def public_key_path() -> Path | None:
    """The authority's public key: ``GOVSHARE_POLICY_PUBKEY`` (must exist), else keys/authority.pub.pem."""
    env = os.environ.get("GOVSHARE_POLICY_PUBKEY")
    if env:
        path = Path(env)
        if not path.is_file():
            raise OpaError(
                f"GOVSHARE_POLICY_PUBKEY 指向的公钥 {path} 不存在 / the configured public key {path} does not exist"
            )
        return path
    default = default_public_key()
    return default if default.is_file() else None


def require_signed() -> bool:
    return os.environ.get("GOVSHARE_REQUIRE_SIGNED", "").strip().lower() in ("1", "true", "yes", "on")


def _pem_der(pem: bytes) -> bytes:
    import base64

    lines = [ln.strip() for ln in pem.decode("ascii", "replace").splitlines()]
    body = [ln for ln in lines if ln and not ln.startswith("-----")]
    try:
        return base64.b64decode("".join(body), validate=True)
    except ValueError as e:
        raise OpaError(f"公钥文件不是 PEM 格式 / not a PEM public key: {e}") from e


def key_id(public_pem: bytes) -> str:
    """Key id: the first 16 hex digits of the SHA-256 of the public key (DER SubjectPublicKeyInfo)."""
    return hashlib.sha256(_pem_der(public_pem)).hexdigest()[:16]


def _algorithm(public_pem: bytes) -> str:
    der = _pem_der(public_pem)
    if _RSA_OID in der:
        return "RS256"
    if _EC_OID in der:
        return "ES256"
    raise OpaError("只支持 RSA 或 EC P-256 密钥 / only RSA or EC P-256 keys are supported")


def _openssl(args: list[str]) -> bytes:
    exe = shutil.which("openssl")
    if exe is None:
        raise OpaError("找不到 openssl，无法生成或读取密钥 / openssl not found")
    proc = subprocess.run([exe, *args], capture_output=True, check=False, timeout=60)
    if proc.returncode != 0:
        raise OpaError(f"openssl 出错 / openssl failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout


def keygen(private: Path, public: Path) -> str:
    """Generate the authority's EC P-256 key pair; the private key must live outside the repository.
    Returns the key id."""
    private, public = private.resolve(), public.resolve()
    if private.is_relative_to(PROJECT_ROOT) or private.is_relative_to(policies_dir().resolve()):
        raise OpaError(
            f"私钥不得保存在代码库内（{private}）；请指定库外路径并妥善保管 / "
            "the private key must be kept outside the repository"
        )
    for p in (private, public):
        if p.exists():
            raise OpaError(f"{p} 已存在，不覆盖 / {p} exists, not overwritten")
    pem = _openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
    private.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    pub = _openssl(["pkey", "-in", str(private), "-pubout"])
    public.parent.mkdir(parents=True, exist_ok=True)
    public.write_bytes(pub)
    return key_id(pub)


def _plain_build(root: Path, revision: str, output: Path, extra: list[str] | None = None) -> None:
    """``opa build`` run inside ``root`` so that file names in the bundle do not depend on where the
    repository is checked out (a signature made on one machine verifies on another)."""
    _run(
        [
            str(opa_binary()),
            "build",
            "--bundle",
            ".",
            "--ignore",
            "*_test.rego",
            "--ignore",
            ADOPTION_FILE,
            "--revision",
            revision,
            "--output",
            str(output),
            *(extra or []),
        ],
        cwd=root,
    )


def adopt_policies(private_key: Path, root: Path | None = None, actor: str = "") -> dict[str, Any]:
    """Sign the current policies with the authority's private key; writes and returns the adoption record."""
    import datetime as dt
    import tarfile

    root = (root or policies_dir()).resolve()
    private_key = private_key.resolve()
    if not private_key.is_file():
        raise OpaError(f"找不到私钥 {private_key} / private key not found")
    pub = _openssl(["pkey", "-in", str(private_key), "-pubout"])
    kid, alg = key_id(pub), _algorithm(pub)
    configured = public_key_path()
    if configured is not None and key_id(configured.read_bytes()) != kid:
        raise OpaError(
            f"私钥与配置的公钥 {configured} 不是一对（{kid} ≠ {key_id(configured.read_bytes())}）/ "
            "the private key does not match the configured public key"
        )
    revision = policy_hash(root)
    work = Path(tempfile.mkdtemp(prefix="govshare-adopt-"))
    try:
        claims = work / "claims.json"
        claims.write_text(json.dumps({"keyid": kid}), "utf-8")
        out = work / "signed.tar.gz"
        _plain_build(
            root,
            revision,
            out,
            ["--signing-key", str(private_key), "--signing-alg", alg, "--claims-file", str(claims)],
        )
        with tarfile.open(out) as tar:
            member = tar.extractfile("/.signatures.json")
            if member is None:  # pragma: no cover - opa build always writes it when signing
                raise OpaError("opa build 未生成签名 / no signature in the signed bundle")
            signatures = json.loads(member.read())["signatures"]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    record = {
        "revision": revision,
        "key_id": kid,
        "algorithm": alg,
        "signatures": signatures,
        "adopted_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "adopted_by": actor,
        "opa_version": opa_version(),
        "public_key_pem": pub.decode("ascii"),
    }
    tmp = adoption_path(root).with_suffix(f".{secrets.token_hex(4)}.tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
    tmp.replace(adoption_path(root))
    from evaluator.engine import overlay

    if overlay.is_effective(root):  # the tree is rebuilt: keep the signature with the authority's files
        overlay.authority_dir().mkdir(parents=True, exist_ok=True)
        shutil.copyfile(adoption_path(root), overlay.authority_dir() / ADOPTION_FILE)
    return record


def adoption(root: Path | None = None) -> dict[str, Any] | None:
    path = adoption_path(root)
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text("utf-8"))
        if not isinstance(doc.get("signatures"), list) or not doc.get("key_id"):
            raise ValueError("signatures / key_id missing")
    except ValueError as e:
        raise OpaError(f"采纳记录 {path} 损坏 / adoption record is broken: {e}") from e
    return dict(doc)


def _signed_bundle(root: Path, revision: str, cache_dir: Path) -> Bundle | None:
    """The bundle with the authority's signature, verified by OPA at load; None for unsigned policies
    (refused when GOVSHARE_REQUIRE_SIGNED=1 and ``root`` is the configured policies directory)."""
    import io
    import tarfile

    pub = public_key_path()
    record = adoption(root)
    if pub is None or record is None:
        if require_signed() and root == policies_dir().resolve():
            why = (
                "未配置主管部门公钥（GOVSHARE_POLICY_PUBKEY）"
                if pub is None
                else f"未经采纳签名（无 {ADOPTION_FILE}）"
            )
            raise OpaError(
                f"已要求只用签名的策略（GOVSHARE_REQUIRE_SIGNED=1），但当前策略{why}，拒绝评价；请由主管部门 "
                "govshare policy adopt --key 私钥 采纳 / signed policies required: "
                f"{'no public key configured' if pub is None else 'policies not adopted'}"
            )
        return None
    kid = key_id(pub.read_bytes())
    if record["key_id"] != kid:
        raise OpaError(
            f"策略由密钥 {record['key_id']} 签名，与配置的主管部门公钥 {kid} 不符，拒绝评价 / "
            "policies were signed with another key than the configured public key"
        )
    sig_json = json.dumps({"signatures": record["signatures"]}).encode()
    sig_sha = hashlib.sha256(sig_json).hexdigest()
    target = cache_dir / f"{revision}.signed-{sig_sha[:16]}.tar.gz"
    if not target.exists():
        tmp = cache_dir / f"{revision}.{secrets.token_hex(4)}.unsigned.tmp"
        out = target.with_suffix(f".{secrets.token_hex(4)}.tmp")
        try:
            _plain_build(root, revision, tmp)
            with tarfile.open(tmp) as src, tarfile.open(out, "w:gz") as dst:
                for m in src.getmembers():
                    dst.addfile(m, src.extractfile(m) if m.isfile() else None)
                info = tarfile.TarInfo("/.signatures.json")
                info.size = len(sig_json)
                dst.addfile(info, io.BytesIO(sig_json))
            out.replace(target)
        finally:
            tmp.unlink(missing_ok=True)
            out.unlink(missing_ok=True)
    return Bundle(
        target,
        revision,
        root,
        verification_key=pub.resolve(),
        key_id=kid,
        signature_sha256=sig_sha,
        adopted_at=record.get("adopted_at"),
        adopted_by=record.get("adopted_by"),
        adopted_revision=record.get("revision"),
        algorithm=_algorithm(pub.read_bytes()),
    )


def _signature_refused(bundle: Bundle, log: str) -> str:
    changed = (
        f"当前策略内容哈希 {bundle.revision[:12]} 与采纳时的 {str(bundle.adopted_revision)[:12]} 不同，"
        if bundle.adopted_revision and bundle.adopted_revision != bundle.revision
        else ""
    )
    detail = next((ln for ln in log.splitlines() if any(m in ln for m in _SIGNATURE_FAILURES)), log[-300:])
    return (
        f"策略包签名校验失败，OPA 拒绝加载：{changed}规则或参数与主管部门（密钥 {bundle.key_id}）采纳签名的版本"
        "不一致，或签名无效。请恢复采纳的版本，或由主管部门重新采纳（govshare policy adopt）/ "
        f"policy bundle signature verification failed, OPA refused to load it: {detail.strip()[:300]}"
    )
