"""Scale-out the way OPA fleets run: OPA servers on other hosts pull the authority's signed policy
bundle from a bundle server (OPA's own bundle service) and verify its signature themselves.

:func:`publish` writes what a province deploys (docs/deploy/province/):

    <out>/bundles/govshare.tar.gz   the signed bundle exactly as the evaluator's own OPA loads it
    <out>/opa-config.yaml           the configuration every remote OPA starts with (``opa run -c``):
                                    the bundle service, the bundle, the authority's public key
    <out>/published.json            revision, key id, signature hash, when — what govshare checks

Only a signed bundle is published: an OPA that pulls a bundle verifies it against the authority's key
before activating it, so a bundle altered on the bundle server (or on the way) is never evaluated;
govshare then checks that each server reports the revision it expects (:meth:`OpaEndpoint.check`).
The evaluator reaches the servers through ``GOVSHARE_OPA_URLS`` and ``GOVSHARE_OPA_TOKEN`` as before.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from evaluator.engine.bundle import Bundle
from evaluator.errors import OpaError

BUNDLE_NAME = "govshare"
SERVICE_NAME = "govshare-bundles"
RESOURCE = "bundles/govshare.tar.gz"


@dataclass(frozen=True)
class Published:
    bundle: Path
    config: Path
    record: Path
    revision: str
    key_id: str


def opa_config(
    bundle: Bundle, service_url: str, *, min_delay: int = 10, max_delay: int = 60
) -> dict[str, object]:
    """The OPA configuration of a remote server: pull ``RESOURCE`` from ``service_url`` every
    ``min_delay``–``max_delay`` seconds and verify it with the authority's public key."""
    if bundle.verification_key is None or bundle.key_id is None:
        raise OpaError(
            "只能发布经主管部门采纳签名的策略包（govshare policy adopt），远端 OPA 须校验签名后才加载 / "
            "only a signed (adopted) policy bundle can be published to remote OPA servers"
        )
    if not service_url.startswith(("http://", "https://")):
        raise OpaError(f"策略包服务地址须以 http:// 或 https:// 开头 / bundle service URL: {service_url!r}")
    if not 1 <= min_delay <= max_delay:
        raise OpaError(
            f"轮询间隔不合理 / polling delays must satisfy 1 ≤ min ≤ max: {min_delay}, {max_delay}"
        )
    return {
        "services": {SERVICE_NAME: {"url": service_url.rstrip("/")}},
        "bundles": {
            BUNDLE_NAME: {
                "service": SERVICE_NAME,
                "resource": RESOURCE,
                "polling": {"min_delay_seconds": min_delay, "max_delay_seconds": max_delay},
                "signing": {"keyid": bundle.key_id},
            }
        },
        "keys": {
            bundle.key_id: {
                "algorithm": bundle.algorithm or "ES256",
                "key": bundle.verification_key.read_text("utf-8"),
            }
        },
    }


def publish(
    bundle: Bundle, out: Path, service_url: str, *, min_delay: int = 10, max_delay: int = 60
) -> Published:
    """Write the signed bundle, the remote OPA configuration and the publication record under ``out``."""
    config = opa_config(bundle, service_url, min_delay=min_delay, max_delay=max_delay)
    target = out / RESOURCE
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(bundle.path, tmp)
    tmp.replace(target)  # the bundle server never serves a half-written file
    config_path = out / "opa-config.yaml"
    config_path.write_text(
        "# govshare 远端 OPA 配置 / remote OPA configuration — opa run --server -c opa-config.yaml\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
        "utf-8",
    )
    record_path = out / "published.json"
    record = {
        "revision": bundle.revision,
        "key_id": bundle.key_id,
        "signature_sha256": bundle.signature_sha256,
        "published_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "resource": RESOURCE,
        "service_url": service_url.rstrip("/"),
    }
    record_path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return Published(target, config_path, record_path, bundle.revision, str(bundle.key_id))
