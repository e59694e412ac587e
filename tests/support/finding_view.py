"""A read-only ``f["rule_id"]`` / ``f.get("rule_id")`` view of ``Finding`` and ``Evidence`` for the tests
that still read findings that way — for test code only, while those tests move to attributes.

The product has no such view (``evaluator.model.results``: attributes, or ``as_json()``). This one is
installed by ``tests/conftest.py`` and refuses every caller outside ``tests/``: a module of
``evaluator/``, ``dashboard/``, ``features/`` or ``benchmarks/`` that reads a finding as a dict fails
under the tests as it would in production (the view cannot hide it). Delete this module, and its
installation, when ``grep`` finds no test reading a finding by subscript.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from evaluator.model.results import Evidence, Finding

TESTS = Path(__file__).resolve().parent.parent


def _from_a_test() -> None:
    caller = Path(sys._getframe(2).f_code.co_filename).resolve()
    if not caller.is_relative_to(TESTS):
        raise TypeError(f"a finding has no dict view outside the tests: read attributes ({caller})")


def _getitem(self: Any, name: str) -> Any:
    _from_a_test()
    if name not in type(self).model_fields:
        raise KeyError(name)
    return getattr(self, name)


def _get(self: Any, name: str, default: Any = None) -> Any:
    _from_a_test()
    return getattr(self, name) if name in type(self).model_fields else default


def _contains(self: Any, name: object) -> bool:
    _from_a_test()
    return name in type(self).model_fields


def _keys(self: Any) -> list[str]:
    _from_a_test()
    return list(type(self).model_fields)


def install() -> None:
    for cls in (Finding, Evidence):
        cls.__getitem__ = _getitem  # type: ignore[attr-defined]
        cls.get = _get  # type: ignore[attr-defined]
        cls.__contains__ = _contains  # type: ignore[attr-defined]
        cls.keys = _keys  # type: ignore[attr-defined]
