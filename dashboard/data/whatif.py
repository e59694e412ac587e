"""What-if: evaluate a changed snapshot with the rest of the county, store nothing (the department alone
against the cached county: evaluator.evaluate.whatif)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from evaluator.consumers.assess import score_what_if
from evaluator.evaluate import whatif
from evaluator.evaluate.report import Report
from evaluator.evaluate.service import Evaluations
from evaluator.intake.files import validate_document
from evaluator.intake.gcpause import collector_paused
from evaluator.model.results import Finding
from evaluator.model.snapshot import DepartmentSnapshot

from ..auth import User
from .access import scope


@dataclass
class WhatIf:
    before: list[Finding]
    after: list[Finding]
    errors: list[dict[str, Any]]
    report: Report
    score_before: dict[str, Any] | None = None
    score_after: dict[str, Any] | None = None

    @property
    def added(self) -> list[Finding]:
        keys = {f.key for f in self.before}
        return [f for f in self.after if f.key not in keys]

    @property
    def removed(self) -> list[Finding]:
        keys = {f.key for f in self.after}
        return [f for f in self.before if f.key not in keys]


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
    sides and the scores are evaluated on one server, the bundle in force. Raises SnapshotFileError when
    the changed document is invalid."""
    d = scope(user, dept)
    if d is False or d is None:
        return None
    new = validate_document(changed, f"假设分析 what-if/{d}")
    if not isinstance(new.snapshot, DepartmentSnapshot) or new.snapshot.code != d:
        raise ValueError("假设分析不能更改部门代码或快照类型 / what-if may not change the department code")
    # without the cyclic collector (nothing a what-if makes is in a reference cycle): the authority's own
    # what-if reads every department's entry and scores 10,000 findings, and the collector's full runs
    # walked it all (2-4 s of ≈ 21 s at 10,000 departments, load 10); a department's, ≈ 3 ms
    with collector_paused(), evaluations.lease() as server:
        # the department alone against the cached rest of the county (evaluator.evaluate.whatif)
        r = whatif.what_if(period, d, new, url=url, server=server)
        if r is None:
            return None
        before, after = r.before, r.after
        # both validated (at import, and just now): read as JSON, not validated again
        stored, now = orjson.loads(r.stored.content), orjson.loads(new.canonical)
        score_before, score_after = score_what_if(
            period, before, after, stored, now, name=r.stored.name, authority=r.authority, server=server
        )
    mine = [f for f in after.findings if f.department == d]
    return WhatIf(
        before=[f for f in before.findings if f.department == d],
        after=mine,
        errors=[e for e in after.errors if e.get("dept") in (d, "")],
        report=after,
        score_before=score_before,
        score_after=score_after,
    )
