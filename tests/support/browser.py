"""The dashboard in a real browser, shared by the tests in tests/browser/: Debian's Chromium driven by
Playwright, the product's own server (``govshare dashboard``: the login gate + Streamlit) on 127.0.0.1
on a free port, against a temp database with the evaluated and scored fixture county (started once per
test session, stopped at its end). Screenshots of every page go to ``test-artifacts/screenshots/``
(git-ignored; CI keeps the folder as the run's artefact), print views (PDF) to ``test-artifacts/print/``;
every request any page makes is recorded and must stay on 127.0.0.1.

Before the server starts, the department user's department gets what its job needs: one of its findings
waived (Art. 68, re-evaluated and scored, so it is marked 已免责) and a rectification notice (Art. 67) with
its DOCX and PDF. One department's snapshot carries hostile text (a Markdown link, a remote image — a
tracking pixel — and HTML) in a free-text field that reaches a finding's message.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
from evaluator.model.results import Finding
from tests.support.dashboard_county import FIXTURE_COUNTY, load_county

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SHOTS = ARTIFACTS / "screenshots"
PRINTS = ARTIFACTS / "print"
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
NOTICE_SETTINGS = ROOT / "tests" / "support" / "notice_settings.yaml"
WAIVER_GRANTOR = "县数据局 李四"

sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _env(**values: str) -> Iterator[None]:
    """Environment variables for the in-process setup only (the server gets its own copy)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


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


def _own_department(admin: User, period: int, url: str) -> tuple[str, Finding]:
    """The department user's department: a vetoed one (its page must name the veto's reason) with at
    least two findings that give grounds for a notice, else the first such by code; and the finding of
    it that gets waived (not one the veto rests on)."""
    from evaluator.consumers.notices import authority_of

    grounds: dict[str, list[Finding]] = {}
    authority = authority_of(period, url)  # gets no notice from itself
    for f in data.waivable_findings(admin, period, url=url):
        if f.rectification_ground and f.department != authority:
            grounds.setdefault(f.department, []).append(f)
    rows = {d["code"]: d for d in (data.assessment(admin, period, url) or {}).get("departments", [])}
    vetoes = {
        d: {(v["rule_id"], v["subject"]) for v in rows[d].get("veto_findings") or []}
        for d in rows
        if rows[d].get("veto")
    }
    fit = sorted(d for d, fs in grounds.items() if len(fs) >= 2)
    own = next((d for d in fit if d in vetoes), fit[0])
    spare = [f for f in grounds[own] if (f.rule_id, f.subject) not in vetoes.get(own, set())]
    return own, sorted(spare, key=lambda f: (f.rule_id, f.subject))[-1]


def _prepare_department(admin: User, period: int, url: str, opa: OpaServer) -> dict[str, Any]:
    """Waive one finding of the department, re-evaluate and score, then issue its notice."""
    from evaluator.consumers import assess

    own, waived = _own_department(admin, period, url)
    data.grant_waiver(
        admin,
        period,
        waived,
        ground="尽职",
        grantor=WAIVER_GRANTOR,
        granted_on=dt.date(2026, 3, 2),
        evidence="县数据局〔2026〕2 号认定书",
        url=url,
    )
    api.evaluate_stored(period, url=url, server=opa)
    assess.assess_period(period, url=url, server=opa)
    issued = data.issue_notices(admin, period, own, url=url)
    assert [r.department for r in issued.issued] == [own], issued
    return {"own": own, "waived": waived, "notice": issued.issued[0].number}


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install chromium (scripts/setup.sh)", pytrace=False)
    tmp = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{tmp}/govshare.db"
    admin = User("t", Role.AUTHORITY, None)
    # the setup runs with the server's data directory (its audit key and head file, its notices)
    with _env(GOVSHARE_DATA_DIR=str(tmp), GOVSHARE_NOTICE_SETTINGS=str(NOTICE_SETTINGS)):
        opa = OpaServer(build_bundle())
        try:
            info = load_county(tmp, url, opa)
            period = info["periods"][-1]
            hostile = _hostile_version(tmp, url, opa, period)
            from evaluator.consumers import assess

            for p in info["periods"]:
                assess.assess_period(p, url=url, server=opa)
            prepared = _prepare_department(admin, period, url, opa)
        finally:
            opa.stop()
    names = data.dept_names(admin, period, url)
    rows = (data.assessment(admin, period, url) or {}).get("departments", [])
    vetoed = next((d["code"] for d in rows if d.get("veto")), None)
    own = prepared["own"]
    other = next(c for c in names if c != own)
    for name, role, dept in [
        ("b-auth", "authority", None),
        ("b-budget", "budget", None),
        ("b-dept", "department", own),
        ("b-legal", "legal", None),
        ("b-owner", "legal", None),
        ("b-other-tab", "budget", None),
        ("b-upload", "authority", None),
        ("b-dept-veto", "department", vetoed),
    ]:
        if role == "department" and dept is None:
            continue  # no vetoed department in this county
        auth.add_user(name, PASSWORD, role, dept, must_change=False, url=url)
    auth.add_user("b-fresh", "one-time-password", "legal", None, must_change=True, url=url)
    port = _free_port()
    env = {
        **os.environ,
        "GOVSHARE_DATABASE_URL": url,
        "GOVSHARE_DATA_DIR": str(tmp),
        # notices are issued with an authority's own settings (the shipped examples refuse)
        "GOVSHARE_NOTICE_SETTINGS": str(NOTICE_SETTINGS),
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
        PRINTS.mkdir(parents=True, exist_ok=True)
        yield {
            "base": base,
            "url": url,
            "tmp": tmp,
            "own": own,
            "waived": prepared["waived"],
            "notice": prepared["notice"],
            "other": other,
            "vetoed": vetoed,
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


@pytest.fixture(scope="session")
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
            viewport={"width": 1366, "height": 768},
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            accept_downloads=True,
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


def settle(page: Any) -> None:
    """Wait until streamlit has finished running the script."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30000)
    page.wait_for_timeout(300)


def login(page: Any, base: str, username: str, password: str = PASSWORD, path: str = "") -> None:
    page.goto(f"{base}/{path}")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    if "/auth/" not in page.url:
        page.wait_for_selector('[data-testid="stMain"] h1', state="attached", timeout=30000)
        settle(page)


def nav(page: Any) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    return [t.strip().split("\n")[-1].strip() for t in links.all_inner_texts()]


def go(page: Any, key: str) -> None:
    """Open a page from the sidebar, as the user does."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=NAV[key]).first.click()
    page.wait_for_selector('[data-testid="stMain"] h1', state="attached", timeout=30000)
    settle(page)


def tab(page: Any, name: str) -> None:
    """Click the tab whose name starts with ``name`` (until it is the selected one)."""
    t = page.get_by_role("tab", name=re.compile(f"^{re.escape(name)}")).first
    for _ in range(3):  # a click while the first run is still drawing can be lost: click until selected
        t.click()
        settle(page)
        if t.get_attribute("aria-selected") == "true":
            return


def select(page: Any, label: str, option: str, exact: bool = False) -> Any:
    """Choose ``option`` (a substring of its text) in the visible select box labelled ``label``."""
    b = box(page, label)
    combo = b.get_by_role("combobox")
    if exact and combo.input_value() == option:
        return b
    text = re.compile(f"^\\s*{re.escape(option)}\\s*$") if exact else option
    for attempt in range(3):  # a rerun can redraw the list under the pointer: open it again
        try:
            combo.click()
            combo.fill(option)  # the list filters by what is typed: only matching options remain
            page.get_by_role("option").filter(has_text=text).first.click(timeout=10000)
            break
        except sync_api.TimeoutError:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            settle(page)
    settle(page)
    return b


def until(check: Any, seconds: float = 15) -> bool:
    """Poll ``check`` until it holds (Streamlit redraws after a rerun, a moment after the click)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return bool(check())


def box(page: Any, label: str) -> Any:
    return page.locator('[data-testid="stSelectbox"]').filter(has_text=label).filter(visible=True).first


def value(page: Any, label: str) -> str:
    """What the select box labelled ``label`` shows."""
    return str(box(page, label).get_by_role("combobox").input_value())


def shot(page: Any, name: str) -> None:
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


def download(page: Any, button: Any, name: str) -> bytes:
    """Click a download button as the user does; the file the browser receives (kept as an artefact)."""
    with page.expect_download(timeout=60000) as info:
        button.click()
    d = info.value
    target = ARTIFACTS / "downloads" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    d.save_as(str(target))
    return target.read_bytes()
