"""Annual assessment (Art. 58-59): a period's findings scored on OPA under the indicator system.

The arithmetic is a norm and lives in Rego (``policies/rego/assessment``); the indicator system is the
authority's data (``policies/assessment/data.yaml``). Python gathers the inputs (:mod:`.roster`), asks
OPA, and stores the result with the indicator system's version and hash. See docs/decisions/0004-scoring.md."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from evaluator.consumers.assess.roster import (
    facts_of_doc,
    gather,
    project_rows,
    projects_of_doc,
    roster,
    stored_facts,
    stored_report,
)
from evaluator.engine import Bundle, OpaServer, build_bundle, opa_version, policies_dir, rule_catalog
from evaluator.evaluate import api
from evaluator.evaluate.runner import EvaluationError, Report
from evaluator.model import results
from evaluator.model.results import Finding
from evaluator.store.assessments import AssessmentRow, save_assessment
from evaluator.store.result_cache import RosterCache, ScoreCache
from evaluator.store.snapshots import SnapshotRow

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
    findings: list[Finding] = field(default_factory=list)
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
    cache: ScoreCache | None = None,
    live: str | None = None,
) -> Assessment:
    """Score a report's findings under the indicator system in ``bundle`` (no snapshot is re-evaluated).
    With ``cache``, a department whose entry is cached under the hash of its inputs is not scored again
    (:func:`_from_cache`); the result is the same as without. With ``live`` (the scope of a whole
    period's scoring, e.g. ``assess-2025``) the keys used are recorded under it and the entries no
    scope's last scoring used are pruned (:meth:`ScoreCache.prune`)."""
    started = time.time()
    catalog = rule_catalog(bundle)
    one = _prepare(period, report, departments, projects, sorted(catalog), authority, bundle.revision, cache)
    own = server is None
    srv = server or OpaServer(bundle)
    try:
        (answer,) = _ask(srv, [one])
    finally:
        if own:
            srv.stop()
    result = _finish(one, answer, live, started)
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
        findings=list(report.findings),
    )


@dataclass
class _Scoring:
    """One scoring's query to OPA (its ``score`` input, its project ``gates`` input) and, when it is
    incremental, the cache, the keys of the departments and the entries it read."""

    findings: list[dict[str, Any]]
    query: dict[str, Any]
    cache: ScoreCache | None = None
    keys: dict[str, str] = field(default_factory=dict)
    cached: dict[str, Any] = field(default_factory=dict)


def _prepare(
    period: int,
    report: Report,
    departments: Sequence[dict[str, Any]],
    projects: Sequence[dict[str, Any]],
    rules: list[str],
    authority: str,
    revision: str,
    cache: ScoreCache | None,
) -> _Scoring:
    findings = [f.as_json() for f in report.findings]
    doc = {"period": period, "authority": authority, "departments": list(departments), "findings": findings}
    # the gates read only the findings about the projects' departments (projects.rego joins on department)
    with_projects = {str(p.get("department")) for p in projects}
    gates = {
        "findings": [f for f in findings if f.get("department") in with_projects],
        "projects": list(projects),
        "rules": rules,
    }
    one = _Scoring(findings, {"score": doc, "gates": gates, "incremental": cache is not None}, cache)
    if cache is not None:
        _from_cache(one, revision)
    return one


def _ask(srv: OpaServer, scorings: Sequence[_Scoring]) -> list[dict[str, Any]]:
    """Every scoring and its gates in one round trip (policies/rego/assessment/batch.rego)."""
    answers = srv.query("data.assessment.batch.answers", {"queries": [s.query for s in scorings]})
    if not isinstance(answers, list) or len(answers) != len(scorings):
        raise EvaluationError(
            f"评分查询应有 {len(scorings)} 个答案，OPA 返回 {len(answers) if isinstance(answers, list) else answers!r}"
            " / the scoring query did not answer every scoring"
        )
    return answers


def _finish(one: _Scoring, answer: dict[str, Any], live: str | None, started: float) -> dict[str, Any]:
    """The assessment result of one scoring from its answer; an undecidable project gate is an error."""
    if answer["gates"]["errors"]:
        raise EvaluationError("；".join(sorted(answer["gates"]["errors"])))
    result = (
        dict(answer["score"]) if one.cache is None else _merge_cached(one, answer["score"], live, started)
    )
    result["projects"] = answer["gates"]["gates"]
    return result


@functools.cache
def _code_hash() -> str:
    """The Python that shapes the scoring query: this module (the query document) and the findings'
    JSON form (:mod:`evaluator.model.results`)."""
    h = hashlib.sha256()
    for mod in (sys.modules[__name__], results):
        h.update(Path(str(mod.__file__)).read_bytes())
    return h.hexdigest()


def _entry_key(revision: str, doc: dict[str, Any], dept: dict[str, Any], findings: list[bytes]) -> str:
    """The hash of exactly what a department's assessment entry depends on: the bundle (indicator system
    and score.rego), the OPA that evaluates it, the Python that builds the query, the period, its roster
    entry and its findings in the order they are given."""
    h = hashlib.sha256(b"govshare-score-entry\0")
    for part in (
        revision.encode(),
        opa_version().encode(),
        _code_hash().encode(),
        str(doc["period"]).encode(),
        orjson.dumps(dept, option=orjson.OPT_SORT_KEYS),
    ):
        h.update(part + b"\0")
    for f in findings:
        h.update(f + b"\0")
    return h.hexdigest()


def _from_cache(one: _Scoring, revision: str) -> None:
    """An incremental scoring (``data.assessment.incremental``): each submitted department's entry read
    from the cache when its key matches (its findings are then left out of the query, its entry sent as
    its rank stub); ranks, ties and county-wide lists are computed by Rego on all entries
    (policies/rego/assessment/score.rego, ``input.cached``). A tampered entry raises CacheTampered (exit 2)."""
    assert one.cache is not None
    doc = one.query["score"]
    by_dept: dict[str, list[bytes]] = {}
    for f in doc["findings"]:
        by_dept.setdefault(str(f.get("department", "")), []).append(
            orjson.dumps(f, option=orjson.OPT_SORT_KEYS)
        )
    seen = Counter(str(d.get("code")) for d in doc["departments"])
    for dept in doc["departments"]:
        code = dept.get("code")
        if dept.get("submitted") is not True or not isinstance(code, str) or seen[code] != 1:
            continue  # a duplicated code is scored (and refused) by Rego as in a full scoring
        one.keys[code] = _entry_key(revision, doc, dept, by_dept.get(code, []))
        hit = one.cache.get(one.keys[code])
        if hit is not None:
            one.cached[code] = hit
    one.query["score"] = {
        **doc,
        "findings": [f for f in doc["findings"] if f.get("department") not in one.cached],
        "cached": {code: _rank_stub(e) for code, e in one.cached.items()},
    }


def _merge_cached(one: _Scoring, answer: dict[str, Any], live: str | None, started: float) -> dict[str, Any]:
    """The entries Rego scored cached (and, for a whole period's scoring, the unused ones pruned), and each
    cached department's whole entry put back in place of its stub, with what Rego ranked it."""
    cache, cached = one.cache, one.cached
    assert cache is not None
    for code, entry in answer["entries"].items():
        if code in one.keys:
            cache.put(one.keys[code], entry)
    if live is not None:
        cache.record_live(live, one.keys.values())
        cache.prune(started)
    result = dict(answer["result"])
    result["departments"] = [
        {**cached[d["code"]]["scored"], **{k: d[k] for k in _PROVINCE_KEYS}} if d.get("code") in cached else d
        for d in result["departments"]
    ]
    result["funding"] = [
        cached[f["code"]]["funding"] if f.get("code") in cached else f for f in result["funding"]
    ]
    return result


def _rank_stub(entry: dict[str, Any]) -> dict[str, Any]:
    """What score.rego reads of a cached entry to rank it and list the county-wide figures: code, name,
    total and veto of ``scored``, the code of ``funding``, and the errors; its deductions, evidence,
    bonuses and funding reasons stay in Python (at province scale most of the entry's bytes)."""
    scored = entry["scored"]
    return {
        "scored": {k: scored[k] for k in ("code", "name", "total", "veto")},
        "funding": {"code": entry["funding"]["code"]},
        "errors": entry["errors"],
    }


def evaluate_latest(period: int, server: OpaServer, url: str | None) -> Report:
    """Evaluate the latest stored snapshots (with the active Art. 68 waivers) on ``server``'s bundle:
    the one evaluation path of :func:`evaluator.evaluate.api.evaluate_stored`, not stored here."""
    return api.evaluate_stored(period, url=url, server=server, store=False)


def score_stored(
    period: int,
    report: Report,
    platform_row: SnapshotRow | None,
    rows: Sequence[SnapshotRow],
    *,
    bundle: Bundle,
    server: OpaServer,
    url: str | None = None,
    cache: ScoreCache | None = None,
    live: str | None = None,
) -> Assessment:
    """Score a report of the stored snapshots ``rows``: the roster of who is assessed (the platform's list
    or the snapshots), their projects, then :func:`score` under the indicator system in ``bundle``."""
    # each snapshot read once for the roster and the projects; an incremental scoring (a score cache)
    # reads them through the roster cache too, so only the snapshots stored since are parsed
    facts = stored_facts(rows, RosterCache.shared() if cache is not None else None, live)
    depts, source, authority = roster(period, platform_row, rows, report.errors, url, report.findings, facts)
    return score(
        period,
        report,
        depts,
        project_rows(rows, facts),
        bundle=bundle,
        server=server,
        roster_source=source,
        authority=authority,
        cache=cache,
        live=live,
    )


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
    platform_row, rows = gather(period, url)
    report = None if reevaluate else stored_report(period, rows, platform_row, url)
    own = server is None
    srv = server or OpaServer(bundle)
    try:
        if report is None:
            report = evaluate_latest(period, srv, url)
            if store:
                api.store_report(report, url, scope="county")
        a = score_stored(
            period, report, platform_row, rows, bundle=bundle, server=srv, url=url,
            cache=ScoreCache.shared(), live=f"assess-{period}",
        )  # fmt: skip
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


def score_what_if(
    period: int,
    before: Report,
    after: Report,
    stored: dict[str, Any],
    changed: dict[str, Any],
    *,
    name: str,
    authority: str,
    server: OpaServer,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The department's assessment entry before (``stored``) and after (``changed``, both validated
    snapshots as JSON) a what-if, scored
    like ``assess_period`` but stored nowhere. Its score, dimensions, bonuses and grade depend only on its
    own findings, its roster entry and the indicator system (``scored`` in policies/rego/assessment), so
    it is scored on a roster of itself alone: no other department is read or scored. Its rank is the whole
    province's and is not given (``rank``, ``rank_note_zh``, ``tied_with``, ``tie_count`` are left out)."""
    code = str(stored["department"]["code"])
    rules = sorted(rule_catalog(server.bundle))
    sides = []
    for report, snap, ref in ((before, stored, "stored"), (after, changed, "what-if")):
        errors = sum(1 for e in report.errors if not e.get("dept") or e.get("dept") == code)
        dept = {"code": code, "name": name, "submitted": True, "errors": errors, "facts": facts_of_doc(snap)}
        mine = Report(run=report.run, findings=[f for f in report.findings if f.department == code])
        projects = projects_of_doc(snap, ref)
        sides.append(_prepare(period, mine, [dept], projects, rules, authority, server.bundle.revision, None))
    results = []
    if sum(len(one.findings) for one in sides) < _SIDES_APART:
        answers = _ask(server, sides)  # both sides in one round trip (they were 4 queries)
    else:
        # one OPA query evaluates on one core: the sides of a department with thousands of findings (the
        # authority's, with the province's late catalog reviews: 10,000 at 10,000 departments, ≈ 2-3 s of
        # OPA a side) go as two requests at once, on the server's two cores
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = [a for part in pool.map(lambda one: _ask(server, [one]), sides) for a in part]
    for one, answer in zip(sides, answers, strict=True):
        result = _finish(one, answer, None, 0.0)
        entry = next((d for d in result["departments"] if d["code"] == code), None)
        results.append({k: v for k, v in entry.items() if k not in _PROVINCE_KEYS} if entry else None)
    return results[0], results[1]


# findings on both sides of a what-if from which the sides are scored in two requests at once
_SIDES_APART = 2_000

# what only a whole-province scoring can say about a department
_PROVINCE_KEYS = frozenset({"rank", "rank_note_zh", "tied_with", "tie_count"})
