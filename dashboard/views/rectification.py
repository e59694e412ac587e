"""整改：发出整改通知、下载 DOCX/PDF、状态流转、逾期清单、免责（主管部门）/ rectification."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.data import RECTIFICATION_ROLES, optional_module
from dashboard.ui import clear_cache, findings_frame, guard, period_picker, q, table

user = guard(RECTIFICATION_ROLES)
st.title("整改 / rectification")
st.caption("第六十七条责令整改 · 第六十八条免责 / Art. 67 rectification, Art. 68 waivers")
period = period_picker(user)
if period is None:
    st.stop()

notices_mod = optional_module("notices")
notices = q("notices", user, period)
tab_list, tab_issue, tab_overdue, tab_waivers = st.tabs(
    [f"通知 / notices（{len(notices)}）", "发出通知 / issue", "逾期 / overdue", "免责 / waivers"]
)

with tab_list:
    if not notices:
        st.info("尚未生成整改通知 / no notices issued yet")
    for n in notices:
        title = f"{n['number']} · {n['department_name']} · {n['state']}"
        with st.expander(title):
            st.write(f"发出 {n['issued_on']}，整改期限 {n['due_on'] or '-'}，发现项 {len(n['findings'])} 项")
            for path in n.get("files") or []:
                p = Path(path)
                if p.is_file():
                    mime = (
                        "application/pdf"
                        if p.suffix == ".pdf"
                        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    )
                    st.download_button(
                        f"下载 {p.suffix[1:].upper()} / download",
                        p.read_bytes(),
                        file_name=p.name,
                        mime=mime,
                        key=f"dl_{n['id']}_{p.suffix}",
                    )
            events = q("notice_events", user, n["id"])
            if events:
                st.dataframe(pd.DataFrame(events), hide_index=True, width="stretch")
            nexts = getattr(notices_mod, "TRANSITIONS", {}).get(n["state"], ()) if notices_mod else ()
            if nexts:
                with st.form(f"tr_{n['id']}"):
                    to = st.selectbox("新状态 / to state", list(nexts), key=f"to_{n['id']}")
                    reason = st.text_input("理由 / reason", key=f"why_{n['id']}")
                    if st.form_submit_button("变更状态 / move"):
                        try:
                            notices_mod.transition(n["number"], to, actor=user.username, reason=reason)
                            clear_cache()
                            st.rerun()
                        except Exception as e:  # noqa: BLE001 - the module's errors are Chinese first
                            st.error(str(e))

with tab_issue:
    candidates = q("rectification_findings", user, period)
    st.write(
        f"可据以责令整改的发现项（第六十七条）/ findings with a rectification ground：{len(candidates)} 项"
    )
    table(findings_frame(candidates), key="rect_candidates")
    if notices_mod is None:
        st.info("整改通知模块尚未就绪：尚未生成 / evaluator.notices is not available yet")
    elif candidates and st.button("对以上部门发出整改通知 / issue notices", type="primary", key="issue"):
        try:
            res = notices_mod.issue(period, actor=user.username)
            st.success(f"已发出 {len(res.issued)} 份 / issued；跳过 {len(res.skipped)} 个部门")
            clear_cache()
        except Exception as e:  # noqa: BLE001 - the module's errors are Chinese first
            st.error(str(e))

with tab_overdue:
    today = dt.date.today()
    overdue = [
        n
        for n in notices
        if n.get("due_on")
        and n["due_on"] < today
        and n["state"] in getattr(notices_mod, "OPEN_STATES", ("已下发", "已反馈", "逾期", "已报请督促"))
    ]
    if not overdue:
        st.success("没有逾期的整改通知 / nothing overdue")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "文号": n["number"],
                        "部门": n["department_name"],
                        "期限": n["due_on"],
                        "状态": n["state"],
                    }
                    for n in overdue
                ]
            ),
            hide_index=True,
            width="stretch",
        )

with tab_waivers:
    w = q("waivers", user, period)
    if not w:
        st.info("本年度没有免责记录 / no waivers")
    else:
        table(pd.DataFrame(w), key="waivers_table")
