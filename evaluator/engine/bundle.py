"""The policy bundle: ``policies/`` built by ``opa build`` into a tarball whose revision is its content
hash (signed when the authority adopted it, see :mod:`evaluator.engine.signing`), and the rule catalog
read from its annotations (``opa inspect -a``)."""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluator import settings
from evaluator.engine import overlay, signing
from evaluator.engine import stamp as stamp_of
from evaluator.engine.binary import ADOPTION_FILE, opa_binary, run
from evaluator.engine.tree import policies_dir
from evaluator.engine.verified import verified_copy
from evaluator.errors import OpaError


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
    cache_dir = cache_dir or settings.build_dir() / "bundles"
    cache_dir.mkdir(parents=True, exist_ok=True)
    signed = signing.signed_bundle(root, revision, cache_dir)
    if signed is not None:
        return Bundle(
            signed.path,
            revision,
            root,
            verification_key=signed.verification_key,
            key_id=signed.key_id,
            signature_sha256=signed.signature_sha256,
            adopted_at=signed.adopted_at,
            adopted_by=signed.adopted_by,
            adopted_revision=signed.adopted_revision,
            algorithm=signed.algorithm,
        )
    target = cache_dir / f"{revision}.tar.gz"
    if not target.exists():
        tmp = target.with_suffix(f".{secrets.token_hex(4)}.tmp")
        run(
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


def tree_stamp() -> stamp_of.Stamp:
    """What the bundle in force is built from, as the file system says it stands: the stamp of what the
    effective tree was made from (the shipped tree, the authority's files, today:
    :func:`overlay.stamped_policies_dir`), every file of the effective tree when it is not the shipped
    one, the authority's public key file and whether signed policies are required. A settled stamp equal
    to a later one means :func:`build_bundle` would hash the same bytes, so a long-running process compares
    stamps (``stat`` of each file, ≈ 2-6 ms for the shipped tree) instead of reading and checking the
    authority's files and hashing every policy file on every evaluation."""
    try:
        root, made_from = overlay.stamped_policies_dir()
    except overlay.AuthorityFileError as e:
        raise OpaError(str(e)) from e
    own = stamp_of.files_stamp(root) if root != overlay.shipped_policies_dir().resolve() else ()
    key = signing.public_key_path()
    keys = stamp_of.files_stamp(key) if key is not None else ()
    stamp = stamp_of.Stamp.of(made_from.taken_ns, str(root), settings.require_signed(), files=(own, keys))
    return stamp_of.Stamp(
        (made_from.files, *stamp.files), stamp.taken_ns, max(made_from.newest_ns, stamp.newest_ns)
    )


def rule_catalog(bundle: Bundle) -> dict[str, dict[str, Any]]:
    """Every rule's annotations, from ``opa inspect -a``, keyed by rule id (``custom.id``). A finding's
    article, title, dimension, rectification ground and bearing on funding come from here, so a signed
    bundle's catalog is read from OPA's verified copy and kept in this process only (a file beside the
    bundle could be edited behind the signature); unsigned working policies keep a cache file."""
    if bundle.verification_key is not None:
        return dict(_signed_catalog(bundle))
    cache = bundle.path.with_suffix("").with_suffix(".catalog.json")
    if cache.exists():
        return dict(json.loads(cache.read_text("utf-8")))
    catalog = _inspect(str(bundle.path))
    tmp = cache.with_suffix(f".{secrets.token_hex(4)}.tmp")
    tmp.write_text(json.dumps(catalog, ensure_ascii=False, sort_keys=True), "utf-8")
    tmp.replace(cache)
    return catalog


_SIGNED: dict[tuple[str, str, str | None], dict[str, dict[str, Any]]] = {}


def _signed_catalog(bundle: Bundle) -> dict[str, dict[str, Any]]:
    key = (str(bundle.path), bundle.revision, bundle.signature_sha256)
    if key not in _SIGNED:
        with verified_copy(bundle) as (path, fds):
            _SIGNED[key] = _inspect(path, fds)
    return _SIGNED[key]


def _inspect(path: str, fds: tuple[int, ...] = ()) -> dict[str, dict[str, Any]]:
    out = run([str(opa_binary()), "inspect", "--annotations", "--format", "json", path], pass_fds=fds).stdout
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
    return catalog


def adopt_policies(private_key: Path, root: Path | None = None, actor: str = "") -> dict[str, Any]:
    """Sign the current policies with the authority's private key; writes and returns the adoption record."""
    root = (root or policies_dir()).resolve()
    record = signing.adopt(private_key, root, policy_hash(root), actor)
    if overlay.is_effective(root):  # the tree is rebuilt: keep the signature with the authority's files
        overlay.authority_dir().mkdir(parents=True, exist_ok=True)
        shutil.copyfile(signing.adoption_path(root), overlay.authority_dir() / ADOPTION_FILE)
    return record
