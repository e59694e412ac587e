"""Reading a filled-in Excel template back into a department snapshot, every fault of the file at once.

Structure is checked first — every sheet present (a missing, renamed or unknown sheet is named), the
field-path row intact, no merged cells in the data, one row where one is allowed, every child row's
parent found — and in the same pass every cell is read (``cells.read_cell``) and the document goes
through the same validation as JSON/YAML (``validate.validate_document``): one upload shows every
fault, each located by sheet, row and column. What the reader normalised is listed in the import
report (``LoadedSnapshot.normalised``). The workbook is opened only after a zip-bomb check.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evaluator.intake.catalog_export import alone, is_catalog_export
from evaluator.intake.cells import read_cell
from evaluator.intake.layout import ENUMS, FIRST_ROW, GUIDE, PARENT, PATH_ROW, Sheet, layout
from evaluator.intake.loaded import LoadedSnapshot
from evaluator.intake.problems import ImportProblem, SnapshotFileError, echo
from evaluator.intake.template import TEMPLATE_ROWS, fill_template, template_bytes, write_template
from evaluator.intake.validate import validate_document
from evaluator.model.snapshot import SCHEMA_VERSION

__all__ = [
    "PARENT",
    "TEMPLATE_ROWS",
    "fill_template",
    "layout",
    "read_workbook",
    "template_bytes",
    "write_template",
]

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 2000
MAX_ROWS = 50_000


def check_zip(raw: bytes, name: str) -> None:
    def fail(msg: str) -> SnapshotFileError:
        return SnapshotFileError([ImportProblem(name, "", None, msg)])

    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as e:
        hint = "（这是旧版 .xls 文件：请另存为 .xlsx）" if raw[:4] == b"\xd0\xcf\x11\xe0" else ""
        raise fail(f"不是有效的 Excel（.xlsx）文件{hint}，或文件不完整 / not a valid .xlsx file") from e
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise fail(f"工作簿包含的部件过多（{len(infos)}）/ too many parts in the workbook")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise fail(
                f"工作簿解压后过大：{total} 字节，上限 {MAX_UNCOMPRESSED} 字节 / uncompressed size too large"
            )
        for i in infos:
            if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 1024 * 1024:
                raise fail(f"工作簿部件 {i.filename} 压缩比异常，疑为压缩炸弹 / suspicious compression ratio")


def open_workbook(raw: bytes, name: str) -> Any:
    check_zip(raw, name)
    try:
        return load_workbook(io.BytesIO(raw), read_only=False, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds
        raise SnapshotFileError(
            [ImportProblem(name, "", None, f"无法读取 Excel 文件 / cannot read the workbook: {echo(str(e))}")]
        ) from e


@dataclass
class Where:
    sheet: str
    row: int
    columns: dict[tuple[str, ...], str]


def cell_ref(sheet: str, row: int, col: str | None = None) -> str:
    where = f"第 {row} 行 {col} 列" if col else f"第 {row} 行"
    en = f"row {row} column {col}" if col else f"row {row}"
    return f"【工作表「{sheet}」{where} / sheet {sheet} {en}】"


class _Reader:
    def __init__(self, name: str, wb: Any) -> None:
        self.name = name
        self.wb = wb
        self.problems: list[ImportProblem] = []
        self.notes: list[ImportProblem] = []
        self.covered: set[str] = set()  # pointers whose fault is already reported (no second message)
        self.doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "kind": "department"}
        self.where: dict[str, Where] = {}
        self.records: dict[str, dict[str, tuple[dict[str, Any], str]]] = {}
        self.unreadable: set[str] = set()  # sheet keys not read (missing or broken)

    def problem(self, pointer: str, message: str, record_id: str | None = None) -> None:
        self.problems.append(ImportProblem(self.name, pointer, record_id, message))

    def read(self, sheets: list[Sheet]) -> None:
        expected = {s.name for s in sheets} | {GUIDE, ENUMS}
        extra = [n for n in self.wb.sheetnames if n not in expected]
        missing = [s for s in sheets if s.name not in self.wb.sheetnames]
        for s in missing:
            renamed = next((n for n in extra if self._looks_like(self.wb[n], s)), None)
            if renamed:
                extra.remove(renamed)
                msg = f"工作表「{s.name}」被改名为「{renamed}」：请改回「{s.name}」 / sheet {s.name} was renamed {renamed}"
            else:
                msg = f"缺少工作表「{s.name}」；如本年度无此类事项，请保留空表 / sheet {s.name} missing: keep it, empty"
            self.problem(f"/{s.key}" if s.key != "meta" else "", msg)
            self.unreadable.add(s.key)
            self.covered.add("" if s.key == "meta" else f"/{s.key.split('.')[0]}")
        for n in extra:
            self.problem(
                "", f"未知工作表「{n}」：模板中没有这个工作表，请删除或移到其他文件 / unknown sheet {n}"
            )
        for s in sheets:
            if s.key not in self.unreadable:
                self._sheet(s, self.wb[s.name])

    def _looks_like(self, ws: Worksheet, sheet: Sheet) -> bool:
        paths = {str(c.value) for c in ws[PATH_ROW] if c.value} if ws.max_row >= PATH_ROW else set()
        keys = {c.key for c in sheet.columns}
        return len(paths & keys) * 2 > len(keys)

    def _sheet(self, sheet: Sheet, ws: Worksheet) -> None:
        paths = (
            [str(c.value).strip() if c.value is not None else "" for c in ws[PATH_ROW]]
            if ws.max_row >= PATH_ROW
            else []
        )
        col_of = {p: i for i, p in enumerate(paths) if p}
        keys = {c.key for c in sheet.columns}
        missing = [c.label for c in sheet.columns if c.key not in col_of]
        if missing:
            what = (
                "字段路径行缺失或被改动：请从模板复制该工作表 / field-path row missing"
                if not col_of.keys() & keys
                else f"缺少列：{'、'.join(missing)} / columns missing"
            )
            self.problem(f"/{sheet.key}", f"{cell_ref(sheet.name, PATH_ROW)}{what}")
            self.unreadable.add(sheet.key)
            self.covered.add(f"/{sheet.key.split('.')[0]}")
            return
        for p, i in col_of.items():
            if p not in keys:
                self.problem(
                    "",
                    f"{cell_ref(sheet.name, PATH_ROW, get_column_letter(i + 1))}未知列 {echo(p)} / unknown column",
                )
        letters = {c.path: get_column_letter(col_of[c.key] + 1) for c in sheet.columns}
        merged = [m for m in ws.merged_cells.ranges if m.max_row >= FIRST_ROW]
        in_merge: set[tuple[int, int]] = set()
        for m in merged:
            self.problem(
                f"/{sheet.key}",
                f"{cell_ref(sheet.name, m.min_row)}{m.coord} 为合并单元格：请取消合并，每一行都填写完整 / merged cells {m.coord}",
            )
            in_merge |= {
                (r, c) for r in range(m.min_row, m.max_row + 1) for c in range(m.min_col, m.max_col + 1)
            }
        if ws.max_row > MAX_ROWS:
            self.problem(
                f"/{sheet.key}",
                f"工作表「{sheet.name}」行数过多（{ws.max_row}，上限 {MAX_ROWS}）/ too many rows",
            )
            return
        filled = 0
        for r, values in enumerate(ws.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW):
            raw = {
                c.path: values[col_of[c.key]] if col_of[c.key] < len(values) else None for c in sheet.columns
            }
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
                continue
            filled += 1
            if sheet.single and filled > 1:
                self.problem(
                    f"/{sheet.key}" if sheet.key != "meta" else "",
                    f"{cell_ref(sheet.name, r)}「{sheet.name}」只能填写一行，第 {r} 行也有内容：请合并到第一行或删除 / "
                    "one row only",
                )
                continue
            self._row(sheet, r, raw, letters, {(r, col_of[c.key] + 1) for c in sheet.columns} & in_merge)
        if sheet.required and filled == 0:
            what = "、".join(c.label.split("（")[0] for c in sheet.columns if c.required)
            self.problem(
                "" if sheet.key == "meta" else f"/{sheet.key}",
                f"{cell_ref(sheet.name, FIRST_ROW)}未填写：请在第 {FIRST_ROW} 行填写{what} / not filled in",
            )
            self.covered |= {"/period", "/as_of"} if sheet.key == "meta" else {f"/{sheet.key}"}

    def _row(
        self,
        sheet: Sheet,
        r: int,
        raw: dict[tuple[str, ...], Any],
        letters: dict[tuple[str, ...], str],
        merged: set[tuple[int, int]],
    ) -> None:
        record: dict[str, Any] = {}
        cell_errors: list[tuple[tuple[str, ...], str]] = []
        cell_notes: list[tuple[tuple[str, ...], str]] = []
        for col in sheet.columns:
            got = read_cell(raw[col.path], col)
            cell_notes += [(col.path, n) for n in got.notes]
            if got.error:
                cell_errors.append((col.path, got.error))
            if got.value is not None and col.path != (PARENT,):
                node = record
                for p in col.path[:-1]:
                    node = node.setdefault(p, {})
                node[col.path[-1]] = got.value
        parent_id = (
            read_cell(raw[(PARENT,)], sheet.columns[0]).value if sheet.columns[0].path == (PARENT,) else None
        )
        pointer = self._place(sheet, r, record, parent_id, letters, bool(merged))
        if pointer is None:
            return
        rid = record.get("id") if isinstance(record.get("id"), str) else None
        for path, msg in cell_errors:
            self.problem(f"{pointer}/{'/'.join(path)}", f"{cell_ref(sheet.name, r, letters[path])}{msg}", rid)
            self.covered.add(f"{pointer}/{'/'.join(path)}")
        for path, msg in cell_notes:
            self.notes.append(
                ImportProblem(
                    self.name,
                    f"{pointer}/{'/'.join(path)}",
                    rid,
                    f"{cell_ref(sheet.name, r, letters[path])}{msg}",
                )
            )

    def _place(
        self,
        sheet: Sheet,
        r: int,
        record: dict[str, Any],
        parent_id: Any,
        letters: dict[tuple[str, ...], str],
        merged: bool,
    ) -> str | None:
        """Put the row's record into the document; its JSON pointer, or None when it has no place."""
        where = Where(sheet.name, r, letters)
        if sheet.key == "meta":
            self.doc.update(record)
            self.where[""] = where
            return ""
        if sheet.single:
            self.doc[sheet.key] = record
            self.where[f"/{sheet.key}"] = where
            return f"/{sheet.key}"
        if sheet.parent is None:
            target = self.doc.setdefault(sheet.key, [])
            pointer = f"/{sheet.key}/{len(target)}"
        elif (PARENT,) not in letters:  # a list under the one 单位 row
            sub = sheet.key[len(sheet.parent) + 1 :].split(".")
            node = self.doc.setdefault(sheet.parent, {})
            for p in sub[:-1]:
                node = node.setdefault(p, {})
            target = node.setdefault(sub[-1], [])
            pointer = f"/{sheet.parent}/{'/'.join(sub)}/{len(target)}"
        else:
            parent_sheet = next(s for s in layout_cache() if s.key == sheet.parent)
            if sheet.parent in self.unreadable:
                return None  # the missing parent sheet is already named; its children cannot be placed
            found = self.records.get(sheet.parent, {}).get(str(parent_id)) if parent_id else None
            if found is None:
                if merged:
                    return None  # the merged range is already named
                col = letters[(PARENT,)]
                if not parent_id:
                    msg = f"未填写所属记录标识：应为工作表「{parent_sheet.name}」中某条记录的标识"
                else:
                    msg = f"找不到上级记录 {echo(parent_id)}：工作表「{parent_sheet.name}」中没有这个记录标识"
                self.problem(
                    f"/{sheet.parent}", f"{cell_ref(sheet.name, r, col)}{msg} / parent record not found"
                )
                return None
            parent, ppointer = found
            sub = sheet.key[len(sheet.parent) + 1 :].split(".")
            node = parent
            for p in sub[:-1]:
                node = node.setdefault(p, {})
            target = node.setdefault(sub[-1], [])
            pointer = f"{ppointer}/{'/'.join(sub)}/{len(target)}"
        target.append(record)
        self.where[pointer] = where
        if isinstance(record.get("id"), str):
            self.records.setdefault(sheet.key, {}).setdefault(record["id"], (record, pointer))
        return pointer


_LAYOUT: list[Sheet] = []


def layout_cache() -> list[Sheet]:
    if not _LAYOUT:
        _LAYOUT.extend(layout())
    return _LAYOUT


def read_workbook(raw: bytes, name: str) -> LoadedSnapshot:
    """Read a filled-in template into a validated department snapshot; every error names sheet, row, column."""
    wb = open_workbook(raw, name)
    if is_catalog_export(wb.sheetnames):
        wb.close()
        raise alone(name)
    try:
        reader = _Reader(name, wb)
        reader.read(layout_cache())
    finally:
        wb.close()
    try:
        loaded = validate_document(reader.doc, name, normalised=reader.notes)
    except SnapshotFileError as e:
        values = [locate(p, reader.where) for p in e.errors if not _covered(p.pointer, reader.covered)]
        raise SnapshotFileError(reader.problems + values) from e
    if reader.problems:
        raise SnapshotFileError(reader.problems)
    return loaded


def _covered(pointer: str, covered: set[str]) -> bool:
    return any(
        pointer == c or pointer.startswith(c + "/") or c == "" and pointer in ("/period", "/as_of")
        for c in covered
    )


def locate(p: ImportProblem, where: dict[str, Where]) -> ImportProblem:
    """A problem found by JSON pointer, located on the sheet, row and column it came from."""
    pointer = p.pointer or ""
    best = ""
    for k in where:
        if (pointer == k or pointer.startswith(k + "/")) and len(k) >= len(best):
            best = k
    w = where.get(best)
    if w is None:
        return ImportProblem(
            p.file, p.pointer, p.record_id, f"【工作表「快照信息」/ sheet 快照信息】{p.message}"
        )
    rest = tuple(x for x in pointer[len(best) :].split("/") if x and not x.isdigit())
    col = w.columns.get(rest) or w.columns.get(rest[:1]) or w.columns.get(("id",)) or "A"
    message = FIRST_AT.sub(lambda m: _row_of(m, where), p.message)
    return ImportProblem(p.file, p.pointer, p.record_id, f"{cell_ref(w.sheet, w.row, col)}{message}")


FIRST_AT = re.compile(r"(首次出现于 |first at )(/[^\s）)]*)")


def _row_of(m: re.Match[str], where: dict[str, Where]) -> str:
    w = where.get(m[2])
    if w is None:
        return m[0]
    return (
        f"首次出现于工作表「{w.sheet}」第 {w.row} 行"
        if m[1].startswith("首")
        else f"first at sheet {w.sheet} row {w.row}"
    )
