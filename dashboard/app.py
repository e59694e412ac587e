"""govshare 仪表盘入口：按角色导航 / dashboard entry: navigation by role.

Run with ``govshare dashboard`` (``dashboard/server.py``: the login gate in front of this script). The
login and the password change are the gate's pages; here the user is the one the session cookie names.
Pages are in ``dashboard/views``; every page guards its role again, and every query goes through
``dashboard.data`` with the logged-in user.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from dashboard.auth import Role
from dashboard.gate import PAGE_NAMES
from dashboard.launch import UPLOAD_LIMIT_MB
from dashboard.ui import current_user, log_out, login_url, md
from evaluator.store.audit import acting_as

HERE = Path(__file__).resolve().parent

st.set_page_config(
    page_title="政务数据共享合规监督 govshare",
    page_icon=str(HERE / "assets" / "favicon.png"),  # a local file: nothing is fetched from outside
    layout="wide",
    initial_sidebar_state="expanded",
)

# The print view (Ctrl+P on the department page or the overview prints as a report): no sidebar, no
# toolbars or buttons, the content flows over as many pages as it needs instead of one scrolled screen.
PAGE_CSS = """<style>
/* Streamlit's upload box speaks English ("Drag and drop", "Upload", "200MB per file"): its words are
   replaced by Chinese ones; the limit is the intake's own, set as the server's upload limit */
[data-testid="stFileUploaderDropzoneInstructions"] span { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "将文件拖到这里，或点击右侧按钮选择（每个文件不超过 UPLOAD_MB MB）"; font-size: 14px; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after { content: "选择文件"; }
/* Streamlit's skip link (shown on keyboard focus) says "Skip to main content": the same link in Chinese */
[data-testid="stSkipToContent"] { font-size: 0 !important; }
[data-testid="stSkipToContent"]::after { content: "跳到正文"; font-size: 14px; }
/* the tables' hover toolbar (its buttons are English: "Search", "Fullscreen"): off, as its export is; a
   long table has the product's own filter box (dashboard.ui.table) */
[data-testid="stElementToolbar"] { display: none !important; }
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header, [data-testid="stToolbar"],
  [data-testid="stHeader"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], .stButton,
  .stDownloadButton, .stLinkButton, [data-testid="stElementToolbar"] { display: none !important; }
  html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"], section.main,
  [data-testid="stMainBlockContainer"] { overflow: visible !important; height: auto !important;
  position: static !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  .js-plotly-plot, [data-testid="stExpander"], [data-testid="stMetric"] { break-inside: avoid; }
  [data-testid="stExpander"] details > div { display: block !important; }
}
</style>"""
st.html(PAGE_CSS.replace("UPLOAD_MB", str(UPLOAD_LIMIT_MB)))


def signed_out() -> None:
    """No live session in this tab (timed out, logged out here or elsewhere): the way back to the login."""
    st.title("内乡县政务数据共享合规监督")
    st.warning("登录已结束（超时或已退出），请重新登录。")
    st.link_button("重新登录", login_url(), type="primary")


def forbidden() -> None:
    """A page of the dashboard the user's role does not have (a bookmark, a typed address)."""
    st.title("无权访问")
    st.error("您的角色无权查看该页面。请从左侧导航选择页面。")


def _named(fn: Callable[[], None], name: str) -> Callable[[], None]:
    def page() -> None:
        fn()

    page.__name__ = f"gate_{name}"
    return page


def main() -> None:
    user = current_user()
    if user is None:
        # every page's address shows the way back to the login (never "page not found"), and the login
        # returns to that address, so a bookmark such as /department?dept=… keeps its path and query
        gates = [st.Page(signed_out, title="登录", url_path="login", default=True)]
        gates += [st.Page(_named(signed_out, name), title="登录", url_path=name) for name in PAGE_NAMES]
        st.navigation(gates, position="hidden").run()
        return

    mine: set[str] = set()

    def page(name: str, title: str, icon: str, default: bool = False) -> st.Page:
        mine.add(name)
        return st.Page(HERE / "views" / f"{name}.py", title=title, icon=icon, url_path=name, default=default)

    pages = [
        page("overview", "总览", ":material/bar_chart:", default=True),
        page("department", "部门", ":material/apartment:"),
    ]
    if user.role in (Role.AUTHORITY, Role.BUDGET):
        pages.append(page("funding", "资金", ":material/payments:"))
    if user.role is Role.AUTHORITY:
        pages.append(page("rectification", "整改", ":material/assignment:"))
    pages.append(page("statute", "条文与规则", ":material/gavel:"))
    if user.role is Role.AUTHORITY:
        pages.append(page("evaluate", "评估", ":material/upload_file:"))
    pages.append(page("whatif", "假设分析", ":material/science:"))
    if user.role is Role.AUTHORITY:  # dashboard/views/upkeep.py (issue 21); the banner from 1 November
        pages.append(page("upkeep", "主管部门维护", ":material/edit_calendar:"))
        from evaluator.consumers.upkeep import reminder

        if note := reminder():  # already in words (Chinese dates, the command intact)
            st.warning(md(note), icon=":material/event_busy:")

    # the pages the role lacks answer "无权访问" (never Streamlit's English "Page not found")
    pages += [
        st.Page(_named(forbidden, name), title="无权访问", url_path=name, visibility="hidden")
        for name in PAGE_NAMES
        if name not in mine
    ]
    with st.sidebar:
        st.markdown(f"**{md(user.username)}** · {user.role_zh}")
        if user.dept:
            st.caption(f"所属部门代码 {md(user.dept)}")
        if st.button("退出登录", key="logout", help="结束本用户在所有标签页和浏览器中的登录"):
            log_out(user)
            st.session_state.clear()
            st.rerun()
    # every audit entry written while a page runs (imports, evaluations, scoring, notices, exports)
    # names the logged-in user, not the server's system account
    with acting_as(user.username):
        st.navigation(pages).run()


main()
