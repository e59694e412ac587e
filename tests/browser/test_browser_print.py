"""The print view of the overview and of the department page, in the browser: print media emulated, the
page printed to PDF by Chromium (kept in test-artifacts/print/), the sidebar, toolbars and buttons not
printed, the content not cut to one screen (a long page runs over several PDF pages, its last section is
in the PDF's text)."""

from __future__ import annotations

import unicodedata
from typing import Any

import pdfplumber
import pytest

from dashboard import data
from tests.support.browser import PRINTS, USERS, Context, go, login, settle, tab

HIDDEN = ['[data-testid="stSidebar"]', '[data-testid="stHeader"]', ".stButton", ".stDownloadButton"]


def _print(page: Any, name: str) -> tuple[int, str]:
    """The page as Chromium prints it (A4): (number of PDF pages, the PDF's text)."""
    page.emulate_media(media="print")
    page.wait_for_timeout(500)
    for selector in HIDDEN:  # the print style sheet hides them
        for el in page.locator(selector).all():
            assert el.evaluate("e => getComputedStyle(e).display") == "none", selector
    path = PRINTS / f"{name}.pdf"
    page.pdf(path=str(path), format="A4", print_background=True)
    page.emulate_media(media="screen")
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages), "\n".join(p.extract_text() or "" for p in pdf.pages)


def _flat(text: str) -> str:
    """Without spaces, in compatibility form (the PDF's text layer writes some characters as radicals)."""
    return unicodedata.normalize("NFKC", "".join(text.split()))


@pytest.mark.parametrize("role", ["authority", "department"])
def test_the_overview_prints_as_a_report(server: dict[str, Any], ctx: Context, role: str) -> None:
    page = ctx.page()
    login(page, server["base"], USERS[role])
    page.wait_for_selector(".js-plotly-plot", timeout=30000)
    settle(page)
    pages, text = _print(page, f"{role}-overview")
    flat = _flat(text)
    assert pages > 1, pages  # not cut to the one screen Streamlit scrolls
    assert "总览" in flat and "历年趋势" in flat  # the first and the last section
    assert "退出登录" not in flat and USERS[role] not in flat  # no sidebar
    assert "条文与规则" not in flat  # no navigation


def test_the_department_page_prints_every_finding(server: dict[str, Any], ctx: Context) -> None:
    admin, period, url, own = server["admin"], server["period"], server["url"], server["own"]
    findings = data.findings(admin, period, own, url)
    page = ctx.page()
    login(page, server["base"], USERS["department"])
    go(page, "department")
    tab(page, "发现项与整改要求")
    pages, text = _print(page, "department-department-findings")
    flat = _flat(text)
    assert pages > 1, pages
    assert "退出登录" not in flat
    # every finding on the page is printed, the last too (a closed expander prints its heading)
    for f in findings[:200]:
        assert _flat(f.rule_id) in flat and _flat(f.subject) in flat, (f.rule_id, flat[-2000:])
