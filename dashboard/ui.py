"""Shared page helpers: the logged-in user, role guards, cached queries, the period picker, tables."""

from __future__ import annotations

import atexit
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from evaluator.engine import OpaServer, build_bundle, rule_catalog
from evaluator.store.db import database_url

from . import data
from .auth import Role, User, get_user

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, sans-serif"
PAGE_SIZE = 50


def current_user() -> User | None:
    """The logged-in user, re-read from the database on every run (a deleted user is logged out)."""
    username = st.session_state.get("username")
    if not username:
        return None
    user = get_user(username)
    if user is None:
        st.session_state.pop("username", None)
    return user


def guard(roles: Sequence[Role] | None = None) -> User:
    """Stop the page unless a user is logged in and (when given) has one of ``roles``."""
    user = current_user()
    if user is None or user.must_change:
        st.error("请先登录 / please log in")
        st.stop()
    if roles is not None and user.role not in roles:
        st.error("无权访问此页面 / this page is not available for your role（" + user.role_zh + "）")
        st.stop()
    return user


@st.cache_data(ttl=60, show_spinner=False)
def _q(fn: str, role: str, dept: str | None, username: str, args: tuple[Any, ...], db: str) -> Any:
    return getattr(data, fn)(User(username, Role(role), dept), *args)


def q(fn: str, user: User, *args: Any) -> Any:
    """A cached call of ``data.<fn>(user, *args)``; the cache key includes the user's role and dept."""
    return _q(fn, user.role.value, user.dept, user.username, tuple(args), database_url())


def clear_cache() -> None:
    st.cache_data.clear()


def _log_download(what: dict[str, Any], payload: bytes) -> None:
    """``on_click`` of every download button: the export goes into the audit log (who, what, SHA-256)."""
    user = current_user()
    if user is not None:
        data.log_export(user, what, payload)


def download(
    label: str, payload: bytes, *, file_name: str, mime: str, key: str, what: dict[str, Any]
) -> None:
    """A download button whose click appends an ``export`` audit entry with the SHA-256 of ``payload``."""
    st.download_button(
        label,
        payload,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click=_log_download,
        args=({**what, "file": file_name, "mime": mime}, payload),
        icon=":material/download:",
    )


CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


@st.cache_resource(show_spinner="正在启动 OPA / starting OPA …")
def opa() -> OpaServer:
    """One OPA server per Streamlit process (what-if and evaluate)."""
    server = OpaServer(build_bundle())
    atexit.register(server.stop)
    return server


@st.cache_resource(show_spinner=False)
def catalog() -> dict[str, dict[str, Any]]:
    return rule_catalog(build_bundle())


def period_picker(user: User) -> int | None:
    ps = q("periods", user)
    if not ps:
        st.info("尚无数据：请先导入并评价快照 / no data yet: import and evaluate snapshots first")
        return None
    return int(
        st.sidebar.selectbox(
            "评价年度 / period", list(reversed(ps)), key="period", format_func=lambda p: f"{p} 年度"
        )
    )


def dept_label(names: dict[str, str], code: str) -> str:
    return f"{names.get(code, code)}（{code}）"


def findings_frame(findings: Sequence[dict[str, Any]]) -> pd.DataFrame:
    rows = [
        {
            "部门": f["department_name"],
            "规则": f["rule_id"],
            "条款": f["citation_zh"],
            "程度": f["severity_zh"],
            "维度": f["dimension_zh"],
            "对象": f["subject"],
            "说明": f["message_zh"],
            "位置": f["evidence"][0]["pointer"],
        }
        for f in findings
    ]
    return pd.DataFrame(rows, columns=["部门", "规则", "条款", "程度", "维度", "对象", "说明", "位置"])


def table(df: pd.DataFrame, key: str, height: int | None = None) -> None:
    """A table; over PAGE_SIZE rows it gets a filter box and pages."""
    if len(df) > PAGE_SIZE:
        c1, c2 = st.columns([3, 1])
        needle = c1.text_input("筛选 / filter", key=f"{key}_filter", placeholder="输入关键字 / keyword")
        if needle:
            mask = df.astype(str).apply(lambda col: col.str.contains(needle, regex=False)).any(axis=1)
            df = df[mask]
        pages = max(1, (len(df) + PAGE_SIZE - 1) // PAGE_SIZE)
        page = int(c2.number_input(f"页 / page（共 {pages}）", 1, pages, 1, key=f"{key}_page"))
        st.caption(f"共 {len(df)} 行，每页 {PAGE_SIZE} 行 / {len(df)} rows")
        df = df.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    st.dataframe(df, hide_index=True, width="stretch", height=height or "auto")


def style(fig: Any, height: int = 320) -> Any:
    fig.update_layout(
        font_family=FONT,
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend_title_text="",
    )
    return fig
