"""The dashboard in a real browser: Debian's Chromium driven by Playwright, a real streamlit server on
127.0.0.1 against a temp database with the evaluated fixture county. Screenshots of every page go to
test-artifacts/screenshots/ (gitignored)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from dashboard import auth, data
from dashboard.auth import Role, User
from dashboard.cli import streamlit_args
from evaluator.engine import OpaServer, build_bundle
from tests.support.dashboard_county import load_county

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
}
ALLOWED = {
    "authority": list(NAV),
    "budget": ["overview", "department", "funding", "statute", "whatif"],
    "department": ["overview", "department", "statute", "whatif"],
    "legal": ["overview", "department", "statute", "whatif"],
}

sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install chromium (scripts/setup.sh)", pytrace=False)
    tmp = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{tmp}/govshare.db"
    opa = OpaServer(build_bundle())
    try:
        info = load_county(tmp, url, opa)
        from evaluator.consumers import assessment as assess

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
    ]:
        auth.add_user(name, PASSWORD, role, dept, must_change=False, url=url)
    auth.add_user("b-fresh", "one-time-password", "legal", None, must_change=True, url=url)
    port = _free_port()
    env = {**os.environ, "GOVSHARE_DATABASE_URL": url, "GOVSHARE_DATA_DIR": str(tmp)}
    log = open(tmp / "streamlit.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        streamlit_args(port),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
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
        yield {"base": base, "own": own, "other": other, "names": names, "period": period}
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


def _settle(page: Any) -> None:
    """Wait until streamlit has finished running the script."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30000)
    page.wait_for_timeout(300)


def _login(page: Any, base: str, username: str, password: str = PASSWORD, path: str = "") -> None:
    page.goto(f"{base}/{path}")
    page.get_by_label("用户名 / username").fill(username)
    page.get_by_label("密码 / password").fill(password)
    page.get_by_role("button", name="登录 / log in").click()
    _settle(page)


def _nav(page: Any) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    return [t.strip() for t in links.all_inner_texts()]


@pytest.mark.parametrize("role", ["authority", "budget", "department", "legal"])
def test_each_role_sees_its_pages(server: dict[str, Any], browser: Any, role: str) -> None:
    username = {"authority": "b-auth", "budget": "b-budget", "department": "b-dept", "legal": "b-legal"}[role]
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = ctx.new_page()
    try:
        _login(page, server["base"], username)
        page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        shown = _nav(page)
        assert sorted(x for x in shown if x) == sorted(
            [t for k, t in NAV.items() if k in ALLOWED[role]]
        ) or all(any(NAV[k] in s for s in shown) for k in ALLOWED[role]), shown
        for key in ALLOWED[role]:
            started = time.monotonic()
            page.locator('[data-testid="stSidebarNav"] a', has_text=NAV[key]).first.click()
            page.wait_for_selector("h1", timeout=30000)
            _settle(page)
            elapsed = time.monotonic() - started
            assert page.locator(".stException").count() == 0, key
            assert "无权访问" not in page.inner_text("body")
            if key == "overview":
                page.wait_for_selector(".js-plotly-plot", timeout=30000)
            page.screenshot(path=str(SHOTS / f"{role}-{key}.png"), full_page=False)
            assert elapsed < 10, (key, elapsed)  # generous in the browser; AppTest checks the 2 s budget
        for key in set(NAV) - set(ALLOWED[role]):
            assert not any(NAV[key] == s for s in shown), (role, key)
        if role == "department":
            body = page.inner_text("body")
            assert server["names"][server["other"]] not in body
    finally:
        ctx.close()


def test_department_user_asking_for_another_department_by_url_gets_nothing(
    server: dict[str, Any], browser: Any
) -> None:
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    page = ctx.new_page()
    try:
        _login(page, server["base"], "b-dept", path=f"department?dept={server['other']}")
        page.wait_for_selector("h1", timeout=30000)
        _settle(page)
        body = page.inner_text("body")
        assert "无权查看" in body, body[:500]
        assert server["names"][server["other"]] not in body
        page.screenshot(path=str(SHOTS / "department-refused-other.png"))
    finally:
        ctx.close()


def test_department_user_cannot_open_the_funding_page_by_url(server: dict[str, Any], browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    page = ctx.new_page()
    try:
        _login(page, server["base"], "b-dept", path="funding")
        page.wait_for_selector("h1", timeout=30000)
        _settle(page)
        body = page.inner_text("body")
        assert "运维经费决定" not in body
    finally:
        ctx.close()


def test_wrong_password_and_one_time_password(server: dict[str, Any], browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    page = ctx.new_page()
    try:
        _login(page, server["base"], "b-legal", password="wrong-password!")
        page.get_by_text("用户名或密码错误").first.wait_for(timeout=30000)
        assert "请登录" in page.inner_text("body")  # still on the login page
        page.screenshot(path=str(SHOTS / "login-refused.png"))
        _login(page, server["base"], "b-fresh", password="one-time-password")
        page.get_by_text("请修改一次性密码").first.wait_for(timeout=30000)
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        page.screenshot(path=str(SHOTS / "change-password.png"))
    finally:
        ctx.close()


def test_rectification_page_tabs_at_1366(server: dict[str, Any], browser: Any) -> None:
    """The authority's 整改 page, each tab, at 1366×768: Chinese renders, nothing overflows sideways."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = ctx.new_page()
    try:
        _login(page, server["base"], "b-auth", path="rectification")
        page.wait_for_selector("h1", timeout=30000)
        _settle(page)
        for tab, name in (("发出通知", "issue"), ("免责", "waivers")):
            page.get_by_role("tab", name=tab).first.click()
            _settle(page)
            assert page.locator(".stException").count() == 0
            assert page.evaluate("document.documentElement.scrollWidth") <= 1366
            page.screenshot(path=str(SHOTS / f"authority-rectification-{name}.png"), full_page=False)
        body = page.inner_text("body")
        assert "登记免责" in body and "认定人" in body
        # issue a notice for the selected department, then look at it in the list
        page.get_by_role("tab", name="发出通知").first.click()
        _settle(page)
        page.get_by_role("button", name="发出整改通知 / issue").click()
        _settle(page)
        page.get_by_text("已下发 1 份").first.wait_for(timeout=30000)
        page.locator('[data-testid="stExpander"] summary').first.click()
        _settle(page)
        assert page.get_by_role("button", name="下载 DOCX / download").count() == 1
        page.screenshot(path=str(SHOTS / "authority-rectification-notices.png"), full_page=False)
    finally:
        ctx.close()
