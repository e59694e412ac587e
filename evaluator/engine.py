"""Evaluation: facts computed in Python, norms evaluated by OPA, findings enriched and stored.

``evaluate_snapshots`` is the library entry point the CLI, the dashboard and the Gherkin steps call.
The whole county's period goes to OPA in one input document (cross-department rules join on the
platform register), and the answer comes back as findings, errors and out-of-scope resources.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from .identifiers import IdStatus, id_number_status, uscc_status
from .models import DepartmentSnapshot, IdentifierType, OrgKind, PlatformSnapshot
from .opa import Bundle, OpaError, OpaServer, build_bundle, opa_version, rule_catalog
from .statute import cite_zh, load_statute

SEVERITY_ZH = {"critical": "严重", "major": "较重", "minor": "一般", "warning": "提示"}
DIMENSION_ZH = {
    "catalog": "目录",
    "aggregation": "汇聚",
    "sharing": "共享",
    "opening": "开放",
    "application": "应用",
    "security": "安全",
}


class EvaluationError(Exception):
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


@dataclass
class Report:
    run: dict[str, Any]
    findings: list[dict[str, Any]]
    errors: list[dict[str, Any]] = field(default_factory=list)
    out_of_scope: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "findings": self.findings,
            "errors": self.errors,
            "out_of_scope": self.out_of_scope,
        }

    def to_json(self) -> bytes:
        """Stable, sorted JSON: the same snapshots and bundle give byte-identical output."""
        return orjson.dumps(self.as_dict(), option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if self.findings else 0


# ---------------------------------------------------------------------------------------------
# Facts


def _mask(value: str) -> str:
    v = value.strip()
    if len(v) <= 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def compute_facts(snap: DepartmentSnapshot) -> dict[str, Any]:
    """Facts the rules read and Rego cannot compute: identifier validity (check characters)."""
    identifiers: dict[str, list[dict[str, Any]]] = {}
    for c in snap.collections:
        if not c.identifier_samples:
            continue
        judge = id_number_status if c.identifier_type == IdentifierType.ID_NUMBER else uscc_status
        if c.identifier_type not in (IdentifierType.ID_NUMBER, IdentifierType.USCC):
            statuses = [IdStatus.VALID for _ in c.identifier_samples]
        else:
            statuses = [judge(s) for s in c.identifier_samples]
        identifiers[c.id] = [
            {"index": i, "masked": _mask(s), "status": st.value}
            for i, (s, st) in enumerate(zip(c.identifier_samples, statuses, strict=True))
        ]
    return {"identifiers": identifiers}


def build_input(
    period: int,
    platform: PlatformSnapshot | None,
    departments: Sequence[DepartmentSnapshot],
    waivers: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The one input document of a county period; ``waivers`` (Art. 68) go in ``input.waivers``."""
    depts = []
    for snap in departments:
        doc = snap.model_dump(mode="json")
        doc["facts"] = compute_facts(snap)
        depts.append(doc)
    out: dict[str, Any] = {"period": period, "departments": depts}
    if platform is not None:
        out["platform"] = platform.model_dump(mode="json")
    if waivers:
        out["waivers"] = list(waivers)
    return out


# ---------------------------------------------------------------------------------------------
# Evaluation


def evaluate_snapshots(
    period: int,
    platform: PlatformSnapshot | None,
    departments: Sequence[DepartmentSnapshot],
    refs: Sequence[SnapshotRef],
    *,
    bundle: Bundle | None = None,
    server: OpaServer | None = None,
    waivers: Sequence[dict[str, Any]] | None = None,
) -> Report:
    """Evaluate one county period on OPA and return the enriched report (not stored)."""
    started = dt.datetime.now(dt.UTC)
    bundle = bundle or (server.bundle if server else build_bundle())
    catalog = rule_catalog(bundle)
    doc = build_input(period, platform, departments, waivers)
    if server is not None:
        raw = server.query("data.main.result", doc)
    else:
        own = OpaServer(bundle)
        try:
            raw = own.query("data.main.result", doc)
        finally:
            own.stop()
    if not isinstance(raw, dict) or not {"findings", "errors", "out_of_scope", "rule_packages"} <= raw.keys():
        raise OpaError(f"OPA 返回的结果格式不符 / unexpected decision shape: {str(raw)[:300]}")

    errors: list[dict[str, Any]] = list(raw["errors"])
    expected = {meta["package"] for meta in catalog.values()}
    evaluated = set(raw["rule_packages"])
    for pkg in sorted(expected - evaluated):
        errors.append(
            {
                "rule_id": "",
                "dept": "",
                "source": "engine",
                "pointer": "",
                "message_zh": f"规则包 {pkg} 未被评价 / rule package {pkg} was not evaluated",
            }
        )
    for pkg in sorted(evaluated - expected):
        errors.append(
            {
                "rule_id": "",
                "dept": "",
                "source": "engine",
                "pointer": "",
                "message_zh": f"规则包 {pkg} 缺少带编号的 METADATA / rule package {pkg} has no rule id",
            }
        )

    by_dept = {d.department.code: d for d in departments}
    ref_by = {(r.kind, r.dept): r for r in refs}
    statute = load_statute()
    findings: list[dict[str, Any]] = []
    for f in raw["findings"]:
        meta = catalog.get(f.get("rule_id", ""))
        if meta is None:
            errors.append(
                {
                    "rule_id": f.get("rule_id", ""),
                    "dept": f.get("dept", ""),
                    "source": "engine",
                    "pointer": f.get("pointer", ""),
                    "message_zh": "发现项的规则编号不在规则目录中 / finding names an unknown rule",
                }
            )
            continue
        findings.append(_enrich(f, meta, period, by_dept, ref_by, statute))
    findings.sort(key=lambda x: (x["department"], x["rule_id"], x["subject"], x["evidence"][0]["pointer"]))
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


def _enrich(
    f: dict[str, Any],
    meta: dict[str, Any],
    period: int,
    by_dept: dict[str, DepartmentSnapshot],
    ref_by: dict[tuple[str, str], SnapshotRef],
    statute: Any,
) -> dict[str, Any]:
    article = int(meta["article"])
    item = meta.get("item")
    item = int(item) if item is not None else None
    art = statute.article(article)
    text = art.items.get(item, art.text_zh) if item is not None else art.text_zh
    dept = f["dept"]
    snap = by_dept.get(dept)
    source_ref = ref_by.get(("platform", "") if f["source"] == "platform" else ("department", dept))
    severity = f.get("severity") or meta.get("severity", "minor")
    return {
        "rule_id": f["rule_id"],
        "article": article,
        "item": item,
        "citation_zh": cite_zh(article, item),
        "article_text_zh": text,
        "title_zh": meta.get("title", ""),
        "severity": severity,
        "severity_zh": SEVERITY_ZH.get(severity, severity),
        "dimension": meta.get("dimension", ""),
        "dimension_zh": DIMENSION_ZH.get(meta.get("dimension", ""), ""),
        "rectification_ground": meta.get("rectification_ground"),
        "bears_on_funding": bool(meta.get("bears_on_funding", False)),
        "department": dept,
        "department_name": snap.department.name if snap else "",
        "by_reference": bool(snap and snap.department.kind == OrgKind.BY_REFERENCE),
        "period": period,
        "subject": f["subject"],
        "message_zh": f["message_zh"],
        "evidence": [
            {
                "snapshot": source_ref.ref if source_ref else "",
                "pointer": f["pointer"],
                "record_id": f["subject"],
                "values": f.get("values", {}),
            }
        ],
        # Art. 68: a waived finding stays visible, marked, and counts in neither score, funding nor notices.
        "waived": bool(f.get("waived", False)),
        "waiver": f.get("waiver"),
    }
