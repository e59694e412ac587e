"""Publication (Art. 58): scores, grades, problems in plain words, what to improve; no internal evidence."""

from __future__ import annotations

from typing import Any

from evaluator.consumers.assess.scoring import Assessment
from evaluator.facts.statute import load_statute


def _number(x: float) -> int | float:
    """A score as a citizen reads it: 100, not 100.0; 97.5 stays 97.5."""
    r = round(x, 2)
    return int(r) if r == int(r) else r


def public_summary(a: Assessment) -> dict[str, Any]:
    """The publishable summary: no record ids, no record contents, no evidence, no personal data.
    Problems are the rules' duties (titles) with the article and how many times each was found, each with its
    suggestion (the two lists align). A vetoed department carries the indicator system's veto rule
    (``veto_rule_zh``, from the scoring in Rego): why it ranks below departments with lower totals."""
    veto_rule = str(a.result["indicator"].get("veto_rule_zh") or "")
    depts = []
    for d in a.departments:
        entry: dict[str, Any] = {
            "name": d["name"],
            "status": d["status"],
            "total": d.get("total"),
            "grade": d.get("grade"),
            "rank": d.get("rank"),
            "rank_note_zh": d.get("rank_note_zh", ""),
            "veto": d.get("veto", False),
            "veto_rule_zh": veto_rule if d.get("veto") else "",
        }
        if d["status"] == "未报送":
            entry["problems"] = ["本年度未按要求报送政务数据管理情况"]
            entry["suggestions"] = ["按评价办法按时报送本部门政务数据管理情况快照"]
            depts.append(entry)
            continue
        entry["dimensions"] = [
            {"name_zh": x["name_zh"], "weight": x["weight"], "score": x["score"]} for x in d["dimensions"]
        ]
        entry["bonus"] = d["bonus"]
        # the page adds up: dimension scores + bonus = total
        entry["subtotal"] = _number(sum(float(x["score"]) for x in d["dimensions"]))
        by_rule: dict[str, dict[str, Any]] = {}
        for x in d["dimensions"]:
            for dd in x["deductions"]:
                p = by_rule.setdefault(
                    dd["rule_id"],
                    {
                        "title_zh": dd["title_zh"],
                        "citation_zh": dd["citation_zh"],
                        "dimension_zh": dd["dimension_zh"],
                        "count": 0,
                        "points": 0,
                    },
                )
                p["count"] += 1
                p["points"] += dd["applied"]
        # a 0-point hint is not a problem to publish: only what cost points
        problems = sorted(
            ((rid, p) for rid, p in by_rule.items() if p["points"] > 0),
            key=lambda x: (-x[1]["points"], x[1]["citation_zh"]),
        )
        vetoing = {v["rule_id"] for v in d.get("veto_findings") or []}
        entry["problems"] = [
            # a rule's title is a duty (明确专职机构…, 不得…): the problem is not meeting it
            f"{p['dimension_zh']}："
            + (f"未达到“{p['title_zh']}”的要求" if p["title_zh"] else "未达要求")
            + f"（{p['citation_zh']}）{p['count']} 项，扣 {p['points']} 分"
            + ("，一票否决" if rid in vetoing else "")
            for rid, p in problems
        ]
        entry["suggestions"] = [
            f"对照《实施办法》{p['citation_zh']}整改：{p['title_zh']}" for _, p in problems
        ]
        depts.append(entry)
    return {
        "title": f"{a.period} 年度各政务部门政务数据管理情况评估结果",
        "indicator": {"title": a.result["indicator"]["title"], "version": a.indicator_version},
        "veto_rule_zh": veto_rule,
        # the problems and suggestions cite 《实施办法》: a citizen is told which Measures that is
        "law_zh": f"文中《实施办法》指《{load_statute().title}》",
        "period": a.period,
        "departments": depts,
    }


DRAFT_MARK = (
    "草稿，不得公布：评价指标体系仍是随软件提供的示例 / DRAFT, not for publication: example indicator system"
)


def placeholder_refusal(a: Assessment) -> str | None:
    """Why the summary cannot be published: the indicator system is still the shipped example."""
    from evaluator.engine.overlay import is_placeholder_indicator

    title = str(a.result["indicator"]["title"])
    if not is_placeholder_indicator(title, a.indicator_version):
        return None
    return (
        f"评价指标体系仍是示例（{title}，版本 {a.indicator_version}），评估结果不得向社会公布；请主管部门用 "
        "govshare authority set indicators 提交本县的评价办法（或在仪表盘“主管部门维护”页），或加 --draft "
        "生成标明“不得公布”的草稿 / the indicator system is still the example: not published"
    )


def public_markdown(a: Assessment) -> str:
    s = public_summary(a)
    lines = [
        f"# {s['title']}",
        "",
        f"评价依据：{s['indicator']['title']}（版本 {s['indicator']['version']}）",
        "",
        f"{s['law_zh']}。",
        "",
    ]
    lines += [
        "| 名次 | 部门 | 分项得分合计 | 加分 | 总分 | 一票否决 | 等次 |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in s["departments"]:
        rank = d["rank"] if d["rank"] is not None else "—"
        total = d["total"] if d["total"] is not None else "—"
        sub, bonus = d.get("subtotal", "—"), d.get("bonus", "—")
        veto = "是（见注）" if d["veto"] else ""
        lines.append(
            f"| {rank} | {d['name']} | {sub} | {bonus} | {total} | {veto} | {d['grade'] or d['status']} |"
        )
    lines.append("")
    if any(d["veto"] for d in s["departments"]):
        lines += [f"注：{s['veto_rule_zh']}。", ""]
    for d in s["departments"]:
        lines += [f"## {d['name']}", ""]
        if d.get("veto_rule_zh"):
            lines += [f"{d['veto_rule_zh']}。", ""]
        if d.get("rank_note_zh"):
            lines += [d["rank_note_zh"], ""]
        if d.get("dimensions"):
            lines.append(
                "分项得分："
                + "，".join(f"{x['name_zh']} {x['score']}/{x['weight']}" for x in d["dimensions"])
                + f"；合计 {d['subtotal']}，加分 {d['bonus']}，总分 {d['total']}"
            )
            lines.append("")
        lines.append("存在问题：" if d["problems"] else "存在问题：无")
        lines += [f"- {p}" for p in d["problems"]]
        lines += ["", "改进意见：" if d["suggestions"] else "改进意见：保持"]
        lines += [f"- {p}" for p in d["suggestions"]]
        lines.append("")
    return "\n".join(lines)
