"""Annual assessment (Art. 58-59), O&M funding (Art. 9) and project gates (Art. 61).

The arithmetic is a norm and lives in Rego (``policies/rego/assessment``); the indicator system is the
authority's data (``policies/assessment/data.yaml``). Python gathers the inputs (the findings of a stored
run, the departments to be assessed, the bonus facts and the projects from the stored snapshots), asks OPA,
stores the result with the indicator system's version and hash, and renders it. The dashboard and the CLI
call :func:`assess_period`, :func:`funding_period`, :func:`impact`. See docs/decisions/0004-scoring.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from evaluator.consumers.exports import csv_cell, csv_text, to_csv, to_xlsx
from evaluator.engine import Bundle, OpaServer, build_bundle, policies_dir, rule_catalog
from evaluator.evaluate import api
from evaluator.evaluate.runner import EvaluationError, Report
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot
from evaluator.store.db import AssessmentRow, SnapshotRow, latest_snapshots, periods, runs, save_assessment

INDICATOR_FILE = Path("assessment") / "data.yaml"


def indicator_hash(root: Path | None = None) -> str:
    """SHA-256 of the indicator system file as the authority wrote it."""
    path = (root or policies_dir()) / INDICATOR_FILE
    if not path.is_file():
        raise EvaluationError(f"找不到评价指标体系 {path} / indicator system not found")
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Assessment:
    """One period scored: per department the score, its deductions and bonuses, grade, rank, funding."""

    period: int
    run_id: str
    run_bundle_hash: str
    bundle_hash: str
    indicator_version: str
    indicator_hash: str
    roster_source: str
    result: dict[str, Any]
    run_errors: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    stored_id: int | None = None

    @property
    def departments(self) -> list[dict[str, Any]]:
        return list(self.result["departments"])

    @property
    def funding(self) -> list[dict[str, Any]]:
        return list(self.result["funding"])

    @property
    def projects(self) -> list[dict[str, Any]]:
        return list(self.result.get("projects", []))

    @property
    def errors(self) -> list[str]:
        return list(self.result["errors"])

    def department(self, code: str) -> dict[str, Any]:
        return next(d for d in self.departments if d["code"] == code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "run_id": self.run_id,
            "run_bundle_hash": self.run_bundle_hash,
            "bundle_hash": self.bundle_hash,
            "indicator_version": self.indicator_version,
            "indicator_hash": self.indicator_hash,
            "roster_source": self.roster_source,
            "run_errors": self.run_errors,
            **self.result,
        }

    def to_json(self) -> bytes:
        return orjson.dumps(self.as_dict(), option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)


# ---------------------------------------------------------------------------------------------
# Inputs gathered in Python


def _facts(snap: DepartmentSnapshot) -> dict[str, Any]:
    """Bonus facts a department's snapshot records; the indicator system names which it counts."""
    return {"application_scenarios": sorted(s.id for s in snap.application_scenarios)}


def _projects(rows: Sequence[SnapshotRow]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        snap = r.snapshot()
        assert isinstance(snap, DepartmentSnapshot)
        out += _projects_of(snap, r.ref)
    return out


def _projects_of(snap: DepartmentSnapshot, ref: str) -> list[dict[str, Any]]:
    return [
        {
            "department": snap.code,
            "department_name": snap.department.name,
            "id": p.id,
            "name": p.name,
            "stage": p.stage.value,
            "catalog_precompiled": p.catalog_precompiled,
            "catalog_completed": p.catalog_completed,
            "platform_connected": p.platform_connected,
            "pointer": f"/projects/{i}",
            "snapshot": ref,
        }
        for i, p in enumerate(snap.projects)
    ]


def score_what_if(
    period: int,
    before: Report,
    after: Report,
    changed: DepartmentSnapshot,
    *,
    server: OpaServer,
    url: str | None = None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The changed department's assessment entry (score, dimensions, grade, rank) before and after a
    what-if change of its snapshot, scored like ``assess_period`` but stored nowhere."""
    platform_row, rows = _gather(period, url)
    code = changed.code
    results = []
    for report, snap_for in ((before, None), (after, changed)):
        depts, _source, authority = _roster(period, platform_row, rows, report.errors, url, report.findings)
        if snap_for is not None:
            for d in depts:
                if d["code"] == code and d.get("submitted"):
                    d["facts"] = _facts(snap_for)
        projects = [p for p in _projects(rows) if p["department"] != code or snap_for is None]
        if snap_for is not None:
            projects += _projects_of(snap_for, "what-if")
        a = score(period, report, depts, projects, bundle=server.bundle, server=server, authority=authority)
        results.append(next((d for d in a.departments if d["code"] == code), None))
    return results[0], results[1]


def _roster(
    period: int,
    platform_row: SnapshotRow | None,
    rows: Sequence[SnapshotRow],
    run_errors: Sequence[dict[str, Any]],
    url: str | None,
    findings: Sequence[dict[str, Any]] = (),
) -> tuple[list[dict[str, Any]], str, str]:
    """The departments to be assessed: the authority's roster in the platform snapshot; without one,
    every department with a snapshot in this or an earlier period (a department that reported before
    and is silent now is 未报送, never scored)."""
    names: dict[str, str] = {}
    source = "平台快照部门名录 / roster in the platform snapshot"
    platform = platform_row.snapshot() if platform_row else None
    if isinstance(platform, PlatformSnapshot) and platform.departments:
        names = {e.code: e.name for e in platform.departments}
    else:
        source = "本年度及以前年度报送过快照的部门 / departments that reported in this or earlier periods"
        for p in periods(url):
            if p > period:
                continue
            _, earlier = latest_snapshots(p, None, url)
            for r in earlier:
                names.setdefault(r.dept, r.name)
    authority = platform.authority if isinstance(platform, PlatformSnapshot) else ""
    for f in findings:
        # a department a finding names (from the county registers) is assessed, if only as 未报送
        if f["department"] != authority:
            names.setdefault(f["department"], f.get("department_name") or f["department"])
    by_code = {r.dept: r for r in rows}
    for code, r in by_code.items():
        names[code] = r.name  # a department that reported is assessed even if the roster forgot it
    common = sum(1 for e in run_errors if not e.get("dept"))
    depts = []
    for code in sorted(names):
        row = by_code.get(code)
        if row is None:
            depts.append({"code": code, "name": names[code], "submitted": False})
            continue
        snap = row.snapshot()
        assert isinstance(snap, DepartmentSnapshot)
        errors = common + sum(1 for e in run_errors if e.get("dept") == code)
        depts.append(
            {"code": code, "name": names[code], "submitted": True, "errors": errors, "facts": _facts(snap)}
        )
    return depts, source, authority


def _snapshot_key(refs: Sequence[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(r["kind"], r["dept"], r["sha256"]) for r in refs}


def _stored_report(
    period: int, rows: Sequence[SnapshotRow], platform_row: SnapshotRow | None, url: str | None
) -> Report | None:
    """The newest stored whole-county run of the period over exactly the latest stored snapshots."""
    want = {("department", r.dept, r.sha256) for r in rows}
    if platform_row is not None:
        want.add(("platform", "", platform_row.sha256))
    for run in runs(period, url, scope="county"):
        if _snapshot_key(run.snapshots) != want:
            continue
        doc = orjson.loads(run.report)
        return Report(
            run=doc["run"], findings=doc["findings"], errors=doc["errors"], out_of_scope=doc["out_of_scope"]
        )
    return None


# ---------------------------------------------------------------------------------------------
# Scoring on OPA


def score(
    period: int,
    report: Report,
    departments: Sequence[dict[str, Any]],
    projects: Sequence[dict[str, Any]],
    *,
    bundle: Bundle,
    server: OpaServer | None = None,
    roster_source: str = "",
    authority: str = "",
) -> Assessment:
    """Score a report's findings under the indicator system in ``bundle`` (no snapshot is re-evaluated)."""
    catalog = rule_catalog(bundle)
    doc = {
        "period": period,
        "authority": authority,
        "departments": list(departments),
        "findings": report.findings,
        "projects": list(projects),
        "rules": sorted(catalog),
    }
    own = server is None
    srv = server or OpaServer(bundle)
    try:
        result = srv.query("data.assessment.result", doc)
        gates = srv.query("data.assessment.projects.gates", doc)
        gate_errors = srv.query("data.assessment.projects.errors", doc)
    finally:
        if own:
            srv.stop()
    if gate_errors:
        raise EvaluationError("；".join(sorted(gate_errors)))
    result = dict(result)
    result["projects"] = gates
    return Assessment(
        period=period,
        run_id=report.run["id"],
        run_bundle_hash=report.run["bundle_hash"],
        bundle_hash=bundle.revision,
        indicator_version=result["indicator"]["version"],
        indicator_hash=indicator_hash(bundle.root),
        roster_source=roster_source,
        result=result,
        run_errors=report.errors,
        findings=report.findings,
    )


def _gather(period: int, url: str | None) -> tuple[SnapshotRow | None, list[SnapshotRow]]:
    platform_row, rows = latest_snapshots(period, None, url)
    if not rows:
        raise EvaluationError(f"{period} 年度没有部门快照 / no department snapshots for {period}")
    return platform_row, rows


def _evaluate(period: int, server: OpaServer, url: str | None) -> Report:
    """Evaluate the latest stored snapshots (with the active Art. 68 waivers) on ``server``'s bundle:
    the one evaluation path of :func:`evaluator.evaluate.api.evaluate_stored`, not stored here."""
    return api.evaluate_stored(period, url=url, server=server, store=False)


def assess_period(
    period: int,
    *,
    url: str | None = None,
    policies: Path | None = None,
    reevaluate: bool = False,
    store: bool = True,
    server: OpaServer | None = None,
) -> Assessment:
    """Score a period: the stored findings of the newest whole-county run over the latest snapshots (a
    new run is evaluated and stored when there is none, or with ``reevaluate``), under the indicator
    system in ``policies`` (default the project's). The result is stored with the indicator's hash."""
    bundle = server.bundle if server else build_bundle(root=policies)
    platform_row, rows = _gather(period, url)
    report = None if reevaluate else _stored_report(period, rows, platform_row, url)
    own = server is None
    srv = server or OpaServer(bundle)
    try:
        if report is None:
            report = _evaluate(period, srv, url)
            if store:
                api.store_report(report, url, scope="county")
        depts, source, authority = _roster(period, platform_row, rows, report.errors, url, report.findings)
        a = score(
            period,
            report,
            depts,
            _projects(rows),
            bundle=bundle,
            server=srv,
            roster_source=source,
            authority=authority,
        )
    finally:
        if own:
            srv.stop()
    if store:
        a.stored_id = save_assessment(
            AssessmentRow(
                run_id=a.run_id,
                period=period,
                created_at=dt.datetime.now(dt.UTC),
                indicator_version=a.indicator_version,
                indicator_hash=a.indicator_hash,
                bundle_hash=a.bundle_hash,
                result=a.to_json(),
            ),
            url,
        )
    return a


def funding_period(period: int, **kwargs: Any) -> Assessment:
    """The funding decisions (Art. 9) and project gates (Art. 61) of a period: the same scoring as
    :func:`assess_period`, read for its ``funding`` and ``projects`` parts."""
    return assess_period(period, **kwargs)


# ---------------------------------------------------------------------------------------------
# Impact of a draft policy set


def _finding_key(f: dict[str, Any]) -> tuple[str, str, str]:
    return (f["rule_id"], f["subject"], f["evidence"][0]["pointer"] if f.get("evidence") else "")


def impact(period: int, draft: Path, *, url: str | None = None) -> dict[str, Any]:
    """Evaluate the stored snapshots under a draft policies directory (rules and/or indicator system)
    and compare, department by department, with the current policies. Nothing is stored."""
    current = assess_period(period, url=url, store=False)
    bundle = build_bundle(root=draft)
    platform_row, rows = _gather(period, url)
    srv = OpaServer(bundle)
    try:
        report = _evaluate(period, srv, url)
        depts, source, authority = _roster(period, platform_row, rows, report.errors, url, report.findings)
        proposed = score(
            period,
            report,
            depts,
            _projects(rows),
            bundle=bundle,
            server=srv,
            roster_source=source,
            authority=authority,
        )
    finally:
        srv.stop()
    before = {d["code"]: d for d in current.departments}
    after = {d["code"]: d for d in proposed.departments}
    fund_before = {f["code"]: f for f in current.funding}
    fund_after = {f["code"]: f for f in proposed.funding}
    changes = []
    for code in sorted(set(before) | set(after)):
        b, a = before.get(code, {}), after.get(code, {})
        fb = {_finding_key(f): f for f in current.findings if f["department"] == code}
        fa = {_finding_key(f): f for f in proposed.findings if f["department"] == code}
        added = [_brief(fa[k]) for k in sorted(set(fa) - set(fb))]
        removed = [_brief(fb[k]) for k in sorted(set(fb) - set(fa))]
        row = {
            "code": code,
            "name": a.get("name") or b.get("name", code),
            "findings_added": added,
            "findings_removed": removed,
            "total_before": b.get("total"),
            "total_after": a.get("total"),
            "grade_before": b.get("grade"),
            "grade_after": a.get("grade"),
            "rank_before": b.get("rank"),
            "rank_after": a.get("rank"),
            "funding_before": fund_before.get(code, {}).get("decision"),
            "funding_after": fund_after.get(code, {}).get("decision"),
        }
        row["changed"] = bool(
            added
            or removed
            or row["total_before"] != row["total_after"]
            or row["grade_before"] != row["grade_after"]
            or row["rank_before"] != row["rank_after"]
            or row["funding_before"] != row["funding_after"]
        )
        if row["total_before"] is not None and row["total_after"] is not None:
            row["delta"] = row["total_after"] - row["total_before"]
        else:
            row["delta"] = None
        changes.append(row)
    return {
        "period": period,
        "current": {
            "bundle_hash": current.bundle_hash,
            "indicator_version": current.indicator_version,
            "indicator_hash": current.indicator_hash,
            "run_id": current.run_id,
        },
        "draft": {
            "policies": str(draft),
            "bundle_hash": proposed.bundle_hash,
            "indicator_version": proposed.indicator_version,
            "indicator_hash": proposed.indicator_hash,
            "evaluation_errors": len(report.errors),
        },
        "errors": proposed.errors,
        "departments": changes,
    }


def _brief(f: dict[str, Any]) -> dict[str, Any]:
    return {
        "rule_id": f["rule_id"],
        "citation_zh": f.get("citation_zh", ""),
        "subject": f["subject"],
        "severity": f["severity"],
        "message_zh": f.get("message_zh", ""),
    }


# ---------------------------------------------------------------------------------------------
# Publication (Art. 58): scores, grades, problems in plain words, what to improve; no internal evidence


def public_summary(a: Assessment) -> dict[str, Any]:
    """The publishable summary: no record ids, no record contents, no evidence, no personal data.
    Problems are the rules' duties (titles) with the article and how many times each was found."""
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
        entry["subtotal"] = round(sum(float(x["score"]) for x in d["dimensions"]), 2)
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
            (p for p in by_rule.values() if p["points"] > 0), key=lambda p: (-p["points"], p["citation_zh"])
        )
        entry["problems"] = [
            f"{p['dimension_zh']}：{p['title_zh'] or '未达要求'}（{p['citation_zh']}）{p['count']} 项，扣 {p['points']} 分"
            for p in problems
        ]
        entry["suggestions"] = [f"对照《实施办法》{p['citation_zh']}整改：{p['title_zh']}" for p in problems]
        if d.get("veto"):
            entry["problems"].insert(0, d.get("veto_reason_zh") or "一票否决")
        depts.append(entry)
    return {
        "title": f"{a.period} 年度各政务部门政务数据管理情况评估结果",
        "indicator": {"title": a.result["indicator"]["title"], "version": a.indicator_version},
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
    ]
    lines += ["| 名次 | 部门 | 分项得分合计 | 加分 | 总分 | 等次 |", "|---|---|---|---|---|---|"]
    for d in s["departments"]:
        rank = d["rank"] if d["rank"] is not None else "—"
        total = d["total"] if d["total"] is not None else "—"
        sub, bonus = d.get("subtotal", "—"), d.get("bonus", "—")
        lines.append(f"| {rank} | {d['name']} | {sub} | {bonus} | {total} | {d['grade'] or d['status']} |")
    lines.append("")
    for d in s["departments"]:
        lines += [f"## {d['name']}", ""]
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
                d["grade"] or d["status"],
                d.get("rank_note_zh", ""),
            ]
        )
        for i, p in enumerate(d["problems"]):
            problems.append([d["name"], p, d["suggestions"][i] if i < len(d["suggestions"]) else ""])
    return {"评估结果": results, "存在问题": problems}


# ---------------------------------------------------------------------------------------------
# Tables for budget officers: CSV and XLSX (cells starting with = + - @ neutralised)


safe_cell = csv_cell  # a CSV cell: numbers stay numbers, a formula-like text gets an apostrophe


def _evidence(d: dict[str, Any]) -> str:
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
        + [f"{x['name_zh']}（{x['weight']}）" for x in dims]
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
                        _evidence(dd),
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
                    _evidence(x),
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


# to_csv / to_xlsx: evaluator/consumers/exports.py (one format for every export)


# ---------------------------------------------------------------------------------------------
# Commands: govshare assess | funding | impact (registered by evaluator/cli.py)


def register_commands(app: Any) -> None:  # noqa: C901 - three small commands and their renderers
    """Add ``assess``, ``funding`` and ``impact`` to the Typer app (called at the end of cli.py)."""
    import sys

    from rich.table import Table

    from evaluator.cli.console import styled
    from evaluator.cli.main import _fail, _guard, err, out

    def _period(period: int | None) -> int:
        p = period if period is not None else api.latest_period()
        if p is None:
            raise _fail("数据库中没有快照，请先 govshare import / no snapshots stored: import first")
        return p

    def _audit_export(
        fmt: str, tables: list[str], json_bytes: bytes, written: list[tuple[str, bytes]]
    ) -> None:
        """Every export is in the audit log: what, in which format, where, and the hashes involved."""
        import hashlib

        from evaluator.store import audit

        audit.append(
            "export",
            {
                "command": sys.argv[1] if len(sys.argv) > 1 else "",
                "format": fmt,
                "tables": tables,
                "source_sha256": hashlib.sha256(json_bytes).hexdigest(),
                "files": [
                    {"path": where, "sha256": hashlib.sha256(data).hexdigest()} for where, data in written
                ],
            },
        )

    def _emit(fmt: str, sheets: dict[str, list[list[Any]]], output: Path | None, json_bytes: bytes) -> None:
        if fmt == "json":
            text = json_bytes.decode() + "\n"
        elif fmt == "csv":
            if output is not None and len(sheets) > 1:
                written = []
                for title, rows in sheets.items():
                    target = output.with_name(f"{output.stem}-{title}{output.suffix}")
                    target.write_text(to_csv(rows), "utf-8-sig")
                    written.append((str(target), target.read_bytes()))
                    out.print(f"已写入 / written: {target}", highlight=False)
                _audit_export(fmt, list(sheets), json_bytes, written)
                return
            first = next(iter(sheets))
            text = csv_text(sheets[first])
            if len(sheets) > 1:
                err.print(
                    f"标准输出只含“{first}”表；其余表请用 --output FILE（每表一个文件）或 xlsx / "
                    "stdout carries the first table only: use --output or xlsx for all",
                    highlight=False,
                )
        elif fmt == "xlsx":
            if output is None:
                raise _fail("xlsx 格式须指定 --output 文件 / --output is required for xlsx")
            to_xlsx(sheets, output)
            _audit_export(fmt, list(sheets), json_bytes, [(str(output), output.read_bytes())])
            out.print(f"已写入 / written: {output}", highlight=False)
            return
        else:
            raise _fail(f"未知格式 {fmt}（table|json|csv|xlsx）/ unknown format")
        tables = list(sheets) if fmt == "csv" else []
        if output is None:
            sys.stdout.write(text)
            _audit_export(fmt, tables, json_bytes, [("stdout", text.encode())])
        else:
            output.write_text(text, "utf-8")  # a CSV's text carries its BOM (csv_text)
            _audit_export(fmt, tables, json_bytes, [(str(output), output.read_bytes())])
            out.print(f"已写入 / written: {output}", highlight=False)

    def _warn(a: Assessment) -> None:
        for e in a.errors:
            err.print(styled("red", "计分错误 / scoring error", f" {e}"), highlight=False)
        if a.run_errors:
            err.print(
                styled(
                    "bold red",
                    f"评价运行有 {len(a.run_errors)} 处错误（缺少事实等），相关部门标为评价未完成、经费暂缓 / "
                    f"the run has {len(a.run_errors)} error(s): affected departments are incomplete",
                )
            )

    def _header(a: Assessment) -> None:
        out.print(
            f"{a.period} 年度 · 指标体系 {a.indicator_version}（{a.result['indicator']['effective']} 起施行，"
            f"哈希 {a.indicator_hash[:12]}）· 运行 run {a.run_id} · 名单 {a.roster_source}",
            highlight=False,
        )

    def _assess_table(a: Assessment) -> None:
        _header(a)
        dims = a.result["indicator"]["dimensions"]
        t = Table(title=f"{a.period} 年度政务数据管理工作评价 / annual assessment")
        for col in [
            "名次",
            "部门",
            "总分",
            *[f"{x['name_zh']}/{x['weight']}" for x in dims],
            "加分",
            "否决",
            "等次",
        ]:
            t.add_column(col, overflow="fold")
        for d in a.departments:
            by_dim = {x["key"]: x["score"] for x in d.get("dimensions", [])}
            t.add_row(
                str(d["rank"]) if d.get("rank") is not None else "—",
                d["name"] + ("" if d.get("complete", True) or d["status"] == "未报送" else "（评价未完成）"),
                str(d["total"]) if d.get("total") is not None else d["status"],
                *[str(by_dim.get(x["key"], "—")) for x in dims],
                str(d.get("bonus", "—")),
                "是" if d.get("veto") else "",
                d.get("grade") or d["status"],
            )
        out.print(t)
        for u in a.result.get("unassessed", []):
            out.print(
                f"不计入部门评价 / not assessed: {u['rule_id']} {u['subject']}（{u['reason_zh']}）",
                highlight=False,
            )
        for d in a.departments:
            if d.get("rank_note_zh") and d["status"] != "未报送":
                out.print(f"{d['name']}：{d['rank_note_zh']}", highlight=False)
        for d in a.departments:
            rows = [(x, dd) for x in d.get("dimensions", []) for dd in x["deductions"]]
            extra = [b for b in d.get("bonuses", []) if b["points"]]
            if not rows and not extra and not d.get("veto"):
                continue
            t = Table(
                title=f"{d['name']}：{d.get('total', '—')} = {d.get('base')} − {d.get('deducted')} + {d.get('bonus')}"
            )
            for col in ("维度", "规则", "条款", "对象", "应扣", "实扣", "说明", "证据"):
                t.add_column(col, overflow="fold")
            for x, dd in rows:
                note = dd["message_zh"] + (f"（{dd['note_zh']}）" if dd["note_zh"] else "")
                t.add_row(
                    x["name_zh"],
                    dd["rule_id"],
                    dd["citation_zh"],
                    dd["subject"],
                    str(dd["points"]),
                    str(-dd["applied"]),
                    note,
                    _evidence(dd),
                )
            for b in extra:
                t.add_row(
                    "加分",
                    b["id"],
                    "",
                    "、".join(b["basis"]),
                    "",
                    f"+{b['points']}",
                    f"{b['name_zh']} {b['count']} 个（封顶 {b['max']}）",
                    "",
                )
            out.print(t)
            if d.get("veto"):
                vs = "、".join(f"{v['rule_id']} {v['subject']}" for v in d["veto_findings"])
                out.print(
                    f"  一票否决 / veto：{d['veto_reason_zh']}（{vs}），等次定为 {d['grade']}",
                    highlight=False,
                )

    def _trend(items: list[Assessment], fmt: str, output: Path | None) -> None:
        names: dict[str, str] = {}
        cells: dict[tuple[str, int], dict[str, Any]] = {}
        for a in items:
            for d in a.departments:
                names.setdefault(d["code"], d["name"])
                cells[(d["code"], a.period)] = d
        header = ["部门代码 code", "部门 department"]
        for a in items:
            header += [f"{a.period} 总分", f"{a.period} 等次", f"{a.period} 名次"]
        rows: list[list[Any]] = [header]
        for code in sorted(names, key=lambda c: names[c]):
            row: list[Any] = [code, names[code]]
            for it in items:
                c = cells.get((code, it.period))
                if c is None:
                    row += [None, "未列入", None]
                else:
                    row += [c.get("total"), c.get("grade") or c["status"], c.get("rank")]
            rows.append(row)
        if fmt == "table":
            t = Table(title="历年评价对比 / trend")
            for col in header[1:]:
                t.add_column(col)
            for r in rows[1:]:
                t.add_row(*["—" if x is None else str(x) for x in r[1:]])
            out.print(t)
            return
        _emit(
            fmt,
            {"历年对比": rows},
            output,
            orjson.dumps([x.as_dict() for x in items], option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2),
        )

    @app.command("assess")
    def assess_cmd(
        period: Annotated[
            int | None, typer.Option(help="评价年度（默认最新）/ period, default the latest")
        ] = None,
        periods_: Annotated[
            str | None,
            typer.Option("--periods", help="多个年度对比，如 2024,2025 / several periods side by side"),
        ] = None,
        fmt: Annotated[str, typer.Option("--format", help="table|json|csv|xlsx")] = "table",
        output: Annotated[Path | None, typer.Option(help="写入文件 / write to this file")] = None,
        public: Annotated[
            bool, typer.Option("--public", help="生成可向社会公布的摘要（不含内部证据）/ publishable summary")
        ] = False,
        reevaluate: Annotated[
            bool,
            typer.Option(help="按现行规则重新评价快照 / re-evaluate the snapshots under the current rules"),
        ] = False,
        draft: Annotated[
            bool,
            typer.Option("--draft", help="示例指标体系下的摘要草稿（标明不得公布）/ a marked draft"),
        ] = False,
    ) -> None:
        """年度评价：各部门总分、分项、等次、名次、一票否决，每一扣分对应发现项（第五十八、五十九条）/ annual assessment."""
        if periods_:
            try:
                ps = [int(x) for x in periods_.split(",") if x.strip()]
            except ValueError as e:
                raise _fail("--periods 应为逗号分隔的年度，如 2024,2025 / comma-separated years") from e
            items = [_guard(lambda p=p: assess_period(p, reevaluate=reevaluate)) for p in ps]
            _trend(items, fmt, output)
            for it in items:
                _warn(it)
            raise typer.Exit(2 if any(it.errors or it.run_errors for it in items) else 0)
        a: Assessment = _guard(lambda: assess_period(_period(period), reevaluate=reevaluate))
        if public:
            refusal = placeholder_refusal(a)
            if refusal and not draft:
                raise _fail(refusal)
            if fmt in ("csv", "xlsx"):
                # real tables: an XLSX workbook, CSV files (one a table with --output); a draft says so
                tables = public_tables(a)
                if refusal:
                    tables = {k: [*v[:1], [DRAFT_MARK], *v[1:]] for k, v in tables.items()}
                _emit(fmt, tables, output, a.to_json())
                _warn(a)
                raise typer.Exit(2 if a.errors or a.run_errors else 0)
            if fmt == "json":
                summary = public_summary(a)
                if refusal:
                    summary["draft_zh"] = DRAFT_MARK
                data = orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode() + "\n"
            else:
                data = (f"> {DRAFT_MARK}\n\n" if refusal else "") + public_markdown(a)
            if output:
                output.write_text(data, "utf-8")
                out.print(f"已写入可公布摘要 / public summary written: {output}", highlight=False)
            else:
                sys.stdout.write(data)
            _audit_export(
                f"public-{fmt}", [], a.to_json(), [(str(output) if output else "stdout", data.encode())]
            )
        elif fmt == "table":
            _assess_table(a)
        else:
            _emit(fmt, assessment_tables(a), output, a.to_json())
        _warn(a)
        raise typer.Exit(2 if a.errors or a.run_errors else 0)

    @app.command("funding")
    def funding_cmd(
        period: Annotated[
            int | None, typer.Option(help="评价年度（默认最新）/ period, default the latest")
        ] = None,
        fmt: Annotated[str, typer.Option("--format", help="table|json|csv|xlsx")] = "table",
        output: Annotated[Path | None, typer.Option(help="写入文件 / write to this file")] = None,
    ) -> None:
        """运行维护经费安排（第九条）与信息化项目审批、验收关口（第六十一条）/ funding and project gates."""
        a: Assessment = _guard(lambda: funding_period(_period(period)))
        if fmt != "table":
            doc = {k: v for k, v in a.as_dict().items() if k not in ("departments",)}
            _emit(
                fmt,
                funding_tables(a),
                output,
                orjson.dumps(doc, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2),
            )
        else:
            _header(a)
            t = Table(title=f"{a.period} 年度运行维护经费安排 / O&M funding (Art. 9)")
            for col in ("部门", "决定", "理由", "须整改的发现项 / to put right"):
                t.add_column(col, overflow="fold")
            for f in a.funding:
                fixes = [
                    f"{x['rule_id']} {x['subject']}：{x['remedy_zh']}（{_evidence(x)}）"
                    for x in f["findings"]
                ]
                fixes += [f"{v['rule_id']} {v['subject']}：一票否决" for v in f["veto_findings"]]
                t.add_row(
                    f["name"],
                    f["decision"],
                    "；".join(r["reason_zh"] for r in f["reasons"]) or "—",
                    "\n".join(fixes) or "—",
                )
            out.print(t)
            t = Table(title="政务信息化项目关口 / project gates (Art. 61)")
            for col in ("部门", "项目", "阶段", "立项审批", "竣工验收", "理由"):
                t.add_column(col, overflow="fold")
            for p in a.projects:
                g = {x["gate"]: x for x in p["gates"]}
                reasons = [r for x in p["gates"] for r in x["reasons"]]
                t.add_row(
                    p["department_name"],
                    f"{p['project']} {p['name']}",
                    p["stage"],
                    g["approval"]["status"],
                    g["acceptance"]["status"],
                    "；".join(reasons) or "—",
                )
            out.print(t)
        _warn(a)
        raise typer.Exit(2 if a.errors or a.run_errors else 0)

    @app.command("impact")
    def impact_cmd(
        policies: Annotated[
            Path,
            typer.Option(
                "--policies", help="草案策略目录（规则和/或评价指标体系）/ draft policies directory"
            ),
        ],
        period: Annotated[
            int | None, typer.Option(help="评价年度（默认最新）/ period, default the latest")
        ] = None,
        fmt: Annotated[str, typer.Option("--format", help="table|json")] = "table",
        show_all: Annotated[
            bool, typer.Option("--all", help="也列出没有变化的部门 / list unchanged too")
        ] = False,
    ) -> None:
        """试算草案规则或评价办法的影响：各部门发现项增减、得分、等次、经费决定 / impact of a draft."""
        if not policies.is_dir():
            raise _fail(f"{policies} 不是目录 / not a directory")
        res: dict[str, Any] = _guard(lambda: impact(_period(period), policies))
        if fmt == "json":
            sys.stdout.write(
                orjson.dumps(res, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2).decode() + "\n"
            )
        else:
            cur, dr = res["current"], res["draft"]
            out.print(
                f"现行 current：指标体系 {cur['indicator_version']}（{cur['indicator_hash'][:12]}）· "
                f"草案 draft：{dr['policies']} 指标体系 {dr['indicator_version']}（{dr['indicator_hash'][:12]}）",
                highlight=False,
            )
            t = Table(title=f"{res['period']} 年度草案影响 / impact of the draft")
            for col in ("部门", "新增发现项", "消失发现项", "总分", "等次", "名次", "经费"):
                t.add_column(col, overflow="fold")

            def arrow(a: Any, b: Any) -> str:
                a, b = "—" if a is None else a, "—" if b is None else b
                return str(a) if a == b else f"{a} → {b}"

            rows = [d for d in res["departments"] if show_all or d["changed"]]
            for d in rows:
                t.add_row(
                    d["name"],
                    "\n".join(f"+ {x['rule_id']} {x['subject']}" for x in d["findings_added"]) or "—",
                    "\n".join(f"− {x['rule_id']} {x['subject']}" for x in d["findings_removed"]) or "—",
                    arrow(d["total_before"], d["total_after"]),
                    arrow(d["grade_before"], d["grade_after"]),
                    arrow(d["rank_before"], d["rank_after"]),
                    arrow(d["funding_before"], d["funding_after"]),
                )
            out.print(t)
            if not rows:
                out.print("草案不改变任何部门的结果 / the draft changes nothing", highlight=False)
        for e in res["errors"]:
            err.print(styled("red", "草案计分错误 / draft scoring error", f" {e}"), highlight=False)
        raise typer.Exit(2 if res["errors"] else 0)
