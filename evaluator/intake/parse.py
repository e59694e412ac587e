"""Parsing JSON and YAML text into plain data under a budget, every refusal located.

The budget (``Budget``) bounds what a hostile or broken file can cost before the snapshot model sees
it: alias expansion (counted as the nodes the aliases would expand to), nesting depth, the number of
nodes, the length of one list, of one string and of one number. YAML is read event by event from the
parser (no recursive composer, no object construction from tags), so a few hundred bytes of nested
aliases or 100,000 nested brackets are refused at the event that crosses the budget, with its line.

Refused, each with line and column (YAML) or JSON pointer (JSON): duplicate keys, keys that are not
strings, tags other than the plain ones (``!!binary``, ``!!python/…``, ``!foo``), merge keys,
several documents in one file, NUL and other control characters, a BOM inside the text, recursive or
undefined aliases. A YAML snapshot must end with the document end marker ``...`` so that a file cut
short is never a complete snapshot (docs/decisions/0017-intake-budgets-and-chronology.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import orjson
import yaml

from evaluator.intake.problems import ImportProblem, SnapshotFileError, echo, pointer_of


@dataclass(frozen=True)
class Budget:
    max_bytes: int = 20 * 1024 * 1024  # the whole file
    max_depth: int = 32  # the snapshot schema nests at most 6 levels
    max_nodes: int = 2_000_000  # every scalar, list and mapping, aliases expanded
    max_list: int = 200_000  # records in one list (a province's shared-item register)
    max_string: int = 20_000  # characters in one string (the longest field allows 2,000)
    max_number_chars: int = 32  # characters of one number as written


# JSON is parsed in C; YAML's events are handled in Python (≈ 3 µs each): its budget keeps a refusal
# well under a second. The fixture platform is 16 KB and 1,500 nodes; 150,000 nodes is a department
# with thousands of catalog entries. A larger register travels as JSON.
BUDGET = Budget()
YAML_BUDGET = Budget(max_bytes=4 * 1024 * 1024, max_nodes=150_000, max_list=50_000)

# C0 controls other than tab, line feed and carriage return; DEL; a BOM or a lone surrogate inside.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ud800-\udfff]")
_BAD_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")  # decoded UTF-8 has no surrogates
_CHAR_NAMES = {"\x00": "NUL（空字符）", "\ufeff": "BOM（字节顺序标记）"}

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
END_MARKER = "..."


def _char_name(ch: str) -> str:
    return _CHAR_NAMES.get(ch, f"控制字符 U+{ord(ch):04X}")


def _tag(tag: str | None) -> str:
    return echo((tag or "").replace("tag:yaml.org,2002:", "!!"))


def _where(mark: Any) -> str:
    return f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark is not None else ""


def _where_en(mark: Any) -> str:
    return f"line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""


def check_text(text: str, name: str) -> str:
    """The decoded text: a leading BOM is dropped; a BOM later, NUL or a control character is refused."""
    if text.startswith("\ufeff"):
        text = text[1:]
    m = _BAD_IN_TEXT.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        ch = m.group()
        raise SnapshotFileError(
            [
                ImportProblem(
                    name,
                    "",
                    None,
                    f"第 {line} 行第 {col} 列含不允许的字符 {_char_name(ch)} / disallowed character "
                    f"U+{ord(ch):04X} at line {line} column {col}",
                )
            ]
        )
    return text


def _check_size(text: str, name: str, budget: Budget, what: str) -> None:
    size = len(text.encode("utf-8")) if len(text) * 4 > budget.max_bytes else len(text)
    if size > budget.max_bytes:
        raise SnapshotFileError(
            [
                ImportProblem(
                    name,
                    "",
                    None,
                    f"{what} 文件过大：{size} 字节，上限 {budget.max_bytes} 字节"
                    + ("（更大的登记表请用 JSON）" if what == "YAML" else "")
                    + f" / {what} file too large: {size} bytes, limit {budget.max_bytes}",
                )
            ]
        )


# ---------------------------------------------------------------------------------------------
# YAML, event by event


@dataclass
class _Frame:
    value: dict[str, Any] | list[Any]
    path: list[str | int]
    anchor: str | None
    start: Any
    key: str | None = None  # a mapping's pending key
    key_mark: Any = None
    has_key: bool = False
    nodes: int = 1
    height: int = 1
    marks: dict[str, Any] = field(default_factory=dict)


class _YamlBuilder:
    def __init__(self, name: str, budget: Budget) -> None:
        self.name = name
        self.budget = budget
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # anchor → (value, nodes, height)
        self.nodes = 0
        self.root: Any = None
        self.done = False
        self.problems: list[ImportProblem] = []
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    # -- located errors
    def _path(self, extra: str | int | None = None) -> list[str | int]:
        path = list(self.stack[-1].path) if self.stack else []
        top = self.stack[-1] if self.stack else None
        if top is not None:
            if isinstance(top.value, list):
                path.append(len(top.value))
            elif top.has_key:
                path.append(top.key or "")
        if extra is not None:
            path.append(extra)
        return path

    def fail(self, mark: Any, zh: str, en: str, path: list[str | int] | None = None) -> SnapshotFileError:
        where = _where(mark)
        where_en = _where_en(mark)
        pointer = pointer_of(self._path() if path is None else path)
        return SnapshotFileError(
            [
                ImportProblem(
                    self.name, pointer, None, f"{where}：{zh} / {en}" + (f" ({where_en})" if where_en else "")
                )
            ]
        )

    def note(self, mark: Any, zh: str, en: str, path: list[str | int] | None = None) -> None:
        self.problems.extend(self.fail(mark, zh, en, path).errors)

    # -- the events
    def feed(self, ev: yaml.Event) -> None:
        if isinstance(ev, yaml.ScalarEvent):
            self.nodes += 1
            if self.nodes > self.budget.max_nodes:
                self._count(0, ev.start_mark)
            value = self._scalar(ev)
            self._add(value, 1, 1, ev.start_mark, ev.anchor)
            return
        if isinstance(ev, (yaml.StreamStartEvent, yaml.StreamEndEvent)):
            return
        if isinstance(ev, yaml.DocumentStartEvent):
            if self.done:
                raise self.fail(ev.start_mark, "一个文件只能含一个快照文档", "one document per file", [])
            return
        if isinstance(ev, yaml.DocumentEndEvent):
            self.done = True
            if not ev.explicit:
                raise self.fail(
                    ev.start_mark,
                    f"文件不完整：YAML 快照须以文档结束标记“{END_MARKER}”单独一行结尾（缺少即视为被截断）",
                    f"incomplete file: a YAML snapshot must end with the document end marker '{END_MARKER}' "
                    "on its own line (without it the file may have been cut short)",
                    [],
                )
            return
        if isinstance(ev, yaml.AliasEvent):
            got = self.anchors.get(ev.anchor or "")
            if got is None:
                raise self.fail(
                    ev.start_mark,
                    f"别名 *{echo(ev.anchor)} 未定义或引用自身",
                    "alias undefined or recursive",
                )
            value, nodes, height = got
            self._count(nodes, ev.start_mark)
            self._add(value, nodes, height, ev.start_mark, None)
            return
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            is_map = isinstance(ev, yaml.MappingStartEvent)
            if ev.tag not in (None, "!", _MAP if is_map else _SEQ) and not ev.implicit:
                raise self.fail(
                    ev.start_mark,
                    f"含不允许的标签 {_tag(ev.tag)}（只允许普通的映射、列表和标量）",
                    "disallowed tag",
                )
            if len(self.stack) >= self.budget.max_depth:
                raise self.fail(
                    ev.start_mark,
                    f"嵌套层级过深（上限 {self.budget.max_depth} 层）",
                    f"nesting too deep (limit {self.budget.max_depth} levels)",
                )
            self._count(1, ev.start_mark)
            path = self._path()
            self.stack.append(_Frame({} if is_map else [], path, ev.anchor, ev.start_mark))
            return
        if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            self._add(frame.value, frame.nodes, frame.height, frame.start, frame.anchor, closing=True)
            return

    def _count(self, n: int, mark: Any) -> None:
        self.nodes += n
        if self.nodes > self.budget.max_nodes:
            raise self.fail(
                mark,
                f"节点过多（含别名展开，上限 {self.budget.max_nodes} 个）",
                f"too many nodes, aliases expanded (limit {self.budget.max_nodes})",
            )

    def _scalar(self, ev: yaml.ScalarEvent) -> Any:
        tag = ev.tag
        if tag in (None, "!"):
            tag = self.resolver.resolve(yaml.ScalarNode, ev.value, ev.implicit) if tag is None else _STR
        if tag not in _PLAIN_TAGS:
            raise self.fail(
                ev.start_mark,
                f"含不允许的标签 {_tag(tag)}（如 !!binary、!!python；只允许文本、数值、是否、日期）",
                "disallowed tag",
            )
        value = ev.value
        if tag == _STR or tag == "tag:yaml.org,2002:timestamp":
            # dates stay strings: pydantic judges them (2025-02-30 gets a located error)
            if len(value) > self.budget.max_string:
                raise self.fail(
                    ev.start_mark,
                    f"字符串过长：{len(value)} 个字符，上限 {self.budget.max_string}（{echo(value)}）",
                    f"string too long: {len(value)} characters, limit {self.budget.max_string}",
                )
            m = _BAD_CHARS.search(value)
            if m:
                self.note(
                    ev.start_mark,
                    f"文本含不允许的字符 {_char_name(m.group())}：{echo(value)}",
                    f"text holds disallowed character U+{ord(m.group()):04X}",
                )
            return value
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            if len(value) > self.budget.max_number_chars:
                raise self.fail(
                    ev.start_mark,
                    f"数值过长：{len(value)} 位，上限 {self.budget.max_number_chars} 位（{echo(value)}）",
                    f"number too long: {len(value)} characters, limit {self.budget.max_number_chars}",
                )
        node = yaml.ScalarNode(tag, value, None, None, ev.style)
        return self.constructor.yaml_constructors[tag](self.constructor, node)

    def _add(
        self, value: Any, nodes: int, height: int, mark: Any, anchor: str | None, closing: bool = False
    ) -> None:
        if anchor:
            self.anchors[anchor] = (value, nodes, height)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if len(self.stack) + height > self.budget.max_depth + 1:
            raise self.fail(
                mark,
                f"嵌套层级过深（含别名展开，上限 {self.budget.max_depth} 层）",
                f"nesting too deep, aliases expanded (limit {self.budget.max_depth} levels)",
            )
        top.nodes += nodes
        if height >= top.height:
            top.height = height + 1
        if isinstance(top.value, list):
            if len(top.value) >= self.budget.max_list:
                raise self.fail(
                    mark,
                    f"列表过长（上限 {self.budget.max_list} 条记录）",
                    f"list too long (limit {self.budget.max_list} records)",
                )
            top.value.append(value)
            return
        if not top.has_key:
            if not isinstance(value, str):
                raise self.fail(
                    mark,
                    f"键应为文本，实为 {echo(value)}（如 yes/no/on/off 作键须加引号）",
                    "a mapping key must be a string",
                    top.path,
                )
            if value == "<<":
                raise self.fail(mark, "不支持合并键 <<", "merge keys (<<) are not supported", top.path)
            top.key, top.key_mark, top.has_key = value, mark, True
            return
        key = top.key or ""
        if key in top.value:
            self.note(
                top.key_mark,
                f"键重复：{echo(key)}（首次出现于{_where(top.marks.get(key))}）",
                f"duplicate key {echo(key)}",
                [*top.path, key],
            )
        else:
            assert isinstance(top.value, dict)
            top.value[key] = value
            top.marks[key] = top.key_mark
        top.has_key = False
        top.key = None


def _yaml_loader(text: str) -> Any:
    loader_cls = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return loader_cls(text)


def parse_yaml(text: str, name: str, budget: Budget = YAML_BUDGET) -> Any:
    """One YAML document as plain data (str, int, float, bool, None, list, dict), under the budget."""
    _check_size(text, name, budget, "YAML")
    builder = _YamlBuilder(name, budget)
    loader = _yaml_loader(text)
    try:
        while loader.check_event():
            builder.feed(loader.get_event())
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        raise SnapshotFileError(
            [
                ImportProblem(
                    name,
                    "",
                    None,
                    f"YAML 格式错误（{_where(mark)}）：{e.problem} / malformed YAML ({_where_en(mark)}): "
                    f"{e.problem}",
                )
            ]
        ) from e
    except yaml.YAMLError as e:
        raise SnapshotFileError(
            [ImportProblem(name, "", None, f"YAML 格式错误 / malformed YAML: {echo(str(e))}")]
        ) from e
    finally:
        loader.dispose()
    if builder.problems:
        raise SnapshotFileError(builder.problems)
    if not builder.done:
        raise SnapshotFileError([ImportProblem(name, "", None, "文件为空 / the file is empty")])
    return builder.root


# ---------------------------------------------------------------------------------------------
# JSON


def parse_json(text: str, name: str, budget: Budget = BUDGET) -> Any:
    """One JSON document as plain data, under the budget; duplicate keys refused with their pointer."""
    _check_size(text, name, budget, "JSON")
    try:
        orjson.loads(text)  # fast: syntax, numbers beyond 64 bits, surrogates, depth > 1024
    except orjson.JSONDecodeError as e:
        line, col = e.lineno, e.colno
        if "depth" in e.msg or "recursion" in e.msg:
            raise SnapshotFileError(
                [
                    ImportProblem(
                        name,
                        "",
                        None,
                        f"第 {line} 行第 {col} 列：嵌套层级过深（上限 {budget.max_depth} 层）/ nesting too deep "
                        f"at line {line} column {col}",
                    )
                ]
            ) from e
        if "number" in e.msg:  # orjson: an integer beyond 64 bits is read as a double, then infinity
            raise SnapshotFileError(
                [
                    ImportProblem(
                        name,
                        "",
                        None,
                        f"第 {line} 行第 {col} 列：数值过长或超出范围（上限 {budget.max_number_chars} 位）/ "
                        f"number too long or out of range at line {line} column {col}",
                    )
                ]
            ) from e
        raise SnapshotFileError(
            [
                ImportProblem(
                    name,
                    "",
                    None,
                    f"JSON 格式错误（第 {line} 行第 {col} 列）：{e.msg} / malformed JSON at line {line} "
                    f"column {col}: {e.msg}",
                )
            ]
        ) from e
    duplicates: list[tuple[dict[str, Any], list[str]]] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        d = dict(pairs)
        if len(d) != len(pairs):
            seen: set[str] = set()
            dups = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
            duplicates.append((d, dups))
        return d

    data = json.loads(text, object_pairs_hook=pairs_hook, parse_int=_bounded_int(name, budget))
    problems = _walk_json(data, name, budget, {id(d): k for d, k in duplicates})
    if problems:
        raise SnapshotFileError(problems)
    return data


def _bounded_int(name: str, budget: Budget) -> Any:
    def parse(s: str) -> int:
        if len(s) > budget.max_number_chars:
            raise SnapshotFileError(
                [
                    ImportProblem(
                        name,
                        "",
                        None,
                        f"数值过长：{len(s)} 位，上限 {budget.max_number_chars} 位（{echo(s)}）/ number too long",
                    )
                ]
            )
        return int(s)

    return parse


def _walk_json(data: Any, name: str, budget: Budget, duplicates: dict[int, list[str]]) -> list[ImportProblem]:
    """Depth, counts, string sizes and characters, duplicate keys: iteratively, each with its pointer."""
    problems: list[ImportProblem] = []
    nodes = 0
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        node, path = stack.pop()
        nodes += 1
        where = pointer_of(path)
        if nodes > budget.max_nodes:
            return [
                ImportProblem(name, where, None, f"节点过多（上限 {budget.max_nodes} 个）/ too many nodes")
            ]
        if len(path) >= budget.max_depth:
            return [
                ImportProblem(
                    name,
                    where,
                    None,
                    f"嵌套层级过深（上限 {budget.max_depth} 层）/ nesting too deep (limit {budget.max_depth})",
                )
            ]
        if isinstance(node, str):
            problems.extend(_string_problems(node, name, where, budget))
        elif isinstance(node, dict):
            for k in duplicates.get(id(node), []):
                problems.append(
                    ImportProblem(
                        name, pointer_of([*path, k]), None, f"JSON 键重复：{echo(k)} / duplicate key"
                    )
                )
            for k, v in node.items():
                problems.extend(_string_problems(k, name, pointer_of([*path, k]), budget))
                stack.append((v, [*path, k]))
        elif isinstance(node, list):
            if len(node) > budget.max_list:
                return [
                    ImportProblem(
                        name, where, None, f"列表过长（上限 {budget.max_list} 条记录）/ list too long"
                    )
                ]
            stack.extend((v, [*path, i]) for i, v in enumerate(node))
        elif isinstance(node, float) and len(repr(node)) > budget.max_number_chars:
            problems.append(ImportProblem(name, where, None, "数值过长 / number too long"))
    return problems


def _string_problems(s: str, name: str, where: str, budget: Budget) -> list[ImportProblem]:
    if len(s) > budget.max_string:
        return [
            ImportProblem(
                name,
                where,
                None,
                f"字符串过长：{len(s)} 个字符，上限 {budget.max_string}（{echo(s)}）/ string too long",
            )
        ]
    m = _BAD_CHARS.search(s)
    if m:
        return [
            ImportProblem(
                name,
                where,
                None,
                f"文本含不允许的字符 {_char_name(m.group())}：{echo(s)} / disallowed character "
                f"U+{ord(m.group()):04X}",
            )
        ]
    return []
