"""Reading snapshot files: JSON and YAML, safely, with every error located.

Every error names the file, the JSON pointer of the field, the record id where there is one, and what
is wrong — Chinese first, English beside. Nothing is stored here: the store writes only after every
file of an import has been read without error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import yaml
from pydantic import ValidationError

from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot, consistency_problems

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32  # the snapshot schema nests at most 6 levels
SUFFIXES = (".json", ".yaml", ".yml", ".xlsx")


@dataclass(frozen=True)
class ImportProblem:
    """One located problem in one input file."""

    file: str
    pointer: str
    record_id: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "pointer": self.pointer,
            "record_id": self.record_id,
            "message": self.message,
        }

    def __str__(self) -> str:
        rid = f" [记录 {self.record_id}]" if self.record_id else ""
        return f"{self.file}:{self.pointer or '/'}{rid}: {self.message}"


class SnapshotFileError(Exception):
    """Raised when one or more input files are invalid; carries every located error."""

    def __init__(self, errors: Sequence[ImportProblem]) -> None:
        super().__init__(f"{len(errors)} 处错误 / {len(errors)} error(s)")
        self.errors = list(errors)


@dataclass(frozen=True)
class LoadedSnapshot:
    source: str
    snapshot: DepartmentSnapshot | PlatformSnapshot
    canonical: bytes  # canonical JSON of the validated snapshot
    sha256: str

    @property
    def kind(self) -> str:
        return self.snapshot.kind

    @property
    def dept(self) -> str | None:
        return self.snapshot.department.code if isinstance(self.snapshot, DepartmentSnapshot) else None


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """A file stays itself; a folder gives its snapshot files, sorted, recursively."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            files.append(p)
    return files


def load_files(paths: Iterable[Path]) -> list[LoadedSnapshot]:
    """Read and validate every file; raise SnapshotFileError with all errors of all files."""
    files = expand_paths(paths)
    errors: list[ImportProblem] = []
    loaded: list[LoadedSnapshot] = []
    if not files:
        raise SnapshotFileError(
            [ImportProblem("", "", None, "未找到快照文件（.json/.yaml） / no snapshot files found")]
        )
    for f in files:
        try:
            loaded.append(load_file(f))
        except SnapshotFileError as e:
            errors.extend(e.errors)
    errors.extend(_cross_file_errors(loaded))
    if errors:
        raise SnapshotFileError(errors)
    return loaded


def _cross_file_errors(loaded: list[LoadedSnapshot]) -> list[ImportProblem]:
    seen: dict[tuple[str, str | None, int], str] = {}
    errors: list[ImportProblem] = []
    for snap in loaded:
        key = (snap.kind, snap.dept, snap.snapshot.period)
        if key in seen:
            who = snap.dept or "平台 platform"
            errors.append(
                ImportProblem(
                    snap.source,
                    "",
                    None,
                    f"同一批次中 {who} 的 {key[2]} 年度快照出现两次（另见 {seen[key]}）/ "
                    f"the same {key[0]} snapshot for {key[2]} appears twice (also {seen[key]})",
                )
            )
        else:
            seen[key] = snap.source
    return errors


def load_file(path: Path) -> LoadedSnapshot:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise SnapshotFileError(
            [ImportProblem(name, "", None, f"无法读取文件 / cannot read file: {e}")]
        ) from e
    if size > MAX_FILE_BYTES:
        raise SnapshotFileError(
            [
                ImportProblem(
                    name,
                    "",
                    None,
                    f"文件过大：{size} 字节，上限 {MAX_FILE_BYTES} 字节 / file too large: {size} bytes, "
                    f"limit {MAX_FILE_BYTES}",
                )
            ]
        )
    raw = path.read_bytes()
    return load_bytes(raw, name, path.suffix.lower())


def load_bytes(raw: bytes, name: str, suffix: str) -> LoadedSnapshot:
    """Parse and validate one snapshot document given as bytes (upload, file, test)."""
    if len(raw) > MAX_FILE_BYTES:
        raise SnapshotFileError(
            [ImportProblem(name, "", None, f"文件过大，上限 {MAX_FILE_BYTES} 字节 / file too large")]
        )
    if suffix == ".xlsx":
        from evaluator.intake.xlsx import read_workbook  # the Excel template (evaluator/xlsx.py)

        return read_workbook(raw, name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SnapshotFileError(
            [
                ImportProblem(
                    name,
                    "",
                    None,
                    f"文件不是 UTF-8 编码（第 {e.start} 字节）/ file is not UTF-8 (byte {e.start})",
                )
            ]
        ) from e
    try:
        data = _parse(text, name, suffix)
    except RecursionError as e:
        raise SnapshotFileError([_too_deep(name)]) from e
    if _depth(data) > MAX_DEPTH:
        raise SnapshotFileError([_too_deep(name)])
    return validate_document(data, name)


def _too_deep(name: str) -> ImportProblem:
    return ImportProblem(
        name, "", None, f"嵌套层级过深（上限 {MAX_DEPTH} 层）/ nesting too deep (limit {MAX_DEPTH} levels)"
    )


def _depth(data: Any) -> int:
    """Nesting depth, iteratively (no recursion on hostile input)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if d > MAX_DEPTH:
            return d
        if isinstance(node, dict):
            stack.extend((v, d + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, d + 1) for v in node)
    return deepest


def _parse(text: str, name: str, suffix: str) -> Any:
    if suffix == ".json":
        try:
            return json.loads(text, object_pairs_hook=_no_duplicate_keys)
        except json.JSONDecodeError as e:
            raise SnapshotFileError(
                [
                    ImportProblem(
                        name,
                        "",
                        None,
                        f"JSON 格式错误（第 {e.lineno} 行第 {e.colno} 列）：{e.msg} / malformed JSON at line "
                        f"{e.lineno} column {e.colno}: {e.msg}",
                    )
                ]
            ) from e
        except _DuplicateKey as e:
            raise SnapshotFileError(
                [ImportProblem(name, "", None, f"JSON 键重复：{e.key} / duplicate JSON key {e.key}")]
            ) from e
    if suffix in (".yaml", ".yml"):
        try:
            # SafeLoader builds plain data only: a tag that would construct an object is refused.
            return yaml.load(text, Loader=_SafeNoDupLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark
            where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
            where_en = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
            raise SnapshotFileError(
                [
                    ImportProblem(
                        name,
                        "",
                        None,
                        f"YAML 格式错误或含不允许的标签（{where}）：{e.problem} / malformed YAML or a "
                        f"disallowed tag{where_en}: {e.problem}",
                    )
                ]
            ) from e
        except yaml.YAMLError as e:
            raise SnapshotFileError(
                [ImportProblem(name, "", None, f"YAML 格式错误 / malformed YAML: {e}")]
            ) from e
    raise SnapshotFileError(
        [
            ImportProblem(
                name, "", None, f"不支持的文件类型 {suffix}（应为 .json/.yaml）/ unsupported file type"
            )
        ]
    )


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k)
        out[k] = v
    return out


class _SafeNoDupLoader(yaml.SafeLoader):
    """SafeLoader that also refuses duplicate mapping keys and keeps dates as strings for pydantic."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"键重复 / duplicate key {key!r}",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_SafeNoDupLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings so that pydantic judges them (2025-02-30 gets a located error, not a YAML crash).
_SafeNoDupLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


_MESSAGES: dict[str, str] = {
    "missing": "缺少必填字段 / required field missing",
    "extra_forbidden": "未知字段（不允许额外字段）/ unknown field",
    "enum": "取值不在允许范围内 / value not allowed",
    "literal_error": "取值不在允许范围内 / value not allowed",
    "date_parsing": "日期无效，应为真实存在的 YYYY-MM-DD 日期 / invalid date, expected a real YYYY-MM-DD",
    "date_from_datetime_parsing": "日期无效，应为真实存在的 YYYY-MM-DD 日期 / invalid date",
    "date_from_datetime_inexact": "日期不应含时间 / date must not carry a time",
    "date_type": "应为日期 YYYY-MM-DD / expected a date",
    "int_parsing": "应为整数 / expected an integer",
    "int_type": "应为整数 / expected an integer",
    "int_from_float": "应为整数 / expected an integer",
    "float_parsing": "应为数值 / expected a number",
    "float_type": "应为数值 / expected a number",
    "bool_parsing": "应为布尔值 true/false / expected true or false",
    "bool_type": "应为布尔值 true/false / expected true or false",
    "string_type": "应为字符串 / expected a string",
    "string_pattern_mismatch": "格式不符 / wrong format",
    "string_too_long": "字符串过长 / string too long",
    "string_too_short": "不能为空 / must not be empty",
    "list_type": "应为列表 / expected a list",
    "too_long": "列表过长 / list too long",
    "model_type": "应为对象 / expected an object",
    "dict_type": "应为对象 / expected an object",
    "greater_than_equal": "数值过小 / value too small",
    "less_than_equal": "数值过大 / value too large",
    "greater_than": "数值过小 / value too small",
    "less_than": "数值过大 / value too large",
}


def _message(err: Any) -> str:
    etype = err["type"]
    if etype == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        return msg
    base = _MESSAGES.get(etype, f"字段无效 / invalid field ({err['msg']})")
    if etype in ("enum", "literal_error"):
        expected = err.get("ctx", {}).get("expected", "")
        return f"{base}：{err.get('input')!r}；允许 / allowed: {expected}"
    if etype.startswith("date"):
        return f"{base}：{err.get('input')!r}"
    return base


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


def _pointer(loc: Sequence[Any]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in loc)


def validate_document(data: Any, name: str) -> LoadedSnapshot:
    """Validate one parsed document as a department or platform snapshot."""
    if not isinstance(data, dict):
        raise SnapshotFileError(
            [ImportProblem(name, "", None, "快照应为对象 / a snapshot must be an object")]
        )
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
                    f"快照类型 kind 应为 department 或 platform，实为 {kind!r} / kind must be department or "
                    "platform",
                )
            ]
        )
    try:
        snap = model.model_validate(data)
    except ValidationError as e:
        errs = [
            ImportProblem(name, _pointer(err["loc"]), _record_id_on_path(data, err["loc"]), _message(err))
            for err in e.errors()
        ]
        raise SnapshotFileError(errs) from e
    problems = consistency_problems(snap)
    if problems:
        raise SnapshotFileError([ImportProblem(name, p.pointer, p.record_id, p.message) for p in problems])
    canonical = canonical_json(snap)
    return LoadedSnapshot(name, snap, canonical, hashlib.sha256(canonical).hexdigest())


def canonical_json(snap: DepartmentSnapshot | PlatformSnapshot) -> bytes:
    """Sorted, compact JSON of a validated snapshot: the bytes that are hashed and stored."""
    return orjson.dumps(snap.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)
