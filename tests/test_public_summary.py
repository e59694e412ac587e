"""The published summary (Art. 58) read as a citizen would: on the fixture county, four departments are vetoed
(an Art. 63 act) and rank below departments with lower totals; the table says so in the row itself, quoting
the indicator system's veto rule, and every problem stands beside its own suggestion. Its words are data
(policies/assessment/publish.yaml), not Python: a change there changes the page, the tables and the JSON, and
a broken file is a located error, not a traceback."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from evaluator.consumers.assess import Assessment, assess_period, public_markdown, public_summary
from evaluator.consumers.assess.publish import draft_mark, placeholder_refusal, rule_kinds, texts
from evaluator.consumers.assess.tables import public_tables
from evaluator.engine import build_bundle, rule_catalog
from evaluator.errors import GovshareError
from evaluator.evaluate import api
from evaluator.facts.statute import cite_zh, load_statute

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assessment]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVSHARE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        mp.delenv("GOVSHARE_DATABASE_URL", raising=False)
        mp.delenv("GOVSHARE_POLICIES", raising=False)
        api.import_paths([ROOT / "fixtures" / "county"])
        api.evaluate_stored(2025)
        yield assess_period(2025)


def _veto_data() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "policies" / "assessment" / "data.yaml").read_text("utf-8"))
    versions = data["indicators"]["values"]
    value = versions[max(versions)]["value"]
    return {"reason": value["veto"]["reason_zh"], "lowest": value["grades"][-1]["name_zh"]}


def test_a_vetoed_department_says_why_it_ranks_below_lower_totals(county: Assessment) -> None:
    table = public_tables(county)["评估结果"]
    head = table[0]
    i_rank, i_name, i_total = head.index("名次 rank"), head.index("部门 department"), head.index("总分 total")
    i_veto, i_grade, i_note = head.index("一票否决 veto"), head.index("等次 grade"), head.index("说明 note")
    rows = table[1:]
    vetoed = [r for r in rows if r[i_veto] == "是"]
    assert sorted(r[i_name] for r in vetoed) == [
        "内乡县市场监督管理局",
        "内乡县湍东镇人民政府",
        "内乡县财政局",
        "内乡县马山口镇人民政府",
    ]
    v = _veto_data()
    rule = f"{v['reason']}：等次定为“{v['lowest']}”，名次列于未被一票否决的部门之后（被否决的部门之间仍按总分排列）"
    for r in vetoed:
        assert r[i_grade] == v["lowest"] and str(r[i_note]).startswith(rule), r
    for r in rows:
        if r[i_veto] != "是":
            assert "一票否决" not in str(r[i_note]), r
    # the case the note explains: a higher total ranked below a lower one
    ranked = [r for r in rows if isinstance(r[i_total], int | float)]
    assert any(
        a[i_veto] == "是" and b[i_veto] == "" and a[i_total] > b[i_total] and a[i_rank] > b[i_rank]
        for a in ranked
        for b in ranked
    )
    md = public_markdown(county)
    assert f"注：{rule}。" in md and md.count("| 是（见注） |") == 4
    assert "文中《实施办法》指《内乡县政务信息资源数据共享管理实施办法》。" in md


def test_every_problem_stands_beside_its_own_suggestion(county: Assessment) -> None:
    """The veto is said in the results row and marked on the problem that caused it, not slipped in as an
    extra problem (which pushed every suggestion of a vetoed department one row down)."""
    rows = public_tables(county)["存在问题"][1:]
    assert rows
    for name, problem, suggestion in rows:
        cited = re.search(r"（(第[^（）]+条(?:第（[一二三四五六七八九十]+）项)?)）\d+项", problem)
        assert cited, problem
        assert suggestion.startswith(f"对照《实施办法》{cited[1]}整改："), (name, problem, suggestion)
    # a duty is said as not met, a prohibition as the act found (test_each_kind_is_said_as_its_kind)
    assert all(re.match(r"[^：]+：(未达到“[^”]+”的要求|存在“[^”]+”的行为)（", p) for _, p, _ in rows), rows
    marked = sorted(name for name, problem, _ in rows if problem.endswith("，一票否决"))
    assert marked == [
        "内乡县市场监督管理局",
        "内乡县湍东镇人民政府",
        "内乡县财政局",
        "内乡县马山口镇人民政府",
    ]
    s = public_summary(county)
    for d in s["departments"]:
        assert len(d["problems"]) == len(d["suggestions"]), d["name"]


def _copy(tmp_path: Path, edit: dict[str, object]) -> Path:
    """A copy of the shipped policies whose publish.yaml has ``edit`` laid over it."""
    pol = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", pol)
    path = pol / "assessment" / "publish.yaml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    for key, value in edit.items():
        *parents, last = key.split(".")
        node = doc
        for p in parents:
            node = node[p]
        node[last] = value
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    return pol


def test_the_shipped_texts_make_the_summary(county: Assessment) -> None:
    t = yaml.safe_load((ROOT / "policies" / "assessment" / "publish.yaml").read_text("utf-8"))
    md = public_markdown(county)
    assert md.startswith("# 2025年度各政务部门政务数据管理情况评估结果\n\n评价依据：")
    assert (
        "\n| 名次 | 部门 | 分项得分合计 | 加分 | 总分 | 一票否决 | 等次 |\n|---|---|---|---|---|---|---|\n"
        in md
    )
    assert draft_mark() == t["draft_mark"]
    refusal = placeholder_refusal(county)
    assert refusal is not None and refusal.startswith(
        "评价指标体系仍是示例（内乡县政务数据管理工作情况评价指标体系"
    )
    assert "请主管部门用 govshare authority set indicators 提交本县的评价办法" in refusal


def test_a_template_changed_in_data_changes_the_output(
    county: Assessment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_md, before = public_markdown(county), public_summary(county)
    first = next(d for d in before["departments"] if d["problems"])
    assert first["problems"][0].startswith(f"{first['problems'][0].split('：')[0]}：未达到“")
    pol = _copy(
        tmp_path,
        {
            "title": "{period}年度政务数据管理情况评估结果（测试）",
            "problem": "{dimension}方面，{what}，依据{citation}，共{count}项，扣{points}分{veto}",
            "kinds.duty.problem": "没有做到“{title}”",
            "kinds.duty.suggestion": "按《实施办法》{citation}的要求整改：{title}",
            "kinds.prohibition.problem": "有“{act}”的行为",
            "kinds.prohibition.suggestion": "按《实施办法》{citation}的要求整改：不再{act}",
            "markdown.no_problems": "存在问题：未发现",
            "markdown.columns": ["排名", "单位", "分项合计", "加分", "总分", "否决", "等次"],
        },
    )
    monkeypatch.setenv("GOVSHARE_POLICIES", str(pol))
    after = public_summary(county)
    assert after["title"] == "2025年度政务数据管理情况评估结果（测试）"
    mine = next(d for d in after["departments"] if d["name"] == first["name"])
    was = next(d for d in before["departments"] if d["name"] == first["name"])
    assert len(mine["problems"]) == len(was["problems"]) > 0
    for old, new in zip(was["problems"], mine["problems"], strict=True):
        dimension, rest = old.split("：", 1)
        assert new.startswith((f"{dimension}方面，没有做到“", f"{dimension}方面，有“")), new
        assert "，依据第" in new and "未达到" not in new and "存在“" not in new
    assert all(s.startswith("按《实施办法》第") for s in mine["suggestions"])
    md = public_markdown(county)
    assert md != before_md
    assert md.startswith("# 2025年度政务数据管理情况评估结果（测试）\n")
    assert "| 排名 | 单位 | 分项合计 | 加分 | 总分 | 否决 | 等次 |" in md
    assert "存在问题：未发现" in md and "存在问题：无" not in md
    # the tables read the same words
    problems = public_tables(county)["存在问题"]
    assert {r[1] for r in problems[1:]} == {p for d in after["departments"] for p in d["problems"]}
    # back to the shipped texts: the output is what it was
    monkeypatch.delenv("GOVSHARE_POLICIES")
    assert public_markdown(county) == before_md


def test_a_broken_texts_file_is_a_located_error(
    county: Assessment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pol = _copy(tmp_path, {})
    (pol / "assessment" / "publish.yaml").write_text("title: [未闭合\n", "utf-8")
    monkeypatch.setenv("GOVSHARE_POLICIES", str(pol))
    with pytest.raises(GovshareError, match="公布摘要的文字模板无法读取") as e:
        public_markdown(county)
    assert str(pol / "assessment" / "publish.yaml") in str(e.value)


def test_a_template_naming_an_unknown_placeholder_is_a_located_error(
    county: Assessment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pol = _copy(tmp_path, {"kinds.prohibition.problem": "存在“{行为}”"})
    monkeypatch.setenv("GOVSHARE_POLICIES", str(pol))
    with pytest.raises(GovshareError, match=r"公布摘要的文字模板 kinds\.prohibition\.problem 无效") as e:
        public_summary(county)
    assert "{act}" in str(e.value) and str(pol / "assessment" / "publish.yaml") in str(e.value)


# ---- a rule's kind: a duty (应当…) or a prohibition (不得…), from the rules' METADATA ----


def _catalog() -> dict[str, dict[str, Any]]:
    return rule_catalog(build_bundle())


def test_every_rule_says_whether_it_is_a_duty_or_a_prohibition() -> None:
    """``custom.kind`` on every rule; a prohibition names the act it forbids (``custom.act_zh``), without
    不得 and without a placeholder; a duty names none. Cross-checked against the statute data: every rule on
    an item of an article whose lead-in forbids (「不得有下列行为」: Arts. 62, 63) is a prohibition."""
    catalog = _catalog()
    assert len(catalog) >= 48
    statute = load_statute()
    for rid, meta in catalog.items():
        assert meta.get("kind") in ("duty", "prohibition"), rid
        act = meta.get("act_zh")
        if meta["kind"] == "prohibition":
            assert isinstance(act, str) and act.strip() and "不得" not in act and "{" not in act, rid
        else:
            assert act is None, rid
        art = statute.article(int(meta["article"]))
        if meta.get("item") is not None and "不得有下列行为" in art.lead_zh:
            assert meta["kind"] == "prohibition", rid
    kinds = rule_kinds(catalog, texts())
    assert {k for k, _ in kinds.values()} == {"duty", "prohibition"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"kind": None},
            r"规则 A62\.4 的 METADATA 未写明是义务还是禁止（custom\.kind 应为 duty、prohibition 之一，现为 None）",
        ),
        ({"kind": "义务"}, r"规则 A62\.4 的 METADATA 未写明是义务还是禁止.*现为 '义务'"),
        ({"act_zh": None}, r"规则 A62\.4 是禁止性规定，但 METADATA 未写明所禁止的行为（custom\.act_zh）"),
        ({"act_zh": "  "}, r"规则 A62\.4 是禁止性规定"),
    ],
)
def test_a_rule_without_its_kind_stops_the_summary(change: dict[str, Any], message: str) -> None:
    catalog = _catalog()
    meta = {**catalog["A62.4"], **change}
    with pytest.raises(GovshareError, match=message):
        rule_kinds({**catalog, "A62.4": {k: v for k, v in meta.items() if v is not None}}, texts())


def _said(text: str) -> list[str]:
    """The sentences a reader reads: the page's lines outside the Markdown table."""
    return [ln for ln in text.splitlines() if ln and not ln.startswith("|")]


def test_each_kind_is_said_as_its_kind(county: Assessment) -> None:
    """On the fixture county: a prohibition is never written as a requirement to meet (「未达到“不得…”的要
    求」); it says the act found, and its suggestion is to correct that act. Every problem that cost points is
    one sentence of its rule's kind, and the two departments below read exactly so."""
    catalog = _catalog()
    s = public_summary(county)
    problems = [p for d in s["departments"] for p in d["problems"]]
    suggestions = [x for d in s["departments"] for x in d["suggestions"]]
    assert not [p for p in problems if "不得" in p], problems
    expected_prohibitions = sum(
        1
        for d in county.departments
        for rid in {
            dd["rule_id"] for x in d.get("dimensions", []) for dd in x["deductions"] if dd["applied"] > 0
        }
        if catalog[rid]["kind"] == "prohibition"
    )
    said = [p for p in problems if re.match(r"[^：]+：存在“[^”]+”的行为（", p)]
    assert len(said) == expected_prohibitions > 10
    assert len([x for x in suggestions if re.search(r"整改：纠正“[^”]+”的行为，杜绝再次发生$", x)]) == len(
        said
    )
    by_name = {d["name"]: d for d in s["departments"]}
    eco = by_name["南阳市生态环境局内乡分局"]
    assert eco["problems"] == [
        "共享：存在“从市共享平台获取与本部门履行行政管理职能无关的政务数据”的行为（第六十二条第（四）项）1项，扣5分",
        "汇聚：未达到“因特殊原因无法实时汇聚的，报数据主管部门备案”的要求（第二十九条）1项，扣2分",
    ]
    assert eco["suggestions"] == [
        "对照《实施办法》第六十二条第（四）项整改：纠正“从市共享平台获取与本部门履行行政管理职能无关的政务数据”的行为，杜绝再次发生",
        "对照《实施办法》第二十九条整改：因特殊原因无法实时汇聚的，报数据主管部门备案",
    ]
    msk = by_name["内乡县马山口镇人民政府"]
    assert msk["problems"] == [
        "安全：存在“未经许可扩散从市共享平台和开放平台获取的政务数据”的行为（第六十三条第（四）项）1项，扣10分，一票否决",
        "安全：未达到“建立数据安全防护制度，落实加密、访问认证等措施，监督运维服务单位”的要求（第五十一条）1项，扣5分",
    ]


def test_no_space_between_chinese_and_numbers_in_published_text(county: Assessment) -> None:
    """One convention, the notices' (GB/T 15835 practice in 公文): 「（第七条）1项，扣2分」, not 「1 项，扣 2 分」;
    every sentence of the page and every cell of the tables."""
    md = public_markdown(county)
    cells = [str(c) for rows in public_tables(county).values() for r in rows[1:] for c in r if c is not None]
    mixed = re.compile(r"[\u4e00-\u9fff（）：，；] +\d|\d +[\u4e00-\u9fff（）：，；]")
    assert not [ln for ln in _said(md) if mixed.search(ln)]
    assert not [c for c in cells if mixed.search(c)]
    # read as a citizen: no English, no code, no ISO date, no machine word
    machine = re.compile(r"[A-Za-z_]|\d{4}-\d{2}-\d{2}|快照")
    assert not [ln for ln in _said(md) if machine.search(ln)]
    assert not [c for c in cells if machine.search(c)]
    assert md.startswith("# 2025年度各政务部门政务数据管理情况评估结果\n")
    assert (
        "分项得分：目录15分（满分15分），汇聚20分（满分20分），共享20分（满分20分），开放15分（满分15分），"
        in md
    )
    assert "；合计100分，加分1分，总分101分\n" in md
    assert "- 安全：未达到“明确专职机构和专职人员，主要负责人为第一责任人”的要求（第七条）1项，扣2分\n" in md
    # every department scored has a bonus on the fixture county, and the page says what for
    assert md.count("\n加分事项：数据共享应用场景1项，加1分\n") == 21


def _synthetic() -> Assessment:
    """One department, scored by hand: a duty found twice (2.5 points each), a duty whose rule has no title, a
    vetoing prohibition, a 0-point restatement (not published), and a prohibition outside Arts. 62/63."""

    def ded(rid: str, title: str, citation: str, dim: str, applied: float) -> dict[str, Any]:
        return {
            "rule_id": rid,
            "title_zh": title,
            "citation_zh": citation,
            "dimension_zh": dim,
            "applied": applied,
        }

    catalog = _catalog()
    security = [
        ded("A7", catalog["A7"]["title"], "第七条", "安全", 2.5),
        ded("A7", catalog["A7"]["title"], "第七条", "安全", 2.5),
        ded("A63.3", catalog["A63.3"]["title"], "第六十三条第（三）项", "安全", 10),
    ]
    opening = [
        ded("A42", catalog["A42"]["title"], "第四十二条", "开放", 5),
        ded("A46", "", "第四十六条", "开放", 1.5),
        ded("A62.8", catalog["A62.8"]["title"], "第六十二条第（八）项", "开放", 0),
    ]
    dept = {
        "code": "D1",
        "name": "某县测试局",
        "status": "已评价",
        "total": 74.5,
        "grade": "不合格",
        "rank": 1,
        "rank_note_zh": "",
        "veto": True,
        "bonus": 2,
        "bonuses": [
            {
                "id": "application_scenarios",
                "name_zh": "数据共享应用场景",
                "count": 2,
                "points": 2,
                "basis": ["app-1"],
            },
            {"id": "other", "name_zh": "其他加分", "count": 0, "points": 0, "basis": []},
        ],
        "dimensions": [
            {"name_zh": "安全", "weight": 50, "score": 35, "deductions": security},
            {"name_zh": "开放", "weight": 50, "score": 37.5, "deductions": opening},
        ],
        "veto_findings": [{"rule_id": "A63.3"}],
    }
    return _assessment(dept, "某数据〔2026〕1号", "存在禁止行为，一票否决")


def _assessment(dept: dict[str, Any], version: str, veto_rule: str) -> Assessment:
    """A scored period of one department, as the scoring would hand it to the summary."""
    return Assessment(
        period=2025,
        run_id="r",
        run_bundle_hash="b",
        bundle_hash="b",
        indicator_version=version,
        indicator_hash="h",
        roster_source="",
        result={"indicator": {"title": "某县评价办法", "veto_rule_zh": veto_rule}, "departments": [dept]},
    )


def test_every_published_sentence_of_each_kind_on_a_synthetic_department() -> None:
    """Heaviest first, then in the Measures' order (第七条 before 第四十二条: not by the citation's characters)."""
    s = public_summary(_synthetic())
    (d,) = s["departments"]
    assert d["problems"] == [
        "安全：存在“以获取的政务数据实施侵犯商业秘密或者个人隐私等违法犯罪活动”的行为（第六十三条第（三）项）1项，扣10分，一票否决",
        "安全：未达到“明确专职机构和专职人员，主要负责人为第一责任人”的要求（第七条）2项，扣5分",
        "开放：存在“建设其他开放平台”的行为（第四十二条）1项，扣5分",
        "开放：未达要求（第四十六条）1项，扣1.5分",
    ]
    assert d["suggestions"] == [
        "对照《实施办法》第六十三条第（三）项整改：纠正“以获取的政务数据实施侵犯商业秘密或者个人隐私等违法犯罪活动”的行为，杜绝再次发生",
        "对照《实施办法》第七条整改：明确专职机构和专职人员，主要负责人为第一责任人",
        "对照《实施办法》第四十二条整改：纠正“建设其他开放平台”的行为，杜绝再次发生",
        "对照《实施办法》第四十六条整改",
    ]
    md = public_markdown(_synthetic())
    assert "\n分项得分：安全35分（满分50分），开放37.5分（满分50分）；合计72.5分，加分2分，总分74.5分\n" in md
    # the bonus says what it is for (the indicator system's name), never the records it rests on
    assert d["bonuses"] == [{"name_zh": "数据共享应用场景", "count": 2, "points": 2}]
    assert "\n加分事项：数据共享应用场景2项，加2分\n" in md and "app-1" not in md and "其他加分" not in md
    # the tables' note says it too (a sheet read alone shows why the bonus column is not 0)
    (row,) = public_tables(_synthetic())["评估结果"][1:]
    assert row[-1] == "存在禁止行为，一票否决；加分事项：数据共享应用场景2项，加2分"
    assert "评价依据：《某县评价办法》（版本：某数据〔2026〕1号）" in md
    # the authority may type the title with its 书名号: printed once, never 《《…》》
    quoted = _synthetic()
    quoted.result["indicator"]["title"] = "《某县评价办法》"
    assert "评价依据：《某县评价办法》（版本：某数据〔2026〕1号）" in public_markdown(quoted)


def test_a_department_that_did_not_report_is_said_in_plain_words() -> None:
    """Not scored, not ranked, said without the machine's word 快照 (a citizen does not know what a snapshot is):
    on the page and in the tables' note."""
    d = {
        "code": "D2",
        "name": "某县未报局",
        "status": "未报送",
        "total": None,
        "grade": None,
        "rank": None,
        "rank_note_zh": "未报送快照，不计分、不排名",
        "veto": False,
    }
    a = _assessment(d, "v1", "")
    md = public_markdown(a)
    assert "| — | 某县未报局 | — | — | — |  | 未报送 |" in md
    assert md.endswith(
        "## 某县未报局\n\n未报送政务数据管理情况，不计分、不排名。\n\n存在问题：\n"
        "- 本年度未按要求报送政务数据管理情况\n\n改进意见：\n- 按评价办法按时报送本部门政务数据管理情况\n"
    )
    results = public_tables(a)["评估结果"]
    assert results[1][-1] == "未报送政务数据管理情况，不计分、不排名"
    assert "快照" not in md and not [c for r in results for c in r if "快照" in str(c)]


def _multi_act_rules() -> list[str]:
    """The rules of an item listing several acts, each said by its own words (``custom.acts_zh``)."""
    return sorted(rid for rid, meta in _catalog().items() if meta.get("acts_zh"))


def test_the_items_of_several_acts_list_them_in_their_metadata() -> None:
    """A62.2 (by the answer), A62.7 (sharing or opening), A63.1, A63.3 and A63.4 say which act a finding is; each act is the item's own words (decision 0039)."""
    catalog = _catalog()
    assert _multi_act_rules() == ["A62.2", "A62.7", "A63.1", "A63.3", "A63.4"]
    assert [a["act_zh"] for a in catalog["A63.1"]["acts_zh"]] == [
        "侵入电子政务外网",
        "干扰市共享平台正常功能",
        "破坏窃取政务数据",
    ]
    # in the item's order, not sorted (侵犯个人隐私 sorts before 侵犯商业秘密)
    assert [a["kind"] for a in catalog["A63.3"]["acts_zh"]] == ["侵犯商业秘密", "侵犯个人隐私"]
    for rid in _multi_act_rules():
        acts = [a["act_zh"] for a in catalog[rid]["acts_zh"]]
        assert len(acts) >= 2 and all(a and "不得" not in a for a in acts), rid


def test_a_department_is_published_with_the_act_found_not_every_act_of_its_item(county: Assessment) -> None:
    """内乡县财政局's A63.1 finding is one security event of kind 破坏窃取政务数据 (cz-sev-1): the summary says
    that act, not the two the county never found (侵入电子政务外网、干扰市共享平台正常功能)."""
    s = public_summary(county)
    (cz,) = [d for d in s["departments"] if d["name"] == "内乡县财政局"]
    a63 = [p for p in cz["problems"] if "第六十三条第（一）项" in p]
    assert a63 == ["安全：存在“破坏窃取政务数据”的行为（第六十三条第（一）项）1项，扣10分，一票否决"], cz[
        "problems"
    ]
    (sug,) = [x for x in cz["suggestions"] if "第六十三条第（一）项" in x]
    assert sug == "对照《实施办法》第六十三条第（一）项整改：纠正“破坏窃取政务数据”的行为，杜绝再次发生"
    # no department of the county is published with an act of several its finding did not say
    catalog = _catalog()
    whole = [catalog[rid]["act_zh"] for rid in _multi_act_rules()]
    assert not [p for d in s["departments"] for p in d["problems"] if any(f"“{w}”" in p for w in whole)]


def _security_only(deductions: list[dict[str, Any]]) -> Assessment:
    """One department scored in one dimension (安全, weight 100) with these deductions."""
    score = 100 - sum(dd["applied"] for dd in deductions)
    dept = {
        "code": "D1",
        "name": "某县测试局",
        "status": "已评价",
        "total": score,
        "grade": "不合格",
        "rank": 1,
        "rank_note_zh": "",
        "veto": False,
        "bonus": 0,
        "bonuses": [],
        "dimensions": [{"name_zh": "安全", "weight": 100, "score": score, "deductions": deductions}],
    }
    return _assessment(dept, "某数据〔2026〕1号", "")


@pytest.mark.parametrize("rid", _multi_act_rules())
def test_each_act_of_a_multi_act_item_is_published_as_found(rid: str) -> None:
    """A synthetic department with one finding of each act of the item: one line per act, in the item's order,
    each saying only its act; a finding that says no act (stored by an older release) is said as the item."""
    meta = _catalog()[rid]
    citation = cite_zh(int(meta["article"]), int(meta["item"]))
    acts = [a["act_zh"] for a in meta["acts_zh"]]

    def ded(act: str) -> dict[str, Any]:
        return {
            "rule_id": rid,
            "title_zh": meta["title"],
            "citation_zh": citation,
            "dimension_zh": "安全",
            "applied": 10,
            "act_zh": act,
        }

    (d,) = public_summary(_security_only([ded(a) for a in reversed(acts)] + [ded("")]))["departments"]
    assert d["problems"] == [f"安全：存在“{meta['act_zh']}”的行为（{citation}）1项，扣10分"] + [
        f"安全：存在“{a}”的行为（{citation}）1项，扣10分" for a in acts
    ]
    assert d["suggestions"][1:] == [
        f"对照《实施办法》{citation}整改：纠正“{a}”的行为，杜绝再次发生" for a in acts
    ]


def test_an_act_the_item_does_not_list_stops_the_summary() -> None:
    """A finding saying an act its rule's METADATA does not list is an error naming the rule, never published."""
    found = {
        "rule_id": "A63.1",
        "title_zh": "",
        "citation_zh": "第六十三条第（一）项",
        "dimension_zh": "安全",
        "applied": 10,
        "act_zh": "侵犯商业秘密",
    }
    with pytest.raises(
        GovshareError, match=r"规则 A63\.1 的发现项所载行为「侵犯商业秘密」不是该项所列的行为"
    ):
        public_summary(_security_only([found]))
