"""Validating parsed data as a snapshot: the model, unique ids, chronology; every error located.

Every error names the file, the JSON pointer of the field, the record id where there is one, what was
read (bounded) and what is expected — Chinese first, English beside.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
import typing
from collections.abc import Sequence
from typing import Annotated, Any

import orjson
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from evaluator.intake.chronology import DateProblem, chronology_problems
from evaluator.intake.gcpause import collector_paused
from evaluator.intake.loaded import LoadedSnapshot
from evaluator.intake.parse import kind_of
from evaluator.intake.problems import ImportProblem, SnapshotFileError, echo, pointer_of
from evaluator.intake.yaml_reader import YamlDate
from evaluator.model.consistency import Problem, RecordIds, art71_problems
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot
from evaluator.model.upgrade import upgrade

_MESSAGES: dict[str, str] = {
    "missing": "缺少必填字段 / required field missing",
    "extra_forbidden": "未知字段（不允许额外字段）/ unknown field",
    "enum": "取值不在允许范围内 / value not allowed",
    "literal_error": "取值不在允许范围内 / value not allowed",
    "date_parsing": "日期无效，应为真实存在的日期 YYYY-MM-DD / invalid date, expected a real YYYY-MM-DD",
    "date_from_datetime_parsing": "日期无效，应为真实存在的日期 YYYY-MM-DD / invalid date",
    "date_from_datetime_inexact": "日期不应含时间 / date must not carry a time",
    "date_type": "应为日期 YYYY-MM-DD / expected a date",
    "int_parsing": "应为整数 / expected an integer",
    "int_type": "应为整数 / expected an integer",
    "int_from_float": "应为整数 / expected an integer",
    "float_parsing": "应为数值 / expected a number",
    "float_type": "应为数值 / expected a number",
    "bool_parsing": "应为“是”或“否”（true/false）/ expected 是 or 否 (true/false)",
    "bool_type": "应为“是”或“否”（true/false）/ expected 是 or 否 (true/false)",
    "string_type": "应为文本 / expected a string",
    "string_pattern_mismatch": "格式不符 / wrong format",
    "string_too_long": "文本过长 / string too long",
    "string_too_short": "不能为空 / must not be empty",
    "list_type": "应为列表 / expected a list",
    "too_long": "列表过长 / list too long",
    "model_type": "应为对象 / expected an object",
    "model_attributes_type": "应为对象 / expected an object",
    "dict_type": "应为对象 / expected an object",
    "greater_than_equal": "数值过小 / value too small",
    "less_than_equal": "数值过大 / value too large",
    "greater_than": "数值过小 / value too small",
    "less_than": "数值过大 / value too large",
}
_BOUNDS = {"ge": "不小于", "le": "不大于", "gt": "大于", "lt": "小于"}
_NO_ECHO = {"missing", "extra_forbidden", "model_type", "model_attributes_type", "dict_type", "list_type"}


def _field_at(model: type[BaseModel], loc: Sequence[Any]) -> FieldInfo | None:
    """The model's field at ``loc`` (list indexes skipped); None where the model has no such field."""
    current: Any = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        if (
            not (isinstance(current, type) and issubclass(current, BaseModel))
            or part not in current.model_fields
        ):
            return None
        info = current.model_fields[part]
        current = _inner_model(info.annotation)
    return info


def _field_range(model: type[BaseModel], loc: Sequence[Any]) -> str | None:
    """The allowed range of the number field at ``loc`` ("0–1"), read from the model's own bounds."""
    info = _field_at(model, loc)
    if info is None:
        return None
    low = next((m.ge for m in info.metadata if getattr(m, "ge", None) is not None), None)
    high = next((m.le for m in info.metadata if getattr(m, "le", None) is not None), None)
    return f"{low:g}–{high:g}" if low is not None and high is not None else None


def _inner_model(annotation: Any) -> Any:
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        for inner in typing.get_args(arg):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def _message(err: Any, model: type[BaseModel] | None = None) -> str:
    etype = err["type"]
    ctx = err.get("ctx", {})
    if model is not None and etype in ("greater_than_equal", "less_than_equal"):
        span = _field_range(model, err["loc"])
        if span:
            zh = _MESSAGES[etype].split(" / ")[0]
            return f"{zh}：读到 {echo(err.get('input'))}，允许范围 {span} / value out of range {span}"
    if etype == "value_error":
        return str(ctx.get("error", err["msg"]))
    base = _MESSAGES.get(etype, f"字段无效 / invalid field ({err['msg']})")
    zh, en = (re.split(r"\s?/ (?=[a-z])", base, maxsplit=1) + [""])[:2]
    if etype in _NO_ECHO:
        return base
    read = f"读到 {echo(err.get('input'))}"
    if etype in ("enum", "literal_error"):
        allowed = re.sub(r"'\s*(?:,|or)\s*'", "、", str(ctx.get("expected", ""))).strip("'")
        return f"{zh}：{read}；允许：{allowed} / {en}"
    bounds = "，".join(f"应{_BOUNDS[k]} {ctx[k]}" for k in ("ge", "gt", "le", "lt") if k in ctx)
    if "max_length" in ctx:
        bounds = f"最多 {ctx['max_length']} 个"
    if "pattern" in ctx:
        bounds = f"应符合 {ctx['pattern']}"
    return f"{zh}：{read}" + (f"，{bounds}" if bounds else "") + f" / {en}"


def _record_id_on_path(data: Any, loc: Sequence[Any]) -> str | None:
    rid: str | None = None
    node = data
    for part in loc:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                rid = node["id"]
            node = node.get(part) if isinstance(part, str) else None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
    if isinstance(node, dict) and isinstance(node.get("id"), str):
        rid = node["id"]
    return rid


def validate_document(
    data: Any,
    name: str,
    today: dt.date | None = None,
    normalised: Sequence[ImportProblem] = (),
    *,
    from_yaml: bool = False,
) -> LoadedSnapshot:
    """Validate one parsed document as a department or platform snapshot (``from_yaml``: where YAML read
    a date, the model must expect one)."""
    with collector_paused():
        return _validate(data, name, today, normalised, from_yaml)


def _validate(
    data: Any, name: str, today: dt.date | None, normalised: Sequence[ImportProblem], from_yaml: bool
) -> LoadedSnapshot:
    if not isinstance(data, dict):
        raise SnapshotFileError(
            [
                ImportProblem(
                    name,
                    "",
                    None,
                    f"快照应为一个对象（键: 值），读到的是{kind_of(data)} {echo(data)} / a snapshot must be an object",
                )
            ]
        )
    data = upgrade(data)  # a 1.0 snapshot is read as 1.1 (docs/decisions/0015-snapshot-1.1.md)
    kind = data.get("kind")
    model: type[DepartmentSnapshot] | type[PlatformSnapshot]
    if kind == "department":
        model = DepartmentSnapshot
    elif kind == "platform":
        model = PlatformSnapshot
    else:
        raise SnapshotFileError(
            [
                ImportProblem(
                    name,
                    "/kind",
                    None,
                    f"快照类型 kind 应为 department 或 platform，读到 {echo(kind)} / kind must be department "
                    "or platform",
                )
            ]
        )
    dates = _dates_on_text(data, model, name) if from_yaml else []
    try:
        snap = model.model_validate(data)
    except ValidationError as e:
        errs = [
            ImportProblem(
                name, pointer_of(err["loc"]), _record_id_on_path(data, err["loc"]), _message(err, model)
            )
            for err in e.errors()
        ]
        errs += [p for p in dates if p.pointer not in {x.pointer for x in errs}]
        # One pass shows every fault: the records with field errors are set aside and the rest is
        # checked across records too (duplicate ids, chronology), pointers mapped back to the file.
        errs += _cross_record_problems_without(
            data, model, [tuple(err["loc"]) for err in e.errors()], name, today
        )
        raise SnapshotFileError(errs) from e
    return validated(snap, name, today, normalised, dates)


def validated(
    snap: DepartmentSnapshot | PlatformSnapshot,
    name: str,
    today: dt.date | None = None,
    normalised: Sequence[ImportProblem] = (),
    dates: Sequence[ImportProblem] = (),
) -> LoadedSnapshot:
    """A snapshot the model accepted, checked across its records (``dates``: what YAML read as a date
    where text was expected), with its canonical JSON and hash."""
    return _finish(snap, name, normalised, [*dates, *_cross_record_problems(snap, name, today)])


def validated_with_keys(
    snap: DepartmentSnapshot | PlatformSnapshot, name: str, keys: int
) -> LoadedSnapshot | None:
    """:func:`validated` for a snapshot read from a JSON text of ``keys`` keys (``json_bytes``); None when
    its models hold fewer: a key was written twice."""
    read: list[int] = []
    problems = _cross_record_problems(snap, name, None, read)
    return _finish(snap, name, (), problems) if read == [keys] else None


def _finish(
    snap: DepartmentSnapshot | PlatformSnapshot,
    name: str,
    normalised: Sequence[ImportProblem],
    problems: list[ImportProblem],
) -> LoadedSnapshot:
    if problems:
        raise SnapshotFileError(problems)
    canonical = canonical_json(snap)
    return LoadedSnapshot(name, snap, canonical, hashlib.sha256(canonical).hexdigest(), tuple(normalised))


def _dates_on_text(data: Any, model: type[BaseModel], name: str) -> list[ImportProblem]:
    """Every value YAML read as a date (unquoted ``2025-10-09``, ``!!timestamp``) where the model expects
    text, a code or a choice: refused where it was written, never read as text."""
    out: list[tuple[int, int, ImportProblem]] = []
    stack: list[tuple[Any, list[Any]]] = [(data, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, YamlDate):
            if not _expects_date(model, path):
                out.append(
                    (
                        node.line,
                        node.column,
                        ImportProblem(
                            name,
                            pointer_of(path),
                            _record_id_on_path(data, path),
                            f"第 {node.line} 行第 {node.column} 列：此处应为文本，读到的是日期 {echo(str(node))}"
                            f"（未加引号的日期或 !!timestamp 标签，YAML 读作日期）；如确是文本，请加引号写成 "
                            f"'{node}' / expected text, read a date (line {node.line} column {node.column}): "
                            "quote it if it is text",
                        ),
                    )
                )
        elif isinstance(node, dict):
            stack.extend((v, [*path, k]) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, [*path, i]) for i, v in enumerate(node))
    return [p for *_, p in sorted(out, key=lambda t: t[:2])]


def _expects_date(model: type[BaseModel], loc: Sequence[Any]) -> bool:
    """Whether the field at ``loc`` holds a date (a field the model does not know: its own error)."""
    info = _field_at(model, loc)
    return info is None or _has_date(info.annotation)


def _has_date(annotation: Any) -> bool:
    return annotation is dt.date or any(_has_date(a) for a in typing.get_args(annotation))


def _cross_record_problems(
    snap: DepartmentSnapshot | PlatformSnapshot,
    name: str,
    today: dt.date | None,
    keys: list[int] | None = None,
) -> list[ImportProblem]:
    # one walk: the chronology's visits every record in document order, the unique-id check and the count
    # of the keys read (``keys``, for json_bytes) ride it
    ids = RecordIds()
    dates = chronology_problems(snap, today, ids.visit, keys)
    found: list[Problem | DateProblem] = [*ids.problems, *art71_problems(snap), *dates]
    return [ImportProblem(name, p.pointer, p.record_id, p.message) for p in found]


def _cross_record_problems_without(
    data: dict[str, Any],
    model: type[DepartmentSnapshot] | type[PlatformSnapshot],
    locs: list[tuple[int | str, ...]],
    name: str,
    today: dt.date | None,
) -> list[ImportProblem]:
    """Cross-record problems of ``data`` without the records that have field errors. A section that
    still fails is left out (optional) or kept as read (required: its own error is already reported);
    nothing when period or as_of itself is wrong (no date to judge against)."""
    doc = copy.deepcopy(data)
    kept: dict[tuple[Any, ...], list[int]] = {}
    drops: dict[tuple[Any, ...], set[int]] = {}
    for loc in locs:
        cut = next((i for i in range(len(loc) - 1, 0, -1) if isinstance(loc[i], int)), None)
        if cut is not None:
            drops.setdefault(tuple(loc[:cut]), set()).add(int(loc[cut]))
    for path in sorted(drops, key=len, reverse=True):  # inner lists first: outer indexes stay valid
        node: Any = doc
        for part in _current(path, kept):
            node = node[part]
        old = kept.get(path, list(range(len(node))))
        keep = [i for i, orig in enumerate(old) if orig not in drops[path]]
        node[:] = [node[i] for i in keep]
        kept[path] = [old[i] for i in keep]
    values: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        if field_name not in doc:
            continue
        try:
            values[field_name] = _adapter(model, field_name).validate_python(doc[field_name])
        except ValidationError:
            if field_name in ("period", "as_of"):
                return []
            if info.is_required():
                values[field_name] = doc[field_name]
    if "period" not in values or "as_of" not in values:
        return []
    for field_name, info in model.model_fields.items():
        if info.is_required():
            values.setdefault(field_name, None)
    snap = model.model_construct(**values)
    return _raw_duplicate_ids(data, name) + [
        ImportProblem(name, pointer_of(_original(_split(p.pointer), kept)), p.record_id, p.message)
        for p in chronology_problems(snap, today)
    ]


def _raw_duplicate_ids(data: Any, name: str) -> list[ImportProblem]:
    """Duplicate record ids among every record as read, also those with field errors."""
    seen: dict[str, str] = {}
    out: list[ImportProblem] = []
    stack: list[tuple[Any, list[Any]]] = [(data, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            rid = node.get("id")
            if path and isinstance(rid, str):
                where = pointer_of(path)
                if rid in seen:
                    out.append(
                        ImportProblem(
                            name,
                            f"{where}/id",
                            rid,
                            f"记录标识重复：{rid}（首次出现于 {seen[rid]}）/ duplicate record id {rid} "
                            f"(first at {seen[rid]})",
                        )
                    )
                else:
                    seen[rid] = where
            stack.extend((v, [*path, k]) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((v, [*path, i]) for i, v in reversed(list(enumerate(node))))
    return out


_ADAPTERS: dict[tuple[type[Any], str], TypeAdapter[Any]] = {}


def _adapter(model: type[Any], field_name: str) -> TypeAdapter[Any]:
    key = (model, field_name)
    if key not in _ADAPTERS:
        info = model.model_fields[field_name]
        _ADAPTERS[key] = TypeAdapter(Annotated[info.annotation, info])  # type: ignore[arg-type]
    return _ADAPTERS[key]


def _split(pointer: str) -> list[int | str]:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    return [int(p) if p.isdigit() else p for p in parts]


def _original(loc: Sequence[Any], kept: dict[tuple[Any, ...], list[int]]) -> list[Any]:
    """A location in the pruned document, as the location in the document as read."""
    out: list[Any] = []
    for part in loc:
        if isinstance(part, int) and tuple(out) in kept:
            part = kept[tuple(out)][part]
        out.append(part)
    return out


def _current(path: tuple[Any, ...], kept: dict[tuple[Any, ...], list[int]]) -> list[Any]:
    """A location in the document as read, as the location in the pruned document."""
    out: list[Any] = []
    for i, part in enumerate(path):
        prefix = path[:i]
        if isinstance(part, int) and prefix in kept:
            part = kept[prefix].index(part)
        out.append(part)
    return out


def canonical_json(snap: DepartmentSnapshot | PlatformSnapshot) -> bytes:
    """Sorted, compact JSON of a validated snapshot: the bytes that are hashed and stored. The model's
    fields hold only JSON types, dates and string enumerations, which orjson writes as pydantic's JSON
    mode does (ISO dates, the enumeration's value), so the Python-mode dump gives the same bytes, ≈ 25 %
    sooner (no Python ``Enum.value`` call per value)."""
    return orjson.dumps(snap.model_dump(), option=orjson.OPT_SORT_KEYS)
