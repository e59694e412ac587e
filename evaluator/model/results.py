"""What an evaluation gives: findings, each named by its one key.

A finding's key (rule, department, period, record and variant, joined by "|") is made by Rego's result
builder (``policies/rego/lib/finding``: ``keyed``); waivers, notices, the assessment, the dashboard and the
store compare findings by it and nothing else. Python never composes a key, except for a finding stored by
a release before keys existed (a notice's findings, issued earlier): :func:`finding_key` gives it the key
the result builder gives the same finding now.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: the rules whose refusal without reasons or basis is a second finding on the record (aspect "reasons")
_REASONS_ASPECT = ("A45", "A46")


def finding_key(f: Mapping[str, Any]) -> str:
    """The key of finding ``f`` (an enriched finding as the report and the store hold it)."""
    key = f.get("key")
    if isinstance(key, str) and key:
        return key
    evidence = (f.get("evidence") or [{}])[0]
    variant = re.sub(r"/[0-9]+\b", "/*", str(evidence.get("pointer", "")))
    if f.get("rule_id") in _REASONS_ASPECT and "reasons_given" in (evidence.get("values") or {}):
        variant += "#reasons"
    return "|".join((str(f["rule_id"]), str(f["department"]), str(f["period"]), str(f["subject"]), variant))
