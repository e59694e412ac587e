"""条文与规则：每条条文与执行它的规则、Gherkin 场景、覆盖情况（供法制人员阅读）/ statute and rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.gherkin import STATUS_ZH as GHERKIN_STATUS_ZH
from dashboard.gherkin import last_results, scenarios
from dashboard.ui import catalog, guard, md, time_zh, wkey
from evaluator.consumers.coverage import STATUS_ZH, coverage
from evaluator.facts.statute import cite_zh, load_statute

guard()
st.title("条文与规则")


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
    + f"；中文场景 {sum(len(v) for v in scen.values())} 个"
)

SEVERITY_ZH = {"critical": "严重", "major": "较重", "minor": "一般", "warning": "提示"}
ran_at, results = last_results()
all_articles = [a for c in sorted(statute.chapters.values(), key=lambda c: c.number) for a in c.articles]


def _haystack(n: int) -> str:
    """Everything a reader may search for under one article: its citation, text, rules, scenarios."""
    art = statute.article(n)
    parts = [cite_zh(n), art.numeral_zh, art.chapter_title_zh, art.text_zh]
    for rid in by_article[n]["rules"]:
        m = rules.get(rid, {})
        parts += [rid, str(m.get("title", "")), str(m.get("description", ""))]
        parts += [sc["text"] for sc in scen.get(rid, [])]
    return "\n".join(parts)


tab_read, tab_matrix = st.tabs(["逐条阅读", "覆盖矩阵"], key="st_tabs")
with tab_read:
    needle = st.text_input(
        "全文检索（全部 74 条条文、规则、中文场景）",
        key="st_search",
        placeholder="如：六十三、第二十二条、个人隐私、A62.3",
    ).strip()
    c1, c2 = st.columns([1, 2])
    if needle:
        arts = [n for n in all_articles if needle in _haystack(n)]
        c1.write(f"找到 {len(arts)} 条")
        if not arts:
            st.info("没有找到包含该词的条文、规则或场景")
            st.stop()
    else:
        chapters = sorted(statute.chapters.values(), key=lambda c: c.number)
        ch = c1.selectbox(
            "章",
            chapters,
            format_func=lambda c: f"{c.numeral_zh} {c.title_zh}",
            placeholder="请选择",
            key="st_chapter",
        )
        only_rules = c1.toggle("只看有规则的条文", key="st_only")
        arts = [n for n in ch.articles if not only_rules or by_article[n]["rules"]]
        if not arts:
            st.info("本章没有规则")
            st.stop()
    # the article box belongs to its chapter or search: a new list starts at its first article
    n = c2.selectbox(
        "条",
        arts,
        format_func=lambda a: f"{cite_zh(a)}（{statute.article(a).chapter_title_zh}）",
        placeholder="请选择",
        key=wkey("st_article", needle, tuple(arts)),
    )
    art = statute.article(n)
    left, right = st.columns(2)
    with left:
        st.subheader(f"{art.numeral_zh}（{art.chapter_title_zh}）")
        for para in art.text_zh.split("\n"):
            st.markdown(md(para))
    with right:
        row = by_article[n]
        st.subheader(f"规则 · {STATUS_ZH.get(row['status'], row['status'])}")
        if row["reason_zh"]:
            st.info(md(row["reason_zh"]))
        for rid in row["rules"]:
            m = rules.get(rid, {})
            with st.expander(md(f"{rid} {m.get('title', '')}"), expanded=len(row["rules"]) <= 2):
                st.caption(
                    md(
                        f"{cite_zh(m.get('article', n), m.get('item'))} · 程度 "
                        f"{SEVERITY_ZH.get(m.get('severity', ''), m.get('severity', ''))} · "
                        f"影响经费 {'是' if m.get('bears_on_funding') else '否'}"
                    )
                )
                desc = m.get("description", "")
                if "解读：" in desc:
                    st.markdown("**解读**：" + md(desc.split("解读：", 1)[1]))
                for sc in scen.get(rid, []):
                    status = results.get((Path(sc["file"]).name, sc["title"]))
                    mark = f"【{GHERKIN_STATUS_ZH.get(status, status)}】" if status else "【尚无运行结果】"
                    st.markdown(md(f"{mark} 场景：{sc['title']}（{sc['file']}）"))
                    st.code(sc["text"], language="gherkin", wrap_lines=True)
                if not scen.get(rid):
                    st.caption("尚无中文场景")
    st.caption(
        f"场景运行结果：{time_zh(ran_at)}（北京时间）最近一次测试运行（bash scripts/test.sh）"
        if ran_at
        else "场景运行结果：尚无测试运行记录（运行 bash scripts/test.sh 后显示每个场景是否通过）"
    )

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
    shown_status = st.multiselect(
        "按覆盖情况筛选", sorted(df["覆盖"].unique()), key="st_status", placeholder="全部（可多选）"
    )
    st.dataframe(
        df[df["覆盖"].isin(shown_status)] if shown_status else df,
        hide_index=True,
        width="stretch",
        height=420,
    )
