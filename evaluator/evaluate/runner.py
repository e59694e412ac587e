"""Evaluation: facts computed in Python, norms evaluated by OPA, findings enriched and stored.

``evaluate_snapshots`` is the library entry point the CLI, the dashboard and the Gherkin steps call.
The departments go to OPA in partitions (one for a county), the platform snapshot and the names of all
departments once per OPA server through the Data API (``data.county_data[<SHA-256>]``, read by the rules
only through ``data.lib.county``), and the answers come back as findings, errors and out-of-scope
resources, merged (docs/decisions/0007-scale.md).
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import orjson

from evaluator.engine import (
    Bundle,
    CountyData,
    OpaEndpoint,
    OpaError,
    OpaServer,
    build_bundle,
    county_data,
    endpoints_from_env,
    load_county_data,
    opa_version,
    rule_catalog,
)
from evaluator.facts.identifiers import IdStatus, id_number_status, uscc_status
from evaluator.facts.statute import cite_zh, load_statute
from evaluator.facts.titles import compose
from evaluator.model.snapshot import DepartmentSnapshot, IdentifierType, OrgKind, PlatformSnapshot
from evaluator.settings import partition_size

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
        # a waived finding (Art. 68) stays visible but is not a finding the department must answer for
        return 1 if any(not f.get("waived") for f in self.findings) else 0


# ---------------------------------------------------------------------------------------------
# Facts


def _mask(value: str) -> str:
    v = value.strip()
    if len(v) <= 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def compute_facts(snap: DepartmentSnapshot) -> dict[str, Any]:
    """Facts the rules read and Rego cannot compute: identifier validity (check characters)."""
    return compute_facts_doc(snap.model_dump(mode="json"))


def compute_facts_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """:func:`compute_facts` on a department snapshot as JSON (validated, e.g. as stored)."""
    identifiers: dict[str, list[dict[str, Any]]] = {}
    for c in doc.get("collections") or ():
        samples = c.get("identifier_samples") or ()
        if not samples:
            continue
        kind = c.get("identifier_type")
        if kind == IdentifierType.ID_NUMBER.value:
            statuses = [id_number_status(x) for x in samples]
        elif kind == IdentifierType.USCC.value:
            statuses = [uscc_status(x) for x in samples]
        else:
            statuses = [IdStatus.VALID for _ in samples]
        identifiers[c["id"]] = [
            {"index": i, "masked": _mask(x), "status": st.value}
            for i, (x, st) in enumerate(zip(samples, statuses, strict=True))
        ]
    return {"identifiers": identifiers}


def _department_doc(doc: dict[str, Any]) -> dict[str, Any]:
    return {**doc, "facts": compute_facts_doc(doc)}


def build_input(
    period: int,
    platform: PlatformSnapshot | None,
    departments: Sequence[DepartmentSnapshot],
    waivers: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The one input document of a county period; ``waivers`` (Art. 68) go in ``input.waivers``."""
    docs = [d.model_dump(mode="json") for d in departments]
    return build_input_docs(period, platform.model_dump(mode="json") if platform else None, docs, waivers)


def build_input_docs(
    period: int,
    platform: dict[str, Any] | None,
    departments: Sequence[dict[str, Any]],
    waivers: Sequence[dict[str, Any]] | None = None,
    names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The input document from snapshots as JSON. ``names`` (code → name of every department of the
    evaluation, all partitions) goes in ``input.department_names`` (data.lib.county.names)."""
    out: dict[str, Any] = {"period": period, "departments": [_department_doc(d) for d in departments]}
    out["department_names"] = names if names is not None else _names(departments)
    if platform is not None:
        out["platform"] = platform
    if waivers:
        out["waivers"] = list(waivers)
    return out


def _names(departments: Iterable[dict[str, Any]]) -> dict[str, str]:
    return {d["department"]["code"]: d["department"]["name"] for d in departments}


# ---------------------------------------------------------------------------------------------
# Evaluation

Endpoint = OpaEndpoint
DeptSource = dict[str, Any] | bytes  # a department snapshot as JSON, parsed or as stored (canonical bytes)


def evaluate_snapshots(
    period: int,
    platform: PlatformSnapshot | None,
    departments: Sequence[DepartmentSnapshot],
    refs: Sequence[SnapshotRef],
    *,
    bundle: Bundle | None = None,
    server: OpaServer | None = None,
    servers: Sequence[Endpoint] | None = None,
    waivers: Sequence[dict[str, Any]] | None = None,
    size: int | None = None,
) -> Report:
    """Evaluate one county period on OPA and return the enriched report (not stored)."""
    return evaluate_documents(
        period,
        platform.model_dump(mode="json") if platform else None,
        [d.model_dump(mode="json") for d in departments],
        refs,
        bundle=bundle,
        servers=servers if servers else ([server] if server is not None else None),
        waivers=waivers,
        size=size,
    )


def evaluate_documents(
    period: int,
    platform: dict[str, Any] | None,
    departments: Sequence[DeptSource],
    refs: Sequence[SnapshotRef],
    *,
    bundle: Bundle | None = None,
    servers: Sequence[Endpoint] | None = None,
    waivers: Sequence[dict[str, Any]] | None = None,
    names: dict[str, str] | None = None,
    size: int | None = None,
    platform_in_input: bool = False,
    platform_records: bool = True,
    county: CountyData | None = None,
) -> Report:
    """Evaluate a period from snapshots as JSON (validated), in partitions of ``size`` departments.

    Partitions go to ``servers`` (several OPA servers, possibly on other hosts) in parallel; without
    servers, to ``GOVSHARE_OPA_URLS``, else to one OPA the evaluator starts. The platform snapshot and the
    names of all departments go into each server's data once (``data.county_data[<SHA-256>]``, Data API)
    and every request carries only its departments and that hash, so the cross-department joins (all
    through ``data.lib.county``) see the whole period; the answers are merged as sets.
    ``platform_in_input`` sends platform and names in every request instead (the naive way; same answers).
    ``platform_records=False`` leaves out the platform's own records (A22.2, A23, A60.2, findings against
    the authority) unless the authority's department is evaluated: for a what-if of one department.
    ``county`` (:func:`county_data`, computed once) stands for ``platform`` and ``names`` in OPA's data.
    One partition that fails fails the evaluation (OpaError): never a partial result read as clean.
    """
    started = dt.datetime.now(dt.UTC)
    bundle = bundle or (servers[0].bundle if servers else build_bundle())
    catalog = rule_catalog(bundle)
    if names is None:
        departments = [orjson.loads(d) if isinstance(d, bytes) else d for d in departments]
        names = _names(departments)  # type: ignore[arg-type]
    own: list[OpaServer] = []
    endpoints: list[Endpoint] = list(servers or []) or list(endpoints_from_env(bundle))
    try:
        if not endpoints:
            own.append(OpaServer(bundle))
            endpoints = list(own)
        raw, kinds = query_partitions(
            period,
            platform,
            departments,
            waivers,
            names,
            endpoints,
            size,
            platform_in_input,
            platform_records,
            county,
        )
        recheck(endpoints)
    finally:
        for o in own:
            o.stop()
    return report(period, raw, kinds, names, refs, catalog, bundle, started)


def recheck(endpoints: Sequence[Endpoint]) -> None:
    """After the requests: every remote server still serves the bundle revision checked before them, so a
    server that pulled a new bundle during the run (OPA's bundle service polls) fails the run (OpaError)
    rather than deciding some partitions under one policy version and some under another."""
    for e in endpoints:
        if not isinstance(e, OpaServer):
            e.check()


def query_partitions(
    period: int,
    platform: dict[str, Any] | None,
    departments: Sequence[DeptSource],
    waivers: Sequence[dict[str, Any]] | None,
    names: dict[str, str],
    endpoints: Sequence[Endpoint],
    size: int | None,
    platform_in_input: bool = False,
    platform_records: bool = True,
    county: CountyData | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    size = size or partition_size()
    parts = [departments[i : i + size] for i in range(0, len(departments), size)] or [[]]
    kinds: dict[str, str] = {}
    lock = threading.Lock()
    fixed: dict[str, Any] = {"period": period}
    authority = county.authority if county is not None else (platform or {}).get("authority")
    if county is None and platform is not None and not platform_in_input:
        county = county_data(platform, names)
    if county is not None and not platform_in_input:
        # loaded once per OPA server (Data API); requests name it by its hash
        sha, doc = county.sha256, county.body
        used = list({id(e): e for e in endpoints[: len(parts)]}.values())
        if len(used) == 1:
            load_county_data(used[0], sha, doc)
        else:
            with ThreadPoolExecutor(max_workers=len(used)) as pool:
                list(pool.map(lambda e: load_county_data(e, sha, doc), used))
        del doc
        fixed["county_data"] = sha
    else:
        # without a platform main reports it missing; the naive way sends platform and names every time
        fixed.update({"department_names": names, "platform": platform})
    fixed["waivers"] = list(waivers or [])
    head = orjson.dumps({k: v for k, v in fixed.items() if v is not None and (k != "waivers" or v)})[:-1]
    # the partition that checks the platform's own records: the one holding the authority's department
    # snapshot, since A62.8 sums up the authority's late reviews (A22.2) with its department's grounds;
    # the first partition when the authority has no snapshot in this evaluation
    checker = _partition_of(authority, parts, 0 if platform_records else -1)

    def run(i: int) -> dict[str, Any]:
        docs = [orjson.loads(d) if isinstance(d, bytes) else d for d in parts[i]]
        with lock:
            for d in docs:
                kinds[d["department"]["code"]] = d["department"]["kind"]
        depts = orjson.dumps([_department_doc(d) for d in docs])
        del docs
        # the platform's own records (A22.2, A23, A60.2) are checked in one partition only
        elsewhere = b',"platform_checked_elsewhere":true' if i != checker else b""
        body = b'{"input":' + head + elsewhere + b',"departments":' + depts + b"}}"
        del depts
        result = endpoints[i % len(endpoints)].query_raw("data.main.result", body)
        if not isinstance(result, dict) or not _RESULT_KEYS <= result.keys():
            raise OpaError(f"OPA 返回的结果格式不符 / unexpected decision shape: {str(result)[:300]}")
        return result

    results: list[dict[str, Any]] = []
    if len(parts) == 1:
        results.append(run(0))
    else:
        # one worker per endpoint; endpoint i % n serves partition i, so the load is spread evenly
        with ThreadPoolExecutor(max_workers=len(endpoints)) as pool:
            futures = [pool.submit(run, i) for i in range(len(parts))]
            try:
                for f in futures:
                    results.append(f.result())
            except BaseException:
                for f in futures:
                    f.cancel()
                raise
    return merge(results), kinds


def _partition_of(code: str | None, parts: Sequence[Sequence[DeptSource]], default: int) -> int:
    if code:
        needle = code.encode()
        for i, part in enumerate(parts):
            for d in part:
                # stored bytes are parsed only when they mention the code at all
                doc = (orjson.loads(d) if needle in d else None) if isinstance(d, bytes) else d
                if isinstance(doc, dict) and doc["department"]["code"] == code:
                    return i
    return default


_RESULT_KEYS = {"findings", "errors", "out_of_scope", "rule_packages"}


def merge(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Union of the partitions' answers as sets (a platform finding comes from every partition, once),
    in canonical order, so one request and many partitions give the same bytes."""
    out: dict[str, Any] = {}
    for key in ("findings", "errors", "out_of_scope", "rule_packages"):
        seen: dict[bytes, Any] = {}
        for r in results:
            for x in r[key]:
                seen.setdefault(orjson.dumps(x, option=orjson.OPT_SORT_KEYS), x)
        out[key] = [seen[k] for k in sorted(seen)]
    return out


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
        findings.append(_enrich(f, titled(meta, period, bundle), period, names, kinds, ref_by, statute))
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
) -> dict[str, Any]:
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
