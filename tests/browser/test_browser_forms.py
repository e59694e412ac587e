"""Forms act on exactly what they show (waiver, what-if), the authority's rectification page with a
preview and a confirmation, department isolation by URL, the official ranking on the chart, and hostile
snapshot text shown as text."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dashboard import data
from dashboard.ui import field_zh, finding_label, section_zh
from evaluator.model.results import Finding
from tests.support.browser import Context, login, select, settle, shot, until, value


def test_waiver_form_records_the_finding_it_shows_after_the_department_changes(
    server: dict[str, Any], ctx: Context
) -> None:
    admin, period, url = server["admin"], server["period"], server["url"]
    open_ = data.waivable_findings(admin, period, url=url)
    by_dept: dict[str, list[Finding]] = {}
    for f in open_:
        by_dept.setdefault(f.department, []).append(f)
    by_dept.pop(server["own"], None)  # the department user's findings are left as prepared
    first = next(d for d, fs in by_dept.items() if len(fs) >= 2)
    then = next(d for d in by_dept if d != first)
    before = {w["id"] for w in data.waivers(admin, period, url=url)}
    names = server["names"]
    page = ctx.page()
    login(page, server["base"], "b-auth", path="rectification")
    page.get_by_role("tab", name=re.compile("免责")).first.click()
    settle(page)
    select(page, "部门", names[first])
    second = by_dept[first][1]
    # the picker names a finding in words (article, duty, problem), its record number last (decision 0034)
    select(page, "发现项", finding_label(second, names))
    select(page, "部门", names[then])
    target = by_dept[then][0]
    page.wait_for_timeout(1000)
    shown = value(page, "发现项")
    assert shown == finding_label(target, names), shown
    assert names[then] in value(page, "部门")
    page.get_by_label("认定人").filter(visible=True).fill("县数据局 张三")
    page.get_by_label("证明材料").filter(visible=True).fill("县数据局〔2026〕1 号认定书")
    shot(page, "authority-rectification-waiver-form")
    page.get_by_role("button", name="登记免责").click()
    settle(page)
    page.get_by_text("已登记免责").first.wait_for(timeout=30000)
    ws = [w for w in data.waivers(admin, period, url=url) if w["id"] not in before]
    assert [(w["department"], w["rule_id"], w["subject"]) for w in ws] == [
        (then, target.rule_id, target.subject)
    ]


def test_what_if_evaluates_the_value_shown_after_the_department_changes(
    server: dict[str, Any], ctx: Context
) -> None:
    names, own, other = server["names"], server["own"], server["other"]
    page = ctx.page()
    login(page, server["base"], "b-auth", path="whatif")
    select(page, "部门", names[own])
    # sections and fields by the Excel template's Chinese names (单位 · 名称), never the model's keys
    select(page, "部分", section_zh("department"), exact=True)
    select(page, "字段", field_zh("department", "name"), exact=True)
    new_value = page.get_by_label(re.compile("新值")).filter(visible=True).first
    assert until(lambda: names[own] in new_value.input_value()), new_value.input_value()
    select(page, "部门", names[other])
    # the boxes below the department are the new department's: its first field and that field's value
    assert until(lambda: names[own] not in new_value.input_value()), new_value.input_value()
    field = value(page, "字段")
    assert field != field_zh("department", "name")
    shown = new_value.input_value()
    assert names[own] not in shown and (other in shown or names[other] in shown), (field, shown)
    page.get_by_role("button", name="评价改动").click()
    settle(page)
    page.get_by_text("改动后发现项").first.wait_for(timeout=60000)
    body = page.inner_text("body")
    assert "改动后的快照无效" not in body
    assert "新增（0）" in body and "消除（0）" in body, body[:3000]
    official = next(
        d
        for d in data.assessment(server["admin"], server["period"], server["url"])["departments"]
        if d["code"] == other
    )
    before = page.locator('[data-testid="stMetric"]').filter(has_text="改动前得分").first.inner_text()
    assert str(official["total"]) in before, (before, official["total"])
    shot(page, "authority-whatif-after-switch")


# ---------------------------------------------------------------------------------------------
# The authority's rectification page


def test_rectification_page_tabs_at_1366(server: dict[str, Any], ctx: Context) -> None:
    """The authority's 整改 page, each tab, at 1366×768: Chinese renders, nothing overflows sideways;
    a notice is issued after a preview and a confirmation."""
    admin, period, url, names = server["admin"], server["period"], server["url"], server["names"]
    grounds = {
        f.department
        for f in data.waivable_findings(admin, period, url=url)
        if f.rectification_ground and f.department != server["own"]  # own has its notice
    }
    target = min(grounds, key=lambda c: names[c])
    page = ctx.page()
    login(page, server["base"], "b-auth", path="rectification")
    for tab, name in (("发出通知", "issue"), ("免责", "waivers")):
        page.get_by_role("tab", name=re.compile(tab)).first.click()
        settle(page)
        assert page.locator(".stException").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        shot(page, f"authority-rectification-{name}")
    page.get_by_role("tab", name=re.compile("发出通知")).first.click()
    settle(page)
    select(page, "部门", f"{names[target]}（{target}）")
    page.get_by_role("button", name="发出整改通知").click()
    settle(page)
    assert "已下发" not in page.inner_text("body")  # nothing issued before the confirmation
    page.get_by_role("button", name=re.compile("生成样稿预览")).click()
    page.get_by_role("button", name=re.compile("下载样稿 PDF")).wait_for(timeout=60000)
    shot(page, "authority-rectification-preview")
    page.get_by_role("button", name=re.compile("确认发出")).click()
    settle(page)
    page.get_by_text("已下发 1 份").first.wait_for(timeout=30000)
    assert names[target] in page.inner_text("body")
    page.get_by_role("tab", name=re.compile("通知")).first.click()
    settle(page)
    page.locator('[data-testid="stExpander"] summary').filter(visible=True).first.click()
    settle(page)
    assert page.get_by_role("button", name=re.compile("下载 DOCX")).count() >= 1
    shot(page, "authority-rectification-notices")


def test_department_user_asking_for_another_department_by_url_gets_nothing(
    server: dict[str, Any], ctx: Context
) -> None:
    page = ctx.page()
    login(page, server["base"], "b-dept", path=f"department?dept={server['other']}")
    page.get_by_text("无权查看该部门").first.wait_for(timeout=30000)  # drawn a moment after the title
    body = page.inner_text("body")
    assert server["names"][server["other"]] not in body
    shot(page, "department-refused-other")


def test_department_user_cannot_open_the_funding_page_by_url(server: dict[str, Any], ctx: Context) -> None:
    page = ctx.page()
    login(page, server["base"], "b-dept", path="funding")
    assert "运维经费决定" not in page.inner_text("body")


def test_ranking_chart_draws_the_official_ranks_and_grades_in_order(
    server: dict[str, Any], ctx: Context
) -> None:
    """The overview's ranking is the assessment's (veto included), its grade bars in the indicator
    system's order; the department page names the veto's findings."""
    a = data.assessment(server["admin"], server["period"], server["url"])
    assert a is not None
    ranked = sorted((d for d in a["departments"] if d.get("rank")), key=lambda d: (d["rank"], d["name"]))
    page = ctx.page()
    login(page, server["base"], "b-auth")
    page.wait_for_selector(".js-plotly-plot", timeout=30000)
    settle(page)
    charts = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(e => ({"
        "title: e.layout && e.layout.title && e.layout.title.text,"
        "x: (e.data || []).flatMap(t => t.x || []), y: (e.data || []).flatMap(t => t.y || []),"
        "order: e.layout && e.layout.yaxis && e.layout.yaxis.categoryarray,"
        "reversed: e.layout && e.layout.yaxis && e.layout.yaxis.autorange === 'reversed'}))"
    )
    ranking = next(c for c in charts if c["title"] and "排名" in c["title"])
    # a horizontal bar chart draws its category array from the bottom up: top to bottom is the reverse
    top_down = list(ranking["order"] or []) if ranking["reversed"] else list(reversed(ranking["order"] or []))
    assert top_down == [d["name"] for d in ranked], top_down
    grades = next(c for c in charts if c["title"] and "等次分布" in c["title"])
    assert grades["x"][: len(a["indicator"]["grades"])] == [g["name_zh"] for g in a["indicator"]["grades"]]
    vetoed = next((d for d in a["departments"] if d.get("veto")), None)
    if vetoed is not None:
        page.goto(f"{server['base']}/department?dept={vetoed['code']}")
        page.get_by_text("一票否决").first.wait_for(timeout=30000)
        body = page.inner_text("body")
        assert all(v["rule_id"] in body for v in vetoed.get("veto_findings") or []), body[:2000]


def test_hostile_snapshot_text_is_shown_as_text(server: dict[str, Any], ctx: Context) -> None:
    """The Markdown link, the remote image and the HTML in a snapshot are characters on the page: no
    link to it, no image, no request to its host."""
    if server["hostile"] is None:
        pytest.skip("fixture county absent")
    page = ctx.page()
    login(page, server["base"], "b-auth", path=f"department?dept={server['hostile']}")
    for _ in range(3):  # a click while the first run is still drawing can be lost: click until shown
        page.get_by_role("tab", name=re.compile("发现项")).first.click()
        settle(page)
        if page.get_by_text("其中已免责").count():
            break
    for summary in page.locator('[data-testid="stExpander"] details:not([open]) > summary').all():
        summary.click()
    settle(page)
    body = page.inner_text("body")
    assert "[查看整改指南](http://198.51.100.7/guide)" in body, body[:2000]
    assert "<b style=" in body
    assert page.locator('a[href*="198.51.100.7"]').count() == 0
    assert page.locator('img[src*="198.51.100.7"]').count() == 0
    shot(page, "authority-department-hostile-text")
    assert not any("198.51.100.7" in u for u in ctx.requested)
