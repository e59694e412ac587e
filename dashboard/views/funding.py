"""资金：运维经费决定及其依据的发现项、项目审批与验收关口、导出（财政与主管部门）/ funding."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from dashboard.data import FUNDING_ROLES
from dashboard.ui import CSV, XLSX, download, findings_frame, guard, md, period_picker, q, table
from evaluator.consumers.notices.words import plain

user = guard(FUNDING_ROLES)
st.title("资金")
st.caption("第九条运维经费与第六十一条项目审批、验收")
period = period_picker(user)
if period is None:
    st.stop()

names = q("dept_names", user, period)
assessment = q("assessment", user, period)
funding = (assessment or {}).get("funding") or []
projects = (assessment or {}).get("projects") or []

st.subheader("运维经费决定")
if not funding:
    st.info("本年度尚未计算评分，尚无经费决定（主管部门在“评估”页评价并计分）")
else:
    # how many departments got each decision, in words, before the table
    counts = Counter(x["decision"] for x in funding)
    cols = st.columns(max(1, len(counts)))
    for col, (decision, n) in zip(cols, sorted(counts.items(), key=lambda kv: -kv[1]), strict=False):
        col.metric(decision, f"{n} 个部门")
    fd = pd.DataFrame(
        [
            {
                "部门": x["name"],
                "决定": x["decision"],
                "是否符合条件": "是" if x.get("eligible") else "否",
                "理由": "；".join(r.get("reason_zh", "") for r in x.get("reasons") or []),
                # the findings by article and duty, each record's own number last (to look it up)
                "依据发现项": "；".join(
                    f"{f.get('citation_zh', '')} {f.get('title_zh', '')}（记录编号 {f.get('subject', '')}）"
                    for f in x.get("findings") or []
                ),
                "应整改事项": "；".join(f.get("remedy_zh", "") for f in x.get("findings") or []),
            }
            for x in funding
        ]
    )
    only = st.toggle("只看不符合条件的部门", key="funding_only")
    table(fd[fd["是否符合条件"] == "否"] if only else fd, key="funding_table")
    c1, c2, _ = st.columns([1, 1, 3])
    for col, fmt, mime in ((c1, "csv", CSV), (c2, "xlsx", XLSX)):
        payload = q("funding_export", user, period, fmt)
        if payload:
            with col:
                download(
                    f"导出经费决定 {fmt.upper()}",
                    payload,
                    file_name=f"funding-{period}.{fmt}",
                    mime=mime,
                    key=f"funding_export_{fmt}",
                    what={"what": "funding", "period": period, "format": fmt},
                )
    st.markdown("**各部门的决定与理由**")
    for x in funding:
        reasons = "；".join(r.get("reason_zh", "") for r in x.get("reasons") or [] if r.get("reason_zh"))
        if x.get("findings") or reasons:
            head = f"{x['name']}：{x['decision']}" + (
                f"（{len(x['findings'])} 项发现）" if x.get("findings") else ""
            )
            with st.expander(md(head)):
                if reasons:
                    st.markdown(f"**理由**：{md(reasons)}")
                for f in x.get("findings") or []:
                    st.markdown(
                        f"- **{md(f.get('citation_zh', ''))} {md(f.get('title_zh', ''))}**（规则 {md(f['rule_id'])}）"
                    )
                    st.text(plain(f.get("message_zh", ""), names))  # text: never markup

st.subheader("项目关口")
if not projects:
    st.info("尚无项目关口结果")
else:
    rows = []
    for p in projects:
        for g in p.get("gates", []):
            rows.append(
                {
                    "部门": p["department_name"],
                    "项目": p["name"],
                    "阶段": p["stage"],
                    "关口": g["name_zh"],
                    "结论": g["status"],
                    "理由": "；".join(g.get("reasons") or []),
                }
            )
    table(pd.DataFrame(rows), key="gates_table")

st.subheader("影响经费的发现项")
ff = q("funding_findings", user, period)
if ff:
    table(findings_frame(ff), key="funding_findings")
else:
    st.info("没有影响经费的发现项")
