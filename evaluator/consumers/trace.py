"""Traceability: article → rules → `opa test` cases → Gherkin scenarios → fixture findings.

``govshare trace`` writes docs/trace.md (the matrix) and docs/trace.html (the reading copy for legal
staff: each scenario beside the article it tests, with pass/fail of the last `pytest features` run when
its cucumber JSON is at build/cucumber.json). Gaps (a rule without a scenario, a tag that names no rule,
a scenario whose article differs from its rule's METADATA) are listed and make ``--check`` fail.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gherkin.parser import Parser

from evaluator.consumers.coverage import rules_by_article
from evaluator.engine import build_bundle, policies_dir, rule_catalog
from evaluator.facts import titles
from evaluator.facts.statute import cite_zh, load_statute
from evaluator.settings import PROJECT_ROOT

FEATURES = PROJECT_ROOT / "features"
CUCUMBER = PROJECT_ROOT / "build" / "cucumber.json"
_RULE_TAG = re.compile(r"^@(A\d+(?:\.\d+)?)$")
_CITES = re.compile(r"(?:不?应当?认定违反)(第.+?条(?:第（.+?）项)?)$")
_TEST = re.compile(r"^(test_\w+)\s+if\b", re.M)


@dataclass
class Scenario:
    feature: str
    file: str
    line: int
    name: str
    tags: list[str]
    rule_ids: list[str]
    citations: list[str]
    steps: list[str]
    status: str = "未运行"


@dataclass
class Trace:
    articles: list[dict[str, Any]]
    rules: dict[str, dict[str, Any]]
    scenarios: list[Scenario]
    gaps: list[str] = field(default_factory=list)


def parse_features(root: Path = FEATURES) -> list[Scenario]:
    out: list[Scenario] = []
    for path in sorted(root.rglob("*.feature")):
        doc: dict[str, Any] = dict(Parser().parse(path.read_text("utf-8")))
        feat: dict[str, Any] = doc.get("feature") or {}
        for child in feat.get("children", []):
            sc = child.get("scenario")
            if not sc:
                continue
            tags = [t["name"] for t in feat.get("tags", []) + sc.get("tags", [])]
            steps = [f"{s['keyword'].strip()} {s['text']}" for s in sc.get("steps", [])]
            cites = [m.group(1) for s in sc.get("steps", []) if (m := _CITES.search(s["text"]))]
            out.append(
                Scenario(
                    feature=feat.get("name", ""),
                    file=str(path.relative_to(PROJECT_ROOT)),
                    line=sc["location"]["line"],
                    name=sc.get("name", ""),
                    tags=tags,
                    rule_ids=[m.group(1) for t in tags if (m := _RULE_TAG.match(t))],
                    citations=cites,
                    steps=steps,
                )
            )
    return out


def opa_tests(catalog: dict[str, dict[str, Any]], root: Path | None = None) -> dict[str, list[str]]:
    """Rule id → the `opa test` cases in the `_test.rego` files beside the rule."""
    root = root or policies_dir()
    out: dict[str, list[str]] = {}
    for rid, meta in catalog.items():
        folder = root / "rego" / Path(*meta["package"].split("."))
        names: list[str] = []
        if folder.is_dir():
            for f in sorted(folder.glob("*_test.rego")):
                names += _TEST.findall(f.read_text("utf-8"))
        out[rid] = names
    return out


def _results(path: Path = CUCUMBER) -> dict[tuple[str, int], str]:
    if not path.exists():
        return {}
    status: dict[tuple[str, int], str] = {}
    for feat in json.loads(path.read_text("utf-8")):
        uri = feat.get("uri", "")
        for el in feat.get("elements", []):
            steps = el.get("steps", [])
            ok = all(s.get("result", {}).get("status") == "passed" for s in steps)
            status[(Path(uri).name, int(el.get("line", 0)))] = "通过" if ok and steps else "失败"
    return status


def build_trace(fixture_findings: dict[str, list[str]] | None = None) -> Trace:
    root = policies_dir()
    statute = load_statute(root)
    catalog = rule_catalog(build_bundle(root))
    tests = opa_tests(catalog, root)
    scenarios = parse_features()
    results = _results()
    for sc in scenarios:
        sc.status = results.get((Path(sc.file).name, sc.line), "未运行")
    gaps: list[str] = []
    by_rule: dict[str, list[Scenario]] = {}
    for sc in scenarios:
        where = f"{sc.file}:{sc.line}「{sc.name}」"
        if len(sc.rule_ids) != 1:
            gaps.append(f"{where} 应有且只有一个规则标签，实为 {sc.tags}")
        for rid in sc.rule_ids:
            meta = catalog.get(rid)
            if meta is None:
                gaps.append(f"{where} 的标签 @{rid} 不是任何规则的编号")
                continue
            by_rule.setdefault(rid, []).append(sc)
            want = cite_zh(int(meta["article"]), meta.get("item"))
            for c in sc.citations:
                if c != want:
                    gaps.append(f"{where} 引用 {c}，规则 {rid} 的 METADATA 为 {want}")
    for rid in sorted(catalog):
        n = len(by_rule.get(rid, []))
        if n < 2:
            gaps.append(f"规则 {rid} 只有 {n} 个场景（至少需要认定与界限各一个）")
        if not tests.get(rid):
            gaps.append(f"规则 {rid} 没有 opa test 用例")
    arts = rules_by_article(catalog)
    rows = []
    for n in range(1, 75):
        rids = arts.get(n, [])
        if not rids:
            continue
        rows.append(
            {
                "article": n,
                "citation_zh": cite_zh(n, None),
                "text_zh": statute.article(n).text_zh,
                "rules": [
                    {
                        "id": rid,
                        "title": titles.compose(catalog[rid], dt.date.today(), root),
                        "tests": tests.get(rid, []),
                        "scenarios": by_rule.get(rid, []),
                        "fixture_departments": (fixture_findings or {}).get(rid, []),
                    }
                    for rid in rids
                ],
            }
        )
    return Trace(rows, catalog, scenarios, gaps)


def fixture_findings() -> dict[str, list[str]]:
    """Rule id → the fixture departments it finds (evaluates fixtures/county on OPA, stores nothing)."""
    from evaluator.evaluate import api

    report = api.evaluate_files([PROJECT_ROOT / "fixtures" / "county"], store=False)
    out: dict[str, set[str]] = {}
    for f in report.findings:
        out.setdefault(f.rule_id, set()).add(f.department_name)
    return {k: sorted(v) for k, v in out.items()}


def to_markdown(t: Trace) -> str:
    lines = [
        "# 追溯矩阵 / Traceability matrix",
        "",
        "<!-- 由 `govshare trace` 生成 / generated by `govshare trace` -->",
        "",
        f"规则 {len(t.rules)} 条，场景 {len(t.scenarios)} 个，缺口 {len(t.gaps)} 处。",
        "",
        "| 条文 | 规则 | opa test 用例 | 场景 | 示例县发现项 |",
        "|---|---|---|---|---|",
    ]
    for row in t.articles:
        for r in row["rules"]:
            scen = "<br>".join(f"{s.name}（{s.status}）" for s in r["scenarios"]) or "—"
            lines.append(
                f"| [{row['citation_zh']}](statute.md#a{row['article']}) | {r['id']} {r['title']} | "
                f"{len(r['tests'])} | {scen} | {'、'.join(r['fixture_departments']) or '—'} |"
            )
    lines += ["", "## 缺口 / gaps", ""] + ([f"- {g}" for g in t.gaps] or ["无 / none"])
    return "\n".join(lines) + "\n"


def to_html(t: Trace) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>规则规格说明（法制审核阅读本）</title>",
        "<style>body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;max-width:1100px;margin:2em auto;"
        "line-height:1.6}.art{background:#f6f3ea;padding:.6em 1em;border-left:4px solid #a33}.sc{margin:.6em 0 "
        "1em 1em}.ok{color:#176c2b}.bad{color:#b00020}.none{color:#777}pre{white-space:pre-wrap;margin:.2em 0}"
        "</style><h1>规则规格说明 · 法制审核阅读本</h1>",
        f"<p>规则 {len(t.rules)} 条，场景 {len(t.scenarios)} 个。状态取自最近一次 <code>pytest features</code> 运行。</p>",
    ]
    for row in t.articles:
        parts.append(f"<h2 id='a{row['article']}'>{e(row['citation_zh'])}</h2>")
        parts.append(f"<div class='art'>{e(row['text_zh']).replace(chr(10), '<br>')}</div>")
        for r in row["rules"]:
            parts.append(f"<h3>{e(r['id'])} {e(r['title'])}</h3>")
            parts.append(
                f"<p>规则测试 {len(r['tests'])} 个；示例县：{e('、'.join(r['fixture_departments']) or '—')}</p>"
            )
            for s in r["scenarios"]:
                cls = {"通过": "ok", "失败": "bad"}.get(s.status, "none")
                parts.append(
                    f"<div class='sc'><b>场景：{e(s.name)}</b> <span class='{cls}'>【{e(s.status)}】</span>"
                    f"<pre>{e(chr(10).join(s.steps))}</pre><small>{e(s.file)}:{s.line}</small></div>"
                )
    if t.gaps:
        parts.append("<h2>缺口</h2><ul>" + "".join(f"<li>{e(g)}</li>" for g in t.gaps) + "</ul>")
    return "".join(parts) + "</html>\n"
