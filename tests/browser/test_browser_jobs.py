"""Each role's main job, end to end in the browser, clicking as the user does (the authority's is in
test_browser_forms.py: waiver, notices with preview and confirmation, what-if):

- the budget officer logs in, opens 资金, reads each funding decision with its count of departments and
  every department's reasons in words, and exports the decisions (the CSV the browser receives);
- the department logs in, reads its score, its rank of N and the county's median on the overview and on
  its page, the veto and the findings behind it, each requirement with its last day and the days left,
  its waived finding marked 已免责, and downloads its own notice's PDF through its session;
- legal staff log in, search the statute in full text for 六十三 (an article of chapter 七 while the
  picker shows chapter 一), open the article's rules and read each scenario's last result.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from typing import Any

import pytest

from dashboard import data
from dashboard.gherkin import STATUS_ZH, last_results, scenarios
from dashboard.ui import date_zh, days_left_zh, today_bj
from evaluator.consumers.coverage import coverage
from evaluator.facts.statute import cite_zh
from tests.support.browser import (
    WAIVER_GRANTOR,
    Context,
    download,
    go,
    login,
    settle,
    shot,
    tab,
    until,
    value,
)


def _metric(page: Any, label: str) -> str:
    """The value of the visible metric whose label is exactly ``label``."""
    name = page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^\\s*{re.escape(label)}\\s*$"))
    m = page.locator('[data-testid="stMetric"]').filter(has=name).filter(visible=True).first
    return str(m.locator('[data-testid="stMetricValue"]').inner_text())


def test_budget_officer_reads_the_funding_decisions_and_exports_them(
    server: dict[str, Any], ctx: Context
) -> None:
    a = data.assessment(server["admin"], server["period"], server["url"])
    funding = a["funding"]
    page = ctx.page()
    login(page, server["base"], "b-budget")
    go(page, "funding")
    # each decision with how many departments got it
    for decision, n in Counter(x["decision"] for x in funding).items():
        assert f"{n} 个部门" in _metric(page, decision), decision
    # every department's reasons, in words, under its name
    for summary in page.locator('[data-testid="stExpander"] summary').filter(visible=True).all():
        summary.click()
    settle(page)
    body = page.inner_text("body")
    for x in funding:
        for r in x.get("reasons") or []:
            if r.get("reason_zh"):
                assert r["reason_zh"] in body, (x["name"], r["reason_zh"])
        for f in x.get("findings") or []:
            assert f["rule_id"] in body
    shot(page, "budget-funding-decisions")
    raw = download(page, page.get_by_role("button", name="导出经费决定 CSV"), "funding.csv")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    text = "\n".join(",".join(r) for r in rows)
    for x in funding:
        assert x["name"] in text and x["decision"] in text, x["name"]
    assert not any(c.startswith(("=", "+", "@")) for r in rows for c in r)  # neutralised


def test_department_reads_its_place_findings_deadlines_and_downloads_its_notice(
    server: dict[str, Any], ctx: Context
) -> None:
    admin, period, url, own = server["admin"], server["period"], server["url"], server["own"]
    entry = next(d for d in data.assessment(admin, period, url)["departments"] if d["code"] == own)
    position = data.county_position(admin, period, own, url)
    assert position is not None and entry.get("rank")
    [notice] = [n for n in data.notices(admin, period, own, url) if n["kind"] == "notice"]
    assert notice["number"] == server["notice"]
    today = today_bj()
    left = days_left_zh(notice["due_on"], today)

    page = ctx.page()
    login(page, server["base"], "b-dept")
    # the overview: its place in the county, not a one-department histogram
    assert str(entry["total"]) in _metric(page, "本部门总分")
    assert f"第 {entry['rank']} 名" in _metric(page, f"全县名次（共 {position['n']} 个）")
    assert f"全县总分中位数 {position['median']}" in page.inner_text("body")
    go(page, "department")
    assert f"第 {entry['rank']} 名" in _metric(page, f"全县名次（共 {position['n']} 个）")
    assert str(position["median"]) in _metric(page, "全县中位数")
    assert str(entry["total"]) in _metric(page, "总分")
    body = page.inner_text("body")
    if entry.get("veto"):  # the veto's reason: the findings it rests on
        assert "一票否决" in body
        for v in entry["veto_findings"]:
            assert v["rule_id"] in body, v
    shot(page, "department-department-score")

    tab(page, "发现项与整改要求")
    findings = data.findings(admin, period, own, url)
    waived = [f for f in findings if f.waived]
    listed = {(f.rule_id, f.subject) for f in notice["findings"]}
    body = page.inner_text("body")
    assert (
        f"共 {len(findings)} 项，其中已免责 {len(waived)} 项；列入整改通知的 "
        f"{sum(1 for f in findings if not f.waived and (f.rule_id, f.subject) in listed)} 项。"
    ) in body, body[:3000]
    w = server["waived"]
    heads = page.locator('[data-testid="stExpander"] summary').filter(visible=True)
    marked = heads.filter(has_text="【已免责】")
    assert marked.count() == len(waived) == 1
    assert w.rule_id in marked.first.inner_text() and w.subject in marked.first.inner_text()
    assert heads.filter(has_text=f"【{left}】").count() == len(listed)
    for summary in heads.all():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    settle(page)
    body = page.inner_text("body")
    assert f"已免责（第六十八条）：尽职，{WAIVER_GRANTOR}" in body
    assert f"整改期限：{date_zh(notice['due_on'])}（{left}），见整改通知书 {notice['number']}" in body
    # each requirement and each evidence as the notice says them (the 附件's words), never as JSON
    said = data.evidence_words(admin, period, own, url)
    assert set(said) == {f.key for f in findings}
    for f in findings[:200]:
        assert said[f.key]["evidence"] in body and said[f.key]["where"] in body, f.key
        if f.rectification_ground and not f.waived:
            assert f"整改要求：{said[f.key]['requirement']}" in body, f.key
    assert page.locator('[data-testid="stJson"]').count() == 0
    shot(page, "department-department-findings")

    tab(page, "整改通知")
    body = page.inner_text("body")
    assert notice["number"] in body and f"整改期限 {date_zh(notice['due_on'])}（{left}）" in body
    pdf = download(page, page.get_by_role("button", name="下载 PDF").first, "department-notice.pdf")
    assert pdf.startswith(b"%PDF")
    shot(page, "department-department-notice")


def test_a_vetoed_department_reads_the_reason_of_its_veto(server: dict[str, Any], ctx: Context) -> None:
    """The veto is no black box to the department it strikes: its page names the findings behind it."""
    if server["vetoed"] is None:
        pytest.skip("no department of this county is vetoed")
    entry = next(
        d
        for d in data.assessment(server["admin"], server["period"], server["url"])["departments"]
        if d["code"] == server["vetoed"]
    )
    page = ctx.page()
    login(page, server["base"], "b-dept-veto")
    go(page, "department")
    page.get_by_text("一票否决：等次定为不合格").first.wait_for(timeout=30000)
    body = page.inner_text("body")
    assert entry["veto_findings"]
    for v in entry["veto_findings"]:
        assert v["rule_id"] in body, v
    assert entry["grade"] in _metric(page, "等次")
    shot(page, "department-vetoed-score")


def test_legal_staff_find_any_article_and_read_each_scenarios_last_result(
    server: dict[str, Any], ctx: Context
) -> None:
    row = next(r for r in coverage()["articles"] if r["article"] == 63)
    scen = scenarios()
    _, results = last_results()
    page = ctx.page()
    login(page, server["base"], "b-legal")
    go(page, "statute")
    assert value(page, "章").startswith("第一章")  # the picker starts at chapter one; 63 is in another
    search = page.get_by_label(re.compile("全文检索"))
    search.fill("六十三")
    search.press("Enter")
    settle(page)
    assert until(lambda: re.search(r"找到 \d+ 条", page.inner_text("body")) is not None)
    combo = page.locator('[data-testid="stSelectbox"]').filter(has_text="条").filter(visible=True).last
    combo.get_by_role("combobox").click()
    page.get_by_role("option").filter(has_text=re.compile(f"^{cite_zh(63)}（")).first.click()
    settle(page)
    body = page.inner_text("body")
    assert "第六十三条" in body
    assert row["rules"], "article 63 has rules"
    for rid in row["rules"]:
        head = page.locator('[data-testid="stExpander"] summary').filter(has_text=rid).first
        if head.locator("xpath=..").get_attribute("open") is None:
            head.click()  # open the rule
            settle(page)
    body = page.inner_text("body")
    shown = 0
    for rid in row["rules"]:
        for sc in scen.get(rid, []):
            status = results.get((sc["file"].rsplit("/", 1)[-1], sc["title"]))
            mark = f"【{STATUS_ZH.get(status, status)}】" if status else "【尚无运行结果】"
            assert f"{mark} 场景：{sc['title']}" in body, (rid, sc["title"], mark)
            shown += 1
    assert shown > 0
    shot(page, "legal-statute-article-63")
