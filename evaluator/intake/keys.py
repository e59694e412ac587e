"""The keys a snapshot read from JSON held: the fields set in every one of its models.

Every object of a snapshot is one model (no field holds a mapping: ``tests/test_intake_json_bytes.py``
asserts it), and pydantic sets a field for each key it reads, once even when the key is written twice; so
a snapshot read from a JSON text has as many fields set as the text has keys iff no key is repeated
(``json_bytes``). Counted on the chronology's walk (``chronology._Walk``): the models it does not enter —
they hold neither a date nor a record — are counted here.
"""

from __future__ import annotations

import functools
import operator
import types
import typing
from typing import Any

from pydantic import BaseModel


def keys_set(value: Any) -> int:
    """How many fields are set in every model within ``value`` (a model, a list of them, None): for a
    model validated from JSON, the keys its objects held, one of each (a key written twice is read once)."""
    n = 0
    stack: list[Any] = [value]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        node = pop()
        if isinstance(node, BaseModel):
            n += len(node.__pydantic_fields_set__)
            deep, leaves = _key_plan(type(node))
            for field in leaves:  # a model, or a list of models, holding no model: counted here
                held = getattr(node, field)
                if type(held) is list:
                    n += sum(map(len, map(_FIELDS_SET, held)))
                elif held is not None:
                    n += len(held.__pydantic_fields_set__)
            for field in deep:
                push(getattr(node, field))
        elif isinstance(node, list):
            extend(node)
    return n


_FIELDS_SET = operator.attrgetter("__pydantic_fields_set__")


@functools.cache
def _key_plan(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of ``model`` whose values can hold a model: those to walk into, and those whose value is
    a model or a list of models (or None) that hold no model themselves, counted without walking."""
    deep: list[str] = []
    leaves: list[str] = []
    for name, info in model.model_fields.items():
        if holds_model(info.annotation):
            (leaves if _leaf_model(info.annotation) else deep).append(name)
    return tuple(deep), tuple(leaves)


def _leaf_model(tp: Any) -> bool:
    """Whether ``tp`` is ``M``, ``list[M]`` or either or None, for one model ``M`` that holds no model."""
    optional = typing.get_origin(tp) in (typing.Union, types.UnionType)
    args = [a for a in typing.get_args(tp) if a is not type(None)] if optional else [tp]
    if len(args) != 1:
        return False
    one = args[0]
    if typing.get_origin(one) is list:
        (one,) = typing.get_args(one)
    return (
        isinstance(one, type)
        and issubclass(one, BaseModel)
        and not any(holds_model(f.annotation) for f in one.model_fields.values())
    )


def holds_model(tp: Any) -> bool:
    """Whether a field of annotation ``tp`` can hold a model."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return True
    return any(holds_model(arg) for arg in typing.get_args(tp))
