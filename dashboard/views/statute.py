"""条文与规则：每条条文与执行它的规则、Gherkin 场景、覆盖情况（供法制人员阅读）/ statute and rules."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.gherkin import scenarios
from dashboard.ui import catalog, guard
from evaluator.consumers.coverage import STATUS_ZH, coverage
from evaluator.facts.statute import cite_zh, load_statute

guard()
st.title("条文与规则 / statute and rules")


@st.cache_resource(show_spinner=False)
def _coverage() -> dict[str, Any]:
    return coverage()


statute = load_statute()
cov = _coverage()
rules = catalog()
scen = scenarios()
by_article = {r["article"]: r for r in cov["articles"]}

st.caption(
    f"规则 {cov['rules']} 条；"
    + "；".join(f"{STATUS_ZH.get(k, k)} {v} 条" for k, v in cov["summary"].items())
    + f"；Gherkin 场景 {sum(len(v) for v in scen.values())} 个"
)

tab_read, tab_matrix = st.tabs(["逐条阅读 / read", "覆盖矩阵 / coverage"])
with tab_read:
    chapters = sorted(statute.chapters.values(), key=lambda c: c.number)
    c1, c2 = st.columns([1, 2])
    ch = c1.selectbox(
        "章 / chapter", chapters, format_func=lambda c: f"{c.numeral_zh} {c.title_zh}", key="st_chapter"
    )
    only_rules = c1.toggle("只看有规则的条文 / only articles with rules", key="st_only")
    arts = [n for n in ch.articles if not only_rules or by_article[n]["rules"]]
    if not arts:
        st.info("本章没有规则 / no rules in this chapter")
        st.stop()
    n = c2.selectbox("条 / article", arts, format_func=lambda a: cite_zh(a), key="st_article")
    art = statute.article(n)
    left, right = st.columns(2)
    with left:
        st.subheader(f"{art.numeral_zh}（{art.chapter_title_zh}）")
        for para in art.text_zh.split("\n"):
            st.write(para)
    with right:
        row = by_article[n]
        st.subheader(f"规则 / rules · {STATUS_ZH.get(row['status'], row['status'])}")
        if row["reason_zh"]:
            st.info(row["reason_zh"])
        for rid in row["rules"]:
            m = rules.get(rid, {})
            with st.expander(f"{rid} {m.get('title', '')}", expanded=len(row["rules"]) <= 2):
                st.caption(
                    f"{cite_zh(m.get('article', n), m.get('item'))} · 程度 {m.get('severity', '')} · "
                    f"维度 {m.get('dimension', '')} · 影响经费 {'是' if m.get('bears_on_funding') else '否'} · "
                    f"包 {m.get('package', '')}"
                )
                desc = m.get("description", "")
                if "解读：" in desc:
                    st.markdown("**解读 / reading**：" + desc.split("解读：", 1)[1])
                for s in scen.get(rid, []):
                    st.markdown(f"场景 · {s['title']}（{s['file']}）")
                    st.code(s["text"], language="gherkin")
                if not scen.get(rid):
                    st.caption("尚无 Gherkin 场景 / no scenario yet")

with tab_matrix:
    df = pd.DataFrame(
        [
            {
                "条文": r["citation_zh"],
                "章": f"{r['chapter_zh']} {r['chapter_title_zh']}",
                "覆盖": STATUS_ZH.get(r["status"], r["status"]),
                "规则": "、".join(r["rules"]),
                "场景数": sum(len(scen.get(x, [])) for x in r["rules"]),
                "说明": r["reason_zh"],
            }
            for r in cov["articles"]
        ]
    )
    status = st.multiselect("覆盖 / status", sorted(df["覆盖"].unique()), key="st_status")
    st.dataframe(df[df["覆盖"].isin(status)] if status else df, hide_index=True, width="stretch", height=420)
