"""Finding messages are written for people: Chinese dates, department names — no ISO date and no credit
code (policies/rego/lib/words; issue 16). The evidence keeps the machine values."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from evaluator.consumers.notices.words import CREDIT_CODE, ISO_DATE
from evaluator.evaluate import api
from evaluator.evaluate.inputs import shared_names
from tests.support.record_ids import county_record_ids, ids_in

ROOT = Path(__file__).resolve().parents[1]
COUNTY = ROOT / "fixtures" / "county"


def test_no_fixture_finding_message_prints_an_iso_date_or_a_credit_code() -> None:
    report = api.evaluate_files(sorted(COUNTY.glob("*.yaml")))
    messages = [f.message_zh for f in report.findings]
    assert len(messages) == 68
    assert [m for m in messages if ISO_DATE.search(m)] == []
    assert [m for m in messages if CREDIT_CODE.search(m)] == []
    ids = county_record_ids()  # the snapshots' record ids (mz-res-001, si-005 …): a reader knows none of them
    assert [(m, ids_in(m, ids)) for m in messages if ids_in(m, ids)] == []
    a14 = next(f for f in report.findings if f.rule_id == "A14")
    assert (
        a14.message_zh
        == "以数据服务接口方式向内乡县自然资源局申请数据资源「不动产登记信息」，未通过市共享平台"
    )
    assert a14.evidence[0].values["provider"] == "114113250052001044"  # evidence stays machine-readable
    late = next(f for f in report.findings if f.rule_id == "A22.1" and f.subject == "mz-chg-1")
    assert "（期满日2025年10月14日），实际于2025年10月15日办结" in late.message_zh


ITEM_CODE = re.compile(r"DE\d{4}")
RESOURCE_CODE = re.compile(r"\d{6}-[A-Z]+-\d{3}")


def test_no_fixture_finding_message_gives_a_code_where_a_name_is_known() -> None:
    """Data items and resources are said by name (decision 0026): a code appears in a message only when
    neither the platform's register of shared items nor any department's catalog names it."""
    docs = [yaml.safe_load(p.read_text("utf-8")) for p in sorted(COUNTY.glob("*.yaml"))]
    known = {i["code"] for d in docs for r in d.get("catalog") or () for i in r["items"]}
    known |= {r["code"] for d in docs for r in d.get("catalog") or ()}
    known |= {c for d in docs if d["kind"] == "platform" for c in shared_names(d)["item_names"]}
    known |= {c for d in docs if d["kind"] == "platform" for c in shared_names(d)["resources"]}
    report = api.evaluate_files(sorted(COUNTY.glob("*.yaml")))
    coded = {
        (f.rule_id, c)
        for f in report.findings
        for c in ITEM_CODE.findall(f.message_zh) + RESOURCE_CODE.findall(f.message_zh)
    }
    assert {c for _, c in coded} & known == set()
    # the one code left: a resource a system produces that no catalog and no register names (A62.1's point)
    assert coded == {("A62.1", "411325-MZ-004")}
    a12 = sorted(f.message_zh for f in report.findings if f.rule_id == "A12")
    assert a12 == [
        "应用场景「高龄津贴申领身份核验」申请的信息项超出场景所需：「婚姻状况」（最少够用原则）",
        "数据主管部门为「内乡县城关镇人民政府」的应用场景「高龄津贴申领身份核验」授权的信息项超出场景所需：「婚姻状况」（最少够用原则）",
    ]


def test_shared_names_first_name_in_register_order_and_only_the_providers_resource_name() -> None:
    platform = {
        "shared_items": [
            {"item_code": "DE0001", "item_name": "身份证号码", "provider": "GA", "resource_code": "R-GA", "resource_name": "人口信息"},
            {"item_code": "DE0001", "item_name": "公民身份号码", "provider": "MZ", "resource_code": "R-MZ"},
            {"item_code": "DE0002", "item_name": "姓名", "provider": "GA", "resource_code": "R-GA", "resource_name": "人口库"},
            {"item_code": "DE0003", "item_name": "户籍", "provider": "XX", "resource_code": "R-MZ", "resource_name": "冒名"},
        ]
    }  # fmt: skip
    assert shared_names(platform) == {
        "item_names": {"DE0001": "身份证号码", "DE0002": "姓名", "DE0003": "户籍"},
        "resources": {"R-GA": {"name": "人口信息", "dept": "GA"}, "R-MZ": {"name": None, "dept": "MZ"}},
    }
    assert shared_names({}) == {"item_names": {}, "resources": {}}


def test_no_fixture_notice_body_gives_a_code_where_a_name_is_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The problems a notice lists are the findings' messages: issued for the fixture county, no notice's
    body text (the attachment table of evidence aside) carries an item or resource code, except the
    one resource that nothing names (民政局's A62.1)."""
    from docx import Document

    from evaluator.consumers import notices as N

    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GOVSHARE_NOTICE_SETTINGS", str(ROOT / "tests" / "support" / "notice_settings.yaml"))
    api.import_paths([COUNTY])
    api.evaluate_stored(2025)
    issued = N.issue(2025, issued_on=dt.date(2026, 3, 2), out_dir=tmp_path / "out").issued
    assert len(issued) == 18
    coded = {
        (n.department_name, c)
        for n in issued
        for p in Document(n.files[0]).paragraphs
        for c in ITEM_CODE.findall(p.text) + RESOURCE_CODE.findall(p.text)
    }
    assert coded == {("内乡县民政局", "411325-MZ-004")}
