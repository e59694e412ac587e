"""Reading one Excel cell as the person meant it, or saying what was read and what is expected.

Normalised, each with a note for the import report: full-width digits and letters in codes, a
lower-case check character, 有/无 (and √/×, Y/N, 1/0) for 是/否, 93% or 93 for a ratio of 0.93, dates
typed as text (2025/9/30, 2025年9月30日, 2025.9.30) or as an unformatted Excel serial, list cells split
on 、，,；; and line breaks. Anything that is not clearly one value is an error naming the allowed range.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from evaluator.intake.layout import LIST_SEP, NO, YES, Column
from evaluator.intake.parse import BAD_CHARS, char_name
from evaluator.intake.problems import echo

TRUE = {
    YES: None,
    "true": None,
    "TRUE": None,
    "True": None,
    "有": "有",
    "对": "对",
    "√": "√",
    "Y": "Y",
    "y": "y",
}
FALSE = {
    NO: None,
    "false": None,
    "FALSE": None,
    "False": None,
    "无": "无",
    "错": "错",
    "×": "×",
    "N": "N",
    "n": "n",
}
LIST_SPLIT = re.compile(r"[；;、，,\r\n]+")
DATE_TEXT = re.compile(r"^(\d{4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INT_TEXT = re.compile(r"^[+-]?\d+$")
NUM_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class Read:
    value: Any = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None


def read_cell(raw: Any, col: Column) -> Read:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Read()
    r = Read()
    if col.kind == "list":
        text = _text(raw)
        parts = [p.strip() for p in LIST_SPLIT.split(text) if p.strip()]
        seps = {s for s in re.findall(r"[；;、，,\r\n]", text)} - {LIST_SEP}
        if seps:
            shown = "、".join("换行" if s in "\r\n" else f"“{s}”" for s in sorted(seps))
            r.notes.append(f"按 {shown} 分隔，读作 {len(parts)} 项")
        values = []
        for p in parts:
            one = _scalar(p, col, col.item_kind)
            r.notes += one.notes
            if one.error:
                r.error = one.error
            values.append(one.value)
        r.value = values
        return r
    return _scalar(raw, col, col.kind)


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def _ascii(text: str, r: Read) -> str:
    """Full-width (and other compatibility) characters as their ASCII form, noted."""
    norm = unicodedata.normalize("NFKC", text).strip()
    if norm != text.strip():
        r.notes.append(f"全角字符按半角读：{echo(text)} → {echo(norm)}")
    return norm


def _scalar(raw: Any, col: Column, kind: str) -> Read:
    r = Read()
    if kind == "bool":
        return _bool(raw, r)
    if kind == "date":
        return _date(raw, r)
    if kind in ("int", "float"):
        return _number(raw, col, kind, r)
    text = _text(raw)
    bad = BAD_CHARS.search(text)
    if bad:  # a control or invisible character (evaluator.intake.parse.BAD_CHARS)
        r.error = f"文本含不允许的字符 {char_name(bad.group())}：{echo(text)}"
        return r
    if col.code:
        text = _ascii(text, r)
        if col.upper and text != text.upper():
            r.notes.append(f"小写字母按大写读：{echo(text)} → {echo(text.upper())}")
            text = text.upper()
    r.value = text
    return r


def _bool(raw: Any, r: Read) -> Read:
    if isinstance(raw, bool):
        r.value = raw
        return r
    text = _text(raw)
    if isinstance(raw, (int, float)) and raw in (0, 1):
        r.value = bool(raw)
        r.notes.append(f"{echo(text)} 按“{YES if raw else NO}”读")
        return r
    for table, value in ((TRUE, True), (FALSE, False)):
        if text in table:
            r.value = value
            if table[text] is not None:
                r.notes.append(f"{echo(text)} 按“{YES if value else NO}”读")
            return r
    r.value = text
    r.error = f"应为“{YES}”或“{NO}”（也可填 有/无）：读到 {echo(text)}"
    return r


def _date(raw: Any, r: Read) -> Read:
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time():
            r.error = f"日期不应含时间：读到 {echo(raw.isoformat(sep=' '))}，应为如 2025-09-30 的日期"
        r.value = raw.date().isoformat()
        return r
    if isinstance(raw, dt.date):
        r.value = raw.isoformat()
        return r
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 36526 <= raw <= 73415 and float(raw).is_integer():  # 2000-01-01 … 2100-12-31 as Excel serials
            day = EXCEL_EPOCH + dt.timedelta(days=int(raw))
            r.value = day.isoformat()
            r.notes.append(f"Excel 日期序号 {int(raw)} 读作 {day.isoformat()}")
            return r
        r.value = str(raw)
        r.error = f"应为日期（如 2025-09-30）：读到数值 {echo(_text(raw))}"
        return r
    text = _ascii(_text(raw), r)
    if ISO_DATE.match(text):
        r.value = text  # the model judges whether it exists, with its own message
        return r
    m = DATE_TEXT.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            r.value = text
            r.error = f"日期不存在：读到 {echo(text)}（{y} 年 {mo} 月没有 {d} 日）"
            return r
        r.value = day.isoformat()
        r.notes.append(f"{echo(text)} 读作 {day.isoformat()}")
        return r
    r.value = text
    r.error = f"应为日期（如 2025-09-30、2025/9/30 或 2025年9月30日）：读到 {echo(text)}"
    return r


def _range(col: Column) -> str:
    if col.low is not None and col.high is not None:
        return f"{col.low:g}–{col.high:g}"
    if col.low is not None:
        return f"不小于 {col.low:g}"
    return ""


def _number(raw: Any, col: Column, kind: str, r: Read) -> Read:
    what = "整数" if kind == "int" else ("0–1 的比例" if col.ratio else "数值")
    expected = (
        "应为"
        + (" " if what[0].isdigit() else "")
        + what
        + (f"（{_range(col)}）" if _range(col) and not col.ratio else "")
    )
    if isinstance(raw, bool):
        r.value, r.error = raw, f"{expected}：读到 {echo(_text(raw))}"
        return r
    percent = False
    if isinstance(raw, (int, float)):
        number: float = raw
    else:
        text = _ascii(_text(raw), r).replace(",", "")
        if col.ratio and text.endswith("%"):
            percent, text = True, text[:-1].strip()
        if not NUM_TEXT.match(text):
            r.value, r.error = str(raw), f"{expected}：读到 {echo(_text(raw))}"
            return r
        number = float(text)
    if col.ratio:
        if percent or 1 < number <= 100:
            ratio = round(number / 100, 10)
            r.notes.append(f"{echo(_text(raw))} 按百分数读作 {ratio:g}")
            number = ratio
        elif number > 100 or number < 0:
            r.value, r.error = number, f"比例应在 0–1 之间（或 0%–100%）：读到 {echo(_text(raw))}"
            return r
    if kind == "int":
        if not float(number).is_integer():
            r.value, r.error = number, f"{expected}：读到 {echo(_text(raw))}"
            return r
        r.value = int(number)
    else:
        r.value = float(number)
    return r
