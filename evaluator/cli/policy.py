"""govshare policy keygen | adopt | status | publish — the authority adopts a policy set by signing it
and publishes it for remote OPA servers (docs/deploy/province/).

The private key stays with the authority, outside the repository; the public key is configured with
``GOVSHARE_POLICY_PUBKEY`` (or kept at ``keys/authority.pub.pem``). See SECURITY.md and evaluator/opa.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from evaluator.cli.console import console, styled
from evaluator.cli.output import say_stored
from evaluator.engine import (
    OpaError,
    adopt_policies,
    adoption,
    adoption_path,
    build_bundle,
    fleet,
    key_id,
    keygen,
    policies_dir,
    policy_hash,
    public_key_path,
)
from evaluator.settings import default_public_key, require_signed
from evaluator.store import audit

policy_app = typer.Typer(
    help="策略采纳与签名：生成密钥、签名采纳、查看状态 / policy adoption: keys, signing, status",
    no_args_is_help=True,
)
out = console()
err = console(stderr=True)


def _fail(e: Exception | str) -> typer.Exit:
    err.print(styled("bold red", "错误 / error", f" {e}"), highlight=False)
    return typer.Exit(2)


@policy_app.command("keygen")
def keygen_cmd(
    private: Annotated[
        Path, typer.Option("--private", help="私钥写入路径（须在代码库之外）/ private key, outside the repo")
    ],
    public: Annotated[Path | None, typer.Option("--public", help="公钥写入路径 / public key path")] = None,
) -> None:
    """生成主管部门的签名密钥对（EC P-256）/ generate the authority's signing key pair."""
    public = public or default_public_key()
    try:
        kid = keygen(private, public)
    except OpaError as e:
        raise _fail(e) from e
    audit.append("policy.keygen", {"key_id": kid, "public_key": str(public)})
    say_stored(
        f"已生成密钥 {kid}：私钥 {private}，公钥 {public}",
        "govshare audit list",
        lambda: out.print(
            f"已生成密钥 {kid}：私钥 {private}（仅主管部门保管，权限 600），公钥 {public}；"
            f"部署时设置 GOVSHARE_POLICY_PUBKEY={public} / key pair written",
            highlight=False,
        ),
    )


@policy_app.command("adopt")
def adopt_cmd(
    key: Annotated[Path, typer.Option("--key", help="主管部门私钥 PEM / the authority's private key")],
    by: Annotated[str | None, typer.Option("--by", help="采纳人 / who adopts")] = None,
) -> None:
    """以主管部门私钥签名采纳当前策略（规则与参数）/ sign and adopt the current policies."""
    actor = by or audit.current_actor()
    try:
        rec = adopt_policies(key, actor=actor)
    except OpaError as e:
        raise _fail(e) from e
    audit.append(
        "policy.adopt",
        {
            "revision": rec["revision"],
            "key_id": rec["key_id"],
            "algorithm": rec["algorithm"],
            "adoption_file": str(adoption_path()),
        },
        actor=actor,
    )
    say_stored(
        f"已采纳策略 {rec['revision'][:12]}，签名写入 {adoption_path()}",
        "govshare policy status",
        lambda: out.print(
            f"已采纳策略 {rec['revision'][:12]}（密钥 {rec['key_id']}），签名写入 {adoption_path()}；"
            "请提交该文件 / policies adopted, commit the adoption file",
            highlight=False,
        ),
    )


@policy_app.command("status")
def status_cmd() -> None:
    """当前策略是否经采纳签名、与签名是否一致；退出码 0 可以评价（未采纳而不要求签名时只提醒），
    2 评价将被拒绝（采纳后被改动，或要求签名而未采纳、未配置公钥）/ exit 0 usable, 2 evaluation refused."""
    try:
        pub = public_key_path()
        rec = adoption()
    except OpaError as e:
        raise _fail(e) from e
    current = policy_hash(policies_dir())
    required = require_signed()
    out.print(f"策略目录 / policies: {policies_dir()}  内容哈希 / hash: {current}", highlight=False)
    out.print(
        f"公钥 / public key: {pub or '未配置 / none'}"
        + (f"（{key_id(pub.read_bytes())}）" if pub else "")
        + f"；要求签名 / required: {'是' if required else '否'}",
        highlight=False,
    )
    if rec is None:
        out.print("未经采纳签名（工作版本，运行记录 signed: false）/ not adopted", highlight=False)
        if required:
            raise _fail(
                "已要求签名（GOVSHARE_REQUIRE_SIGNED），策略未经采纳签名，评价将被拒绝；请运行 govshare policy "
                "adopt --key 私钥 / signatures are required and the policies are not adopted"
            )
        err.print(
            "提醒：正式评价前请由主管部门签名采纳（govshare policy adopt）/ reminder: adopt before official use",
            highlight=False,
        )
        return
    same = rec["revision"] == current
    refused = pub is not None or required  # only then does OPA check the signature (engine/signing.py)
    out.print(
        Text.assemble(
            f"采纳 / adopted: {rec['revision'][:12]} 密钥 {rec['key_id']} 于 {rec.get('adopted_at')} 由 "
            f"{rec.get('adopted_by') or '—'}；",
            ("与当前策略一致 / matches", "")
            if same
            else (
                "当前策略已改动，评价将被拒绝 / changed since"
                if refused
                else "当前策略已改动 / changed since",
                "red",
            ),
        ),
        highlight=False,
    )
    if refused and (not same or pub is None):
        raise _fail(
            "当前策略与采纳签名不一致，OPA 将拒绝加载；请恢复原文件或重新采纳（govshare policy adopt）/ "
            "the policies changed since adoption: restore them or adopt again"
            if not same
            else "已要求签名但未配置公钥（GOVSHARE_POLICY_PUBKEY），评价将被拒绝 / signatures required, no public key"
        )
    if pub is None:
        err.print(
            "提醒：未配置公钥（GOVSHARE_POLICY_PUBKEY），OPA 加载时不校验签名"
            + ("；采纳后策略已改动，请重新采纳" if not same else "")
            + " / reminder: no public key configured, OPA does not verify the signature",
            highlight=False,
        )


@policy_app.command("publish")
def publish_cmd(
    out_dir: Annotated[
        Path, typer.Option("--out", help="发布目录（由策略包服务提供）/ directory the bundle server serves")
    ],
    service_url: Annotated[
        str,
        typer.Option(
            "--service-url", help="远端 OPA 访问策略包服务的地址 / bundle service URL the OPAs pull from"
        ),
    ],
    min_delay: Annotated[
        int, typer.Option("--min-delay", help="最短轮询间隔（秒）/ polling min seconds")
    ] = 10,
    max_delay: Annotated[
        int, typer.Option("--max-delay", help="最长轮询间隔（秒）/ polling max seconds")
    ] = 60,
) -> None:
    """发布采纳签名的策略包，供多台远端 OPA 通过策略包服务拉取并校验签名（docs/deploy/province）/
    publish the adopted, signed bundle for remote OPA servers to pull through OPA's bundle service."""
    try:
        published = fleet.publish(
            build_bundle(), out_dir, service_url, min_delay=min_delay, max_delay=max_delay
        )
    except OpaError as e:
        raise _fail(e) from e
    audit.append(
        "policy.publish",
        {"revision": published.revision, "key_id": published.key_id, "out": str(out_dir), "url": service_url},
    )
    say_stored(
        f"已发布策略包 {published.revision[:12]}：{published.bundle}",
        f"发布目录 {out_dir}",
        lambda: out.print(
            f"已发布策略包 {published.revision[:12]}（签名密钥 {published.key_id}）：{published.bundle}；"
            f"远端 OPA 配置 {published.config}（opa run --server -c opa-config.yaml）/ published",
            highlight=False,
        ),
    )
