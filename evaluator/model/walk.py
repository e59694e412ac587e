"""Which fields of a model a walk over a snapshot must enter, read once a model class from its annotations.

The checks at import walk every record of a snapshot (unique ids: the records; chronology: the records and
the dates). A department holds ≈ 500 records of ≈ 10 fields, most of them text, numbers and enumerations
that hold neither: visiting them was half of an import's time (benchmarks/README.md, issue 20). A field is
entered when its annotation can hold a record, one of ``kinds``, anything (``Any``), or a model with such a
field; a model that can hold none of them (a data item, a legal basis) is not entered at all.
"""

from __future__ import annotations

import functools
import typing
from typing import Any

from pydantic import BaseModel

from evaluator.model.base import Record


@functools.cache
def fields_holding(model: type[BaseModel], *kinds: type) -> tuple[str, ...]:
    """The names of ``model``'s fields, in their order, whose values can hold a record, a ``kinds`` or a
    model holding one of them."""
    return tuple(name for name, info in model.model_fields.items() if _holds(info.annotation, kinds))


def _holds(tp: Any, kinds: tuple[type, ...]) -> bool:
    if tp is Any:
        return True
    if isinstance(tp, type):
        if issubclass(tp, BaseModel):
            return _matters(tp, kinds)
        if kinds and issubclass(tp, kinds):
            return True
    return any(_holds(arg, kinds) for arg in typing.get_args(tp))


_PENDING: set[tuple[type[BaseModel], tuple[type, ...]]] = set()


@functools.cache
def _matters(model: type[BaseModel], kinds: tuple[type, ...]) -> bool:
    """Whether a walk must enter a ``model``: a record, or a model with a field it must enter (a model that
    holds itself, while it is being read, counts as one that matters)."""
    if issubclass(model, Record) or (model, kinds) in _PENDING:
        return True
    _PENDING.add((model, kinds))
    try:
        return any(_holds(info.annotation, kinds) for info in model.model_fields.values())
    finally:
        _PENDING.discard((model, kinds))
