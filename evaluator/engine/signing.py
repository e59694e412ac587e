"""Signed policy bundles: the authority adopts a policy set by signing it (docs: SECURITY.md).

``govshare policy adopt --key PRIVATE.pem`` runs ``opa build --signing-key`` on the policies (tests
excluded, revision = content hash) and keeps the bundle's ``.signatures.json`` (a JWT listing the
SHA-256 of every file) in ``policies/adoption.json``. When a public key is configured
(``GOVSHARE_POLICY_PUBKEY``, else ``keys/authority.pub.pem`` if present), the evaluator rebuilds the
bundle the same way, puts that signature in it and starts OPA with ``--verification-key``: OPA
refuses to load a bundle in which any rule or parameter differs from what was signed. Without a
public key or without an adoption the policies are unsigned working policies: they evaluate, the run
records ``signed: false``, and ``GOVSHARE_REQUIRE_SIGNED=1`` refuses them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import secrets
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluator import settings
from evaluator.engine.binary import ADOPTION_FILE, opa_version, plain_build
from evaluator.engine.tree import policies_dir
from evaluator.errors import OpaError

SIGNATURE_FAILURES = ("digest mismatch", "verify", "signature", "verification")
_RSA_OID = bytes.fromhex("2a864886f70d010101")
_EC_OID = bytes.fromhex("2a8648ce3d0201")


@dataclass(frozen=True)
class Verification:
    """How OPA verifies a signed bundle at load, and the adoption record it was made from."""

    path: Path
    verification_key: Path
    key_id: str
    signature_sha256: str
    adopted_at: str | None
    adopted_by: str | None
    adopted_revision: str | None
    algorithm: str


def adoption_path(root: Path | None = None) -> Path:
    return (root or policies_dir()) / ADOPTION_FILE


def public_key_path() -> Path | None:
    """The authority's public key: ``GOVSHARE_POLICY_PUBKEY`` (must exist), else keys/authority.pub.pem."""
    path = settings.policy_pubkey()
    if path is not None:
        if not path.is_file():
            raise OpaError(
                f"GOVSHARE_POLICY_PUBKEY 指向的公钥 {path} 不存在 / the configured public key {path} does not exist"
            )
        return path
    default = settings.default_public_key()
    return default if default.is_file() else None


def _pem_der(pem: bytes) -> bytes:
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
    if private.is_relative_to(settings.PROJECT_ROOT) or private.is_relative_to(policies_dir().resolve()):
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


def adopt(private_key: Path, root: Path, revision: str, actor: str = "") -> dict[str, Any]:
    """Sign the policies in ``root`` (content hash ``revision``) with the authority's private key;
    writes and returns the adoption record."""
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
    work = Path(tempfile.mkdtemp(prefix="govshare-adopt-"))
    try:
        claims = work / "claims.json"
        claims.write_text(json.dumps({"keyid": kid}), "utf-8")
        out = work / "signed.tar.gz"
        plain_build(
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


def signed_bundle(root: Path, revision: str, cache_dir: Path) -> Verification | None:
    """The bundle with the authority's signature, verified by OPA at load; None for unsigned policies
    (refused when GOVSHARE_REQUIRE_SIGNED=1 and ``root`` is the configured policies directory)."""

    pub = public_key_path()
    record = adoption(root)
    if pub is None or record is None:
        if settings.require_signed() and root == policies_dir().resolve():
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
            plain_build(root, revision, tmp)
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
    return Verification(
        target,
        verification_key=pub.resolve(),
        key_id=kid,
        signature_sha256=sig_sha,
        adopted_at=record.get("adopted_at"),
        adopted_by=record.get("adopted_by"),
        adopted_revision=record.get("revision"),
        algorithm=_algorithm(pub.read_bytes()),
    )


def signature_refused(revision: str, adopted_revision: str | None, key: str | None, log: str) -> str:
    """The message when OPA refused to load a signed bundle (its start-up log mentions the signature)."""
    changed = (
        f"当前策略内容哈希 {revision[:12]} 与采纳时的 {str(adopted_revision)[:12]} 不同，"
        if adopted_revision and adopted_revision != revision
        else ""
    )
    detail = next((ln for ln in log.splitlines() if any(m in ln for m in SIGNATURE_FAILURES)), log[-300:])
    return (
        f"策略包签名校验失败，OPA 拒绝加载：{changed}规则或参数与主管部门（密钥 {key}）采纳签名的版本"
        "不一致，或签名无效。请恢复采纳的版本，或由主管部门重新采纳（govshare policy adopt）/ "
        f"policy bundle signature verification failed, OPA refused to load it: {detail.strip()[:300]}"
    )
