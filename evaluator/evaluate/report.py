"""The report of an evaluation: OPA's merged answer checked against the rule catalog (every rule package
evaluated, every finding's rule known) and each finding enriched with its rule's metadata, the statute's
text, the department's name and the snapshot its evidence is in."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from evaluator.engine import Bundle, opa_version
from evaluator.errors import GovshareError
from evaluator.facts.statute import cite_zh, load_statute
from evaluator.facts.titles import compose
from evaluator.model.enums import OrgKind
from evaluator.model.results import Finding, Report

__all__ = [
    "DIMENSION_ZH",
    "SEVERITY_ZH",
    "EvaluationError",
    "Finding",
    "Report",
    "SnapshotRef",
    "report",
    "titled",
]

SEVERITY_ZH = {"critical": "严重", "major": "较重", "minor": "一般", "warning": "提示"}
DIMENSION_ZH = {
    "catalog": "目录",
    "aggregation": "汇聚",
    "sharing": "共享",
    "opening": "开放",
    "application": "应用",
    "security": "安全",
}


class EvaluationError(GovshareError):
    """The evaluation could not decide: errors from OPA, missing facts, or a broken rule set."""

    def __init__(self, message: str, errors: Sequence[dict[str, Any]] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


@dataclass(frozen=True)
class SnapshotRef:
    """Which snapshot a finding's evidence is in: stored version or a file given directly."""

    kind: str
    dept: str
    period: int
    ref: str
    sha256: str
    version: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "dept": self.dept,
            "period": self.period,
            "ref": self.ref,
            "sha256": self.sha256,
            "version": self.version,
        }


def report(
    period: int,
    raw: dict[str, Any],
    kinds: dict[str, str],
    names: dict[str, str],
    refs: Sequence[SnapshotRef],
    catalog: dict[str, dict[str, Any]],
    bundle: Bundle,
    started: dt.datetime,
) -> Report:
    errors: list[dict[str, Any]] = list(raw["errors"])
    expected = {meta["package"] for meta in catalog.values()}
    evaluated = set(raw["rule_packages"])
    for pkg in sorted(expected - evaluated):
        errors.append(_engine_error(f"规则包 {pkg} 未被评价 / rule package {pkg} was not evaluated"))
    for pkg in sorted(evaluated - expected):
        errors.append(
            _engine_error(f"规则包 {pkg} 缺少带编号的 METADATA / rule package {pkg} has no rule id")
        )

    ref_by = {(r.kind, r.dept): r for r in refs}
    statute = load_statute()
    findings: list[Finding] = []
    metas: dict[str, dict[str, Any]] = {}  # a rule's title composed once a report, not once a finding
    keys: dict[str, dict[str, Any]] = {}
    for f in raw["findings"]:
        meta = catalog.get(f.get("rule_id", ""))
        problem = _identity_problem(f, meta, keys)
        if problem:
            errors.append(
                _engine_error(problem, f.get("rule_id", ""), f.get("dept", ""), f.get("pointer", ""))
            )
            continue
        assert meta is not None
        keys[f["key"]] = f
        if f["rule_id"] not in metas:
            metas[f["rule_id"]] = titled(meta, period, bundle)
        findings.append(_enrich(f, metas[f["rule_id"]], period, names, kinds, ref_by, statute))
    findings.sort(key=lambda x: (x.department, x.rule_id, x.subject, x.evidence[0].pointer))
    errors.sort(key=lambda e: (e.get("dept", ""), e.get("rule_id", ""), e.get("pointer", "")))
    out_of_scope = sorted(raw["out_of_scope"], key=lambda x: (x["dept"], x["subject"]))
    run = {
        "id": str(uuid.uuid4()),
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "period": period,
        "opa_version": opa_version(),
        "bundle_hash": bundle.revision,
        # which policy set ran: the authority's signature (key id) or signed: false (working policies)
        "policy_signature": bundle.signature_record(),
        "rules": sorted(catalog),
        "snapshots": [r.as_dict() for r in sorted(refs, key=lambda r: (r.kind, r.dept))],
        "status": "error" if errors else "ok",
        "findings_count": len(findings),
    }
    return Report(run=run, findings=findings, errors=errors, out_of_scope=out_of_scope)


def _engine_error(message: str, rule_id: str = "", dept: str = "", pointer: str = "") -> dict[str, Any]:
    return {"rule_id": rule_id, "dept": dept, "source": "engine", "pointer": pointer, "message_zh": message}


def _identity_problem(f: dict[str, Any], meta: dict[str, Any] | None, keys: dict[str, dict[str, Any]]) -> str:
    """Why OPA's finding ``f`` cannot stand as one finding: an unknown rule, no key (lib.finding.keyed), or
    the key of another finding (then one waiver would cover two findings). "" when it can."""
    if meta is None:
        return "发现项的规则编号不在规则目录中 / finding names an unknown rule"
    key = f.get("key")
    if not isinstance(key, str) or not key:
        return "发现项缺少标识 key（lib.finding.keyed）/ finding has no key"
    other = keys.get(key)
    if other is not None and other != f:
        return f"两个发现项的标识相同：{key}（规则须以 lib.finding.aspect 区分）/ two findings share one key"
    return ""


def titled(meta: dict[str, Any], period: int, bundle: Bundle) -> dict[str, Any]:
    """The rule's metadata with its title composed with the parameters in force on the period's last day
    (evaluator.facts.titles): a title never quotes a number that a dated change has replaced."""
    if not meta.get("title_params"):
        return meta
    return {**meta, "title": compose(meta, dt.date(period, 12, 31), bundle.root)}


def _enrich(
    f: dict[str, Any],
    meta: dict[str, Any],
    period: int,
    names: dict[str, str],
    kinds: dict[str, str],
    ref_by: dict[tuple[str, str], SnapshotRef],
    statute: Any,
) -> Finding:
    article = int(meta["article"])
    item = meta.get("item")
    item = int(item) if item is not None else None
    art = statute.article(article)
    text = art.items.get(item, art.text_zh) if item is not None else art.text_zh
    dept = f["dept"]
    # the evidence may be in another department's snapshot than the one found (lib.finding.fail_against)
    evidence_dept = f.get("evidence_dept", dept)
    source_ref = ref_by.get(("platform", "") if f["source"] == "platform" else ("department", evidence_dept))
    severity = f.get("severity") or meta.get("severity", "minor")
    return Finding.model_validate(
        {
            "rule_id": f["rule_id"],
            # the finding's one identity (lib.finding.keyed): what a waiver, a notice and the dashboard refer to
            "key": f["key"],
            "variant": f["variant"],
            "article": article,
            "item": item,
            "citation_zh": cite_zh(article, item),
            "article_text_zh": text,
            "title_zh": meta.get("title", ""),
            "severity": severity,
            "severity_zh": SEVERITY_ZH.get(severity, severity),
            "dimension": meta.get("dimension", ""),
            "dimension_zh": DIMENSION_ZH.get(meta.get("dimension", ""), ""),
            # a rule may override these for one finding (lib.finding.record_only: the department is not the actor)
            "rectification_ground": f["rectification_ground"]
            if "rectification_ground" in f
            else meta.get("rectification_ground"),
            "bears_on_funding": bool(f.get("bears_on_funding", meta.get("bears_on_funding", False))),
            "record_only": bool(f.get("record_only", False)),
            "record_reason_zh": f.get("record_reason_zh", ""),
            "department": dept,
            "department_name": names.get(dept, "") if dept in kinds else "",
            "by_reference": kinds.get(dept) == OrgKind.BY_REFERENCE.value,
            "period": period,
            "subject": f["subject"],
            "message_zh": f["message_zh"],
            # the one act of a multi-act item the rule found (lib.finding.act); "" = the item's act
            "act_zh": f.get("act_zh", ""),
            "evidence": [
                {
                    "snapshot": source_ref.ref if source_ref else "",
                    "pointer": f["pointer"],
                    "record_id": f["subject"],
                    "values": f.get("values", {}),
                    "named": f.get("named", {}),
                }
            ],
            # Art. 68: a waived finding stays visible, marked, and counts in neither score, funding nor notices.
            "waived": bool(f.get("waived", False)),
            "waiver": f.get("waiver"),
        }
    )
