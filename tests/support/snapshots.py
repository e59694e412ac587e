"""Snapshots for tests, built on the fixture county's clean department (内乡县统计局 keeps every duty:
fixtures/README.md) so that a test changes only the facts it is about."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "county"
_CLEAN = yaml.safe_load((FIXTURES / "15-tongjiju.yaml").read_text("utf-8"))
_PLATFORM = yaml.safe_load((FIXTURES / "00-platform.yaml").read_text("utf-8"))

DEPT: str = _CLEAN["department"]["code"]
AUTHORITY: str = _PLATFORM["authority"]
#: 公安局, which shares DE0001 身份证号码 on the city platform in the fixture county
OTHER: str = next(i["provider"] for i in _PLATFORM["shared_items"] if i["item_code"] == "DE0001")


def platform(**over: Any) -> dict[str, Any]:
    doc = copy.deepcopy(_PLATFORM)
    doc.update(copy.deepcopy(over))
    return doc


def department(**over: Any) -> dict[str, Any]:
    """The clean department; keyword arguments replace whole top-level sections."""
    doc = copy.deepcopy(_CLEAN)
    doc.update(copy.deepcopy(over))
    return doc
