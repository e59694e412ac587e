"""The assessment, the funding decisions and the public summary as tables (sheets of rows, first row the
headers), written by :mod:`evaluator.consumers.exports` (one CSV/XLSX format, one formula guard)."""

from __future__ import annotations

from typing import Any

from evaluator.consumers.assess.publish import public_summary
from evaluator.consumers.assess.scoring import Assessment


def evidence_ref(d: dict[str, Any]) -> str:
    ev = d.get("evidence") or [{}]
    return f"{ev[0].get('snapshot', '')}#{ev[0].get('pointer', '')}"


def assessment_tables(a: Assessment) -> dict[str, list[list[Any]]]:
    """Sheets: 总表 summary, 扣分明细 deductions (each with its finding), 加分 bonuses."""
    dims = a.result["indicator"]["dimensions"]
    summary: list[list[Any]] = [
        [
            "名次 rank",
            "部门代码 code",
            "部门 department",
            "状态 status",
            "总分 total",
            "基础分 base",
            "扣分 deducted",
            "加分 bonus",
        ]
        + [f"{x['name_zh']}（满分{x['weight']}） dimension {i}" for i, x in enumerate(dims, 1)]
        + ["一票否决 veto", "等次 grade", "评价完整 complete", "名次说明 rank note"]
    ]
    detail: list[list[Any]] = [
        [
            "部门代码 code",
            "部门 department",
            "维度 dimension",
            "规则 rule",
            "条款 article",
            "程度 severity",
            "对象 subject",
            "应扣 points",
            "实扣 applied",
            "说明 message",
            "上限说明 cap note",
            "证据 evidence",
        ]
    ]
    bonus: list[list[Any]] = [
        [
            "部门代码 code",
            "部门 department",
            "加分项 item",
            "数量 count",
            "加分 points",
            "上限 max",
            "依据 basis",
        ]
    ]
    for d in a.departments:
        by_dim = {x["key"]: x for x in d.get("dimensions", [])}
        summary.append(
            [
                d.get("rank"),
                d["code"],
                d["name"],
                d["status"],
                d.get("total"),
                d.get("base"),
                d.get("deducted"),
                d.get("bonus"),
            ]
            + [by_dim[x["key"]]["score"] if x["key"] in by_dim else None for x in dims]
            + [d.get("veto"), d.get("grade"), d.get("complete"), d.get("rank_note_zh", "")]
        )
        for x in d.get("dimensions", []):
            for dd in x["deductions"]:
                detail.append(
                    [
                        d["code"],
                        d["name"],
                        x["name_zh"],
                        dd["rule_id"],
                        dd["citation_zh"],
                        dd["severity_zh"],
                        dd["subject"],
                        dd["points"],
                        dd["applied"],
                        dd["message_zh"],
                        dd["note_zh"],
                        evidence_ref(dd),
                    ]
                )
        for b in d.get("bonuses", []):
            bonus.append(
                [d["code"], d["name"], b["name_zh"], b["count"], b["points"], b["max"], "、".join(b["basis"])]
            )
    return {"总表": summary, "扣分明细": detail, "加分": bonus}


def funding_tables(a: Assessment) -> dict[str, list[list[Any]]]:
    """Sheets: 经费 decisions, 依据 the findings behind them (with what to put right), 项目关口 project gates."""
    decisions: list[list[Any]] = [
        [
            "部门代码 code",
            "部门 department",
            "决定 decision",
            "符合 eligible",
            "理由 reasons",
            "依据发现项数 findings",
        ]
    ]
    basis: list[list[Any]] = [
        [
            "部门代码 code",
            "部门 department",
            "规则 rule",
            "条款 article",
            "对象 subject",
            "说明 message",
            "整改要求 remedy",
            "证据 evidence",
        ]
    ]
    for f in a.funding:
        decisions.append(
            [
                f["code"],
                f["name"],
                f["decision"],
                f["eligible"],
                "；".join(r["reason_zh"] for r in f["reasons"]),
                len(f["findings"]),
            ]
        )
        for v in f["veto_findings"]:
            basis.append(
                [f["code"], f["name"], v["rule_id"], v["citation_zh"], v["subject"], "一票否决", "", ""]
            )
        for x in f["findings"]:
            basis.append(
                [
                    f["code"],
                    f["name"],
                    x["rule_id"],
                    x["citation_zh"],
                    x["subject"],
                    x["message_zh"],
                    x["remedy_zh"],
                    evidence_ref(x),
                ]
            )
    gates: list[list[Any]] = [
        [
            "部门代码 code",
            "部门 department",
            "项目 project",
            "名称 name",
            "阶段 stage",
            "关口 gate",
            "结果 result",
            "理由 reasons",
        ]
    ]
    for p in a.projects:
        for g in p["gates"]:
            gates.append(
                [
                    p["department"],
                    p["department_name"],
                    p["project"],
                    p["name"],
                    p["stage"],
                    g["name_zh"],
                    g["status"],
                    "；".join(g["reasons"]),
                ]
            )
    return {"经费": decisions, "依据": basis, "项目关口": gates}


def public_tables(a: Assessment) -> dict[str, list[list[Any]]]:
    """The public summary as tables (XLSX sheets, CSV files): results that add up, then problems."""
    s = public_summary(a)
    dims: list[dict[str, Any]] = next((d["dimensions"] for d in s["departments"] if d.get("dimensions")), [])
    results: list[list[Any]] = [
        [
            "名次 rank",
            "部门 department",
            *(f"{x['name_zh']}（满分{x['weight']}） dimension {i}" for i, x in enumerate(dims, 1)),
            "分项得分合计 subtotal",
            "加分 bonus",
            "总分 total",
            "一票否决 veto",
            "等次 grade",
            "说明 note",
        ]
    ]
    problems: list[list[Any]] = [["部门 department", "存在问题 problem", "改进意见 suggestion"]]
    for d in s["departments"]:
        scores = [x["score"] for x in d.get("dimensions", [])] or [None] * len(dims)
        results.append(
            [
                d["rank"],
                d["name"],
                *scores,
                d.get("subtotal"),
                d.get("bonus"),
                d["total"],
                "是" if d["veto"] else "",
                d["grade"] or d["status"],
                # a vetoed department says why it ranks below lower totals, in the row itself (a filter
                # or a sort keeps it): the indicator system's veto rule, then any tie, then what the bonus is for
                "；".join(
                    x for x in (d["veto_rule_zh"], d.get("rank_note_zh", ""), d.get("bonus_zh", "")) if x
                ),
            ]
        )
        for i, p in enumerate(d["problems"]):
            problems.append([d["name"], p, d["suggestions"][i] if i < len(d["suggestions"]) else ""])
    return {"评估结果": results, "存在问题": problems}
