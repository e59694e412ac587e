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
from evaluator.consumers.assess.publish import draft_mark, placeholder_refusal
from evaluator.consumers.assess.tables import public_tables
from evaluator.errors import GovshareError
from evaluator.evaluate import api

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
        cited = re.search(r"（(第[^（）]+条(?:第（[一二三四五六七八九十]+）项)?)）\d+ 项", problem)
        assert cited, problem
        assert suggestion.startswith(f"对照《实施办法》{cited[1]}整改："), (name, problem, suggestion)
    # a rule's title is a duty; the problem is not meeting it
    assert all(re.match(r"[^：]+：未达到“[^”]+”的要求（", p) for _, p, _ in rows), rows
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
    assert md.startswith("# 2025 年度各政务部门政务数据管理情况评估结果\n\n评价依据：")
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
            "problem": "{dimension}方面，{duty}，依据{citation}，共{count}项，扣{points}分{veto}",
            "duty": "没有做到“{title}”",
            "suggestion": "按《实施办法》{citation}的要求整改：{title}",
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
        assert new.startswith(f"{dimension}方面，没有做到“"), new
        assert "，依据第" in new and "未达到" not in new
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
