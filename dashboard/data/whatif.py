"""What-if: evaluate a changed snapshot with the rest of the county, store nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evaluator.evaluate import api
from evaluator.evaluate.report import Report
from evaluator.evaluate.service import Evaluations
from evaluator.intake.files import LoadedSnapshot, canonical_json, validate_document
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot
from evaluator.store.db import latest_snapshots

from ..auth import User
from .access import scope


@dataclass
class WhatIf:
    before: list[dict[str, Any]]
    after: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    report: Report
    score_before: dict[str, Any] | None = None
    score_after: dict[str, Any] | None = None

    @property
    def added(self) -> list[dict[str, Any]]:
        keys = {_fkey(f) for f in self.before}
        return [f for f in self.after if _fkey(f) not in keys]

    @property
    def removed(self) -> list[dict[str, Any]]:
        keys = {_fkey(f) for f in self.after}
        return [f for f in self.before if _fkey(f) not in keys]


def _fkey(f: dict[str, Any]) -> tuple[str, str, str, str]:
    return (f["rule_id"], f["department"], f["subject"], f["evidence"][0]["pointer"])


def what_if(
    user: User,
    period: int,
    dept: str,
    changed: dict[str, Any],
    evaluations: Evaluations,
    url: str | None = None,
) -> WhatIf | None:
    """Evaluate the county with ``dept``'s snapshot replaced by ``changed`` (a JSON document); nothing
    is stored. The result holds only the findings of ``dept``, and only if the user may see it. Both
    sides and the scores are evaluated on one server, the bundle in force. Raises SnapshotFileError when the changed document is invalid."""
    d = scope(user, dept)
    if d is False or d is None:
        return None
    platform_row, rows = latest_snapshots(period, None, url)
    if not any(r.dept == d for r in rows):
        return None
    new = validate_document(changed, f"假设分析 what-if/{d}")
    if not isinstance(new.snapshot, DepartmentSnapshot) or new.snapshot.code != d:
        raise ValueError("假设分析不能更改部门代码或快照类型 / what-if may not change the department code")
    loaded: list[LoadedSnapshot] = []
    base: list[LoadedSnapshot] = []
    for r in ([platform_row] if platform_row else []) + list(rows):
        snap: DepartmentSnapshot | PlatformSnapshot = r.snapshot()
        ls = LoadedSnapshot(r.ref, snap, canonical_json(snap), r.sha256)
        base.append(ls)
        loaded.append(new if r.dept == d and r.kind == "department" else ls)
    # both sides with the waivers in force, as the official evaluation: the baseline is the official result
    waivers = api.waivers_in_force(period, url)
    from evaluator.consumers.assess import score_what_if

    assert isinstance(new.snapshot, DepartmentSnapshot)
    with evaluations.lease() as server:
        before = api.evaluate_loaded(base, server=server, store=False, waivers=waivers)
        after = api.evaluate_loaded(loaded, server=server, store=False, waivers=waivers)
        score_before, score_after = score_what_if(
            period, before, after, new.snapshot, server=server, url=url
        )
    mine = [f for f in after.findings if f["department"] == d]
    return WhatIf(
        before=[f for f in before.findings if f["department"] == d],
        after=mine,
        errors=[e for e in after.errors if e.get("dept") in (d, "")],
        report=after,
        score_before=score_before,
        score_after=score_after,
    )
