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
PRINT_CSS = """<style>
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
st.html(PRINT_CSS)


def signed_out() -> None:
    """No live session in this tab (timed out, logged out here or elsewhere): the way back to the login."""
    st.title("内乡县政务数据共享合规监督")
    st.warning("登录已结束（超时或已退出），请重新登录。")
    st.link_button("重新登录", login_url(), type="primary")


PAGE_NAMES = ("overview", "department", "funding", "rectification", "statute", "evaluate", "whatif", "upkeep")


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

    def page(name: str, title: str, icon: str, default: bool = False) -> st.Page:
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

        if note := reminder():
            st.warning(note, icon=":material/event_busy:")

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
