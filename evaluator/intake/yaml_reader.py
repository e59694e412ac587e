"""YAML text into plain data, event by event under a budget, every refusal with its line and column.

YAML is read event by event from the parser (no recursive composer, no object construction from tags),
so a few hundred bytes of nested aliases or 100,000 nested brackets are refused at the event that
crosses the budget (``evaluator.intake.parse.Budget``), with its line. Refused: duplicate keys, keys
that are not strings, tags other than the plain ones (``!!binary``, ``!!python/…``, ``!foo``) and plain
tags that do not fit their value (``!!bool maybe``), merge keys, several documents in one file, NUL and
other control characters, recursive or undefined aliases. A YAML snapshot must end with the document end
marker ``...`` so that a file cut short is never a complete snapshot
(docs/decisions/0017-intake-budgets-and-chronology.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from evaluator.intake.parse import BAD_CHARS, YAML_BUDGET, Budget, char_name, check_size, top_object
from evaluator.intake.problems import ImportProblem, SnapshotFileError, echo, pointer_of

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
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
YAML_EXAMPLE = ("键: 值，如 kind: department", "key: value lines such as kind: department")


class YamlDate(str):
    """A scalar YAML reads as a date (unquoted ``2025-10-09`` or ``!!timestamp``), kept as its text so that
    the model judges it (2025-02-30 gets a located error), with where it was written: a date where the
    model expects text is refused (``evaluator.intake.validate``), never read as text."""

    line: int
    column: int

    def __new__(cls, value: str, line: int, column: int) -> YamlDate:
        self = super().__new__(cls, value)
        self.line, self.column = line, column
        return self

    def __reduce__(self) -> Any:  # copy.deepcopy (the 1.0 → 1.1 upgrade) keeps what it is
        return (YamlDate, (str(self), self.line, self.column))


def _tag(tag: str | None) -> str:
    return echo((tag or "").replace("tag:yaml.org,2002:", "!!"))


def _at(mark: Any) -> tuple[int, int]:
    """Line and column (from 1) of a mark."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _where(mark: Any) -> str:
    return f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark is not None else ""


def _where_en(mark: Any) -> str:
    return f"line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""


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
        self.root_mark: Any = None
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
        elif tag in _PLAIN_TAGS and tag != _STR and not _fits(self.resolver, tag, ev.value):
            raise self.fail(
                ev.start_mark,
                f"标签 {_tag(tag)} 与取值 {echo(ev.value)} 不符（去掉标签，或写成该类型的取值）",
                f"the tag {_tag(tag)} does not fit the value",
            )
        if tag not in _PLAIN_TAGS:
            raise self.fail(
                ev.start_mark,
                f"含不允许的标签 {_tag(tag)}（如 !!binary、!!python；只允许文本、数值、是否、日期）",
                "disallowed tag",
            )
        value = ev.value
        if tag == _STR or tag == _TIMESTAMP:
            if len(value) > self.budget.max_string:
                raise self.fail(
                    ev.start_mark,
                    f"字符串过长：{len(value)} 个字符，上限 {self.budget.max_string}（{echo(value)}）",
                    f"string too long: {len(value)} characters, limit {self.budget.max_string}",
                )
            m = BAD_CHARS.search(value)
            if m:
                self.note(
                    ev.start_mark,
                    f"文本含不允许的字符 {char_name(m.group())}：{echo(value)}",
                    f"text holds disallowed character U+{ord(m.group()):04X}",
                )
            # a date stays its text: the model judges it (2025-02-30 gets a located error)
            return value if tag == _STR else YamlDate(value, *_at(ev.start_mark))
        if tag in (_INT, _FLOAT) and len(value) > self.budget.max_number_chars:
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
            self.root, self.root_mark = value, mark
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


def _fits(resolver: Any, tag: str, value: str) -> bool:
    """An explicit plain tag is kept only where the value, read without it, is of that type
    (``!!int 12``, ``!!float 1``); ``!!bool maybe`` or ``!!null x`` would be silently changed."""
    plain = resolver.resolve(yaml.ScalarNode, value, (True, False))
    return plain == tag or (tag == _FLOAT and plain == _INT)


# libyaml's syntax messages (measured: every message a mutation of a snapshot raises, tests/test_yaml_words.py)
# in a clerk's words; the English stays beside. A message not listed is shown as 语法错误 with the English.
YAML_WORDS = {
    "could not find expected ':'": "此处应为冒号“:”（键名后须有冒号和空格；也可能是上一处的引号或括号没有闭合）",
    "did not find expected key": "此处应为“键: 值”（缩进与上一行不一致，或行首多了字符）",
    "mapping values are not allowed in this context": "此处不能出现“键: 值”（值中有冒号加空格时，请给值加引号）",
    "found unexpected end of stream": "文件意外结束（可能不完整，或引号没有闭合）",
    "did not find expected comment or line break": "“|”或“>”之后只能换行（或写注释）",
    "did not find expected alphabetic or numeric character": "“&”或“*”之后应为锚点名称（字母或数字）；作普通文字时请给值加引号",
    "found character that cannot start any token": "值不能以这个字符开头（如制表符、`、@）；需要时请给值加引号",
    "did not find expected node content": "此处缺少值",
    "did not find expected <document start>": "文档结束后还有多余内容（结束标记“...”之后只能是空行或注释）",
    "found a tab character that violates indentation": "制表符破坏了缩进（YAML 只能用空格缩进）",
    "found a tab character where an indentation space is expected": "缩进中有制表符（YAML 只能用空格缩进）",
    "did not find expected ',' or ']'": "此处应为逗号“,”或右方括号“]”",
    "did not find expected ',' or '}'": "此处应为逗号“,”或右花括号“}”",
    "did not find expected '-' indicator": "列表中此处应为以“- ”开头的一项（缩进与上一项不一致）",
    "block sequence entries are not allowed in this context": "此处不能出现以“- ”开头的列表项（缩进不一致）",
    "mapping keys are not allowed in this context": "此处不能出现“? ”开头的键",
    "found unexpected ':'": "此处出现了意外的冒号“:”（值中有冒号时，请给值加引号）",
    "found unexpected document indicator": "引号中出现了行首的“---”或“...”（引号可能没有闭合）",
    "found unknown escape character": "双引号中的反斜杠转义不正确（反斜杠本身写成 \\\\，或改用单引号）",
    "did not find expected hexdecimal number": "双引号中 \\x、\\u 转义之后应为十六进制数字",
    "did not find expected whitespace or line break": "标记“!”之后应为空格或换行",
    "did not find expected tag URI": "标记“!”的写法不正确",
    "did not find URI escaped octet": "标记中“%”之后应为两位十六进制数字",
    "found undefined tag handle": "标记前缀（如 !x!）没有定义",
    "found an indentation indicator equal to 0": "“|”或“>”之后的缩进数字不能为 0",
    "could not find expected directive name": "“%”之后应为指令名称；作普通文字时请给值加引号",
    "found unexpected non-alphabetical character": "指令名称中有非字母的字符",
    "found unknown directive name": "未知的指令（只能是 %YAML 或 %TAG）；作普通文字时请给值加引号",
    "found duplicate %YAML directive": "%YAML 指令重复",
    "found duplicate %TAG directive": "%TAG 指令重复",
    "found incompatible YAML document": "YAML 版本不受支持（应为 1.1 或 1.2）",
    "did not find expected version number": "%YAML 之后应为版本号，如 1.1",
}


def yaml_words(problem: str | None) -> str:
    """libyaml's message about a syntax error, said in Chinese."""
    return YAML_WORDS.get(problem or "", "语法错误")


def safe_load_text(text: str) -> Any:
    """A settings file (the authority's files, a calendar entry) read as plain YAML with the reader's parser
    (libyaml when present), so that its syntax errors have the words of :data:`YAML_WORDS`."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader)  # noqa: S506 - safe


def yaml_error_words(e: yaml.YAMLError) -> str:
    """A YAML error said for a clerk: where (line, column), what in Chinese, and libyaml's English beside."""
    if isinstance(e, yaml.MarkedYAMLError) and e.problem_mark is not None:
        mark = e.problem_mark
        return f"{_where(mark)}：{yaml_words(e.problem)} / {_where_en(mark)}: {e.problem}"
    return f"语法错误 / {echo(str(e))}"


def _yaml_loader(text: str) -> Any:
    loader_cls = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return loader_cls(text)


def parse_yaml(text: str, name: str, budget: Budget = YAML_BUDGET, *, snapshot: bool = False) -> Any:
    """One YAML document as plain data (str, int, float, bool, None, list, dict; a date as ``YamlDate``),
    under the budget. A ``snapshot`` must be a mapping at the top."""
    check_size(text, name, budget, "YAML")
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
                    f"YAML 格式错误（{_where(mark)}）：{yaml_words(e.problem)} / malformed YAML "
                    f"({_where_en(mark)}): {e.problem}",
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
    if snapshot:
        mark = builder.root_mark
        top_object(builder.root, name, _at(mark), text[mark.index : mark.index + 200], YAML_EXAMPLE)
    return builder.root
