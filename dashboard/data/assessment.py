"""The stored assessment (evaluator.consumers.assess) as each role may see it, and scoring a period."""

from __future__ import annotations

from typing import Any

from evaluator.consumers.assess import Assessment, assess_period
from evaluator.evaluate.service import Evaluations
from evaluator.store import reads

from ..auth import User
from .access import EVALUATE_ROLES, FUNDING_ROLES, require, scope


def _assessment_json(period: int, url: str | None) -> dict[str, Any] | None:
    return reads.latest_assessment(period, url)


def assessment(user: User, period: int, url: str | None = None) -> dict[str, Any] | None:
    """The latest stored assessment of ``period`` (evaluator.consumers.assess): scores, grades, ranks. A
    department user gets its own department's entry only, and no funding or project parts."""
    d = scope(user)
    if d is False:
        return None
    a = _assessment_json(period, url)
    if a is None:
        return None
    out = {
        k: a.get(k)
        for k in ("period", "run_id", "indicator_version", "indicator", "period_date", "bundle_hash")
    }
    out["departments"] = [x for x in a.get("departments", []) if d is None or x.get("code") == d]
    if user.role in FUNDING_ROLES:
        out["funding"] = a.get("funding", [])
        out["projects"] = a.get("projects", [])
    return out


def county_position(user: User, period: int, dept: str, url: str | None = None) -> dict[str, Any] | None:
    """A department's place in the county without naming the others: how many were ranked and the
    county's median total (for a department user, whose assessment holds its own entry only)."""
    d = scope(user, dept)
    a = _assessment_json(period, url) if d else None
    if a is None:
        return None
    totals = sorted(x["total"] for x in a.get("departments", []) if x.get("total") is not None)
    if not totals:
        return None
    mid = len(totals) // 2
    median = totals[mid] if len(totals) % 2 else (totals[mid - 1] + totals[mid]) / 2
    return {"n": sum(1 for x in a.get("departments", []) if x.get("rank")), "median": median}


def assess_now(user: User, period: int, evaluations: Evaluations, url: str | None = None) -> None:
    """Score the period with evaluator.consumers.assess (authority only) and store the result."""
    require(user, EVALUATE_ROLES)
    with evaluations.lease() as server:
        assess_period(period, url=url, server=server)


def _assessment_obj(user: User, period: int, url: str | None) -> Any:
    """The stored assessment as an ``evaluator.consumers.assess.Assessment``, filtered for the user."""
    d = scope(user)
    a = _assessment_json(period, url)
    if a is None or d is False:
        return None
    meta = ("period", "run_id", "run_bundle_hash", "bundle_hash", "indicator_version", "indicator_hash")
    result = {k: v for k, v in a.items() if k not in (*meta, "roster_source", "run_errors")}
    result["departments"] = [x for x in a.get("departments", []) if d is None or x.get("code") == d]
    if user.role not in FUNDING_ROLES:
        result["funding"], result["projects"] = [], []
    return Assessment(
        period=a["period"],
        run_id=a.get("run_id", ""),
        run_bundle_hash=a.get("run_bundle_hash", ""),
        bundle_hash=a.get("bundle_hash", ""),
        indicator_version=a.get("indicator_version", ""),
        indicator_hash=a.get("indicator_hash", ""),
        roster_source=a.get("roster_source", ""),
        result=result,
        run_errors=[e for e in a.get("run_errors", []) if d is None or e.get("dept") in (d, "")],
    )
