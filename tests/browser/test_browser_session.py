"""The login session in the browser: reload, new tab and bookmark keep it; logout ends it in every tab
and browser; the idle timeout ends it; downloads and the metrics endpoint need it; guessing a password
cannot lock out its owner; a one-time password is changed at first login."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import requests

from dashboard import auth
from tests.support.browser import Context, login, settle, shot


def test_login_survives_reload_new_tab_and_bookmark(server: dict[str, Any], ctx: Context) -> None:
    page = ctx.page()
    login(page, server["base"], "b-legal", path="statute")
    assert page.locator('[data-testid="stSidebarNav"]').count() == 1
    assert "/statute" in page.url  # the address asked for before the login
    cookie = next(c for c in ctx.ctx.cookies() if c["name"] == "govshare_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    page.reload()
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
    other = ctx.page()
    other.goto(f"{server['base']}/department")
    other.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
    settle(other)
    assert "部门" in other.inner_text("h1")


def test_logout_ends_the_login_in_every_tab_and_browser(server: dict[str, Any], browser: Any) -> None:
    first, second = Context(browser), Context(browser)
    try:
        a = first.page()
        login(a, server["base"], "b-other-tab")
        a2 = first.page()
        a2.goto(server["base"])
        a2.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        b = second.page()
        login(b, server["base"], "b-other-tab")
        a.get_by_role("button", name="退出登录").click()
        a.get_by_text("登录已结束").first.wait_for(timeout=30000)
        for p in (a2, b):
            p.reload()
            p.get_by_label("用户名", exact=True).wait_for(timeout=30000)
            assert "/auth/login" in p.url
        shot(b, "login-after-logout-elsewhere")
    finally:
        first.close()
        second.close()


def test_idle_timeout_ends_the_login(server: dict[str, Any], ctx: Context) -> None:
    from sqlmodel import Session, select

    from dashboard.gate import session_settings
    from evaluator.store.db import engine
    from evaluator.store.sessions import DashboardSessionRow

    page = ctx.page()
    login(page, server["base"], "b-budget")
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
    login(page, base, "b-auth")
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
        login(o, server["base"], "b-owner")  # this browser is now a trusted device of b-owner
        o.get_by_role("button", name="退出登录").click()
        o.get_by_text("登录已结束").first.wait_for(timeout=30000)
        a = attacker.page()
        for _ in range(auth.FREE_FAILURES + 4):  # the backoff doubles: soon an attempt falls inside it
            login(a, server["base"], "b-owner", password="a-wrong-guess!")
            body = a.inner_text("body")
            if "登录失败次数过多" in body:
                break
        assert "登录失败次数过多" in body, body
        assert not re.search(r"\d+\s*秒", body)  # how long is not told
        shot(a, "login-blocked")
        login(o, server["base"], "b-owner")
        o.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
    finally:
        owner.close()
        attacker.close()


def test_wrong_password_and_one_time_password(server: dict[str, Any], ctx: Context) -> None:
    page = ctx.page()
    login(page, server["base"], "b-legal", password="wrong-password!")
    page.get_by_text("用户名或密码错误").first.wait_for(timeout=30000)
    assert "/auth/login" in page.url
    body = page.inner_text("body")
    assert "govshare users" not in body and "demo" not in body  # no CLI hints, no demo users named
    shot(page, "login-refused")
    login(page, server["base"], "b-fresh", password="one-time-password")
    page.get_by_text("请修改一次性密码").first.wait_for(timeout=30000)
    shot(page, "change-password")
    page.get_by_label("一次性密码", exact=True).fill("one-time-password")
    page.get_by_label("新密码", exact=True).fill("a-new-password-1")
    page.get_by_label("再次输入新密码", exact=True).fill("a-new-password-1")
    page.get_by_role("button", name="保存并登录").click()
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
