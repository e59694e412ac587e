"""Publication (Art. 58): scores, grades, problems in plain words, what to improve; no internal evidence."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from evaluator.consumers.assess.scoring import Assessment
from evaluator.errors import GovshareError
from evaluator.facts.statute import load_statute


def _number(x: float) -> int | float:
    """A score as a citizen reads it: 100, not 100.0; 97.5 stays 97.5."""
    r = round(x, 2)
    return int(r) if r == int(r) else r


def texts() -> dict[str, Any]:
    """The summary's words: ``assessment/publish.yaml`` of the policy tree in force (shipped + the
    authority's files), read again when the tree changes."""
    from evaluator.engine import policies_dir

    return _texts(str(policies_dir() / "assessment" / "publish.yaml"))


@cache
def _texts(path: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise GovshareError(
            f"公布摘要的文字模板无法读取 / cannot read the public-summary texts: {path}: {e}"
        ) from e
    if not isinstance(data, dict):
        raise GovshareError(f"公布摘要的文字模板无效 / invalid public-summary texts: {path}")
    return data


def public_summary(a: Assessment) -> dict[str, Any]:
    """The publishable summary: no record ids, no record contents, no evidence, no personal data.
    Problems are the rules' duties (titles) with the article and how many times each was found, each with its
    suggestion (the two lists align). A vetoed department carries the indicator system's veto rule
    (``veto_rule_zh``, from the scoring in Rego): why it ranks below departments with lower totals."""
    t = texts()
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
            entry["problems"] = [t["not_submitted"]["problem"]]
            entry["suggestions"] = [t["not_submitted"]["suggestion"]]
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
            t["problem"].format(
                dimension=p["dimension_zh"],
                duty=t["duty"].format(title=p["title_zh"]) if p["title_zh"] else t["duty_untitled"],
                citation=p["citation_zh"],
                count=p["count"],
                points=p["points"],
                veto=t["problem_veto"] if rid in vetoing else "",
            )
            for rid, p in problems
        ]
        entry["suggestions"] = [
            t["suggestion"].format(citation=p["citation_zh"], title=p["title_zh"]) for _, p in problems
        ]
        depts.append(entry)
    return {
        "title": t["title"].format(period=a.period),
        "indicator": {"title": a.result["indicator"]["title"], "version": a.indicator_version},
        "veto_rule_zh": veto_rule,
        # the problems and suggestions cite 《实施办法》: a citizen is told which Measures that is
        "law_zh": t["law"].format(law=load_statute().title),
        "period": a.period,
        "departments": depts,
    }


def draft_mark() -> str:
    """The line a draft (an example indicator system) carries on every page and table."""
    return str(texts()["draft_mark"])


def placeholder_refusal(a: Assessment) -> str | None:
    """Why the summary cannot be published: the indicator system is still the shipped example."""
    from evaluator.engine.overlay import is_placeholder_indicator

    title = str(a.result["indicator"]["title"])
    if not is_placeholder_indicator(title, a.indicator_version):
        return None
    return str(texts()["refusal"]).format(indicator=title, version=a.indicator_version)


def public_markdown(a: Assessment) -> str:
    """The summary as a Markdown page: the words from ``publish.yaml``, the table syntax from here."""
    s, t = public_summary(a), texts()
    m = t["markdown"]
    lines = [
        f"# {s['title']}",
        "",
        t["basis"].format(indicator=s["indicator"]["title"], version=s["indicator"]["version"]),
        "",
        f"{s['law_zh']}。",
        "",
        _row(m["columns"]),
        "|" + "---|" * len(m["columns"]),
    ]
    for d in s["departments"]:
        rank = d["rank"] if d["rank"] is not None else m["none"]
        total = d["total"] if d["total"] is not None else m["none"]
        sub, bonus = d.get("subtotal", m["none"]), d.get("bonus", m["none"])
        veto = m["veto_mark"] if d["veto"] else ""
        lines.append(_row([rank, d["name"], sub, bonus, total, veto, d["grade"] or d["status"]]))
    lines.append("")
    if any(d["veto"] for d in s["departments"]):
        lines += [m["veto_note"].format(veto_rule=s["veto_rule_zh"]), ""]
    for d in s["departments"]:
        lines += [f"## {d['name']}", ""]
        if d.get("veto_rule_zh"):
            lines += [m["veto_rule"].format(veto_rule=d["veto_rule_zh"]), ""]
        if d.get("rank_note_zh"):
            lines += [d["rank_note_zh"], ""]
        if d.get("dimensions"):
            scores = m["score_sep"].join(
                m["score"].format(name=x["name_zh"], score=x["score"], weight=x["weight"])
                for x in d["dimensions"]
            )
            lines += [
                m["scores"].format(scores=scores, subtotal=d["subtotal"], bonus=d["bonus"], total=d["total"]),
                "",
            ]
        lines.append(m["problems"] if d["problems"] else m["no_problems"])
        lines += [f"- {p}" for p in d["problems"]]
        lines += ["", m["suggestions"] if d["suggestions"] else m["no_suggestions"]]
        lines += [f"- {p}" for p in d["suggestions"]]
        lines.append("")
    return "\n".join(lines)


def _row(cells: list[Any]) -> str:
    """A Markdown table row: ``| a | b |`` (an empty cell keeps its two spaces)."""
    return "| " + " | ".join(str(c) for c in cells) + " |"
