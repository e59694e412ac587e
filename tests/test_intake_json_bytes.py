"""A plain JSON snapshot is validated from its bytes (``evaluator/intake/json_bytes.py``): the outcome of
``load_bytes`` — the snapshot, its canonical bytes and hash, or the located errors in order — is the located
path's exactly, on the fixtures and on mutations of them; and the texts the located path must read are
never taken from the bytes."""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from evaluator.intake import json_bytes
from evaluator.intake.files import load_bytes
from evaluator.intake.keys import keys_set
from evaluator.intake.loaded import LoadedSnapshot
from evaluator.intake.parse import check_json_text, parse_json
from evaluator.intake.problems import SnapshotFileError
from evaluator.intake.validate import validate_document
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot
from fixtures.generator.build import COUNTY_DIR, INVALID_DIR

# the invalid files as JSON too (their faults that JSON can hold), but the alias bomb: written as JSON it
# is the billions of nodes the aliases expand to
YAMLS = sorted(COUNTY_DIR.glob("*.yaml")) + sorted(
    p for p in INVALID_DIR.glob("*.yaml") if p.name != "14-alias-bomb.yaml"
)


def _docs() -> list[tuple[str, Any]]:
    out = []
    for p in YAMLS:
        try:
            doc = yaml.safe_load(p.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError, KeyError, ValueError):  # some invalid files are not YAML
            continue
        out.append((p.name, doc))
    return out


DOCS = _docs()
DEPT = next(doc for name, doc in DOCS if name == "15-tongjiju.yaml")


def _text(doc: Any, indent: int | None = None) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=indent, default=str)


def _located(raw: bytes, name: str) -> Any:
    """What the located path makes of a JSON file: parse_json, then validate_document."""
    try:
        text, clean = check_json_text(raw.decode("utf-8"), name)
        return validate_document(parse_json(text, name, snapshot=True, bmp_clean=clean), name)
    except SnapshotFileError as e:
        return [(p.file, p.pointer, p.record_id, p.message) for p in e.errors]


def _loaded(raw: bytes, name: str) -> Any:
    try:
        return load_bytes(raw, name, ".json")
    except SnapshotFileError as e:
        return [(p.file, p.pointer, p.record_id, p.message) for p in e.errors]


def _plain(text: str, name: str = "t.json") -> Any:
    """read_plain's answer: the snapshot, its errors (a snapshot the model accepted, wrong across its
    records), or None (the located path must read it)."""
    try:
        clean = check_json_text(text, name)[1]
        return json_bytes.read_plain(text, text.encode("utf-8"), name, clean)
    except SnapshotFileError as e:
        return [(p.file, p.pointer, p.record_id, p.message) for p in e.errors]


def _same(raw: bytes, name: str = "t.json") -> Any:
    got, want = _loaded(raw, name), _located(raw, name)
    if isinstance(want, LoadedSnapshot):
        assert isinstance(got, LoadedSnapshot)
        assert got == want  # source, canonical bytes, hash, notes
        assert got.head() == want.head()
        assert got.snapshot == want.snapshot
    else:
        assert got == want  # the same located errors, in the same order
    return got


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=[n for n, _ in DOCS])
@pytest.mark.parametrize("indent", [None, 1])
def test_fixtures_read_from_bytes_as_on_the_located_path(name: str, doc: Any, indent: int | None) -> None:
    raw = _text(doc, indent).encode("utf-8")
    got = _same(raw, name)
    plain = _plain(raw.decode("utf-8"), name)
    if (COUNTY_DIR / name).exists():  # every county file is read from its bytes
        assert plain == got
    else:
        assert plain is None or plain == got


def _set(doc: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(doc, default=str))
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


COMPACT = _text(DEPT)
FIRST_ENTRY = '{"id": "' + DEPT["catalog"][0]["id"] + '"'
MUTATIONS: dict[str, str] = {
    "top duplicate key": COMPACT.replace('"period": 2025', '"period": 2025, "period": 2025', 1),
    "record duplicate key": COMPACT.replace(FIRST_ENTRY, FIRST_ENTRY + ', "id": "x-1"', 1),
    "duplicate key, other value": COMPACT.replace('"period": 2025', '"period": 2024, "period": 2025', 1),
    "exponent": COMPACT.replace('"period": 2025', '"period": 2.025e3', 1),
    "NaN": _text(_set(DEPT, ["quality_reports", 0, "accuracy"], 0.5)).replace("0.5", "NaN", 1),
    "Infinity": _text(_set(DEPT, ["quality_reports", 0, "accuracy"], 0.5)).replace("0.5", "Infinity", 1),
    "1e400": _text(_set(DEPT, ["quality_reports", 0, "accuracy"], 0.5)).replace("0.5", "1e400", 1),
    "19 digits": COMPACT.replace('"period": 2025', '"period": 1000000000000000002025', 1),
    "padded string": _text(_set(DEPT, ["department", "name"], " " * 30_000 + DEPT["department"]["name"])),
    "leading zeros": COMPACT.replace('"period": 2025', '"period": "' + "0" * 30_000 + '2025"', 1),
    "period as text": COMPACT.replace('"period": 2025', '"period": "2025"', 1),
    "period as float": COMPACT.replace('"period": 2025', '"period": 2025.0', 1),
    "an English alias": COMPACT.replace("有条件共享", "conditional", 1),
    "escaped": COMPACT.replace(DEPT["department"]["name"], "\\u7edf" + DEPT["department"]["name"][1:], 1),
    "unknown field": COMPACT.replace('"period": 2025', '"period": 2025, "colour": "red"', 1),
    "missing field": _text({k: v for k, v in DEPT.items() if k != "as_of"}),
    "wrong kind": COMPACT.replace('"kind": "department"', '"kind": "departments"', 1),
    "kind padded": COMPACT.replace('"kind": "department"', '"kind": " department"', 1),
    "format 1.0": COMPACT.replace('"schema_version": "1.1"', '"schema_version": "1.0"', 1),
    "a top array": "[" + COMPACT + "]",
    "a leading BOM": "\ufeff" + COMPACT,
    "a date after as_of": COMPACT.replace('"as_of": "' + str(DEPT["as_of"]), '"as_of": "2025-01-02', 1),
    "trailing content": COMPACT + " {}",
    "truncated": COMPACT[:-1],
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_mutations_read_as_on_the_located_path(mutation: str) -> None:
    _same(MUTATIONS[mutation].encode("utf-8"))


@pytest.mark.parametrize(
    "mutation",
    [
        "top duplicate key",
        "record duplicate key",
        "duplicate key, other value",
        "exponent",
        "NaN",
        "Infinity",
        "1e400",
        "19 digits",
        "padded string",
        "leading zeros",
        "escaped",
        "unknown field",
        "wrong kind",
        "kind padded",
        "format 1.0",
        "a top array",
        "truncated",
    ],
)
def test_what_the_located_path_must_read_is_not_read_from_bytes(mutation: str) -> None:
    assert _plain(MUTATIONS[mutation]) is None


def test_keys_read_are_the_keys_written() -> None:
    snap = DepartmentSnapshot.model_validate_json(COMPACT)
    assert keys_set(snap) == COMPACT.count('": ')  # no string of the fixture holds '": '


def _leaves(tp: Any) -> list[Any]:
    if typing.get_origin(tp) is typing.Annotated:
        return _leaves(typing.get_args(tp)[0])
    args = typing.get_args(tp)
    if not args:
        return [tp]
    if typing.get_origin(tp) is typing.Literal:
        return [str]
    return [leaf for a in args for leaf in _leaves(a)] + [typing.get_origin(tp)]


def test_every_object_of_a_snapshot_is_one_model() -> None:
    # the premise of keys_read: no field holds a mapping or anything else an object could be read into,
    # so the set fields of the models are the keys of the objects
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [DepartmentSnapshot, PlatformSnapshot]
    kinds: set[Any] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in model.model_fields.values():
            for leaf in _leaves(info.annotation):
                if isinstance(leaf, type) and issubclass(leaf, BaseModel):
                    todo.append(leaf)
                elif isinstance(leaf, type) and issubclass(leaf, enum.Enum):
                    kinds.add(enum.Enum)
                elif leaf is not typing.Union:
                    kinds.add(leaf)
    assert len(seen) > 30
    assert kinds <= {str, int, float, bool, dt.date, enum.Enum, list, type(None), types.UnionType}


def test_a_file_with_a_bom_is_read_from_its_bytes() -> None:
    raw = ("\ufeff" + COMPACT).encode("utf-8")
    assert _same(raw) == load_bytes(COMPACT.encode("utf-8"), "t.json", ".json")
