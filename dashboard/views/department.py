"""部门：得分构成、每个发现项的条文与证据、期限、通知、历史 / one department."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard.ui import dept_label, guard, period_picker, q, style, table

user = guard()
st.title("部门 / department")
period = period_picker(user)
if period is None:
    st.stop()

names = q("dept_names", user, period)
asked = st.query_params.get("dept")
if asked is not None and asked not in names:
    # a department user asking for another department, or an unknown code: nothing is shown
    st.error("无权查看该部门或该部门无数据 / no access to this department, or no data")
    st.stop()
if not names:
    st.info("没有可查看的部门 / no department to show")
    st.stop()
codes = list(names)
dept = st.selectbox(
    "部门 / department",
    codes,
    index=codes.index(asked) if asked in codes else 0,
    format_func=lambda c: dept_label(names, c),
    disabled=len(codes) == 1,
    key="dept_select",
)
if dept != asked:
    st.query_params["dept"] = dept

findings = q("findings", user, period, dept)
run = q("run_info", user, period)
assessment = q("assessment", user, period)
entry = next((d for d in (assessment or {}).get("departments", []) if d.get("code") == dept), None)

tab_score, tab_findings, tab_notices, tab_history = st.tabs(
    ["得分构成 / score", f"发现项 / findings（{len(findings)}）", "通知与期限 / notices", "历史 / history"]
)

with tab_score:
    if entry is None:
        st.info("尚未评价：本年度尚未计算评分 / not scored yet")
    else:
        c1, c2, c3 = st.columns(3)
        c1.metric("总分 / total", entry.get("total", "-"))
        c2.metric("等级 / grade", entry.get("grade") or "-")
        c3.metric("名次 / rank", entry.get("rank") or "-")
        if entry.get("veto"):
            st.error(f"一票否决 / veto：{entry.get('veto_reason_zh', '')}")
        dims = pd.DataFrame(
            [
                {"维度": x["name_zh"], "得分": x["score"], "满分": x["weight"], "扣分": x["deducted"]}
                for x in entry.get("dimensions", [])
            ]
        )
        if not dims.empty:
            st.plotly_chart(
                style(px.bar(dims, x="维度", y=["得分", "扣分"], barmode="stack", title="各维度得分"), 300),
                width="stretch",
            )
            st.dataframe(dims, hide_index=True, width="stretch")
        if entry.get("bonuses"):
            st.caption(
                "加分 / bonus：" + "；".join(f"{b['name_zh']} +{b['points']}" for b in entry["bonuses"])
            )

with tab_findings:
    if run is None:
        st.info("本年度尚未评价 / not evaluated yet")
    elif not findings:
        st.success("本部门本年度没有发现项 / no findings")
    for i, f in enumerate(findings[:200]):
        head = f"{f['severity_zh']} · {f['rule_id']} {f['citation_zh']} · {f['subject']}"
        with st.expander(head, expanded=i < 3):
            st.markdown(f"**{f['title_zh']}**")
            st.write(f["message_zh"])
            st.markdown("**条文 / article**")
            st.info(f["article_text_zh"])
            ev = f["evidence"][0]
            st.markdown("**证据 / evidence**")
            st.code(f"快照 {ev['snapshot']}\n位置 {ev['pointer']}\n记录 {ev['record_id']}", language=None)
            if ev.get("values"):
                st.json(ev["values"], expanded=False)
    if len(findings) > 200:
        st.warning("只显示前 200 项 / first 200 shown")
    if run is not None and run.errors:
        st.subheader("评价错误（缺少事实等）/ errors")
        table(pd.DataFrame(run.errors), key="dept_errors")

with tab_notices:
    notices = q("notices", user, period, dept)
    if not notices:
        st.info("尚未生成整改通知 / no notices issued")
    else:
        nt = pd.DataFrame(
            [
                {
                    "文号": n["number"],
                    "类型": "整改通知书" if n["kind"] == "notice" else "报请督促函",
                    "状态": n["state"],
                    "发出日期": n["issued_on"],
                    "整改期限": n["due_on"],
                    "发现项": len(n["findings"]),
                }
                for n in notices
            ]
        )
        st.dataframe(nt, hide_index=True, width="stretch")
    waived = q("waivers", user, period, dept)
    if waived:
        st.subheader("免责 / waivers")
        st.dataframe(pd.DataFrame(waived), hide_index=True, width="stretch")

with tab_history:
    hist = pd.DataFrame(q("history", user, dept))
    if hist.empty:
        st.info("无历史快照 / no snapshots")
    else:
        hist.columns = ["年度", "版本", "截止日期", "导入时间", "来源", "摘要"]
        st.dataframe(hist, hide_index=True, width="stretch")
