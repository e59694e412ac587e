"""govshare 仪表盘入口：登录、修改一次性密码、按角色导航 / dashboard entry: login and navigation.

Run with ``govshare dashboard`` (streamlit on 127.0.0.1). Pages are in ``dashboard/pages``; every page
guards its role again, and every query goes through ``dashboard.data`` with the logged-in user.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from dashboard.auth import AuthError, Role, User, authenticate, change_password
from dashboard.ui import current_user

HERE = Path(__file__).resolve().parent

st.set_page_config(
    page_title="政务数据共享合规监督 govshare",
    page_icon=":material/account_balance:",
    layout="wide",
    initial_sidebar_state="expanded",
)


def login_form() -> None:
    st.title("内乡县政务数据共享合规监督")
    st.caption("Neixiang county government data-sharing compliance · 请登录 / please log in")
    with st.form("login"):
        username = st.text_input("用户名 / username", key="login_username")
        password = st.text_input("密码 / password", type="password", key="login_password")
        submitted = st.form_submit_button("登录 / log in", type="primary")
    if submitted:
        try:
            user = authenticate(username, password)
        except AuthError as e:
            st.error(str(e))
            return
        st.session_state["username"] = user.username
        st.rerun()
    st.info(
        "首次使用：管理员以 `govshare users add --username 名字 --role authority|budget|department|legal "
        "[--department 部门代码]` 创建用户；演示用户由 `govshare users demo` 生成一次性密码。"
    )


def change_password_form(username: str) -> None:
    st.title("请修改一次性密码 / change your one-time password")
    st.warning("首次登录须设置新密码（至少 10 个字符）/ set a new password (at least 10 characters)")
    with st.form("change_password"):
        old = st.text_input("一次性密码 / one-time password", type="password", key="cp_old")
        new = st.text_input("新密码 / new password", type="password", key="cp_new")
        again = st.text_input("再次输入新密码 / repeat", type="password", key="cp_again")
        submitted = st.form_submit_button("保存 / save", type="primary")
    if submitted:
        if new != again:
            st.error("两次输入的新密码不一致 / the new passwords differ")
            return
        try:
            change_password(username, old, new)
        except AuthError as e:
            st.error(str(e))
            return
        st.success("密码已修改 / password changed")
        st.rerun()


PAGE_NAMES = ("overview", "department", "funding", "rectification", "statute", "evaluate", "whatif", "upkeep")


def _named(fn: Callable[[], None], name: str) -> Callable[[], None]:
    def page() -> None:
        fn()

    page.__name__ = f"gate_{name}"
    return page


def main() -> None:
    user = current_user()
    if user is None or user.must_change:
        # Every page's address shows the login (or the password change) until the user is through, so
        # that a bookmarked address such as /department?dept=… keeps its path and query.
        def gate(user: User | None = user) -> None:
            if user is None:
                login_form()
            else:
                change_password_form(user.username)

        gates = [st.Page(gate, title="登录", url_path="login", default=True)]
        gates += [st.Page(_named(gate, name), title="登录", url_path=name) for name in PAGE_NAMES]
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
        st.markdown(f"**{user.username}** · {user.role_zh}")
        if user.dept:
            st.caption(f"所属部门代码 {user.dept}")
        if st.button("退出登录 / log out", key="logout"):
            st.session_state.clear()
            st.rerun()
    st.navigation(pages).run()


main()
