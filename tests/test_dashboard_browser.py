"""The dashboard in a real browser: Debian's Chromium driven by Playwright, the product's own server
(``govshare dashboard``: the login gate + Streamlit) on 127.0.0.1 against a temp database with the
evaluated and scored fixture county. Screenshots of every page go to test-artifacts/screenshots/
(git-ignored); every request any page makes is recorded and must stay on 127.0.0.1.

One department's snapshot carries hostile text (a Markdown link, a remote image — a tracking pixel —
and HTML) in a free-text field that reaches a finding's message: it must be shown as characters.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from dashboard import auth, data
from dashboard.auth import Role, User
from dashboard.launch import streamlit_args
from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate import api
from tests.support.dashboard_county import FIXTURE_COUNTY, load_county

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "browser-test-password"
NAV = {
    "overview": "总览",
    "department": "部门",
    "funding": "资金",
    "rectification": "整改",
    "statute": "条文与规则",
    "evaluate": "评估",
    "whatif": "假设分析",
    "upkeep": "主管部门维护",
}
ALLOWED = {
    "authority": list(NAV),
    "budget": ["overview", "department", "funding", "statute", "whatif"],
    "department": ["overview", "department", "statute", "whatif"],
    "legal": ["overview", "department", "statute", "whatif"],
}
USERS = {"authority": "b-auth", "budget": "b-budget", "department": "b-dept", "legal": "b-legal"}
PIXEL = "http://198.51.100.7/pixel.png"
HOSTILE = (
    f"内乡县某养老服务有限公司[查看整改指南](http://198.51.100.7/guide)![]({PIXEL})"
    '<b style="font-size:90px;color:red">!</b>'
)
HOSTILE_FILE = "20-mashankouzhen.yaml"

sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _hostile_version(tmp: Path, url: str, opa: OpaServer, period: int) -> str | None:
    """A new version of one department's snapshot whose free text is hostile; returns its code."""
    src = FIXTURE_COUNTY / HOSTILE_FILE
    if not src.is_file():
        return None
    text = src.read_text("utf-8").replace(
        "third_party: 内乡县某养老服务有限公司", f"third_party: '{HOSTILE}'"
    )
    path = tmp / HOSTILE_FILE
    path.write_text(text, "utf-8")
    results = api.import_paths([path], url)
    api.evaluate_stored(period, url=url, server=opa)
    return results[0].dept


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install chromium (scripts/setup.sh)", pytrace=False)
    tmp = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{tmp}/govshare.db"
    opa = OpaServer(build_bundle())
    try:
        info = load_county(tmp, url, opa)
        hostile = _hostile_version(tmp, url, opa, info["periods"][-1])
        from evaluator.consumers import assess

        for p in info["periods"]:
            assess.assess_period(p, url=url, server=opa)
    finally:
        opa.stop()
    admin = User("t", Role.AUTHORITY, None)
    period = info["periods"][-1]
    names = data.dept_names(admin, period, url)
    own = sorted({f["department"] for f in data.findings(admin, period, url=url)})[0]
    other = next(c for c in names if c != own)
    for name, role, dept in [
        ("b-auth", "authority", None),
        ("b-budget", "budget", None),
        ("b-dept", "department", own),
        ("b-legal", "legal", None),
        ("b-owner", "legal", None),
        ("b-other-tab", "budget", None),
    ]:
        auth.add_user(name, PASSWORD, role, dept, must_change=False, url=url)
    auth.add_user("b-fresh", "one-time-password", "legal", None, must_change=True, url=url)
    port = _free_port()
    env = {
        **os.environ,
        "GOVSHARE_DATABASE_URL": url,
        "GOVSHARE_DATA_DIR": str(tmp),
        # notices are issued with an authority's own settings (the shipped examples refuse)
        "GOVSHARE_NOTICE_SETTINGS": str(ROOT / "tests" / "support" / "notice_settings.yaml"),
    }
    log = open(tmp / "streamlit.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(streamlit_args(port), env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/_stcore/health", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None:
                pytest.fail((tmp / "streamlit.log").read_text("utf-8", "replace"), pytrace=False)
            time.sleep(0.2)
        SHOTS.mkdir(parents=True, exist_ok=True)
        yield {
            "base": base,
            "url": url,
            "own": own,
            "other": other,
            "names": names,
            "period": period,
            "hostile": hostile,
            "admin": admin,
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


class Context:
    """A browser context (one browser profile) that records every URL any of its pages requests."""

    def __init__(self, browser: Any) -> None:
        self.ctx = browser.new_context(
            viewport={"width": 1366, "height": 768}, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        self.requested: list[str] = []
        self.ctx.on("request", lambda r: self.requested.append(r.url))

    def page(self) -> Any:
        return self.ctx.new_page()

    def outside(self) -> list[str]:
        """Requested URLs that leave 127.0.0.1 (data: and blob: URLs stay in the page)."""
        out = []
        for u in self.requested:
            parts = urlsplit(u)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname != "127.0.0.1":
                out.append(u)
        return out

    def close(self) -> None:
        self.ctx.close()


@pytest.fixture()
def ctx(browser: Any) -> Iterator[Context]:
    c = Context(browser)
    try:
        yield c
        assert c.outside() == [], c.outside()
    finally:
        c.close()


def _settle(page: Any) -> None:
    """Wait until streamlit has finished running the script."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30000)
    page.wait_for_timeout(300)


def _login(page: Any, base: str, username: str, password: str = PASSWORD, path: str = "") -> None:
    page.goto(f"{base}/{path}")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    if "/auth/" not in page.url:
        page.wait_for_selector('[data-testid="stMain"] h1', state="attached", timeout=30000)
        _settle(page)


def _nav(page: Any) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    return [t.strip().split("\n")[-1].strip() for t in links.all_inner_texts()]


def _select(page: Any, label: str, option: str, exact: bool = False) -> Any:
    """Choose ``option`` (a substring of its text) in the visible select box labelled ``label``."""
    box = _box(page, label)
    combo = box.get_by_role("combobox")
    if exact and combo.input_value() == option:
        return box
    combo.click()
    combo.fill(option)  # the list filters by what is typed: only matching options remain
    text = re.compile(f"^\\s*{re.escape(option)}\\s*$") if exact else option
    page.get_by_role("option").filter(has_text=text).first.click()
    _settle(page)
    return box


def _until(check: Any, seconds: float = 15) -> bool:
    """Poll ``check`` until it holds (Streamlit redraws after a rerun, a moment after the click)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return bool(check())


def _box(page: Any, label: str) -> Any:
    return page.locator('[data-testid="stSelectbox"]').filter(has_text=label).filter(visible=True).first


def _value(page: Any, label: str) -> str:
    """What the select box labelled ``label`` shows."""
    return str(_box(page, label).get_by_role("combobox").input_value())


def _shot(page: Any, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main container, so the viewport is made as tall
    as the content for the picture (at most 8000 px), then put back."""
    size = page.viewport_size
    tall = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], body')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(int(tall), size["height"]), 8000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


# ---------------------------------------------------------------------------------------------
# Each role's pages, screenshots of every page, nothing fetched from outside 127.0.0.1


@pytest.mark.parametrize("role", ["authority", "budget", "department", "legal"])
def test_each_role_sees_its_pages(server: dict[str, Any], ctx: Context, role: str) -> None:
    page = ctx.page()
    _login(page, server["base"], USERS[role])
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
    shown = _nav(page)
    assert sorted(x for x in shown if x) == sorted(NAV[k] for k in ALLOWED[role]), shown
    for key in ALLOWED[role]:
        page.locator('[data-testid="stSidebarNav"] a', has_text=NAV[key]).first.click()
        page.wait_for_selector('[data-testid="stMain"] h1', state="attached", timeout=30000)
        _settle(page)
        assert page.locator(".stException").count() == 0, key
        body = page.inner_text("body")
        assert "无权访问" not in body
        for english in ("Page not found", "Choose options", "Upload", "200MB"):
            assert english not in body, (key, english)
        if key == "overview":
            page.wait_for_selector(".js-plotly-plot", timeout=30000)
        _shot(page, f"{role}-{key}")
    if role == "department":
        assert server["names"][server["other"]] not in page.inner_text("body")
    assert ctx.outside() == []


def test_hostile_snapshot_text_is_shown_as_text(server: dict[str, Any], ctx: Context) -> None:
    """The Markdown link, the remote image and the HTML in a snapshot are characters on the page: no
    link to it, no image, no request to its host."""
    if server["hostile"] is None:
        pytest.skip("fixture county absent")
    page = ctx.page()
    _login(page, server["base"], "b-auth", path=f"department?dept={server['hostile']}")
    for _ in range(3):  # a click while the first run is still drawing can be lost: click until shown
        page.get_by_role("tab", name=re.compile("发现项")).first.click()
        _settle(page)
        if page.get_by_text("其中已免责").count():
            break
    for summary in page.locator('[data-testid="stExpander"] details:not([open]) > summary').all():
        summary.click()
    _settle(page)
    body = page.inner_text("body")
    assert "[查看整改指南](http://198.51.100.7/guide)" in body, body[:2000]
    assert "<b style=" in body
    assert page.locator('a[href*="198.51.100.7"]').count() == 0
    assert page.locator('img[src*="198.51.100.7"]').count() == 0
    _shot(page, "authority-department-hostile-text")
    assert not any("198.51.100.7" in u for u in ctx.requested)


# ---------------------------------------------------------------------------------------------
# The session: reload, new tab, logout everywhere, idle timeout, downloads, metrics, lockout


def test_login_survives_reload_new_tab_and_bookmark(server: dict[str, Any], ctx: Context) -> None:
    page = ctx.page()
    _login(page, server["base"], "b-legal", path="statute")
    assert page.locator('[data-testid="stSidebarNav"]').count() == 1
    assert "/statute" in page.url  # the address asked for before the login
    cookie = next(c for c in ctx.ctx.cookies() if c["name"] == "govshare_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    page.reload()
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
    other = ctx.page()
    other.goto(f"{server['base']}/department")
    other.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
    _settle(other)
    assert "部门" in other.inner_text("h1")


def test_logout_ends_the_login_in_every_tab_and_browser(server: dict[str, Any], browser: Any) -> None:
    first, second = Context(browser), Context(browser)
    try:
        a = first.page()
        _login(a, server["base"], "b-other-tab")
        a2 = first.page()
        a2.goto(server["base"])
        a2.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        b = second.page()
        _login(b, server["base"], "b-other-tab")
        a.get_by_role("button", name="退出登录").click()
        a.get_by_text("登录已结束").first.wait_for(timeout=30000)
        for p in (a2, b):
            p.reload()
            p.get_by_label("用户名", exact=True).wait_for(timeout=30000)
            assert "/auth/login" in p.url
        _shot(b, "login-after-logout-elsewhere")
    finally:
        first.close()
        second.close()


def test_idle_timeout_ends_the_login(server: dict[str, Any], ctx: Context) -> None:
    from sqlmodel import Session, select

    from dashboard.gate import session_settings
    from evaluator.store.db import engine
    from evaluator.store.sessions import DashboardSessionRow

    page = ctx.page()
    _login(page, server["base"], "b-budget")
    idle, _ = session_settings()
    with Session(engine(server["url"])) as s:
        for row in s.exec(select(DashboardSessionRow).where(DashboardSessionRow.username == "b-budget")):
            row.last_seen = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=idle + 1)
            s.add(row)
        s.commit()
    page.reload()
    page.get_by_label("用户名", exact=True).wait_for(timeout=30000)
    assert "/auth/login" in page.url


def test_downloads_and_metrics_need_the_session(server: dict[str, Any], ctx: Context) -> None:
    base = server["base"]
    assert requests.get(f"{base}/_stcore/metrics", timeout=5).status_code == 404
    page = ctx.page()
    _login(page, base, "b-auth")
    # the page icon is a Streamlit media file: a /media/ address, like every download button's
    href = page.locator('link[rel~="icon"]').first.get_attribute("href")
    assert href is not None and "/media/" in href, href
    media = href if href.startswith("http") else f"{base}{href}"
    anonymous = requests.get(media, timeout=5, allow_redirects=False)
    assert anonymous.status_code == 401, anonymous.status_code
    jar = {c["name"]: c["value"] for c in ctx.ctx.cookies()}
    assert requests.get(media, cookies=jar, timeout=5).status_code == 200
    assert requests.get(f"{base}/_stcore/metrics", cookies=jar, timeout=5).status_code == 404
    page.get_by_role("button", name="退出登录").click()
    page.get_by_text("登录已结束").first.wait_for(timeout=30000)
    assert requests.get(media, cookies=jar, timeout=5, allow_redirects=False).status_code == 401


def test_guessing_a_password_cannot_lock_out_its_owner(server: dict[str, Any], browser: Any) -> None:
    owner, attacker = Context(browser), Context(browser)
    try:
        o = owner.page()
        _login(o, server["base"], "b-owner")  # this browser is now a trusted device of b-owner
        o.get_by_role("button", name="退出登录").click()
        o.get_by_text("登录已结束").first.wait_for(timeout=30000)
        a = attacker.page()
        for _ in range(auth.FREE_FAILURES + 4):  # the backoff doubles: soon an attempt falls inside it
            _login(a, server["base"], "b-owner", password="a-wrong-guess!")
            body = a.inner_text("body")
            if "登录失败次数过多" in body:
                break
        assert "登录失败次数过多" in body, body
        assert not re.search(r"\d+\s*秒", body)  # how long is not told
        _shot(a, "login-blocked")
        _login(o, server["base"], "b-owner")
        o.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
    finally:
        owner.close()
        attacker.close()


def test_wrong_password_and_one_time_password(server: dict[str, Any], ctx: Context) -> None:
    page = ctx.page()
    _login(page, server["base"], "b-legal", password="wrong-password!")
    page.get_by_text("用户名或密码错误").first.wait_for(timeout=30000)
    assert "/auth/login" in page.url
    body = page.inner_text("body")
    assert "govshare users" not in body and "demo" not in body  # no CLI hints, no demo users named
    _shot(page, "login-refused")
    _login(page, server["base"], "b-fresh", password="one-time-password")
    page.get_by_text("请修改一次性密码").first.wait_for(timeout=30000)
    _shot(page, "change-password")
    page.get_by_label("一次性密码", exact=True).fill("one-time-password")
    page.get_by_label("新密码", exact=True).fill("a-new-password-1")
    page.get_by_label("再次输入新密码", exact=True).fill("a-new-password-1")
    page.get_by_role("button", name="保存并登录").click()
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)


# ---------------------------------------------------------------------------------------------
# Forms act on exactly what they show


def test_waiver_form_records_the_finding_it_shows_after_the_department_changes(
    server: dict[str, Any], ctx: Context
) -> None:
    admin, period, url = server["admin"], server["period"], server["url"]
    open_ = data.waivable_findings(admin, period, url=url)
    by_dept: dict[str, list[dict[str, Any]]] = {}
    for f in open_:
        by_dept.setdefault(f["department"], []).append(f)
    first = next(d for d, fs in by_dept.items() if len(fs) >= 2)
    then = next(d for d in by_dept if d != first)
    names = server["names"]
    page = ctx.page()
    _login(page, server["base"], "b-auth", path="rectification")
    page.get_by_role("tab", name=re.compile("免责")).first.click()
    _settle(page)
    _select(page, "部门", names[first])
    second = by_dept[first][1]
    _select(page, "发现项", f"{second['rule_id']} · {second['subject']}")
    _select(page, "部门", names[then])
    target = by_dept[then][0]
    page.wait_for_timeout(1000)
    shown = _value(page, "发现项")
    assert f"{target['rule_id']} · {target['subject']}" in shown, shown
    assert names[then] in _value(page, "部门")
    page.get_by_label("认定人").filter(visible=True).fill("县数据局 张三")
    page.get_by_label("证明材料").filter(visible=True).fill("县数据局〔2026〕1 号认定书")
    _shot(page, "authority-rectification-waiver-form")
    page.get_by_role("button", name="登记免责").click()
    _settle(page)
    page.get_by_text("已登记免责").first.wait_for(timeout=30000)
    ws = data.waivers(admin, period, url=url)
    assert [(w["department"], w["rule_id"], w["subject"]) for w in ws] == [
        (then, target["rule_id"], target["subject"])
    ]


def test_what_if_evaluates_the_value_shown_after_the_department_changes(
    server: dict[str, Any], ctx: Context
) -> None:
    names, own, other = server["names"], server["own"], server["other"]
    page = ctx.page()
    _login(page, server["base"], "b-auth", path="whatif")
    _select(page, "部门", names[own])
    _select(page, "部分", "department", exact=True)
    _select(page, "字段", "name", exact=True)
    value = page.get_by_label(re.compile("新值")).filter(visible=True).first
    assert _until(lambda: names[own] in value.input_value()), value.input_value()
    _select(page, "部门", names[other])
    # the boxes below the department are the new department's: its first field and that field's value
    assert _until(lambda: names[own] not in value.input_value()), value.input_value()
    field = _value(page, "字段")
    assert field != "name"
    shown = value.input_value()
    assert names[own] not in shown and (other in shown or names[other] in shown), (field, shown)
    page.get_by_role("button", name="评价改动").click()
    _settle(page)
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
    _shot(page, "authority-whatif-after-switch")


# ---------------------------------------------------------------------------------------------
# The authority's rectification page


def test_rectification_page_tabs_at_1366(server: dict[str, Any], ctx: Context) -> None:
    """The authority's 整改 page, each tab, at 1366×768: Chinese renders, nothing overflows sideways;
    a notice is issued after a preview and a confirmation."""
    page = ctx.page()
    _login(page, server["base"], "b-auth", path="rectification")
    for tab, name in (("发出通知", "issue"), ("免责", "waivers")):
        page.get_by_role("tab", name=re.compile(tab)).first.click()
        _settle(page)
        assert page.locator(".stException").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        _shot(page, f"authority-rectification-{name}")
    page.get_by_role("tab", name=re.compile("发出通知")).first.click()
    _settle(page)
    page.get_by_role("button", name="发出整改通知").click()
    _settle(page)
    assert "已下发" not in page.inner_text("body")  # nothing issued before the confirmation
    page.get_by_role("button", name=re.compile("生成样稿预览")).click()
    page.get_by_role("button", name=re.compile("下载样稿 PDF")).wait_for(timeout=60000)
    _shot(page, "authority-rectification-preview")
    page.get_by_role("button", name=re.compile("确认发出")).click()
    _settle(page)
    page.get_by_text("已下发 1 份").first.wait_for(timeout=30000)
    page.get_by_role("tab", name=re.compile("通知")).first.click()
    _settle(page)
    page.locator('[data-testid="stExpander"] summary').filter(visible=True).first.click()
    _settle(page)
    assert page.get_by_role("button", name=re.compile("下载 DOCX")).count() >= 1
    _shot(page, "authority-rectification-notices")


def test_department_user_asking_for_another_department_by_url_gets_nothing(
    server: dict[str, Any], ctx: Context
) -> None:
    page = ctx.page()
    _login(page, server["base"], "b-dept", path=f"department?dept={server['other']}")
    body = page.inner_text("body")
    assert "无权查看" in body, body[:500]
    assert server["names"][server["other"]] not in body
    _shot(page, "department-refused-other")


def test_department_user_cannot_open_the_funding_page_by_url(server: dict[str, Any], ctx: Context) -> None:
    page = ctx.page()
    _login(page, server["base"], "b-dept", path="funding")
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
    _login(page, server["base"], "b-auth")
    page.wait_for_selector(".js-plotly-plot", timeout=30000)
    _settle(page)
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
