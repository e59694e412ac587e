"""Signed policy bundles: the authority adopts a policy set by signing it; OPA verifies it at load.

A temporary copy of policies/ is signed with a freshly generated key pair (govshare policy keygen,
govshare policy adopt); evaluation on the real OPA records the signature; an edited rule or parameter
is refused by OPA (exit 2, Chinese message); unsigned working policies evaluate with signed: false,
and GOVSHARE_REQUIRE_SIGNED=1 refuses them.
"""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.engine import OpaError, OpaServer, adoption, build_bundle
from evaluator.settings import PROJECT_ROOT

runner = CliRunner()
COUNTY = PROJECT_ROOT / "fixtures" / "county"
FILES = [
    str(COUNTY / "00-platform.yaml"),
    str(COUNTY / "01-dashujuju.yaml"),
    str(COUNTY / "03-minzhengju.yaml"),
]


def _evaluate() -> tuple[int, str, dict | None]:
    res = runner.invoke(app, ["evaluate", *FILES, "--format", "json"])
    doc = None
    if res.exit_code in (0, 1):
        doc = orjson.loads(res.stdout)
    return res.exit_code, res.output, doc


def test_signed_policies_evaluate_and_the_run_records_the_signature(adopted: Path) -> None:
    rec = adoption(adopted)
    assert rec is not None and rec["adopted_by"] == "王局长"
    code, out, doc = _evaluate()
    assert code == 1, out  # the three fixture snapshots have findings
    assert doc is not None
    sig = doc["run"]["policy_signature"]
    assert sig["signed"] is True
    assert sig["key_id"] == rec["key_id"]
    assert sig["bundle_hash"] == doc["run"]["bundle_hash"] == rec["revision"]
    assert sig["adopted_by"] == "王局长" and sig["signature_sha256"]
    status = runner.invoke(app, ["policy", "status"])
    assert status.exit_code == 0, status.output
    # the adoption is in the audit log, and so is the run
    listing = runner.invoke(app, ["audit", "list", "--limit", "50"])
    assert "采纳策略" in listing.output and "评价" in listing.output


def _bump_parameter(pol: Path) -> None:
    f = pol / "params" / "ch05" / "data.yaml"
    text = f.read_text("utf-8")
    edited = re.sub(r"\{value: 6\}", "{value: 3}", text, count=1)
    assert edited != text
    f.write_text(edited, "utf-8")


def test_an_edited_parameter_is_refused_by_opa(adopted: Path) -> None:
    _bump_parameter(adopted)
    code, out, _ = _evaluate()
    assert code == 2, out
    assert "签名校验失败" in out and "OPA 拒绝加载" in out
    assert "digest mismatch" in out  # OPA's own refusal, not a check in Python
    status = runner.invoke(app, ["policy", "status"])
    assert status.exit_code == 2 and "已改动" in status.output


def test_an_edited_rule_is_refused_by_opa(adopted: Path) -> None:
    rule = adopted / "rego" / "rules" / "ch06" / "a37_1" / "a37_1.rego"
    rule.write_text(rule.read_text("utf-8") + "\nedited_by_someone := true\n", "utf-8")
    with pytest.raises(OpaError, match="签名校验失败"):
        OpaServer(build_bundle())
    code, out, _ = _evaluate()
    assert code == 2 and "签名校验失败" in out, out


def test_a_signature_by_another_key_is_refused(
    adopted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    res = runner.invoke(
        app, ["policy", "keygen", "--private", str(other / "k.pem"), "--public", str(other / "p.pem")]
    )
    assert res.exit_code == 0, res.output
    monkeypatch.setenv("GOVSHARE_POLICY_PUBKEY", str(other / "p.pem"))
    code, out, _ = _evaluate()
    assert code == 2 and "不符" in out, out


def test_unsigned_policies_evaluate_as_unsigned_and_can_be_required(
    adopted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (adopted / "adoption.json").unlink()
    code, out, doc = _evaluate()
    assert code == 1, out  # the three fixture snapshots have findings
    assert doc is not None and doc["run"]["policy_signature"]["signed"] is False
    monkeypatch.setenv("GOVSHARE_REQUIRE_SIGNED", "1")
    code, out, _ = _evaluate()
    assert code == 2 and "GOVSHARE_REQUIRE_SIGNED" in out, out
    monkeypatch.delenv("GOVSHARE_POLICY_PUBKEY")
    code, out, _ = _evaluate()
    assert code == 2 and "公钥" in out, out


def test_the_private_key_is_never_written_into_the_repository(tmp_path: Path) -> None:
    res = runner.invoke(
        app,
        [
            "policy",
            "keygen",
            "--private",
            str(PROJECT_ROOT / "keys" / "x.pem"),
            "--public",
            str(tmp_path / "p.pem"),
        ],
    )
    assert res.exit_code == 2 and "代码库" in res.output
    assert not (PROJECT_ROOT / "keys" / "x.pem").exists()


def _rewrite_bundle(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite the cached bundle tarball: ``change(name, bytes)`` returns new bytes, or None to drop."""
    import io
    import tarfile

    with tarfile.open(path) as src:
        members = [(m, src.extractfile(m).read() if m.isfile() else None) for m in src.getmembers()]  # type: ignore[union-attr]
    with tarfile.open(path, "w:gz") as dst:
        for m, data in members:
            new = change(m.name, data) if data is not None else None
            if data is not None and new is None:
                continue
            if new is not None:
                m.size = len(new)
            dst.addfile(m, io.BytesIO(new) if new is not None else None)


def test_one_shot_opa_eval_verifies_the_signature_as_the_server_does(adopted: Path) -> None:
    """calendar due and notice deadlines run ``opa eval``, which has no signature check: the signed
    bundle is verified by OPA first, and a tampered, stripped or edited bundle is refused (exit 2)."""
    from evaluator.consumers.notices.lifecycle import deadline
    from evaluator.engine import eval_query
    from evaluator.errors import NoticeError

    bundle = build_bundle()
    assert bundle.verification_key is not None
    assert eval_query('data.lib.calendar.due("2025-09-30", 5)', bundle=bundle) == "2025-10-14"
    assert runner.invoke(app, ["calendar", "due", "2025-09-30", "5"]).exit_code == 0
    pristine = bundle.path.read_bytes()

    # a parameter changed inside the cached bundle, its signature kept: OPA's digest check refuses it
    _rewrite_bundle(
        bundle.path,
        lambda name, data: (
            data.replace(b'"value":15', b'"value":99', 1) if name.endswith("data.json") else data
        ),
    )
    assert bundle.path.read_bytes() != pristine
    res = runner.invoke(app, ["calendar", "due", "2025-09-30", "5"])
    assert res.exit_code == 2 and "签名校验失败" in res.output and "digest mismatch" in res.output, res.output
    with pytest.raises(NoticeError, match="签名校验失败"):
        deadline(__import__("datetime").date(2025, 9, 30))

    # the signature stripped from the cached bundle
    bundle.path.write_bytes(pristine)
    _rewrite_bundle(bundle.path, lambda name, data: None if name.endswith(".signatures.json") else data)
    res = runner.invoke(app, ["calendar", "due", "2025-09-30", "5"])
    assert res.exit_code == 2 and "签名校验失败" in res.output, res.output

    # a parameter edited in the policies after adoption (a new bundle, the old signature)
    bundle.path.write_bytes(pristine)
    assert runner.invoke(app, ["calendar", "due", "2025-09-30", "5"]).exit_code == 0
    _bump_parameter(adopted)
    res = runner.invoke(app, ["calendar", "due", "2025-09-30", "5"])
    assert res.exit_code == 2 and "签名校验失败" in res.output, res.output


def test_a_signed_bundles_rule_catalog_is_the_verified_one(adopted: Path) -> None:
    """A finding's dimension, rectification ground and bearing on funding come from the rule catalog
    (``opa inspect``, no signature check): for a signed bundle it is read from OPA's verified copy, never
    from a file beside the bundle, and a tampered bundle gives no catalog."""
    import json

    from evaluator.engine import bundle as B

    bundle = build_bundle()
    catalog = B.rule_catalog(bundle)
    assert catalog["A62.1"]["bears_on_funding"] is True and catalog["A62.1"]["rectification_ground"] == 1
    beside = bundle.path.with_suffix("").with_suffix(".catalog.json")
    assert not beside.exists()
    beside.write_text(json.dumps({"A62.1": {**catalog["A62.1"], "bears_on_funding": False}}), "utf-8")
    B._SIGNED.clear()
    assert B.rule_catalog(bundle) == catalog
    _rewrite_bundle(
        bundle.path,
        lambda name, data: (
            data.replace(b"bears_on_funding: true", b"bears_on_funding: false", 1)
            if name.endswith("a62_1.rego")
            else data
        ),
    )
    B._SIGNED.clear()
    with pytest.raises(OpaError, match="签名校验失败"):
        B.rule_catalog(bundle)
