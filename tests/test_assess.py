"""Annual assessment, funding, project gates and impact on the real OPA and a real SQLite store.

Exact scores use a small indicator system of the tests' own (the shipped one is an example the authority
replaces) and hand-built findings; the end-to-end tests import snapshots, evaluate them with the project's
rules and check that every point is explained by a finding of the stored run.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import orjson
import pytest
import yaml
from sqlmodel import select
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.consumers.assess import Assessment, assess_period, impact, public_summary, score
from evaluator.consumers.exports import csv_cell as safe_cell
from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate import api
from evaluator.evaluate.runner import Report
from evaluator.facts.identifiers import uscc_with_check
from evaluator.settings import PROJECT_ROOT
from evaluator.store.assessments import AssessmentRow
from evaluator.store.db import session
from tests.support import snapshots as S
from tests.support.findings import finding

runner = CliRunner()

THIRD = uscc_with_check("11411325MB0000004")

TEST_SYSTEM: dict[str, Any] = {
    "version": "T-1",
    "title": "测试指标体系",
    "dimensions": {
        "catalog": {"order": 1, "name_zh": "目录", "weight": 20, "cap": 15},
        "aggregation": {"order": 2, "name_zh": "汇聚", "weight": 10, "cap": 10},
        "sharing": {"order": 3, "name_zh": "共享", "weight": 30, "cap": 30},
        "opening": {"order": 4, "name_zh": "开放", "weight": 10, "cap": 10},
        "application": {"order": 5, "name_zh": "应用", "weight": 10, "cap": 10},
        "security": {"order": 6, "name_zh": "安全", "weight": 20, "cap": 20},
    },
    "deductions": {"by_severity": {"critical": 10, "major": 5, "minor": 2, "warning": 0}, "by_rule": {}},
    "bonuses": [
        {
            "id": "application_scenarios",
            "name_zh": "应用场景",
            "fact": "application_scenarios",
            "points_each": 1,
            "max": 3,
        }
    ],
    "veto": {"rules": [], "rule_prefixes": ["A63."], "severities": ["critical"], "reason_zh": "一票否决"},
    "grades": [
        {"name_zh": "优秀", "min": 90},
        {"name_zh": "良好", "min": 80},
        {"name_zh": "合格", "min": 60},
        {"name_zh": "不合格", "min": 0},
    ],
    "funding": {
        "eligible": "符合",
        "on_veto": "不予安排",
        "on_missing": "暂缓拨付",
        "on_incomplete": "暂缓拨付",
        "on_funding_findings": "暂缓拨付",
        "withheld_grades": ["不合格"],
        "on_grade": "暂缓拨付",
    },
}


def _policies_with(tmp: Path, system: dict[str, Any]) -> Path:
    root = tmp / "policies"
    shutil.copytree(PROJECT_ROOT / "policies", root)
    doc = yaml.safe_load((root / "assessment" / "data.yaml").read_text("utf-8"))
    doc["indicators"]["values"] = {"2022-01-01": {"value": system}}
    (root / "assessment" / "data.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    return root


@pytest.fixture(scope="module")
def test_server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = _policies_with(tmp_path_factory.mktemp("pol"), TEST_SYSTEM)
    srv = OpaServer(build_bundle(root=root))
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))


def _f(rule: str, dept: str, severity: str, dim: str, subject: str, **over: Any) -> dict[str, Any]:
    given: dict[str, Any] = {
        "rule_id": rule,
        "department": dept,
        "severity": severity,
        "dimension": dim,
        "subject": subject,
        "citation_zh": f"（{rule}）",
        "title_zh": f"{rule} 的义务",
        "message_zh": f"{subject} 的问题",
        "evidence": [
            {"snapshot": f"{dept}/2025/v1", "pointer": f"/x/{subject}", "record_id": subject, "values": {}}
        ],
    }
    return finding(**{**given, **over})


def _d(code: str, scenarios: list[str] | None = None, submitted: bool = True) -> dict[str, Any]:
    if not submitted:
        return {"code": code, "name": f"部门{code}", "submitted": False}
    return {
        "code": code,
        "name": f"部门{code}",
        "submitted": True,
        "errors": 0,
        "facts": {"application_scenarios": scenarios or []},
    }


def _score(server: OpaServer, depts: list[dict[str, Any]], findings: list[dict[str, Any]]) -> Assessment:
    report = Report(run={"id": "run-test", "bundle_hash": "x", "period": 2025}, findings=findings)
    return score(2025, report, depts, [], bundle=server.bundle, server=server)


def _identity(row: dict[str, Any]) -> None:
    applied = sum(d["applied"] for x in row["dimensions"] for d in x["deductions"])
    bonus = sum(b["points"] for b in row["bonuses"])
    assert row["total"] == row["base"] - applied + bonus
    for x in row["dimensions"]:
        assert x["score"] == x["weight"] - sum(d["applied"] for d in x["deductions"]) >= 0


def test_hand_computed_scores_cap_bonus_veto_tie_missing(test_server: OpaServer) -> None:
    findings = [
        _f("A37.1", "D1", "major", "sharing", "R1"),  # D1: 100 − 5 + 2 = 97
        _f("A17", "D2", "critical", "catalog", "R1"),  # D2: catalog cap 15: 10 + 5 + 0
        _f("A17", "D2", "critical", "catalog", "R2"),
        _f("A22.1", "D2", "minor", "catalog", "R3"),  # D2: 100 − 15 + 3 (5 scenarios, max 3) = 88
        _f("A63.1", "D3", "critical", "security", "E1"),  # D3: 90, veto → 不合格, ranked last
        _f("A7", "D4", "minor", "sharing", "ORG"),  # D4, D5: 98, tied
        _f("A44.1", "D5", "minor", "opening", "R9"),
        _f("A37.1", "D5", "critical", "sharing", "R8", waived=True),  # waived: counts nowhere
    ]
    depts = [
        _d("D1", ["AS1", "AS2"]),
        _d("D2", ["A", "B", "C", "D", "E"]),
        _d("D3"),
        _d("D4"),
        _d("D5"),
        _d("D6", submitted=False),
    ]
    a = _score(test_server, depts, findings)
    assert a.errors == []
    got = [(d["code"], d["total"], d["rank"], d["grade"], d["veto"]) for d in a.departments]
    assert got == [
        ("D4", 98, 1, "优秀", False),
        ("D5", 98, 1, "优秀", False),
        ("D1", 97, 3, "优秀", False),
        ("D2", 88, 4, "良好", False),
        ("D3", 90, 5, "不合格", True),
        ("D6", None, None, None, False),
    ]
    d2 = a.department("D2")
    catalog = next(x for x in d2["dimensions"] if x["key"] == "catalog")
    assert [(d["points"], d["applied"]) for d in catalog["deductions"]] == [(10, 10), (10, 5), (2, 0)]
    assert catalog["score"] == 5 and catalog["capped"]
    assert d2["bonuses"][0]["points"] == 3 and d2["bonuses"][0]["count"] == 5
    assert a.department("D4")["tied_with"] == ["D5"]
    assert (
        "并列第1名（并列的部门名次相同，其后的名次顺延，下一名为第3名）" in a.department("D4")["rank_note_zh"]
    )
    assert a.department("D6")["status"] == "未报送"
    for d in a.departments:
        if d["status"] != "未报送":
            _identity(d)
    # every deduction carries the finding that cost it
    ded = a.department("D1")["dimensions"][2]["deductions"][0]
    assert (ded["rule_id"], ded["subject"], ded["evidence"][0]["pointer"]) == ("A37.1", "R1", "/x/R1")
    funding = {f["code"]: f["decision"] for f in a.funding}
    assert funding == {
        "D1": "符合",
        "D2": "符合",
        "D3": "不予安排",
        "D4": "符合",
        "D5": "符合",
        "D6": "暂缓拨付",
    }


def test_funding_withheld_names_findings_and_remedy(test_server: OpaServer) -> None:
    f = _f("A37.1", "D1", "minor", "sharing", "R1", bears_on_funding=True, citation_zh="第三十七条第（一）项")
    a = _score(test_server, [_d("D1"), _d("D2")], [f])
    fd = next(x for x in a.funding if x["code"] == "D1")
    assert fd["decision"] == "暂缓拨付" and not fd["eligible"]
    assert [(x["rule_id"], x["subject"], x["evidence"][0]["pointer"]) for x in fd["findings"]] == [
        ("A37.1", "R1", "/x/R1")
    ]
    assert fd["findings"][0]["remedy_zh"] == "按第三十七条第（一）项整改：A37.1 的义务"


def _import(tmp: Path, docs: list[dict[str, Any]]) -> None:
    folder = tmp / f"in{len(list(tmp.glob('in*')))}"
    folder.mkdir()
    for i, d in enumerate(docs):
        (folder / f"{i:02d}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True, explicit_end=True), "utf-8"
        )
    api.import_paths([folder])


def _county(period: int = 2025, roster: bool = True) -> list[dict[str, Any]]:
    plat = S.platform(period)
    if roster:
        plat["departments"] = [
            {"id": "RO-1", "code": S.DEPT, "name": "县测试局"},
            {"id": "RO-2", "code": S.OTHER, "name": "县其他局"},
            {"id": "RO-3", "code": THIRD, "name": "县未报局"},
        ]
    dept = S.department(period=period)
    dept["catalog"] = [
        {
            "id": "R-1",
            "code": "R-TEST-1",
            "name": "低保对象信息",
            "share_attribute": "有条件共享",
            "share_bases": [{"rank": "部门文件", "title": "县测试局关于数据管理的通知"}],
        }
    ]
    dept["application_scenarios"] = [
        {"id": "AS-1", "name": "低保资格核验", "description": "跨部门核验", "launched": f"{period}-03-01"}
    ]
    dept["projects"] = [
        {"id": "P-1", "name": "救助平台二期", "stage": "申请验收", "catalog_precompiled": False},
    ]
    other = S.department(S.OTHER, period=period)
    other["department"]["name"] = "县其他局"
    return [plat, dept, other]


def test_assess_period_end_to_end_every_point_has_a_finding(tmp_path: Path) -> None:
    _import(tmp_path, _county())
    a = assess_period(2025)
    codes = {d["code"]: d for d in a.departments}
    assert codes[THIRD]["status"] == "未报送" and codes[THIRD]["total"] is None
    by_key = {f.key: f for f in a.findings}
    for d in a.departments:
        if d["status"] == "未报送":
            continue
        _identity(d)
        for x in d["dimensions"]:
            for ded in x["deductions"]:  # each deduction names its finding by the finding's key
                assert by_key[ded["key"]].department == d["code"]
    mine = codes[S.DEPT]
    a37 = [ded for x in mine["dimensions"] for ded in x["deductions"] if ded["rule_id"] == "A37.1"]
    assert [(ded["subject"], ded["evidence"][0]["pointer"]) for ded in a37] == [("R-1", "/catalog/0")]
    assert mine["bonuses"][0]["basis"] == ["AS-1"] and mine["bonus"] >= 1
    # funding: A37.1 bears on funding, so the department is not eligible, and the finding is named
    fd = next(f for f in a.funding if f["code"] == S.DEPT)
    assert not fd["eligible"] and "A37.1" in {x["rule_id"] for x in fd["findings"]}
    assert next(f for f in a.funding if f["code"] == THIRD)["decision"] == "暂缓拨付"
    # project gates (Art. 61): approval failed (catalog not pre-compiled), acceptance failed
    gate = next(p for p in a.projects if p["project"] == "P-1")
    status = {g["gate"]: g["status"] for g in gate["gates"]}
    assert status == {"approval": "不通过", "acceptance": "不通过"}
    # stored with the indicator system's version and hash
    with session() as s:
        rows = s.exec(select(AssessmentRow)).all()
        assert [(r.run_id, r.indicator_hash, r.indicator_version) for r in rows] == [
            (a.run_id, a.indicator_hash, a.indicator_version)
        ]
        assert orjson.loads(rows[0].result)["departments"] == a.departments


def test_rescoring_reuses_stored_findings_under_a_new_indicator_system(tmp_path: Path) -> None:
    _import(tmp_path, _county())
    first = assess_period(2025)
    draft = _policies_with(tmp_path, TEST_SYSTEM)
    second = assess_period(2025, policies=draft)
    assert second.run_id == first.run_id  # no re-evaluation of the snapshots
    assert second.indicator_hash != first.indicator_hash and second.indicator_version == "T-1"
    with session() as s:
        assert len(s.exec(select(AssessmentRow)).all()) == 2


def test_impact_of_one_changed_weight(tmp_path: Path) -> None:
    _import(tmp_path, _county())
    current = assess_period(2025, store=False)
    sharing = next(x for x in current.department(S.DEPT)["dimensions"] if x["key"] == "sharing")
    assert sharing["nominal"] >= 5  # the A37.1 finding
    # the draft moves sharing's weight down to 4 (its cap follows the weight) and catalog's up
    root = tmp_path / "draft"
    shutil.copytree(PROJECT_ROOT / "policies", root)
    doc = yaml.safe_load((root / "assessment" / "data.yaml").read_text("utf-8"))
    version = next(iter(doc["indicators"]["values"].values()))["value"]
    dims = version["dimensions"]
    moved = dims["sharing"]["weight"] - 4
    dims["sharing"]["weight"] = 4
    dims["catalog"]["weight"] += moved
    dims["catalog"]["cap"] = dims["catalog"]["weight"]
    (root / "assessment" / "data.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    res = impact(2025, root)
    row = next(d for d in res["departments"] if d["code"] == S.DEPT)
    assert row["findings_added"] == [] and row["findings_removed"] == []
    assert row["delta"] == sharing["deducted"] - min(sharing["nominal"], 4)
    assert row["delta"] > 0 and row["changed"]
    assert res["draft"]["indicator_hash"] != res["current"]["indicator_hash"]
    result = runner.invoke(app, ["impact", "--policies", str(root), "--period", "2025", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.stdout)["departments"][0]["code"]


def test_trend_lists_a_department_that_stopped_reporting_as_missing(tmp_path: Path) -> None:
    _import(tmp_path, _county(2024, roster=False))
    _import(tmp_path, _county(2025, roster=False)[:2])  # 2025: S.OTHER did not report
    a = assess_period(2025)
    assert a.department(S.OTHER)["status"] == "未报送"
    result = runner.invoke(app, ["assess", "--periods", "2024,2025", "--format", "json"])
    assert result.exit_code == 2, result.output  # the small county lacks facts: run errors
    items = orjson.loads(result.stdout)
    assert [x["period"] for x in items] == [2024, 2025]


def test_xlsx_and_csv_exports_are_readable_and_neutralised(tmp_path: Path) -> None:
    _import(tmp_path, _county())
    out = tmp_path / "a.xlsx"
    result = runner.invoke(app, ["assess", "--period", "2025", "--format", "xlsx", "--output", str(out)])
    assert result.exit_code == 2, result.output  # the small county lacks facts: run errors
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["总表", "扣分明细", "加分"]
    rows = list(wb["扣分明细"].iter_rows(values_only=True))
    assert any(r[3] == "A37.1" and r[6] == "R-1" for r in rows[1:])
    fund = tmp_path / "f.xlsx"
    result = runner.invoke(app, ["funding", "--period", "2025", "--format", "xlsx", "--output", str(fund)])
    assert result.exit_code == 2, result.output  # the small county lacks facts: run errors
    wb = openpyxl.load_workbook(fund)
    assert wb.sheetnames == ["经费", "依据", "项目关口"]
    basis = list(wb["依据"].iter_rows(values_only=True))
    assert any(r[2] == "A37.1" and r[4] == "R-1" for r in basis[1:])
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("-1") == "'-1" and safe_cell(-1) == -1
    result = runner.invoke(app, ["funding", "--period", "2025", "--format", "csv"])
    # a BOM, the Chinese header row, then the English one
    lines = result.stdout.splitlines()
    assert lines[0].startswith("\ufeff部门代码,部门,") and lines[1].startswith("code,")
    assert basis[0][:2] == ("部门代码", "部门") and basis[1][0] == "code"  # the XLSX: the same two rows


def test_public_summary_has_no_internal_evidence(tmp_path: Path) -> None:
    _import(tmp_path, _county())
    a = assess_period(2025)
    text = orjson.dumps(public_summary(a)).decode()
    for secret in ("R-1", "/catalog/0", "AS-1", S.DEPT, "县测试局关于数据管理的通知", "张局长", "李四"):
        assert secret not in text
    mine = next(d for d in public_summary(a)["departments"] if d["name"] == "县测试局")
    assert any("第三十七条第（一）项" in p for p in mine["problems"])
    assert any("整改" in s for s in mine["suggestions"])
    result = runner.invoke(app, ["assess", "--period", "2025", "--public"])
    assert result.exit_code == 2 and "评价指标体系仍是示例" in result.stderr  # the example is never published
    # a refusal, not a failure of the program
    assert "不予办理 / refused: 评价指标体系仍是示例" in result.stderr
    assert "govshare authority set indicators" in result.stderr and result.stdout == ""
    result = runner.invoke(app, ["assess", "--period", "2025", "--public", "--draft"])
    assert result.stdout.startswith("> 草稿，不得公布")
    assert "改进意见" in result.stdout and "R-1" not in result.stdout


def test_findings_against_the_authority_are_named_by_their_key(
    test_server: OpaServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two findings of one rule on one record of the authority (two variants): the assessment lists both
    as not assessed, each with its key, and the table says each one's own message (matched by
    rule/department/record, both lines said the second one's)."""
    from evaluator.cli import assess as cli_assess

    late = _f("A60.2", "AU", "minor", "catalog", "RP", message_zh="报告逾期报送")
    late["evidence"][0]["pointer"] = "/reports/0/submitted"
    vague = _f("A60.2", "AU", "minor", "catalog", "RP", message_zh="报告未载明共享情况")
    vague["evidence"][0]["pointer"] = "/reports/0/content"
    report = Report(run={"id": "run-test", "bundle_hash": "x", "period": 2025}, findings=[late, vague])
    a = score(2025, report, [_d("D1")], [], bundle=test_server.bundle, server=test_server, authority="AU")
    assert [u["key"] for u in a.result["unassessed"]] == [f.key for f in report.findings]
    assert len({f.key for f in report.findings}) == 2
    cli_assess._assess_table(a)
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("不计入部门评价")]
    assert lines == [
        "不计入部门评价 / not assessed: AU （A60.2）：报告逾期报送（数据主管部门自身职责，不在各政务部门评价范围内）",
        "不计入部门评价 / not assessed: AU （A60.2）：报告未载明共享情况（数据主管部门自身职责，不在各政务部门评价范围内）",
    ]
