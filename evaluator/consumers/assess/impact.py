"""Impact of a draft policy set: the stored snapshots evaluated and scored under the draft, compared
department by department with the policies in force. Nothing is stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evaluator.consumers.assess.roster import gather
from evaluator.consumers.assess.scoring import assess_period, evaluate_latest, score_stored
from evaluator.engine import OpaServer, build_bundle
from evaluator.model.results import Finding


def impact(period: int, draft: Path, *, url: str | None = None) -> dict[str, Any]:
    """Evaluate the stored snapshots under a draft policies directory (rules and/or indicator system)
    and compare, department by department, with the current policies. Nothing is stored."""
    current = assess_period(period, url=url, store=False)
    bundle = build_bundle(root=draft)
    platform_row, rows = gather(period, url)
    srv = OpaServer(bundle)
    try:
        report = evaluate_latest(period, srv, url)
        proposed = score_stored(period, report, platform_row, rows, bundle=bundle, server=srv, url=url)
    finally:
        srv.stop()
    before = {d["code"]: d for d in current.departments}
    after = {d["code"]: d for d in proposed.departments}
    fund_before = {f["code"]: f for f in current.funding}
    fund_after = {f["code"]: f for f in proposed.funding}
    changes = []
    for code in sorted(set(before) | set(after)):
        b, a = before.get(code, {}), after.get(code, {})
        fb = {f.key: f for f in current.findings if f.department == code}
        fa = {f.key: f for f in proposed.findings if f.department == code}
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


def _brief(f: Finding) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "citation_zh": f.citation_zh,
        "subject": f.subject,
        "severity": f.severity,
        "message_zh": f.message_zh,
    }
