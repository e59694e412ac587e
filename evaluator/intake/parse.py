"""The budget on input, the checks of decoded text, and JSON text into plain data; every refusal located.

The budget (``Budget``) bounds what a hostile or broken file can cost before the snapshot model sees
it: alias expansion (counted as the nodes the aliases would expand to), nesting depth, the number of
nodes, the length of one list, of one string and of one number. JSON is parsed in C (orjson) for its
syntax; a text without a backslash, long numbers or anything over the budget is judged on the text itself
(``_clean_text``: its strings are the text between its quotes) and orjson's value is the result; any other
text is parsed once more keeping duplicate keys and walked for the budget, which locates what it finds.
YAML is read event by event in ``evaluator.intake.yaml_reader``.

Refused, each with line and column or JSON pointer: duplicate keys, NUL and other control characters, a
BOM inside the text, numbers and strings over the budget, and — for a snapshot — a top value that is not
an object (``top_object``: the line and column where the value starts and what was expected).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson

from evaluator.intake.gcpause import collector_paused
from evaluator.intake.problems import ECHO_CHARS, ImportProblem, SnapshotFileError, echo, pointer_of


@dataclass(frozen=True)
class Budget:
    # the whole file: a province's platform register at 10,000 departments is ≈ 33 MB of JSON
    # (benchmarks/generate.py; 100,000 system registrations), and it must import
    max_bytes: int = 64 * 1024 * 1024
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

# In a string: C0 controls other than tab, line feed and carriage return; DEL; a lone surrogate; and the
# characters a reader cannot see — C1 controls, every format character (Unicode Cf: zero-width spaces and
# joiners, bidirectional embeddings, overrides and isolates, the soft hyphen, a BOM, tag characters) and
# the line and paragraph separators. They make two names that look the same differ (a system name is how
# A62.1 matches a department's systems to the register) or reorder what is shown
# (docs/decisions/0019-free-text-look-alikes.md).
INVISIBLE_BMP = (
    "\x80-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
INVISIBLE_ASTRAL = (
    "\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
INVISIBLE = INVISIBLE_BMP + INVISIBLE_ASTRAL
_BAD_C0 = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff"
BAD_CHARS = re.compile("[" + _BAD_C0 + INVISIBLE + "]")
_BAD_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")  # decoded UTF-8 has no surrogates
_CHAR_NAMES = {"\x00": "NUL（空字符）", "\ufeff": "BOM（字节顺序标记）"}


def char_name(ch: str) -> str:
    if ch in _CHAR_NAMES:
        return _CHAR_NAMES[ch]
    if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
        return f"控制字符 U+{ord(ch):04X}"
    return f"不可见字符 U+{ord(ch):04X}（{unicodedata.name(ch, '未命名')}）"


def line_column(text: str, index: int) -> tuple[int, int]:
    """Line and column (from 1) of the character at ``index``."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def check_text(text: str, name: str) -> str:
    """The decoded text: a leading BOM is dropped; a BOM later, NUL or a control character is refused."""
    if text.startswith("\ufeff"):
        text = text[1:]
    m = _BAD_IN_TEXT.search(text)
    if m:
        line, col = line_column(text, m.start())
        ch = m.group()
        raise SnapshotFileError(
            [
                ImportProblem(
                    name,
                    "",
                    None,
                    f"第 {line} 行第 {col} 列含不允许的字符 {char_name(ch)} / disallowed character "
                    f"U+{ord(ch):04X} at line {line} column {col}",
                )
            ]
        )
    return text


def check_json_text(text: str, name: str) -> tuple[str, bool]:
    """:func:`check_text` for a JSON text, and whether the text holds no character ``_BAD_BMP`` finds (the
    characters a string may not hold, within the BMP). ``_BAD_BMP``'s class contains ``_BAD_IN_TEXT``'s, so
    one search answers both when it finds nothing (a clean text: the common case); otherwise the text is
    checked exactly as :func:`check_text` checks it and ``_clean_text`` sends it to the located path."""
    stripped = text[1:] if text.startswith("\ufeff") else text
    if _BAD_BMP.search(stripped) is None:
        return stripped, True
    return check_text(text, name), False


def check_size(text: str, name: str, budget: Budget, what: str) -> None:
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


_KINDS = (
    (bool, "是否值（true/false）", "true/false"),
    (int, "整数", "an integer"),
    (float, "数值", "a number"),
    (str, "文本", "a string"),
    (list, "列表", "a list"),
    (dict, "对象", "an object"),
    (type(None), "空值（null）", "null"),
)


def kind_of(value: Any, english: bool = False) -> str:
    """What a parsed value is, in a clerk's words (or in English)."""
    for cls, zh, en in _KINDS:
        if isinstance(value, cls):
            return en if english else zh
    return type(value).__name__


def top_object(
    data: Any, name: str, at: tuple[int, int], written: str, example: tuple[str, str]
) -> dict[str, Any]:
    """The snapshot's top value, which must be an object; else refused at the line and column ``at``
    where the value starts, echoing what is ``written`` there."""
    if isinstance(data, dict):
        return data
    line, column = at
    shown = written.strip().split("\n", 1)[0][: ECHO_CHARS + 1] or "（空）"
    raise SnapshotFileError(
        [
            ImportProblem(
                name,
                "",
                None,
                f"第 {line} 行第 {column} 列：快照应为一个对象（{example[0]}），读到的是{kind_of(data)} "
                f"{echo(shown)} / a snapshot must be an object ({example[1]}); line {line} column {column} "
                f"holds {kind_of(data, english=True)}",
            )
        ]
    )


# ---------------------------------------------------------------------------------------------
# JSON

JSON_EXAMPLE = ('以 { 开头，如 {"schema_version": "1.1", "kind": "department", …}', "starting with {")

# orjson's syntax messages (measured: every message a mutation of a snapshot raises) in a clerk's words; the
# English stays beside. A message not listed here is shown as 语法错误 with the English.
JSON_WORDS = {
    "Input is a zero-length, empty document": "文件为空",
    "input data is empty": "文件没有内容（只有空白）",
    "UTF-8 byte order mark (BOM) is not supported": "文件中间有字节顺序标记（BOM）",
    "invalid escaped sequence in string": "字符串中的反斜杠转义不正确",
    "no low surrogate in string": "字符串中的 \\u 转义只有前半个代理项",
    "unexpected control character in string": "字符串中有控制字符（如换行、制表符须写成 \\n、\\t）",
    "no digit after decimal point": "小数点后缺少数字",
    "no digit after exponent sign": "指数符号后缺少数字",
    "no digit after sign": "负号后缺少数字",
    "number with leading zero is not allowed": "数字不能以 0 开头",
    "trailing comma is not allowed": "最后一项后面多了逗号",
    "unexpected character, expected ',' or ']'": "此处应为逗号“,”或右方括号“]”",
    "unexpected character, expected ',' or '}'": "此处应为逗号“,”或右花括号“}”",
    "unexpected character, expected ':' after key": "键名后应为冒号“:”",
    "unexpected character, expected a JSON value": "此处应为一个值（字符串、数字、true、false、null、对象或数组）",
    "unexpected character, expected a string key": "此处应为带英文双引号的键名",
    "unexpected content after document": "文档结束后还有多余内容",
    "unexpected end of data": "文件意外结束（可能不完整，或缺少右括号、引号）",
}


def json_words(msg: str) -> str:
    """orjson's message about a syntax error, said in Chinese (``invalid literal, expected 'x'`` too)."""
    if msg.startswith("invalid literal, expected "):
        return f"无法识别的字面量，此处应为 {msg.removeprefix('invalid literal, expected ')}"
    return JSON_WORDS.get(msg, "语法错误")


def parse_json(
    text: str, name: str, budget: Budget = BUDGET, *, snapshot: bool = False, bmp_clean: bool | None = None
) -> Any:
    """One JSON document as plain data, under the budget; duplicate keys refused with their pointer. A
    ``snapshot`` must be an object at the top. ``bmp_clean``: what :func:`check_json_text` found for this
    very text (None: not known, searched here)."""
    check_size(text, name, budget, "JSON")
    try:
        top = orjson.loads(text)  # fast: syntax, numbers beyond 64 bits, surrogates, depth > 1024
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
                    f"JSON 格式错误（第 {line} 行第 {col} 列）：{json_words(e.msg)} / malformed JSON at line {line} "
                    f"column {col}: {e.msg}",
                )
            ]
        ) from e
    if snapshot:
        start = len(text) - len(text.lstrip(" \t\r\n"))
        top_object(top, name, line_column(text, start), text[start : start + 200], JSON_EXAMPLE)
    if _clean_text(text, top, budget, bmp_clean):
        return top  # orjson's value is json.loads' value here (no escapes, no number over 18 digits)
    del top  # parsed again below, keeping duplicate keys
    duplicates: list[tuple[dict[str, Any], list[str]]] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        d = dict(pairs)
        if len(d) != len(pairs):
            seen: set[str] = set()
            dups = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
            duplicates.append((d, dups))
        return d

    with collector_paused():
        data = json.loads(text, object_pairs_hook=pairs_hook, parse_int=_bounded_int(name, budget))
    if not duplicates and _within(data, budget):
        return data  # nothing to locate: the located walk below would find nothing
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


# In a text without a backslash every string is written as it is read, so the checks of its strings can be
# made on the text: a character ``BAD_CHARS`` refuses is in a string iff it is in the text (outside the
# strings valid JSON has only brackets, separators, numbers, literals and allowed white space). The class
# below is ``BAD_CHARS`` without the characters beyond the BMP, searched ≈ 3× sooner; those are searched
# only in a text that holds such a character (a UTF-8 lead byte F0–F4). The rest is judged on the text's
# UTF-8 bytes: a quote, a backslash, a bracket, a separator and a digit are one byte each and never part of
# another character's bytes, and ``bytes.translate`` keeps the brackets ≈ 15× sooner than a regex.
_BAD_BMP = re.compile("[" + _BAD_C0 + INVISIBLE_BMP + "]")
_ASTRAL_LEAD = (b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")
# json.loads reads an integer over 64 bits exactly, orjson as a float: a run of 19 digits or more goes the
# two-parse way. The runs are found with every other byte made a space (≈ 6× sooner than a regex search)
_LONG_DIGITS = 19
_DIGITS_ONLY = bytes.maketrans(bytes(range(256)), bytes(c if 0x30 <= c <= 0x39 else 0x20 for c in range(256)))
_FLOAT_REPR_MAX = 24  # the longest repr of a float: "-2.2250738585072014e-308"
# valid JSON's brackets match; their kind does not count here: [ and { become (, ] and } become ), the
# other bytes are dropped
_ONE_KIND = bytes.maketrans(b"[{]}", b"(())")
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
# outside the strings of a plain text: white space, brackets, separators, digits, sign, point, literals
_PLAIN_OUTSIDE = b" \t\r\n[]{},:0123456789-.truefalsn"
_EXPONENT = re.compile(rb"[0-9.][eE]")  # the e of true and false follows a letter


class Shape(NamedTuple):
    """What :func:`text_shape` read of a text it found within the budget: its quotes and its keys (colons
    outside strings), and whether each number outside the strings is plain (``-?digits(.digits)?``: no
    exponent, no ``NaN`` or ``Infinity``, which pydantic's JSON parser reads and orjson refuses)."""

    quotes: int
    pairs: int
    plain: bool


def _clean_text(text: str, top: Any, budget: Budget, bmp_clean: bool | None = None) -> bool:
    """Whether ``top`` (orjson's value of ``text``) is certainly within the budget and without duplicate
    keys, judged on the text; False is "look closer", never a refusal (the two-parse path then decides and
    locates exactly as before). True is never wrong: :func:`text_shape` bounds the budget, and orjson keeps
    one value of a repeated key, so its value written again has fewer quotes than the text iff a key was
    repeated (strings hold no quote without a backslash)."""
    shape = text_shape(text, budget, bmp_clean)
    return shape is not None and orjson.dumps(top).count(b'"') == shape.quotes


def text_shape(text: str, budget: Budget, bmp_clean: bool | None = None) -> Shape | None:
    """The text's :class:`Shape` when its value is certainly within the budget, judged on the text alone
    (duplicate keys aside: the caller compares the keys it read with ``pairs``); None is "look closer".
    Every condition is an upper bound of what :func:`_within` checks:

    - no backslash: each string reads as written, and the text's strings are those between its quotes;
    - a string's length: its UTF-8 bytes, at least its characters; only a string of more bytes than
      ``max_string`` is decoded to count its characters;
    - depth: no value lies deeper than the brackets nest; nodes ≤ 1 + colons + commas + opening
      brackets; a list's length ≤ commas + 1; a float's repr is never longer than 24 characters;
    - numbers: a run of 19 digits or more sends the text to the two-parse path, which reads every
      integer exactly and refuses one over ``max_number_chars`` as before.

    ``bmp_clean`` is :func:`check_json_text`'s finding for ``text`` (None: searched here)."""
    if "\\" in text or budget.max_number_chars < _FLOAT_REPR_MAX:
        return None
    if not (_BAD_BMP.search(text) is None if bmp_clean is None else bmp_clean):
        return None  # also every lone surrogate: the text below encodes
    raw = text.encode("utf-8")
    parts = raw.split(b'"')
    if len(parts) > 1:
        strings = parts[1::2]
        if max(map(len, strings)) > budget.max_string and any(
            len(s.decode("utf-8")) > budget.max_string for s in strings if len(s) > budget.max_string
        ):
            return None
    outside = b"".join(parts[::2])
    commas, pairs = outside.count(b","), outside.count(b":")
    if (
        commas + 1 > budget.max_list
        or 1 + pairs + commas + outside.count(b"[") > budget.max_nodes
        or max(map(len, outside.translate(_DIGITS_ONLY).split()), default=0) >= _LONG_DIGITS
    ):
        return None
    if any(lead in raw for lead in _ASTRAL_LEAD) and BAD_CHARS.search(text):
        return None
    brackets = outside.translate(_ONE_KIND, _NOT_BRACKET)
    for _ in range(budget.max_depth - 1):  # empty after: nested at most max_depth - 1 deep, no value deeper
        if not brackets:
            break
        brackets = brackets.replace(b"()", b"")  # one level a round: every innermost pair at once
    if brackets:
        return None
    plain = not outside.translate(None, _PLAIN_OUTSIDE) and _EXPONENT.search(outside) is None
    return Shape(len(parts) - 1, pairs, plain)


def _within(data: Any, budget: Budget) -> bool:
    """Whether ``data`` is certainly within the budget, checked without locating anything: level by
    level, every string (keys too) judged at once. Exactly the conditions of :func:`_walk_json`, which
    runs only when this says no — it builds a pointer for every node, ≈ 20 ms a generated department
    against ≈ 2 ms here (benchmarks/README.md, "import/memory")."""
    strings: list[str] = []
    level: list[Any] = [data]
    depth = nodes = 0
    while level:
        nodes += len(level)
        if depth >= budget.max_depth or nodes > budget.max_nodes:
            return False
        below: list[Any] = []
        for node in level:
            kind = type(node)
            if kind is str:
                strings.append(node)
            elif kind is dict:
                strings.extend(node)
                below.extend(node.values())
            elif kind is list:
                if len(node) > budget.max_list:
                    return False
                below.extend(node)
            elif kind is float and len(repr(node)) > budget.max_number_chars:
                return False
        level = below
        depth += 1
    # a line feed is an allowed character: joined, the strings hold a disallowed one iff one of them does
    return not strings or (
        max(map(len, strings)) <= budget.max_string and BAD_CHARS.search("\n".join(strings)) is None
    )


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
    m = BAD_CHARS.search(s)
    if m:
        return [
            ImportProblem(
                name,
                where,
                None,
                f"文本含不允许的字符 {char_name(m.group())}：{echo(s)} / disallowed character "
                f"U+{ord(m.group()):04X}",
            )
        ]
    return []
