"""The evaluation spine on the real OPA binary: contract, exit codes, silence is never compliance."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.engine import OpaError, OpaServer, build_bundle
from evaluator.evaluate import api
from evaluator.evaluate.runner import evaluate_snapshots
from evaluator.intake.files import validate_document
from tests.support import snapshots as S

runner = CliRunner()


@pytest.fixture(scope="module")
def server() -> Any:
    srv = OpaServer(build_bundle())
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))


def _write(tmp: Path, docs: list[dict[str, Any]]) -> Path:
    folder = tmp / "in"
    folder.mkdir(exist_ok=True)
    for i, d in enumerate(docs):
        (folder / f"{i:02d}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True, explicit_end=True), "utf-8"
        )
    return folder


def _dept_with_a37_violation() -> dict[str, Any]:
    dept = S.clean_department()
    res = dept["catalog"][0]
    res.update(
        {
            "id": "R-1",
            "name": "低保对象信息",
            "share_attribute": "有条件共享",
            "share_bases": [{"rank": "部门文件", "title": "县测试局关于数据管理的通知"}],
        }
    )
    return dept


def _evaluate(server: OpaServer, docs: list[dict[str, Any]]) -> Any:
    loaded = [validate_document(d, f"doc{i}") for i, d in enumerate(docs)]
    return api.evaluate_loaded(loaded, server=server, store=False)


def test_json_contract(server: OpaServer) -> None:
    report = _evaluate(server, [S.clean_platform(), _dept_with_a37_violation()])
    doc = json.loads(report.to_json())
    assert set(doc) >= {"run", "findings"}
    assert {"id", "opa_version", "bundle_hash", "snapshots", "period"} <= set(doc["run"])
    assert doc["run"]["opa_version"] == "1.22.3"
    f = next(x for x in doc["findings"] if x["rule_id"] == "A37.1")
    for key in (
        "rule_id",
        "article",
        "item",
        "title_zh",
        "severity",
        "dimension",
        "department",
        "period",
        "message_zh",
        "evidence",
    ):
        assert key in f, key
    assert f["article"] == 37 and f["item"] == 1 and f["department"] == S.CLEAN_DEPT and f["period"] == 2025
    assert f["citation_zh"] == "第三十七条第（一）项"
    assert "法律、行政法规或者党中央、国务院政策依据" in f["article_text_zh"]
    ev = f["evidence"][0]
    assert ev["pointer"] == "/catalog/0" and ev["record_id"] == "R-1" and ev["snapshot"] == "doc1"
    assert ev["values"]["share_attribute"] == "有条件共享"


def test_cross_department_join_a62_3(server: OpaServer) -> None:
    dept = S.clean_department()
    dept["collections"][0].update(
        {
            "id": "C-1",
            "item_code": "DE0001",
            "item_name": "身份证号码",
            "method": "自行采集",
            "legal_exception": None,
        }
    )
    report = _evaluate(server, [S.clean_platform(), dept])
    hits = [f for f in report.findings if f.rule_id == "A62.3"]
    assert [(f.department, f.subject) for f in hits] == [(S.CLEAN_DEPT, "C-1")]
    assert hits[0].evidence[0].values["shared_by"] == [S.SHARER]


def test_clean_department_exit_0(tmp_path: Path) -> None:
    folder = _write(tmp_path, [S.clean_platform(), S.clean_department()])
    res = runner.invoke(app, ["evaluate", "--format", "json", "--department", S.CLEAN_DEPT, str(folder)])
    doc = json.loads(res.stdout)
    assert doc["errors"] == [] and doc["findings"] == [], doc
    assert res.exit_code == 0


def test_findings_are_deterministic(server: OpaServer) -> None:
    docs = [S.clean_platform(), _dept_with_a37_violation()]
    a = _evaluate(server, docs)
    b = _evaluate(server, docs)
    dump = lambda r: json.dumps([f.as_json() for f in r.findings], ensure_ascii=False, sort_keys=True)  # noqa: E731
    assert dump(a) == dump(b)
    assert a.run["bundle_hash"] == b.run["bundle_hash"]


def test_missing_fact_is_an_error_not_compliance(server: OpaServer) -> None:
    dept = S.clean_department()
    dept["department"]["head_is_first_responsible"] = None
    report = _evaluate(server, [S.clean_platform(), dept])
    assert any(
        e["rule_id"] == "A7" and e["pointer"] == "/department/head_is_first_responsible"
        for e in report.errors
    )
    assert report.exit_code == 2


def test_missing_platform_snapshot_is_an_error(server: OpaServer) -> None:
    report = _evaluate(server, [_dept_with_a37_violation()])
    assert any(e["pointer"] == "/platform" for e in report.errors)
    assert report.exit_code == 2


def test_undefined_decision_raises(server: OpaServer) -> None:
    with pytest.raises(OpaError, match="未定义"):
        server.query("data.main.no_such_decision", {})


def test_opa_killed_mid_evaluation_is_an_error() -> None:
    srv = OpaServer(build_bundle())
    try:
        os.kill(srv.process.pid, signal.SIGKILL)
        srv.process.wait(timeout=5)
        depts = [validate_document(_dept_with_a37_violation(), "d").snapshot]
        plat = validate_document(S.clean_platform(), "p").snapshot
        with pytest.raises(OpaError):
            evaluate_snapshots(2025, plat, depts, [], server=srv)  # type: ignore[arg-type]
    finally:
        srv.stop()


def test_token_is_required(server: OpaServer) -> None:
    from evaluator.engine import transport

    bare = transport.unix_session("\0" + server.socket_name, lambda pid: None)  # the socket, no token
    try:
        r = bare.post(f"{server.url}/v1/data/main/result", json={"input": {}}, timeout=5)
        assert r.status_code == 401
    finally:
        bare.close()


def test_cli_exit_1_with_findings_and_json(tmp_path: Path) -> None:
    folder = _write(tmp_path, [S.clean_platform(), _dept_with_a37_violation()])
    res = runner.invoke(app, ["evaluate", "--format", "json", str(folder)])
    assert res.exit_code == 1, res.output
    doc = json.loads(res.stdout)
    assert any(f["rule_id"] == "A37.1" for f in doc["findings"])


def test_cli_missing_opa_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _write(tmp_path, [S.clean_platform(), _dept_with_a37_violation()])
    monkeypatch.setenv("GOVSHARE_OPA", str(tmp_path / "no-opa"))
    res = runner.invoke(app, ["evaluate", str(folder)])
    assert res.exit_code == 2
    assert "OPA" in res.output
    assert "发现项" not in res.output  # never a findings table


def test_cli_stored_evaluation_names_versions(tmp_path: Path) -> None:
    folder = _write(tmp_path, [S.clean_platform(), _dept_with_a37_violation()])
    assert runner.invoke(app, ["import", str(folder)]).exit_code == 0
    res = runner.invoke(app, ["evaluate", "--period", "2025", "--format", "json"])
    doc = json.loads(res.stdout)
    refs = {s["ref"] for s in doc["run"]["snapshots"]}
    assert refs == {f"{S.CLEAN_DEPT}/2025/v1", "platform/2025/v1"}
