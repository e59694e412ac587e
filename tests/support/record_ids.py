"""The record ids of the fixture county, and finding them in text a person reads (a notice, a message)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

COUNTY = Path(__file__).resolve().parents[2] / "fixtures" / "county"


def county_record_ids() -> set[str]:
    """Every record id of the fixture county: the ``id`` of a record and every ``*_id`` reference to one
    (a reference may name a record that does not exist, st-duty-9: that is what the rule finds)."""
    ids: set[str] = set()

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            ids.update(x for k, x in v.items() if (k == "id" or k.endswith("_id")) and isinstance(x, str))
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for f in sorted(COUNTY.glob("*.yaml")):
        walk(yaml.safe_load(f.read_text("utf-8")))
    return ids


def ids_in(text: str, ids: set[str]) -> list[str]:
    """The ids that stand in ``text`` as ids: bounded by what cannot be part of one (a Chinese character can
    stand right beside an id, so ``\\w`` is no boundary here)."""
    return sorted(i for i in ids if re.search(rf"(?<![A-Za-z0-9_-]){re.escape(i)}(?![A-Za-z0-9_-])", text))
