"""整改：发出整改通知、下载 DOCX/PDF、状态流转、逾期清单、免责登记与撤销（主管部门）/ rectification.

Every action goes through ``dashboard.data`` (which checks the role again) into ``evaluator.consumers.notices``;
the page writes no SQL. Messages of an action survive the rerun that follows it (``rect_flash``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.data import RECTIFICATION_ROLES, Forbidden
from dashboard.ui import DOCX, PDF, clear_cache, download, findings_frame, guard, opa, period_picker, q, table
from evaluator.consumers.notices import TRANSITIONS, WAIVER_GROUNDS, NoticeError
from evaluator.engine import OpaError
from evaluator.evaluate.runner import EvaluationError
from evaluator.store.db import StoreError

ACTION_ERRORS = (NoticeError, Forbidden, EvaluationError, OpaError, StoreError, RuntimeError)
GROUNDS_ZH = {"尽职": "尽职 / due diligence", "不可抗力": "不可抗力 / force majeure"}
GROUNDS_HELP = (
    "第六十八条：已按规定开展政务数据活动，并已履行监督管理职责、合理注意义务（尽职），"
    "或者存在不可抗力情形的，不承担或者免于承担相应责任 / Art. 68"
)

user = guard(RECTIFICATION_ROLES)
st.title("整改 / rectification")
st.caption("第六十七条责令整改 · 第六十八条免责 / Art. 67 rectification, Art. 68 waivers")
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

today = dt.date.today()
notices: list[dict[str, Any]] = q("notices", user, period)
overdue: list[dict[str, Any]] = q("overdue_notices", user, period, today)
pending: int = q("waivers_pending", user, period)
tab_list, tab_issue, tab_overdue, tab_waivers = st.tabs(
    [
        f"通知 / notices（{len(notices)}）",
        "发出通知 / issue",
        f"逾期 / overdue（{len(overdue)}）",
        "免责 / waivers" + (f"（{pending} 项待重新评价）" if pending else ""),
    ]
)

# ---------------------------------------------------------------------------------------------
# Notices: files, events, transitions

with tab_list:
    if not notices:
        st.info("尚未生成整改通知 / no notices issued yet")
    for n in notices:
        kind_zh = "整改通知书" if n["kind"] == "notice" else "报请督促函"
        with st.expander(f"{n['number']} · {kind_zh} · {n['department_name']} · {n['state']}"):
            st.write(
                f"发出 {n['issued_on']}，整改期限 {n['due_on'] or '-'}，所列问题 {len(n['findings'])} 项"
            )
            cols = st.columns(4)
            for i, path in enumerate(n.get("files") or []):
                payload = q("notice_file", user, n["id"], path)
                if payload is None:
                    continue
                suffix = Path(path).suffix.lower()
                with cols[i % 4]:
                    download(
                        f"下载 {suffix[1:].upper()} / download",
                        payload,
                        file_name=Path(path).name,
                        mime=PDF if suffix == ".pdf" else DOCX,
                        key=f"dl_{n['id']}_{suffix[1:]}",
                        what={"what": "notice", "number": n["number"], "format": suffix[1:]},
                    )
            events = q("notice_events", user, n["id"])
            if events:
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                "时间": f"{e['at']:%Y-%m-%d %H:%M}" + (" UTC" if e["at"].tzinfo else ""),
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
                to = c1.selectbox("新状态 / to state", list(nexts), key=f"to_{n['id']}")
                on = c2.date_input("办理日期 / on", today, key=f"on_{n['id']}")
                reason = st.text_input("理由 / reason（必填）", key=f"why_{n['id']}")
                moved = st.form_submit_button("变更状态 / move", key=f"move_{n['id']}")
            if moved:
                try:
                    row, letter = data.move_notice(user, n["number"], to, reason, on)
                except ACTION_ERRORS as e:
                    st.error(str(e))
                else:
                    flash("success", f"{row.number} 已转为“{row.state}” / moved to {row.state}")
                    if letter is not None:
                        flash("success", f"已生成报请督促函 {letter.number} / escalation letter issued")
                    done(f"why_{n['id']}", f"to_{n['id']}")

# ---------------------------------------------------------------------------------------------
# Issue: one department, or every department with grounds

with tab_issue:
    candidates = [f for f in q("rectification_findings", user, period) if not f.get("waived")]
    names = q("dept_names", user, period)
    by_dept = sorted({f["department"] for f in candidates}, key=lambda c: names.get(c, c))
    st.write(
        f"可据以责令整改且未免责的发现项（第六十七条）/ unwaived findings with a rectification ground："
        f"{len(candidates)} 项，{len(by_dept)} 个部门"
    )
    if not by_dept:
        st.info("没有可下发整改通知的部门 / no department to notify")
    else:
        ALL = "__all__"
        target = st.selectbox(
            "部门 / department",
            [*by_dept, ALL],
            format_func=lambda c: "全部有整改情形的部门 / all" if c == ALL else f"{names.get(c, c)}（{c}）",
            key="issue_dept",
        )
        shown = candidates if target == ALL else [f for f in candidates if f["department"] == target]
        table(findings_frame(shown), key="rect_candidates")
        if st.button("发出整改通知 / issue", type="primary", key="issue"):
            try:
                res = data.issue_notices(user, period, None if target == ALL else target)
            except ACTION_ERRORS as e:
                st.error(str(e))
            else:
                numbers = "、".join(f"{r.number}（{r.department_name}）" for r in res.issued) or "无"
                flash("success", f"已下发 {len(res.issued)} 份 / issued：{numbers}")
                for dept, why in res.skipped:
                    flash("warning", f"未下发 {names.get(dept, dept)}：{why}")
                done()

# ---------------------------------------------------------------------------------------------
# Overdue

with tab_overdue:
    if not overdue:
        st.success("没有逾期的整改通知 / nothing overdue")
    else:
        st.warning("以下整改通知已过整改期限；可在“通知”页转为“逾期”并报请督促 / past the time limit")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "文号": n["number"],
                        "部门": n["department_name"],
                        "期限": n["due_on"],
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
            "得分、经费与整改通知随之更新 / re-evaluate so scores, funding and notices reflect the waivers"
        )
        if st.button("立即重新评价并计分 / re-evaluate now", type="primary", key="waiver_reevaluate"):
            with st.spinner("正在重新评价 / re-evaluating …"):
                try:
                    report = data.reevaluate(user, period, opa())
                except ACTION_ERRORS as e:
                    st.error(str(e))
                else:
                    flash(
                        "success",
                        f"已重新评价：发现项 {len(report.findings)}，其中已免责 "
                        f"{sum(1 for f in report.findings if f.get('waived'))} / re-evaluated",
                    )
                    done()

    st.subheader("登记免责 / grant a waiver")
    open_findings: list[dict[str, Any]] = q("waivable_findings", user, period)
    names = q("dept_names", user, period)
    depts = sorted({f["department"] for f in open_findings}, key=lambda c: names.get(c, c))
    if not depts:
        st.info("最新评价中没有可免责的发现项 / no unwaived finding in the latest run")
    else:
        dept = st.selectbox(
            "部门 / department", depts, format_func=lambda c: f"{names.get(c, c)}（{c}）", key="waiver_dept"
        )
        mine = [f for f in open_findings if f["department"] == dept]
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "规则": f["rule_id"],
                        "记录": f["subject"],
                        "条款": f["citation_zh"],
                        "说明": f["message_zh"],
                    }
                    for f in mine
                ]
            ),
            hide_index=True,
            width="stretch",
            height=min(36 * (len(mine) + 1) + 2, 260),
        )
        with st.form("waiver_add", clear_on_submit=False):
            pick = st.selectbox(
                "发现项 / finding",
                range(len(mine)),
                format_func=lambda i: (
                    f"{mine[i]['rule_id']} · {mine[i]['subject']} · {mine[i]['message_zh'][:60]}"
                ),
                key="waiver_finding",
            )
            c1, c2, c3 = st.columns([2, 2, 1])
            ground = c1.selectbox(
                "免责事由 / ground",
                sorted(set(WAIVER_GROUNDS.values()), reverse=True),
                format_func=lambda g: GROUNDS_ZH.get(g, g),
                help=GROUNDS_HELP,
                key="waiver_ground",
            )
            grantor = c2.text_input(
                "认定人 / grantor", key="waiver_grantor", placeholder="如：县数据局 张三 / who decided"
            )
            granted_on = c3.date_input("认定日期 / date", today, max_value=today, key="waiver_date")
            evidence = st.text_area(
                "证明材料 / evidence",
                key="waiver_evidence",
                placeholder="材料名称、文号、存放位置 / documents",
            )
            granted = st.form_submit_button("登记免责 / grant", type="primary", key="waiver_submit")
        if granted:
            f = mine[int(pick)]
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
                st.error(str(e))
            else:
                flash(
                    "success",
                    f"已登记免责 #{w.id}（{w.ground}）：{f['rule_id']} {f['subject']}。该发现项将在下次评价时标为"
                    "“已免责”，不再计入整改与扣分 / the finding is marked 已免责 at the next evaluation",
                )
                done("waiver_finding", "waiver_grantor", "waiver_evidence")

    st.subheader("免责记录 / waivers")
    ws: list[dict[str, Any]] = q("waivers", user, period)
    if not ws:
        st.info("本年度没有免责记录 / no waivers")
    else:
        table(
            pd.DataFrame(
                [
                    {
                        "编号": w["id"],
                        "部门": names.get(w["department"], w["department"]),
                        "规则": w["rule_id"],
                        "记录": w["subject"],
                        "事由": w["ground"],
                        "认定人": w["grantor"],
                        "认定日期": w["granted_on"],
                        "证明材料": w["evidence"],
                        "状态": "已撤销" if w["revoked_at"] else "有效",
                        "撤销": f"{w['revoked_by']}：{w['revoke_reason']}" if w["revoked_at"] else "",
                    }
                    for w in ws
                ]
            ),
            key="waivers_table",
        )
        active = [w for w in ws if not w["revoked_at"]]
        if active:
            with st.form("waiver_revoke"):
                wid = st.selectbox(
                    "撤销哪一项 / revoke",
                    [w["id"] for w in active],
                    format_func=lambda i: next(
                        f"#{w['id']} {w['rule_id']} · {w['subject']} · {names.get(w['department'], w['department'])}"
                        for w in active
                        if w["id"] == i
                    ),
                    key="revoke_id",
                )
                why = st.text_input("撤销理由 / reason（必填）", key="revoke_reason")
                revoked = st.form_submit_button("撤销免责 / revoke", key="revoke_submit")
            if revoked:
                try:
                    data.revoke_waiver(user, int(wid), why)
                except ACTION_ERRORS as e:
                    st.error(str(e))
                else:
                    flash(
                        "success",
                        f"已撤销免责 #{wid}（记录保留）；下次评价时该发现项不再标为“已免责” / revoked, record kept",
                    )
                    done("revoke_id", "revoke_reason")
