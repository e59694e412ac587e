"""The published summary (Art. 58) read as a citizen would: on the fixture county, four departments are vetoed
(an Art. 63 act) and rank below departments with lower totals; the table says so in the row itself, quoting
the indicator system's veto rule, and every problem stands beside its own suggestion."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from evaluator.consumers.assess import Assessment, assess_period, public_markdown, public_summary
from evaluator.consumers.assess.tables import public_tables
from evaluator.evaluate import api

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assessment]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVSHARE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        mp.delenv("GOVSHARE_DATABASE_URL", raising=False)
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
