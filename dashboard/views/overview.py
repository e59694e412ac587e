"""总览：得分分布、排名、等级、按条款和维度的发现项、历年趋势 / overview."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard.auth import Role
from dashboard.ui import (
    CSV,
    PLOT,
    XLSX,
    download,
    findings_frame,
    guard,
    label,
    period_picker,
    print_button,
    q,
    style,
    table,
    time_zh,
)
from evaluator.model.results import Finding

user = guard()
st.title("总览")
period = period_picker(user)
if period is None:
    st.stop()

names = q("dept_names", user, period)
findings: list[Finding] = q("findings", user, period)
run = q("run_info", user, period)
if run is None:
    st.info(f"{period} 年度尚未评价")
    st.stop()
print_button()

c1, c2, c3, c4 = st.columns(4)
c1.metric("部门数", len(names))
c2.metric("发现项", len(findings))
c3.metric("涉及部门", len({f.department for f in findings}))
c4.metric("评价错误", len(run.errors))
st.caption(
    f"最近评价 {time_zh(run.finished_at)}（北京时间）· OPA {run.opa_version} · 策略包 {run.bundle_hash[:12]}"
)
if run.errors:
    st.warning(f"评价有 {len(run.errors)} 处错误（缺少事实等），结果不可作为合规结论")

assessment = q("assessment", user, period)
st.subheader("得分与等次")
scored = [d for d in (assessment or {}).get("departments", []) if d.get("total") is not None]
if scored and user.role is Role.DEPARTMENT:
    # one department's own histogram says nothing: its place in the county does
    mine = scored[0]
    position = q("county_position", user, period, mine["code"])
    c1, c2, c3 = st.columns(3)
    c1.metric("本部门总分", mine["total"])
    c2.metric("等次", mine.get("grade") or "-")
    if position is not None and mine.get("rank"):
        c3.metric(f"全县名次（共 {position['n']} 个）", f"第 {mine['rank']} 名")
        st.caption(f"全县总分中位数 {position['median']}")
    scored = []
elif not scored:
    st.info(f"{period} 年度已评价（{time_zh(run.finished_at)}），尚未计算评分：主管部门在“评估”页计算评分")
else:
    # the official figures only: ranks as the assessment gave them (veto included), grades in the
    # indicator system's order, names as text (plotly would draw HTML in a label)
    order = [g["name_zh"] for g in ((assessment or {}).get("indicator") or {}).get("grades", [])]
    sc = pd.DataFrame(
        [
            {
                "部门": label(d["name"]),
                "得分": d["total"],
                "等次": d.get("grade") or "未定",
                "名次": d.get("rank"),
                "一票否决": "是" if d.get("veto") else "否",
            }
            for d in scored
        ]
    )
    a, b = st.columns(2)
    hist = px.histogram(sc, x="得分", nbins=10, title="得分分布")
    a.plotly_chart(
        style(hist).update_xaxes(title="总分").update_yaxes(title="部门数", dtick=1),
        config=PLOT,
        width="stretch",
    )
    counts = sc["等次"].value_counts()
    grades = pd.DataFrame(
        [
            {"等次": g, "部门数": int(counts.get(g, 0))}
            for g in order + [g for g in counts.index if g not in order]
        ]
    )
    b.plotly_chart(
        style(px.bar(grades, x="等次", y="部门数", title="等次分布"))
        .update_xaxes(title="等次", categoryorder="array", categoryarray=list(grades["等次"]))
        .update_yaxes(title="部门数", dtick=1),
        config=PLOT,
        width="stretch",
    )
    rank = sc.sort_values(["名次", "部门"], na_position="last")
    rank["标注"] = [
        f"第 {r} 名 · {g}" + ("（一票否决）" if v == "是" else "") if pd.notna(r) else g
        for r, g, v in zip(rank["名次"], rank["等次"], rank["一票否决"], strict=True)
    ]
    fig = px.bar(
        rank,
        x="得分",
        y="部门",
        orientation="h",
        color="等次",
        category_orders={"等次": order, "部门": list(rank["部门"])},
        text="标注",
        title="排名（按评价结果的名次，含一票否决）",
    )
    st.plotly_chart(
        style(fig, height=max(320, 26 * len(rank)))
        # plotly express already puts the first of category_orders at the top of a horizontal bar chart
        .update_yaxes(title="")
        .update_xaxes(title="总分")
        .update_traces(textposition="inside", insidetextanchor="start"),
        config=PLOT,
        width="stretch",
    )
if (assessment or {}).get("departments"):
    c1, c2, _ = st.columns([1, 1, 3])
    for col, fmt, mime in ((c1, "csv", CSV), (c2, "xlsx", XLSX)):
        payload = q("assessment_export", user, period, fmt)
        if payload:
            with col:
                download(
                    f"导出评价结果 {fmt.upper()}",
                    payload,
                    file_name=f"assessment-{period}.{fmt}",
                    mime=mime,
                    key=f"assess_export_{fmt}",
                    what={"what": "assessment", "period": period, "format": fmt},
                )


st.subheader("发现项")
if not findings:
    st.success("本年度没有发现项")
else:
    by_article = Counter((f.citation_zh, f.rule_id) for f in findings)
    art = pd.DataFrame([{"条款": f"{c} {r}", "发现项": n} for (c, r), n in by_article.most_common()])
    dims = pd.DataFrame(
        Counter(f.dimension_zh or "其他" for f in findings).most_common(), columns=["维度", "发现项"]
    )
    a, b = st.columns(2)
    a.plotly_chart(
        style(px.bar(art, x="发现项", y="条款", orientation="h", title="按条款"))
        .update_yaxes(title="", autorange="reversed")
        .update_xaxes(title="发现项数", dtick=1),
        config=PLOT,
        width="stretch",
    )
    b.plotly_chart(
        style(px.pie(dims, names="维度", values="发现项", title="按评价维度")),
        config=PLOT,
        width="stretch",
    )
    if user.role is not Role.DEPARTMENT:
        per_dept = pd.DataFrame(
            Counter(label(f.department_name) for f in findings).most_common(), columns=["部门", "发现项"]
        )
        st.plotly_chart(
            style(
                px.bar(per_dept, x="发现项", y="部门", orientation="h", title="各部门发现项"),
                height=max(300, 24 * len(per_dept)),
            )
            .update_yaxes(title="", autorange="reversed")
            .update_xaxes(title="发现项数", dtick=1),
            config=PLOT,
            width="stretch",
        )

trend = pd.DataFrame(q("trend", user))
st.subheader("历年趋势")
years = sorted(set(trend["period"])) if not trend.empty else []
if len(years) < 2:
    st.info("只有一个年度的评价结果，尚无可比较的历年趋势")
else:
    t = trend.groupby("period", as_index=False)["count"].sum()
    t["年度"] = [f"{p}年" for p in t["period"]]
    st.plotly_chart(
        style(px.line(t, x="年度", y="count", markers=True, title="发现项总数"), 280)
        .update_xaxes(title="年度", type="category")
        .update_yaxes(title="发现项数", rangemode="tozero"),
        config=PLOT,
        width="stretch",
    )

with st.expander(f"全部发现项（{len(findings)}）"):
    table(findings_frame(findings), key="overview_findings")
