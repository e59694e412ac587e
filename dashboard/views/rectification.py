"""整改：发出整改通知、下载 DOCX/PDF、状态流转、逾期清单、免责登记与撤销（主管部门）/ rectification.

Every action goes through ``dashboard.data`` (which checks the role again) into ``evaluator.consumers.notices``;
the page writes no SQL. Messages of an action survive the rerun that follows it (``rect_flash``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.data import RECTIFICATION_ROLES, Forbidden
from dashboard.ui import (
    DOCX,
    PDF,
    clear_cache,
    date_zh,
    download,
    evaluations,
    finding_label,
    findings_frame,
    guard,
    md,
    notice_downloads,
    period_picker,
    q,
    table,
    time_zh,
    today_bj,
    waiver_frame,
    wkey,
)
from evaluator.consumers.notices import TRANSITIONS, NoticeError, authority_of
from evaluator.consumers.notices.words import plain
from evaluator.consumers.waivers import WAIVER_GROUNDS
from evaluator.errors import OpaError
from evaluator.evaluate.runner import EvaluationError
from evaluator.model.results import Finding
from evaluator.store.db import StoreError

ACTION_ERRORS = (NoticeError, Forbidden, EvaluationError, OpaError, StoreError, RuntimeError)
GROUNDS_ZH = {"尽职": "尽职", "不可抗力": "不可抗力"}
GROUNDS_HELP = (
    "第六十八条：已按规定开展政务数据活动，并已履行监督管理职责、合理注意义务（尽职），"
    "或者存在不可抗力情形的，不承担或者免于承担相应责任"
)

user = guard(RECTIFICATION_ROLES)
st.title("整改")
st.caption("第六十七条责令整改 · 第六十八条免责")
period = period_picker(user)
if period is None:
    st.stop()


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault("rect_flash", []).append((kind, text))


def done(*clear: str) -> None:
    """After an action that succeeded: forget the form's inputs, drop cached queries, run again."""
    for key in clear:
        st.session_state.pop(key, None)
    clear_cache()
    st.rerun()


for kind, text in st.session_state.pop("rect_flash", []):
    getattr(st, kind)(text)

today = today_bj()
notices: list[dict[str, Any]] = q("notices", user, period)
overdue: list[dict[str, Any]] = q("overdue_notices", user, period, today)
pending: int = q("waivers_pending", user, period)
tab_list, tab_issue, tab_overdue, tab_waivers = st.tabs(
    [
        f"通知（{len(notices)}）",
        "发出通知",
        f"逾期（{len(overdue)}）",
        "免责" + (f"（{pending} 项待重新评价）" if pending else ""),
    ]
)

# ---------------------------------------------------------------------------------------------
# Notices: files, events, transitions

with tab_list:
    if not notices:
        st.info("尚未生成整改通知")
    for n in notices:
        kind_zh = "整改通知书" if n["kind"] == "notice" else "报请督促函"
        with st.expander(md(f"{n['number']} · {kind_zh} · {n['department_name']} · {n['state']}")):
            st.write(
                f"发出 {date_zh(n['issued_on'])}，整改期限 {date_zh(n['due_on']) or '-'}，"
                f"所列问题 {len(n['findings'])} 项"
            )
            notice_downloads(user, n, "dl")
            events = q("notice_events", user, n["id"])
            if events:
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                "时间（北京时间）": time_zh(e["at"]),
                                "由": e["from_state"] or "",
                                "至": e["to_state"],
                                "经办人": e["actor"],
                                "理由": e["reason"],
                            }
                            for e in events
                        ]
                    ),
                    hide_index=True,
                    width="stretch",
                )
            nexts = TRANSITIONS.get(n["state"], ()) if n["kind"] == "notice" else ()
            if not nexts:
                continue
            with st.form(f"tr_{n['id']}"):
                c1, c2 = st.columns([1, 1])
                to = c1.selectbox("新状态", list(nexts), placeholder="请选择", key=f"to_{n['id']}")
                on = c2.date_input("办理日期", today, key=f"on_{n['id']}", format="YYYY/MM/DD")
                reason = st.text_input("理由（必填）", key=f"why_{n['id']}")
                moved = st.form_submit_button("变更状态", key=f"move_{n['id']}")
            if moved:
                try:
                    row, letter = data.move_notice(user, n["number"], to, reason, on)
                except ACTION_ERRORS as e:
                    st.error(md(str(e)))
                else:
                    flash("success", md(f"{row.number} 已转为“{row.state}”"))
                    if letter is not None:
                        flash("success", md(f"已生成报请督促函 {letter.number}"))
                    done(f"why_{n['id']}", f"to_{n['id']}")

# ---------------------------------------------------------------------------------------------
# Issue: one department, or every department with grounds

with tab_issue:
    candidates: list[Finding] = [f for f in q("rectification_findings", user, period) if not f.waived]
    names = q("dept_names", user, period)
    # the authority issues no notice to itself: its own findings are listed in the assessment only
    authority = authority_of(period, None)
    own = [f for f in candidates if f.department == authority]
    candidates = [f for f in candidates if f.department != authority]
    by_dept = sorted({f.department for f in candidates}, key=lambda c: names.get(c, c))
    st.write(f"可据以责令整改且未免责的发现项（第六十七条）：{len(candidates)} 项，{len(by_dept)} 个部门")
    if own:
        st.caption(
            f"数据主管部门本身（{md(names.get(authority or '', authority))}）的 {len(own)} 项问题不向自己下发整改通知书，"
            "见评价结果"
        )
    if not by_dept:
        st.info("没有可下发整改通知的部门")
    else:
        ALL = "__all__"
        target = st.selectbox(
            "部门",
            [*by_dept, ALL],
            format_func=lambda c: "全部有整改情形的部门" if c == ALL else f"{names.get(c, c)}（{c}）",
            placeholder="请选择",
            key="issue_dept",
        )
        shown = candidates if target == ALL else [f for f in candidates if f.department == target]
        table(findings_frame(shown), key=wkey("rect_candidates", period, target))
        # Issuing gives numbered documents that cannot be taken back: first a preview of what will be
        # issued (which departments, how many problems), then an explicit confirmation of exactly that.
        pending_key = wkey("issue_pending", period)
        if st.button("发出整改通知", type="primary", key=wkey("issue", period, target)):
            st.session_state[pending_key] = target
        if st.session_state.get(pending_key) is not None and st.session_state[pending_key] != target:
            st.session_state.pop(pending_key)  # the department changed: the preview was of another one
        if st.session_state.get(pending_key) == target:
            depts = sorted({f.department for f in shown}, key=lambda c: names.get(c, c))
            with st.container(border=True):
                st.markdown(f"**将发出 {len(depts)} 份整改通知书（每份一个文号，发出后不能撤回）：**")
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                "部门": names.get(c, c),
                                "所列问题（项）": sum(1 for f in shown if f.department == c),
                                "涉及条款": "、".join(
                                    dict.fromkeys(
                                        f.citation_zh
                                        for f in sorted(shown, key=lambda f: (f.article, f.item or 0))
                                        if f.department == c
                                    )
                                ),
                            }
                            for c in depts
                        ]
                    ),
                    hide_index=True,
                    width="stretch",
                )
                if target != ALL:
                    draft_key = wkey("issue_draft", period, target)
                    if st.button("生成样稿预览（草稿水印，不编号、不保存）", key=draft_key + "_make"):
                        try:
                            st.session_state[draft_key] = data.draft_notice(user, period, target)
                        except ACTION_ERRORS as e:
                            st.error(md(str(e)))
                    for i, (name, payload) in enumerate(st.session_state.get(draft_key, [])):
                        download(
                            f"下载样稿 {Path(name).suffix[1:].upper()}",
                            payload,
                            file_name=name,
                            mime=PDF if name.endswith(".pdf") else DOCX,
                            key=f"{draft_key}_dl{i}",
                            what={"what": "notice-draft", "department": target, "period": period},
                        )
                c1, c2, _ = st.columns([2, 1, 3])
                confirm = c1.button(
                    f"确认发出 {len(depts)} 份",
                    type="primary",
                    key=wkey("issue_confirm", period, target),
                )
                if c2.button("取消", key=wkey("issue_cancel", period, target)):
                    st.session_state.pop(pending_key, None)
                    st.rerun()
            if confirm:
                st.session_state.pop(pending_key, None)
                try:
                    res = data.issue_notices(user, period, None if target == ALL else target)
                except ACTION_ERRORS as e:
                    st.error(md(str(e)))
                else:
                    numbers = "、".join(f"{r.number}（{r.department_name}）" for r in res.issued) or "无"
                    flash("success", md(f"已下发 {len(res.issued)} 份：{numbers}"))
                    for dept, why in res.skipped:
                        flash("warning", md(f"未下发 {names.get(dept, dept)}：{why}"))
                    done()

# ---------------------------------------------------------------------------------------------
# Overdue

with tab_overdue:
    if not overdue:
        st.success("没有逾期的整改通知")
    else:
        st.warning("以下整改通知已过整改期限；可在“通知”页转为“逾期”并报请督促")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "文号": n["number"],
                        "部门": n["department_name"],
                        "期限": date_zh(n["due_on"]),
                        "逾期天数": (today - n["due_on"]).days,
                        "状态": n["state"],
                    }
                    for n in overdue
                ]
            ),
            hide_index=True,
            width="stretch",
        )

# ---------------------------------------------------------------------------------------------
# Waivers (Art. 68): one finding of the latest run; revocation keeps the record

with tab_waivers:
    if pending:
        st.warning(
            f"有 {pending} 项免责登记或撤销尚未反映在评价结果中：重新评价后发现项标为（或不再标为）“已免责”，"
            "得分、经费与整改通知随之更新"
        )
        if st.button("立即重新评价并计分", type="primary", key="waiver_reevaluate"):
            with st.spinner("正在重新评价"):
                try:
                    report = data.reevaluate(user, period, evaluations())
                except ACTION_ERRORS as e:
                    st.error(md(str(e)))
                else:
                    flash(
                        "success",
                        f"已重新评价：发现项 {len(report.findings)}，其中已免责 "
                        f"{sum(1 for f in report.findings if f.waived)}",
                    )
                    done()

    st.subheader("登记免责")
    open_findings: list[Finding] = q("waivable_findings", user, period)
    names = q("dept_names", user, period)
    depts = sorted({f.department for f in open_findings}, key=lambda c: names.get(c, c))
    if not depts:
        st.info("最新评价中没有可免责的发现项")
    else:
        dept = st.selectbox(
            "部门",
            depts,
            format_func=lambda c: f"{names.get(c, c)}（{c}）",
            placeholder="请选择",
            key="waiver_dept",
        )
        mine = {f.key: f for f in open_findings if f.department == dept}
        # The finding box belongs to its department (its key names it): switching the department shows
        # that department's first finding, never the index of the previous department's choice.
        fkey = st.selectbox(
            "发现项",
            list(mine),
            format_func=lambda k: finding_label(mine[k], names),
            placeholder="请选择",
            key=wkey("waiver_finding", period, dept),
        )
        f = mine[fkey]
        st.markdown(
            f"**将免责的发现项**：{md(f.department_name)} · {md(f.citation_zh)} {md(f.title_zh)}"
            f"（规则 {md(f.rule_id)}，记录编号 {md(f.subject)}）"
        )
        st.text(plain(f.message_zh, names))
        # The form's key names the finding: what is submitted is the finding shown above it.
        with st.form(wkey("waiver_add", period, fkey), clear_on_submit=False):
            c1, c2, c3 = st.columns([2, 2, 1])
            ground = c1.selectbox(
                "免责事由",
                sorted(set(WAIVER_GROUNDS.values()), reverse=True),
                format_func=lambda g: GROUNDS_ZH.get(g, g),
                help=GROUNDS_HELP,
                placeholder="请选择",
                key=wkey("waiver_ground", period, fkey),
            )
            grantor = c2.text_input(
                "认定人",
                key=wkey("waiver_grantor", period, fkey),
                placeholder="如：县数据局 张三",
            )
            granted_on = c3.date_input(
                "认定日期",
                today,
                max_value=today,
                key=wkey("waiver_date", period, fkey),
                format="YYYY/MM/DD",
            )
            evidence = st.text_area(
                "证明材料",
                key=wkey("waiver_evidence", period, fkey),
                placeholder="材料名称、文号、存放位置",
            )
            granted = st.form_submit_button(
                "登记免责", type="primary", key=wkey("waiver_submit", period, fkey)
            )
        if granted:
            try:
                w = data.grant_waiver(
                    user,
                    period,
                    f,
                    ground=ground,
                    grantor=grantor,
                    granted_on=granted_on,
                    evidence=evidence,
                )
            except ACTION_ERRORS as e:
                st.error(md(str(e)))
            else:
                flash(
                    "success",
                    f"已登记免责 #{w.id}（{w.ground}）：{md(f.department_name)} {md(f.citation_zh)} "
                    f"{md(f.title_zh)}（记录编号 {md(f.subject)}）。该发现项将在下次评价时标为“已免责”，"
                    "不再计入整改与扣分",
                )
                done()

    st.subheader("免责记录")
    ws: list[dict[str, Any]] = q("waivers", user, period)
    if not ws:
        st.info("本年度没有免责记录")
    else:
        found = {f.key: f for f in q("findings", user, period)}
        rows = waiver_frame(ws, found, names)
        rows.insert(0, "免责编号", [f"#{w['id']}" for w in ws])
        table(rows, key="waivers_table")
        active = [w for w in ws if not w["revoked_at"]]
        if active:
            with st.form("waiver_revoke"):
                wid = st.selectbox(
                    "撤销哪一项",
                    [w["id"] for w in active],
                    format_func=lambda i: next(
                        f"#{w['id']} {names.get(w['department'], w['department'])} · "
                        + (
                            finding_label(found[w["finding_key"]], names)
                            if w["finding_key"] in found
                            else f"规则 {w['rule_id']}（记录编号 {w['subject']}）"
                        )
                        for w in active
                        if w["id"] == i
                    ),
                    placeholder="请选择",
                    key="revoke_id",
                )
                why = st.text_input("撤销理由（必填）", key="revoke_reason")
                revoked = st.form_submit_button("撤销免责", key="revoke_submit")
            if revoked:
                try:
                    data.revoke_waiver(user, int(wid), why)
                except ACTION_ERRORS as e:
                    st.error(md(str(e)))
                else:
                    flash(
                        "success",
                        f"已撤销免责 #{wid}（记录保留）；下次评价时该发现项不再标为“已免责”",
                    )
                    done("revoke_id", "revoke_reason")
