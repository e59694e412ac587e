"""部门：得分与在全县的位置、一票否决的原因、每个发现项的条文与证据、整改要求与期限、通知下载、历史。

What a department's 文秘 needs to act: its score and place in the county (rank of N, the county's median),
the veto and the finding behind it, every finding with its article, evidence, requirement, last day and
days left (waived findings marked 已免责), its notices to download, its snapshot history.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard.ui import (
    PLOT,
    date_zh,
    days_left_zh,
    dept_label,
    guard,
    label,
    md,
    notice_downloads,
    period_picker,
    pointer_zh,
    print_button,
    q,
    style,
    table,
    time_zh,
    today_bj,
    waiver_frame,
)
from evaluator.consumers.notices.words import WordsError, plain
from evaluator.model.results import Finding

user = guard()
st.title("部门")
period = period_picker(user)
if period is None:
    st.stop()

names = q("dept_names", user, period)
asked = st.query_params.get("dept")
if asked is not None and asked not in names:
    # a department user asking for another department, or an unknown code: nothing is shown
    st.error("无权查看该部门或该部门无数据")
    st.stop()
if not names:
    st.info("没有可查看的部门")
    st.stop()
codes = list(names)
dept = st.selectbox(
    "部门",
    codes,
    index=codes.index(asked) if asked in codes else 0,
    format_func=lambda c: dept_label(names, c),
    disabled=len(codes) == 1,
    placeholder="请选择",
    key="dept_select",
)
if dept != asked:
    st.query_params["dept"] = dept

findings: list[Finding] = q("findings", user, period, dept)
try:
    words: dict[str, dict[str, str | None]] = q("evidence_words", user, period, dept)
except WordsError as e:  # evidence the notice data cannot say in words: said so, never shown as keys
    st.error(md(str(e)))
    words = {}
run = q("run_info", user, period)
assessment = q("assessment", user, period)
entry = next((d for d in (assessment or {}).get("departments", []) if d.get("code") == dept), None)
position = q("county_position", user, period, dept)
notices: list[dict[str, Any]] = q("notices", user, period, dept)
today = today_bj()
print_button()

# the last day of each finding: the due date of the open notice that lists it
due: dict[str, tuple[str, Any]] = {}
for n in notices:
    if n["kind"] != "notice" or not n.get("due_on"):
        continue
    for f in n["findings"]:
        due[f.key] = (n["number"], n["due_on"])

tab_score, tab_findings, tab_notices, tab_history = st.tabs(
    ["得分与名次", "发现项与整改要求", "整改通知", "历史"], key="dept_tabs"
)

with tab_score:
    if entry is None:
        st.info("本年度尚未计算评分")
    else:
        c1, c2, c3, c4 = st.columns(4)
        c1.metric("总分", entry.get("total", "-"))
        c2.metric("等次", entry.get("grade") or "-")
        if position is not None and entry.get("rank"):
            c3.metric(f"全县名次（共 {position['n']} 个）", f"第 {entry['rank']} 名")
            c4.metric("全县中位数", position["median"])
        else:
            c3.metric("全县名次", "-")
        if entry.get("rank_note_zh"):
            st.caption(md(entry["rank_note_zh"]))
        if entry.get("veto"):
            st.error("一票否决：等次定为不合格。所依据的发现项如下：")
            # each by its article, duty and problem in words (the finding the veto rests on)
            by_key = {f.key: f for f in findings}
            for v in entry.get("veto_findings") or []:
                vf = by_key.get(v.get("key", ""))
                title = vf.title_zh if vf else v.get("title_zh", "")
                message = plain(vf.message_zh, names) if vf else v.get("message_zh", "")
                st.markdown(
                    f"- **{md(v.get('citation_zh', ''))} {md(title)}**（规则 {md(v.get('rule_id', ''))}）"
                )
                st.text(
                    message
                )  # text: a snapshot's words in it are never markup (md() lets a bare URL link)
        dims = pd.DataFrame(
            [
                {"维度": label(x["name_zh"]), "得分": x["score"], "扣分": x["deducted"], "满分": x["weight"]}
                for x in entry.get("dimensions", [])
            ]
        )
        if not dims.empty:
            fig = px.bar(
                dims.melt(id_vars=["维度"], value_vars=["得分", "扣分"], var_name="项目", value_name="分值"),
                x="维度",
                y="分值",
                color="项目",
                barmode="stack",
                title="各维度得分与扣分",
            )
            st.plotly_chart(style(fig, 300).update_yaxes(title="分"), config=PLOT, width="stretch")
            st.dataframe(dims, hide_index=True, width="stretch")
        if entry.get("bonuses"):
            st.caption(md("加分：" + "；".join(f"{b['name_zh']} +{b['points']}" for b in entry["bonuses"])))

with tab_findings:
    if run is None:
        st.info("本年度尚未评价")
    elif not findings:
        st.success("本部门本年度没有发现项")
    else:
        open_ = [f for f in findings if not f.waived]
        st.write(
            f"共 {len(findings)} 项，其中已免责 {len(findings) - len(open_)} 项；"
            f"列入整改通知的 {sum(1 for f in open_ if f.key in due)} 项。"
        )
    for i, f in enumerate(findings[:200]):
        waived = f.waived
        deadline = due.get(f.key)
        tag = "【已免责】" if waived else (f"【{days_left_zh(deadline[1], today)}】" if deadline else "")
        # what the finding is about first; the rule and the record's own number after it, to find it
        head = (
            f"{tag}{f.severity_zh} · {f.citation_zh} {f.title_zh}（规则 {f.rule_id}，记录编号 {f.subject}）"
        )
        with st.expander(md(head), expanded=i < 3):
            st.markdown(f"**{md(f.title_zh)}**")
            st.text(plain(f.message_zh, names))
            if waived:
                w = f.waiver or {}
                st.success(
                    md(
                        "已免责（第六十八条）："
                        + "，".join(
                            str(x)
                            for x in (w.get("ground"), w.get("grantor"), date_zh(w.get("granted_on")))
                            if x
                        )
                    )
                )
            elif f.rectification_ground:
                # the notice's own requirement for this rule (policies/notices/requirements.yaml)
                req = (words.get(f.key) or {}).get("requirement")
                st.markdown(f"**整改要求**：{md(req or '见整改通知书')}")
                if deadline:
                    st.warning(
                        md(
                            f"整改期限：{date_zh(deadline[1])}（{days_left_zh(deadline[1], today)}），"
                            f"见整改通知书 {deadline[0]}"
                        )
                    )
                else:
                    st.caption("尚未列入整改通知书")
            st.markdown("**条文**")
            st.text(f.article_text_zh)
            # the evidence as the notice's 附件 says it (labels in Chinese, values in words, Chinese dates);
            # the record's own number last, to find it in the department's system
            st.markdown("**证据**")
            said = words.get(f.key) or {}
            if said:
                st.text(
                    f"涉及：{said['where']}\n{said['evidence']}"
                )  # text: a snapshot's words, never markup
            st.caption(md(f"记录编号 {f.evidence[0].record_id or f.subject}"))
    if len(findings) > 200:
        st.warning("只显示前 200 项")
    if run is not None and run.errors:
        st.subheader("评价错误（缺少事实等）")
        table(
            pd.DataFrame(
                [
                    {
                        "规则": e.get("rule_id", ""),
                        "位置": pointer_zh(e.get("pointer")),
                        "问题": e.get("message_zh", ""),
                    }
                    for e in run.errors
                ]
            ),
            key="dept_errors",
        )

with tab_notices:
    if not notices:
        st.info("尚未下发整改通知")
    for n in notices:
        kind_zh = "整改通知书" if n["kind"] == "notice" else "报请督促函"
        with st.container(border=True):
            line = f"**{md(n['number'])}** · {kind_zh} · {md(n['state'])} · 发出 {date_zh(n['issued_on'])}"
            if n.get("due_on"):
                line += f" · 整改期限 {date_zh(n['due_on'])}（{days_left_zh(n['due_on'], today)}）"
            st.markdown(line + f" · 所列问题 {len(n['findings'])} 项")
            notice_downloads(user, n, "dept_dl")
    waived = q("waivers", user, period, dept)
    if waived:
        st.subheader("免责记录")
        st.dataframe(
            waiver_frame(waived, {f.key: f for f in findings}, names),
            hide_index=True,
            width="stretch",
        )

with tab_history:
    hist = q("history", user, dept)
    if not hist:
        st.info("无历史快照")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "年度": f"{h['period']} 年度",
                        "版本": h["version"],
                        "截止日期": date_zh(h["as_of"]) if h["as_of"] else "",
                        "导入时间（北京时间）": time_zh(h["imported_at"]),
                        "来源文件": Path(str(h["source"])).name,
                        "摘要": h["sha256"],
                    }
                    for h in hist
                ]
            ),
            hide_index=True,
            width="stretch",
        )
