"""What an evaluation gives: findings, each named by its one key.

A finding's key (rule, department, period, record and variant, joined by "|") is made by Rego's result
builder (``policies/rego/lib/finding``: ``keyed``); waivers, notices, the assessment, the dashboard and the
store compare findings by it and nothing else. Python never composes a key, except for a finding stored by
a release before keys existed (a notice's findings, issued earlier; the findings A62.8's evidence names as
its grounds): :func:`finding_key` gives it the key the result builder gives the same finding now.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, model_validator

#: what a finding's key is made of (the variant comes from the evidence)
_IDENTITY = {"rule_id", "department", "period", "subject"}

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


def _grounds(ev: Any) -> list[Any]:
    values = ev.get("values") if isinstance(ev, Mapping) else None
    grounds = values.get("grounds") if isinstance(values, Mapping) else None
    return grounds if isinstance(grounds, list) else []


def _unkeyed_grounds(f: Mapping[str, Any]) -> bool:
    evidence = f.get("evidence")
    return isinstance(evidence, list) and any(
        isinstance(g, Mapping) and "rule_id" in g and "key" not in g for ev in evidence for g in _grounds(ev)
    )


def _keyed_grounds(f: Mapping[str, Any], ev: Any) -> Any:
    """Evidence ``ev`` of finding ``f`` with each ground (a finding of ``f``'s department named by rule,
    record and pointer: a lateness, never a second aspect) given its key."""
    grounds = _grounds(ev)
    if not grounds:
        return ev
    keyed = [
        {
            **g,
            "key": finding_key(
                {
                    "rule_id": g["rule_id"],
                    "department": f["department"],
                    "period": f["period"],
                    "subject": g.get("subject", ""),
                    "evidence": [{"pointer": g.get("pointer", ""), "values": {}}],
                }
            ),
        }
        if isinstance(g, Mapping) and "rule_id" in g and "key" not in g
        else g
        for g in grounds
    ]
    return {**ev, "values": {**ev["values"], "grounds": keyed}}


# ---------------------------------------------------------------------------------------------
# The typed finding and report (what evaluate's public API and the store's reads return). No dict view:
# a reader uses attributes (``f.rule_id``); JSON is ``as_json()``.


class Evidence(BaseModel):
    """Where a finding's evidence is: the snapshot (its stored reference), the JSON pointer, the record and
    the values the rule read; ``named``: the words the rule gave the data items and resources its values name
    by code, code → words (``lib.finding.named``; what a notice's 附件 says, decision 0033)."""

    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")

    snapshot: str
    pointer: str
    record_id: str
    values: dict[str, Any]
    # added after release 0.1.0: a finding stored before has none (its notice cannot name its codes)
    named: dict[str, str] = Field(default_factory=dict)


class Finding(BaseModel):
    """One finding of an evaluation, enriched with its rule's metadata and the statute's text. ``key`` is
    its one identity (``lib.finding.keyed``)."""

    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")

    rule_id: str
    key: str = ""
    variant: str = ""
    article: int
    item: int | None
    citation_zh: str
    article_text_zh: str
    title_zh: str
    severity: str
    severity_zh: str
    dimension: str
    dimension_zh: str
    rectification_ground: int | None
    bears_on_funding: bool
    # added after release 0.1.0: a finding it stored is not record-only
    record_only: bool = False
    record_reason_zh: str = ""
    department: str
    department_name: str
    by_reference: bool
    period: int
    subject: str
    message_zh: str
    # added after release 0.1.0: the one act of an item listing several that the rule found
    # (``lib.finding.act``, custom.acts_zh); "" when the item's whole act is meant (decision 0039)
    act_zh: str = ""
    evidence: list[Evidence]
    waived: bool
    waiver: dict[str, Any] | None

    @model_validator(mode="before")
    @classmethod
    def _legacy_key(cls, data: Any) -> Any:
        """A finding stored before keys existed gets the key the result builder gives it now; so does each
        finding its evidence names as a ground (A62.8's ``grounds``, stored before they carried keys)."""
        if isinstance(data, Mapping) and not data.get("key") and _IDENTITY <= data.keys():
            key = finding_key(data)
            data = {**data, "key": key, "variant": key.rsplit("|", 1)[1]}
        if isinstance(data, Mapping) and _IDENTITY <= data.keys() and _unkeyed_grounds(data):
            data = {**data, "evidence": [_keyed_grounds(data, ev) for ev in data["evidence"]]}
        return data

    def as_json(self) -> dict[str, Any]:
        """The finding as JSON (the report's, the store's and OPA's assessment input)."""
        return self.model_dump(mode="json")


class Report(BaseModel):
    """An evaluation's answer: the run record, its findings, the errors (any error: exit 2) and the
    resources out of scope. ``to_json`` is stable: the same snapshots and bundle give the same bytes."""

    run: dict[str, Any]
    findings: list[Finding]
    errors: list[dict[str, Any]] = Field(default_factory=list)
    out_of_scope: list[dict[str, Any]] = Field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "findings": [f.as_json() for f in self.findings],
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
        return 1 if any(not f.waived for f in self.findings) else 0
