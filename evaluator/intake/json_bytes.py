"""A JSON snapshot validated from its bytes (pydantic's JSON path), when its text is plain enough that the
outcome is certainly the one of the located path (``parse.parse_json``, then ``validate.validate_document``).

The located path parses the text with orjson, checks the value against the budget and for duplicate keys,
then validates the Python value. Here the model reads the bytes itself (sooner than orjson's parse and
the Python-mode validation together, benchmarks/README.md, "Import, session 8"), and the checks the located
path makes on orjson's value are made without one:

- the budget is judged on the text (``parse.text_shape``, the bounds the located path's one-parse route
  uses), and its numbers must be plain (no exponent, ``NaN`` or ``Infinity``: pydantic reads ``1e400`` as
  infinity where orjson refuses the text);
- a duplicate key: every object of a snapshot is one model (no field holds a mapping: a test asserts it),
  whose set fields are the object's keys, one of each; the keys read are counted on the chronology's walk
  (``intake/keys.py``) and compared with the keys written (the colons outside the strings). pydantic
  keeps one value of a repeated key silently.

Anything else — a text the located path must look at, a model error, a count that differs — returns None,
and the caller takes the located path with the same text: every refusal is made and worded there, as
before. A document accepted here is one the located path accepts, with the same model (a test compares
both paths on the fixtures and their mutations), so its canonical JSON and hash are the same.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, TypeAdapter, ValidationError

from evaluator.intake.gcpause import collector_paused
from evaluator.intake.loaded import LoadedSnapshot
from evaluator.intake.parse import BUDGET, text_shape
from evaluator.intake.validate import validated_with_keys
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot

# the kind decides the model, as in validate._validate: a kind other than these two is the located path's
_SNAPSHOT: TypeAdapter[DepartmentSnapshot | PlatformSnapshot] = TypeAdapter(
    Annotated[DepartmentSnapshot | PlatformSnapshot, Field(discriminator="kind")]
)


def read_plain(text: str, raw: bytes, name: str, bmp_clean: bool) -> LoadedSnapshot | None:
    """The snapshot of a plain JSON text (``raw``: its UTF-8 bytes, without a leading BOM), validated from
    the bytes; None when the located path must read it. ``bmp_clean``: ``check_json_text``'s finding."""
    if not bmp_clean:
        return None
    shape = text_shape(text, BUDGET, bmp_clean)
    if shape is None or not shape.plain:
        return None
    with collector_paused():
        try:
            snap = _SNAPSHOT.validate_json(raw)
        except ValidationError:
            return None  # located and worded there, with the record ids
        return validated_with_keys(snap, name, shape.pairs)  # None: a key written twice, located there
