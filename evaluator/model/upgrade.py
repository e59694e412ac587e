"""Reading older snapshot formats: a 1.0 document becomes a 1.1 document before validation.

The conversion is documented in docs/decisions/0015-snapshot-1.1.md. Every field 1.1 adds is optional (a
date unknown is ``null``, a list is empty), so a 1.0 document keeps its meaning with one exception: 1.0
recorded a refusal to aggregate as an aggregation *status* (``拒绝汇聚``); 1.1 separates whether data is
aggregated (``status``) from what the department answered the authority (``authority_request``), because
Art. 13(1) (offer what is not aggregated as an interface) and Art. 62(2) (do not refuse or obstruct) are
independent duties. A 1.0 ``拒绝汇聚`` becomes ``status: 未汇聚`` with ``authority_request: {answer:
拒绝汇聚}`` (request and answer dates unknown: ``null``). And 1.0 had no ``requested_items``: its A12 held the
requester to have asked for what it was granted, so the conversion says so (``requested_items`` = the
granted items), keeping the 1.0 meaning rather than leaving the request unknown. 1.0 reported data quality
once per department (``quality``); 1.1 reports it per resource or data category (``quality_reports``), so
the department's figures become one report of the category ``other`` (the authority's catch-all category).
"""

from __future__ import annotations

import copy
from typing import Any

#: formats this reader converts, oldest first
READABLE = ("1.0", "1.1")

_REFUSED_1_0 = {"拒绝汇聚", "refused"}


def upgrade(doc: Any) -> Any:
    """The document in the current format (a new object; the input is not changed). A document that is not
    a 1.0 snapshot is returned as it is, for validation to judge."""
    if not isinstance(doc, dict) or doc.get("schema_version") != "1.0":
        return doc
    out = copy.deepcopy(doc)
    out["schema_version"] = "1.1"
    if out.get("kind") == "department":
        if "quality" in out:
            q10 = out.pop("quality")
            if isinstance(q10, dict):
                out["quality_reports"] = [
                    {"id": "quality-1-0", "category": "other", "resource_code": None, **q10}
                ]
        for q in out.get("share_requests") or []:
            if isinstance(q, dict) and "requested_items" not in q:
                q["requested_items"] = list(q.get("granted_items") or [])
        for entry in out.get("catalog") or []:
            agg = entry.get("aggregation") if isinstance(entry, dict) else None
            if isinstance(agg, dict) and agg.get("status") in _REFUSED_1_0:
                agg["status"] = "未汇聚"
                agg.setdefault(
                    "authority_request", {"requested": None, "answer": "拒绝汇聚", "answered": None}
                )
    return out
