"""Shared page helpers: the logged-in user, role guards, cached queries, the period picker, tables."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import hashlib
import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from evaluator.consumers.notices.words import plain
from evaluator.evaluate.service import Evaluations
from evaluator.facts.titles import composed_catalog
from evaluator.model import results
from evaluator.store import sessions
from evaluator.store.db import database_url

from . import data
from .auth import Role, User, get_user, log_logout
from .gate import SESSION_COOKIE, safe_next
from .launch import FONT_STACK

FONT = FONT_STACK
PAGE_SIZE = 50

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>=:$])")


def md(text: object) -> str:
    """``text`` (from a snapshot, a user or a rule) for a Markdown context (st.markdown, labels, messages):
    every Markdown character escaped and ``<``/``&`` as entities, so a link, an image (a remote fetch)
    or HTML in a department's data is shown as the characters it is."""
    s = html.escape(str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", s).replace("\n", "  \n")


def label(text: object) -> str:
    """``text`` for a plotly label or hover: HTML entities, so plotly draws ``<a>`` as text, not a link."""
    return html.escape(str(text), quote=True)


BEIJING = ZoneInfo("Asia/Shanghai")


def today_bj() -> dt.date:
    """Today in Beijing (the county's day, whatever the server's clock zone)."""
    return dt.datetime.now(BEIJING).date()


def date_zh(d: dt.date | str | None) -> str:
    """A Chinese date: 2026年3月1日."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    return f"{d.year}年{d.month}月{d.day}日"


def time_zh(t: dt.datetime | str | None) -> str:
    """A moment in Beijing time: 2026年3月1日 14:05 (stored times are UTC; naive ones were written in UTC)."""
    if t is None or t == "":
        return ""
    if isinstance(t, str):
        t = dt.datetime.fromisoformat(t)
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    b = t.astimezone(BEIJING)
    return f"{date_zh(b.date())} {b:%H:%M}"


def days_left_zh(last_day: dt.date | str, today: dt.date) -> str:
    """剩余 N 天 / 今天到期 / 已逾期 N 天 (calendar days to the last day, inclusive)."""
    if isinstance(last_day, str):
        last_day = dt.date.fromisoformat(last_day[:10])
    n = (last_day - today).days
    if n > 0:
        return f"剩余 {n} 天"
    if n == 0:
        return "今天到期"
    return f"已逾期 {-n} 天"


def print_button() -> None:
    """A print view: the browser's print dialog on the page with the sidebar and toolbars hidden (the
    print style sheet is set in app.py)."""
    st.caption("打印：按 Ctrl+P（打印时不显示侧栏和按钮，内容按报告分页）")


def pointer_zh(pointer: str | None) -> str:
    """A JSON pointer as a clerk reads it: ``/catalog/3/share_bases/0`` → ``catalog 第 4 条 › share_bases
    第 1 条``; an Excel location (工作表、行、列) is already words and stays as it is."""
    if not pointer or pointer == "/":
        return "整个文件"
    if not pointer.startswith("/"):
        return pointer
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    return " › ".join(f"第 {int(p) + 1} 条" if p.isdigit() else p for p in parts)


def wkey(*parts: object) -> str:
    """A widget key that names what the widget belongs to (department, finding, field …): when the
    parent changes, the widget is a new one and starts from its own default, never the old value."""
    return f"{parts[0]}_" + hashlib.sha256(repr(parts[1:]).encode()).hexdigest()[:16]


#: where a script run without HTTP (Streamlit's AppTest) holds its session token; a token there is
#: checked exactly like the cookie's (a live server-side session of an existing user)
TOKEN_STATE = "govshare_session_token"


def _token() -> str | None:
    for token in (st.context.cookies.get(SESSION_COOKIE), st.session_state.get(TOKEN_STATE)):
        if isinstance(token, str) and token:
            return token
    return None


def current_user() -> User | None:
    """The user the live session names, re-read from the database on every run (a deleted user, an
    ended or timed-out session is logged out); every run counts as use for the idle timeout."""
    live = sessions.resume(_token())
    if live is None:
        return None
    user = get_user(live.username)
    if user is None or user.must_change:
        return None
    return user


def log_out(user: User) -> None:
    """End every session of ``user`` (this tab, other tabs, other browsers) and audit it."""
    sessions.end_all(user.username)
    log_logout(user.username)


def login_url() -> str:
    """The login page, returning afterwards to the address this tab shows."""
    url = st.context.url or "/"
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return "/auth/login?next=" + quote(safe_next(target), safe="")


def guard(roles: Sequence[Role] | None = None) -> User:
    """Stop the page unless a user is logged in and (when given) has one of ``roles``."""
    user = current_user()
    if user is None:
        st.error("请先登录")
        st.stop()
    if roles is not None and user.role not in roles:
        st.error("无权访问此页面（" + user.role_zh + "）")
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


def notice_downloads(user: User, n: dict[str, Any], key: str) -> None:
    """A download button for each of a notice's files the user may have (through the session, audited)."""
    cols = st.columns(4)
    for i, path in enumerate(n.get("files") or []):
        payload = q("notice_file", user, n["id"], path)
        if payload is None:
            continue
        suffix = Path(path).suffix.lower()
        with cols[i % 4]:
            download(
                f"下载 {suffix[1:].upper()}",
                payload,
                file_name=Path(path).name,
                mime=PDF if suffix == ".pdf" else DOCX,
                key=f"{key}_{n['id']}_{suffix[1:]}",
                what={"what": "notice", "number": n["number"], "format": suffix[1:]},
            )


def finding_label(f: results.Finding, names: dict[str, str] | None = None) -> str:
    """A finding as a picker names it: the article and its duty, the problem in words (Chinese dates,
    departments by name), the record's own number last (staff look the record up by it)."""
    return f"{f.citation_zh} {f.title_zh}：{plain(f.message_zh, names or {})}（记录编号 {f.subject}）"


#: a waiver table as staff read it: the waived finding in words first, the rule and record number last
WAIVER_COLUMNS = [
    "部门",
    "条款",
    "问题",
    "说明",
    "事由",
    "认定人",
    "认定日期",
    "证明材料",
    "状态",
    "撤销",
    "规则",
    "记录编号",
]


def waiver_row(w: dict[str, Any], found: dict[str, results.Finding], names: dict[str, str]) -> dict[str, Any]:
    """One waiver as a table row in Chinese: the finding it waives (``found``: the latest run's findings by
    key) in words; a finding the latest run no longer has is said so."""
    f = found.get(w.get("finding_key") or "")
    return {
        "部门": names.get(w["department"], w["department"]),
        "条款": f.citation_zh if f else "",
        "问题": f.title_zh if f else "（最新评价中已无此发现项）",
        "说明": plain(f.message_zh, names) if f else "",
        "事由": w["ground"],
        "认定人": w["grantor"],
        "认定日期": date_zh(w["granted_on"]),
        "证明材料": w["evidence"],
        "状态": "已撤销" if w["revoked_at"] else "有效",
        "撤销": f"{w['revoked_by']}：{w['revoke_reason']}" if w["revoked_at"] else "",
        "规则": w["rule_id"],
        "记录编号": w["subject"],
    }


def waiver_frame(
    ws: Sequence[dict[str, Any]], found: dict[str, results.Finding], names: dict[str, str]
) -> pd.DataFrame:
    return pd.DataFrame([waiver_row(w, found, names) for w in ws], columns=WAIVER_COLUMNS)


CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


@functools.cache
def evaluations() -> Evaluations:
    """The evaluation service of this Streamlit process (what-if, evaluate, scoring): one OPA server,
    restarted on the new bundle after an authority change (``evaluator.evaluate.service``)."""
    service = Evaluations()
    atexit.register(service.stop)
    return service


def catalog() -> dict[str, dict[str, Any]]:
    """The rule catalog as legal staff read it: each templated title ("…{n}个工作日内…") composed with the
    parameter in force today (Beijing), as ``govshare rules`` shows it; of the bundle in force now."""
    return _catalog(evaluations().revision(), today_bj())


@st.cache_data(show_spinner=False, ttl=3600)
def _catalog(revision: str, today: dt.date) -> dict[str, dict[str, Any]]:
    return composed_catalog(evaluations().catalog(), today, evaluations().policies_root())


def period_picker(user: User) -> int | None:
    ps = q("periods", user)
    if not ps:
        st.info("尚无数据：请先导入并评价快照")
        return None
    return int(
        st.sidebar.selectbox(
            "评价年度",
            list(reversed(ps)),
            placeholder="请选择",
            key="period",
            format_func=lambda p: f"{p} 年度",
        )
    )


@functools.cache
def _sheets() -> dict[str, Any]:
    from evaluator.intake.layout import layout

    return {s.key: s for s in layout()}


def section_zh(section: str) -> str:
    """A snapshot section by its Chinese name, as the Excel template's sheet names it (目录, 共享申请 …)."""
    sheet = _sheets().get(section)
    return sheet.name if sheet is not None else section


def field_zh(section: str, name: str) -> str:
    """A field of a section's records by its Chinese label, as the Excel template heads its column."""
    from evaluator.intake.layout import zh_label

    sheet = _sheets().get(section)
    return zh_label(sheet.model, name) if sheet is not None and name in sheet.model.model_fields else name


def dept_label(names: dict[str, str], code: str) -> str:
    return f"{names.get(code, code)}（{code}）"


#: a findings table as staff read it: what the finding is about in words first; the record's own number last,
#: only to find the record in the department's system (never a JSON pointer)
FINDING_COLUMNS = ["部门", "条款", "问题", "程度", "维度", "说明", "规则", "记录编号"]


def findings_frame(findings: Sequence[results.Finding]) -> pd.DataFrame:
    rows = [
        {
            "部门": f.department_name,
            "条款": f.citation_zh,
            "问题": f.title_zh,
            "程度": f.severity_zh,
            "维度": f.dimension_zh,
            # ISO dates as Chinese dates, the machine's spaces out of the Chinese prose
            "说明": plain(f.message_zh, {}),
            "规则": f.rule_id,
            "记录编号": f.subject,
        }
        for f in findings
    ]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def table(df: pd.DataFrame, key: str, height: int | None = None) -> None:
    """A table; over PAGE_SIZE rows it gets a filter box and pages."""
    if len(df) > PAGE_SIZE:
        c1, c2 = st.columns([3, 1])
        needle = c1.text_input("筛选", key=f"{key}_filter", placeholder="输入关键字")
        if needle:
            mask = df.astype(str).apply(lambda col: col.str.contains(needle, regex=False)).any(axis=1)
            df = df[mask]
        pages = max(1, (len(df) + PAGE_SIZE - 1) // PAGE_SIZE)
        page = int(c2.number_input(f"页（共 {pages}）", 1, pages, 1, key=f"{key}_page"))
        st.caption(f"共 {len(df)} 行，每页 {PAGE_SIZE} 行 / {len(df)} rows")
        df = df.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    st.dataframe(df, hide_index=True, width="stretch", height=height or "auto")


#: plotly's own toolbar (its buttons say "Zoom", "Pan", "Download plot as a PNG") is off: a chart here is
#: read, not edited; the figures are in the page's tables and exports
PLOT = {"displayModeBar": False, "displaylogo": False}


def style(fig: Any, height: int = 320) -> Any:
    fig.update_layout(
        font_family=FONT,
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend_title_text="",
    )
    return fig
