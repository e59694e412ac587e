"""Every CSV and XLSX the product writes, in one format (issue 16 item 7).

A table is a list of rows whose first row holds the headers, each "中文 english" (the Chinese name, a space,
the English one). Written out:

- **CSV**: UTF-8 with a BOM (Excel opens it as UTF-8), two header rows (Chinese, then English); a text
  cell that a spreadsheet would read as a formula (= + - @, or a leading tab / carriage return) gets a
  leading apostrophe — only such a cell; numbers stay numbers (OWASP CSV injection).
- **XLSX**: the same two header rows, bold, frozen; an autofilter on the data; column widths from the
  content (a Chinese character counts two); long text wrapped. Text is stored as text (a string cell), so a
  formula-like value is shown as it is — no apostrophe, and no formula element in the sheet.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60  # characters; longer text wraps
HEADER = re.compile(r"^(?P<zh>.*?(?:[^\x00-\x7f]|\)))\s+(?P<en>[A-Za-z#][\x00-\x7f]*)$")


def split_header(h: Any) -> tuple[str, str]:
    """“部门代码 code” → (部门代码, code); a header without English gives ("…", "")."""
    s = str(h)
    m = HEADER.match(s)
    return (m["zh"], m["en"]) if m else (s, "")


def plain_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def csv_cell(value: Any) -> Any:
    """A CSV cell: numbers as they are; a formula-like text with a leading apostrophe."""
    v = plain_value(value)
    if isinstance(v, int | float):
        return v
    s = str(v)
    return "'" + s if s[:1] in FORMULA_START else s


def _header_rows(rows: Sequence[Sequence[Any]]) -> tuple[list[str], list[str]]:
    pairs = [split_header(h) for h in rows[0]]
    return [zh for zh, _ in pairs], [en for _, en in pairs]


def to_csv(rows: Sequence[Sequence[Any]]) -> str:
    """The CSV text: Chinese header row, English header row, then the data. Written with its BOM
    (``encoding="utf-8-sig"``, or :func:`csv_text` for standard output)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    if rows:
        zh, en = _header_rows(rows)
        w.writerow(zh)
        if any(en):
            w.writerow(en)
    for r in rows[1:]:
        w.writerow([csv_cell(x) for x in r])
    return buf.getvalue()


def csv_text(rows: Sequence[Sequence[Any]]) -> str:
    """:func:`to_csv` with the BOM in front, for standard output and other byte-less sinks."""
    return BOM + to_csv(rows)


def _width(v: Any) -> int:
    s = str(v)
    longest = max(
        (sum(2 if ord(c) > 0x2E7F else 1 for c in line) for line in s.splitlines() or [""]), default=0
    )
    return longest


def to_xlsx(sheets: dict[str, list[list[Any]]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    first = True
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for title, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        first = False
        ws.title = title[:31]
        if not rows:
            continue
        zh, en = _header_rows(rows)
        heads = [zh, en] if any(en) else [zh]
        for r in heads:
            ws.append(r)
        for r in rows[1:]:
            ws.append([None] * len(r))
            for j, value in enumerate(r, 1):
                cell: Cell = ws.cell(row=ws.max_row, column=j)
                v = plain_value(value)
                if isinstance(v, int | float):
                    cell.value = v
                else:
                    cell.value = str(v)
                    cell.data_type = "s"  # text, never a formula (no apostrophe needed)
        top = len(heads)
        for row in ws.iter_rows(min_row=1, max_row=top):
            for cell in row:
                cell.font = bold
                cell.fill = fill
                cell.alignment = Alignment(wrap_text=True, vertical="center")
        ncols = max(len(r) for r in rows)
        for j in range(1, ncols + 1):
            col = [r[j - 1] for r in rows[1:] if j - 1 < len(r)]
            width = max([_width(h[j - 1]) for h in heads] + [_width(plain_value(v)) for v in col] + [4])
            ws.column_dimensions[get_column_letter(j)].width = min(width, MAX_WIDTH) + 2
            if width > MAX_WIDTH:
                for (cell,) in ws.iter_rows(min_row=top + 1, min_col=j, max_col=j):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = ws.cell(row=top + 1, column=1)
        ws.auto_filter.ref = f"A{top}:{get_column_letter(ncols)}{max(ws.max_row, top)}"
    wb.save(path)
