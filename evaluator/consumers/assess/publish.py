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
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), dict):
        raise GovshareError(f"公布摘要的文字模板无效 / invalid public-summary texts: {path}")
    return {**data, "_path": path}


def _fill(t: dict[str, Any], key: str, template: Any, **values: Any) -> str:
    """A template of ``publish.yaml`` filled in; one naming a placeholder the program does not give is a
    located error (the file and the key), not a traceback."""
    try:
        return str(template).format(**values)
    except (KeyError, IndexError, ValueError) as e:
        raise GovshareError(
            f"公布摘要的文字模板 {key} 无效（占位符 {e} 不可用，可用的有 "
            f"{'、'.join('{' + k + '}' for k in values)}）/ invalid template {key}: {t['_path']}"
        ) from e


def rule_kinds(catalog: dict[str, dict[str, Any]], t: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Rule id → (kind, act): whether the rule is a duty (应当…) or a prohibition (不得…), from its METADATA
    (``custom.kind``), and for a prohibition the act it forbids (``custom.act_zh``, without 不得). A rule
    with no kind, a kind ``publish.yaml`` has no words for, or a prohibition without its act is an error:
    the summary is never written with a prohibition said as a duty."""
    out: dict[str, tuple[str, str]] = {}
    for rid, meta in catalog.items():
        kind, act = meta.get("kind"), meta.get("act_zh") or ""
        if kind not in t["kinds"]:
            raise GovshareError(
                f"规则 {rid} 的 METADATA 未写明是义务还是禁止（custom.kind 应为 "
                f"{'、'.join(t['kinds'])} 之一，现为 {kind!r}）/ rule {rid}: custom.kind missing or unknown"
            )
        if kind == "prohibition" and not (isinstance(act, str) and act.strip()):
            raise GovshareError(
                f"规则 {rid} 是禁止性规定，但 METADATA 未写明所禁止的行为（custom.act_zh）"
                f" / rule {rid}: a prohibition without custom.act_zh"
            )
        out[rid] = (str(kind), str(act))
    return out


def _act_found(catalog: dict[str, dict[str, Any]], dd: dict[str, Any]) -> str:
    """The one act of its item a deduction's finding found (``act_zh``), "" when the item's whole act is meant
    (a single-act item, or a finding stored before findings said their act). An act the rule's METADATA does
    not list (``custom.acts_zh``) is an error: the page never says an act the rules do not have."""
    found = str(dd.get("act_zh") or "")
    acts = _acts(catalog.get(dd["rule_id"]) or {})
    if found and found not in acts:
        raise GovshareError(
            f"规则 {dd['rule_id']} 的发现项所载行为「{found}」不是该项所列的行为（custom.acts_zh）"
            f" / rule {dd['rule_id']}: act {found!r} is not among its custom.acts_zh"
        )
    return found


def _act_order(meta: dict[str, Any], found: str) -> int:
    """An act's place in its item (the order of ``custom.acts_zh``); the item's whole act first."""
    acts = _acts(meta)
    return acts.index(found) + 1 if found in acts else 0


def _acts(meta: dict[str, Any]) -> list[str]:
    """The acts an item of several lists, in its order (``custom.acts_zh``: [{kind, act_zh}])."""
    return [str(a["act_zh"]) for a in meta.get("acts_zh") or []]


def _bonus_words(t: dict[str, Any], bonuses: list[dict[str, Any]]) -> str:
    """What the bonus is for, as the page and the tables' note say it: 「加分事项：数据共享应用场景1项，加1分」
    ("" for no bonus)."""
    if not bonuses:
        return ""
    m = t["markdown"]
    items = m["bonus_sep"].join(
        _fill(t, "markdown.bonus", m["bonus"], name=b["name_zh"], count=b["count"], points=b["points"])
        for b in bonuses
    )
    return _fill(t, "markdown.bonuses", m["bonuses"], items=items)


def _place(meta: dict[str, Any]) -> tuple[int, int]:
    """A rule's place in the Measures: (article, item); a rule not in the catalog last."""
    article, item = meta.get("article"), meta.get("item")
    return (int(article) if article is not None else 10**6, int(item) if item is not None else 0)


def _rules_in_force() -> dict[str, dict[str, Any]]:
    """The rule catalog of the policy tree in force (as ``texts`` reads the words of that tree)."""
    from evaluator.engine import build_bundle, rule_catalog

    return rule_catalog(build_bundle())


def public_summary(a: Assessment) -> dict[str, Any]:
    """The publishable summary: no record ids, no record contents, no evidence, no personal data.
    Problems are said by the rule's kind: a duty not met (its title), or a prohibited act found (the act),
    with the article and how many times each was found, each with its suggestion (the two lists align). A
    vetoed department carries the indicator system's veto rule (``veto_rule_zh``, from the scoring in Rego):
    why it ranks below departments with lower totals."""
    t = texts()
    catalog = _rules_in_force()
    kinds = rule_kinds(catalog, t)
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
            entry["rank_note_zh"] = t["not_submitted"]["note"]
            entry["problems"] = [t["not_submitted"]["problem"]]
            entry["suggestions"] = [t["not_submitted"]["suggestion"]]
            depts.append(entry)
            continue
        entry["dimensions"] = [
            {"name_zh": x["name_zh"], "weight": x["weight"], "score": x["score"]} for x in d["dimensions"]
        ]
        entry["bonus"] = d["bonus"]
        # what the bonus is for, by the indicator system's names: never the records it rests on
        entry["bonuses"] = [
            {"name_zh": b["name_zh"], "count": b["count"], "points": _number(float(b["points"]))}
            for b in d.get("bonuses") or []
            if float(b["points"]) > 0
        ]
        entry["bonus_zh"] = _bonus_words(t, entry["bonuses"])
        # the page adds up: dimension scores + bonus = total
        entry["subtotal"] = _number(sum(float(x["score"]) for x in d["dimensions"]))
        # one problem per rule and act found: a finding of an item listing several acts says the one it found
        # (``act_zh``, lib.finding.act), so the page never publishes an act the county did not find
        by_rule: dict[tuple[str, str], dict[str, Any]] = {}
        for x in d["dimensions"]:
            for dd in x["deductions"]:
                p = by_rule.setdefault(
                    (dd["rule_id"], _act_found(catalog, dd)),
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
        # a 0-point hint is not a problem to publish: only what cost points; the heaviest first, then in the
        # Measures' order (article, item), not the order of the citation's characters
        problems = sorted(
            ((rid, found, p) for (rid, found), p in by_rule.items() if p["points"] > 0),
            key=lambda x: (
                -x[2]["points"],
                *_place(catalog.get(x[0], {})),
                x[2]["citation_zh"],
                _act_order(catalog.get(x[0], {}), x[1]),
            ),
        )
        vetoing = {v["rule_id"] for v in d.get("veto_findings") or []}
        entry["problems"], entry["suggestions"] = [], []
        for rid, found, p in problems:
            if rid not in kinds:
                raise GovshareError(
                    f"扣分的规则 {rid} 不在现行规则中，无法写明其问题 / rule {rid} is not in the policies in force"
                )
            kind, act = kinds[rid]
            act = found or act
            # a duty whose title is not known (a result stored by an old release) is said without it
            key = f"kinds.{kind}" if p["title_zh"] or kind != "duty" else "untitled"
            words = t["kinds"][kind] if key != "untitled" else t["untitled"]
            said = {"title": p["title_zh"], "act": act, "citation": p["citation_zh"]}
            what = _fill(t, f"{key}.problem", words["problem"], **said)
            entry["problems"].append(
                _fill(
                    t,
                    "problem",
                    t["problem"],
                    dimension=p["dimension_zh"],
                    what=what,
                    citation=p["citation_zh"],
                    count=p["count"],
                    points=_number(p["points"]),
                    veto=t["problem_veto"] if rid in vetoing else "",
                )
            )
            entry["suggestions"].append(_fill(t, f"{key}.suggestion", words["suggestion"], **said))
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
        t["basis"].format(
            indicator=str(s["indicator"]["title"]).strip("《》"), version=s["indicator"]["version"]
        ),
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
            lines += [_fill(t, "markdown.rank_note", m["rank_note"], note=d["rank_note_zh"]), ""]
        if d.get("dimensions"):
            scores = m["score_sep"].join(
                m["score"].format(name=x["name_zh"], score=x["score"], weight=x["weight"])
                for x in d["dimensions"]
            )
            lines += [
                m["scores"].format(scores=scores, subtotal=d["subtotal"], bonus=d["bonus"], total=d["total"]),
                "",
            ]
            if d.get("bonus_zh"):
                lines += [d["bonus_zh"], ""]
        lines.append(m["problems"] if d["problems"] else m["no_problems"])
        lines += [f"- {p}" for p in d["problems"]]
        lines += ["", m["suggestions"] if d["suggestions"] else m["no_suggestions"]]
        lines += [f"- {p}" for p in d["suggestions"]]
        lines.append("")
    return "\n".join(lines)


def _row(cells: list[Any]) -> str:
    """A Markdown table row: ``| a | b |`` (an empty cell keeps its two spaces)."""
    return "| " + " | ".join(str(c) for c in cells) + " |"
