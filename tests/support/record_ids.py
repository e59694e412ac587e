"""The record ids of the fixture county, and finding them in text a person reads (a notice, a message)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

COUNTY = Path(__file__).resolve().parents[2] / "fixtures" / "county"


def _records() -> Iterator[dict[str, Any]]:
    """Every mapping (a record, a section) of every fixture-county file."""

    def walk(v: Any) -> Iterator[dict[str, Any]]:
        if isinstance(v, dict):
            yield v
            for x in v.values():
                yield from walk(x)
        elif isinstance(v, list):
            for x in v:
                yield from walk(x)

    for f in sorted(COUNTY.glob("*.yaml")):
        yield from walk(yaml.safe_load(f.read_text("utf-8")))


def county_record_ids() -> set[str]:
    """Every record id of the fixture county: the ``id`` of a record and every ``*_id`` reference to one
    (a reference may name a record that does not exist, st-duty-9: that is what the rule finds)."""
    return {
        x for r in _records() for k, x in r.items() if (k == "id" or k.endswith("_id")) and isinstance(x, str)
    }


def county_field_names() -> set[str]:
    """The snapshots' field names (every key of the fixture county) that are ASCII words of 3 or more."""
    return {k for r in _records() for k in r if isinstance(k, str) and re.fullmatch(r"[a-z][a-z0-9_]{2,}", k)}


def ids_in(text: str, ids: set[str]) -> list[str]:
    """The ids that stand in ``text`` as ids: bounded by what cannot be part of one (a Chinese character can
    stand right beside an id, so ``\\w`` is no boundary here)."""
    return sorted(i for i in ids if re.search(rf"(?<![A-Za-z0-9_-]){re.escape(i)}(?![A-Za-z0-9_-])", text))
