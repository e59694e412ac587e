"""Which fields of a model a walk over a snapshot must enter, read once a model class from its annotations.

The checks at import walk every record of a snapshot (unique ids: the models; chronology: the models and
the dates). A department holds ≈ 500 records of ≈ 10 fields, most of them text, numbers and enumerations
that hold neither: visiting them was half of an import's time (benchmarks/README.md, issue 20). A field is
entered when its annotation can hold a model, one of ``kinds`` or anything (``Any``).
"""

from __future__ import annotations

import functools
import typing
from typing import Any

from pydantic import BaseModel


@functools.cache
def fields_holding(model: type[BaseModel], *kinds: type) -> tuple[str, ...]:
    """The names of ``model``'s fields, in their order, whose values can hold a model or a ``kinds``."""
    return tuple(name for name, info in model.model_fields.items() if _holds(info.annotation, kinds))


def _holds(tp: Any, kinds: tuple[type, ...]) -> bool:
    if tp is Any:
        return True
    if isinstance(tp, type) and (issubclass(tp, BaseModel) or (kinds and issubclass(tp, kinds))):
        return True
    return any(_holds(arg, kinds) for arg in typing.get_args(tp))
