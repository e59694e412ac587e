"""总览：得分分布、排名、等级、按条款和维度的发现项、历年趋势 / overview."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard.ui import CSV, XLSX, download, findings_frame, guard, period_picker, q, style, table

user = guard()
st.title("总览 / overview")
period = period_picker(user)
if period is None:
    st.stop()

names = q("dept_names", user, period)
findings = q("findings", user, period)
run = q("run_info", user, period)
if run is None:
    st.info(f"{period} 年度尚未评价 / not evaluated yet")
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric("部门数 / departments", len(names))
c2.metric("发现项 / findings", len(findings))
c3.metric("涉及部门 / with findings", len({f["department"] for f in findings}))
c4.metric("评价错误 / errors", len(run.errors))
st.caption(
    f"最近评价 {run.finished_at:%Y-%m-%d %H:%M} · OPA {run.opa_version} · 策略包 {run.bundle_hash[:12]}"
)
if run.errors:
    st.warning(
        f"评价有 {len(run.errors)} 处错误（缺少事实等），结果不可作为合规结论 / errors: not a compliance verdict"
    )

assessment = q("assessment", user, period)
st.subheader("得分与等级 / scores and grades")
scored = [d for d in (assessment or {}).get("departments", []) if d.get("total") is not None]
if not scored:
    st.info("尚未评价：本年度尚未计算评分 / not scored yet（主管部门在“评估”页计算评分）")
else:
    sc = pd.DataFrame(
        [
            {"部门": d["name"], "得分": d["total"], "等级": d.get("grade") or "-", "名次": d.get("rank")}
            for d in scored
        ]
    )
    a, b = st.columns(2)
    a.plotly_chart(
        style(px.histogram(sc, x="得分", nbins=10, title="得分分布 / score distribution")),
        width="stretch",
    )
    grades = sc["等级"].value_counts().reset_index()
    grades.columns = ["等级", "部门数"]
    b.plotly_chart(
        style(px.bar(grades, x="等级", y="部门数", title="等级分布 / grade counts")), width="stretch"
    )
    rank = sc.sort_values("得分", ascending=False)
    st.plotly_chart(
        style(
            px.bar(rank, x="得分", y="部门", orientation="h", title="排名 / ranking"),
            height=max(320, 22 * len(rank)),
        ).update_yaxes(autorange="reversed"),
        width="stretch",
    )
    c1, c2, _ = st.columns([1, 1, 3])
    for col, fmt, mime in ((c1, "csv", CSV), (c2, "xlsx", XLSX)):
        payload = q("assessment_export", user, period, fmt)
        if payload:
            with col:
                download(
                    f"导出评价结果 {fmt.upper()} / export",
                    payload,
                    file_name=f"assessment-{period}.{fmt}",
                    mime=mime,
                    key=f"assess_export_{fmt}",
                    what={"what": "assessment", "period": period, "format": fmt},
                )

st.subheader("发现项 / findings")
if not findings:
    st.success("本年度没有发现项 / no findings this period")
else:
    by_article = Counter((f["citation_zh"], f["rule_id"]) for f in findings)
    art = pd.DataFrame([{"条款": f"{c} {r}", "发现项": n} for (c, r), n in by_article.most_common()])
    dims = pd.DataFrame(
        Counter(f["dimension_zh"] or "其他" for f in findings).most_common(), columns=["维度", "发现项"]
    )
    a, b = st.columns(2)
    a.plotly_chart(
        style(px.bar(art, x="发现项", y="条款", orientation="h", title="按条款 / by article")).update_yaxes(
            autorange="reversed"
        ),
        width="stretch",
    )
    b.plotly_chart(
        style(px.pie(dims, names="维度", values="发现项", title="按维度 / by dimension")),
        width="stretch",
    )
    per_dept = pd.DataFrame(
        Counter(f["department_name"] for f in findings).most_common(), columns=["部门", "发现项"]
    )
    st.plotly_chart(
        style(
            px.bar(per_dept, x="发现项", y="部门", orientation="h", title="各部门发现项 / per department"),
            height=max(300, 24 * len(per_dept)),
        ).update_yaxes(autorange="reversed"),
        width="stretch",
    )

trend = pd.DataFrame(q("trend", user))
st.subheader("历年趋势 / trend over periods")
if trend.empty:
    st.info("尚无多年度数据 / no earlier periods")
else:
    t = trend.groupby("period", as_index=False)["count"].sum()
    t["年度"] = t["period"].astype(str)
    st.plotly_chart(
        style(
            px.line(t, x="年度", y="count", markers=True, title="发现项总数 / findings per period"), 280
        ).update_yaxes(title="发现项"),
        width="stretch",
    )

with st.expander(f"全部发现项 / all findings（{len(findings)}）"):
    table(findings_frame(findings), key="overview_findings")
