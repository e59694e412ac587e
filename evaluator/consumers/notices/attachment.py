"""A department's findings said as its notice's 附件 says them, for the dashboard's department page.

The words are the notice's (:func:`evaluator.consumers.notices.document.attachment_cells`, from
``policies/notices/evidence.yaml``): the page never shows the evidence as the machine holds it (English keys,
JSON) nor phrases it a second way. Only the department's own snapshot and the platform's are read (the
evidence points into one of them), with the names of every department of the period, not every snapshot.
"""

from __future__ import annotations

import datetime as dt

import orjson

from evaluator.consumers.notices.document import Facts, attachment_cells, requirement
from evaluator.model.results import Finding
from evaluator.store.snapshots import latest_index, snapshot_rows


def evidence_in_words(
    period: int, dept: str, findings: list[Finding], url: str | None = None
) -> dict[str, dict[str, str | None]]:
    """``{finding key: {where, evidence, requirement}}`` for ``findings`` of department ``dept``: the 附件's
    涉及的资源或系统 and 证据 cells, and the 整改要求 of a finding that gives grounds for a notice (else None)."""
    heads = latest_index(period, url)
    names = {h.dept: h.name for h in heads if h.kind == "department"}
    rows = snapshot_rows([h for h in heads if h.kind == "platform" or h.dept == dept], url)
    snapshots = {r.ref: orjson.loads(r.content) for r in rows}
    facts = Facts(
        names=names,
        as_of=max((r.as_of for r in rows), default=dt.date(period, 12, 31)),
        snapshots=snapshots,
    )
    out: dict[str, dict[str, str | None]] = {}
    for f in findings:
        if f.department != dept:
            continue
        where, evidence = attachment_cells(f, facts)
        out[f.key] = {
            "where": where,
            "evidence": evidence,
            "requirement": requirement(f) if f.rectification_ground else None,
        }
    return out
