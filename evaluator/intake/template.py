"""Writing the Excel template a department fills in, empty or filled with a snapshot.

Chinese headers on every sheet, required fields marked ``*``, data validation for every enumeration,
yes/no, date and number (with the model's range), the field-path row hidden and protected (the sheet is
protected, its data cells are not), and an instruction sheet with a filled example. ``fill_template``
writes a snapshot into the template: the round trip template → import gives the same snapshot.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaluator.intake.layout import (
    ENUMS,
    FIRST_ROW,
    GUIDE,
    LIST_SEP,
    NO,
    PARENT,
    PATH_ROW,
    YES,
    Column,
    Sheet,
    header,
    layout,
)
from evaluator.model.snapshot import SCHEMA_VERSION

TEMPLATE_ROWS = 300
FIXED_TIME = dt.datetime(2025, 1, 1)  # workbook properties: the same bytes on every run

GUIDE_LINES = [
    "内乡县政务数据共享管理情况快照 · 部门填报模板",
    f"快照格式版本 {SCHEMA_VERSION}。每个工作表对应快照的一部分：第 1 行为中文表头，从第 3 行起填写；第 2 行（字段路径）已隐藏并保护，请勿修改。",
    "表头带 * 的为必填。每条记录须有“记录标识”，在本快照内唯一；子表（如“目录-信息项”）第一列填写所属记录的标识，请勿合并单元格。",
    "{single}各只填一行。所有工作表都须保留：本年度没有某类事项（如目录变更），请保留空表，不要删除或改名。",
    "是/否 从下拉列表中选（“有/无”也按“是/否”读）；日期填 2025-09-30（2025/9/30、2025年9月30日 也可，导入报告会列出如何读取）。",
    "带［多个以；分隔］的格子可填多个值，以；分隔（、，, 及换行也可）。比例填 0–1 的小数，93% 或 93 按 0.93 读。",
    "代码、身份证件号码中的全角数字字母按半角读，末位 x 按 X 读；导入报告会逐项列出。",
    "未填报的事实请留空：留空即“未报送”，规则会报告缺少事实，不会视为合规。",
    "导入：govshare import 本文件.xlsx，或在仪表盘“评估”页上传；一次列出全部错误，每个错误指出工作表、行和列。",
]

# The filled example on the instruction sheet: (sheet, {field path: value}) — one row each.
EXAMPLE: list[tuple[str, dict[str, Any]]] = [
    ("快照信息", {"period": 2025, "as_of": "2026-02-27"}),
    (
        "单位",
        {
            "code": "114113250052001145",
            "name": "内乡县统计局",
            "kind": "政务部门",
            "head": "胡静",
            "head_is_first_responsible": YES,
            "data_unit": "统计数据管理中心",
        },
    ),
    (
        "目录",
        {
            "id": "tj-res-001",
            "code": "411325-TJ-001",
            "name": "基本单位名录信息",
            "format": "数据库",
            "share_attribute": "无条件共享",
            "open_attribute": "不予开放",
            "sharing_method": "数据服务接口",
            "update_cycle": "每季度",
            "last_refreshed": "2026-01-15",
        },
    ),
    ("目录-信息项", {PARENT: "tj-res-001", "code": "DE0020", "name": "单位名称", "basic": NO}),
]


def write_template(path: Path) -> None:
    path.write_bytes(template_bytes())


def template_bytes() -> bytes:
    buf = io.BytesIO()
    _workbook().save(buf)
    return buf.getvalue()


def _workbook() -> Workbook:
    wb = Workbook()
    wb.properties.created = wb.properties.modified = FIXED_TIME
    guide = wb.active
    assert guide is not None
    guide.title = GUIDE
    sheets = layout()
    _guide(guide, sheets)
    enums = wb.create_sheet(ENUMS)
    enum_cols: dict[str, str] = {}
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        for c, col in enumerate(sheet.columns, start=1):
            _column(ws, c, col, enums, enum_cols)
        ws.freeze_panes = f"A{FIRST_ROW}"
        ws.row_dimensions[PATH_ROW].hidden = True
        ws.protection.sheet = True  # the header and field-path rows are locked; data cells are not
        for attr in (
            "formatCells",
            "formatColumns",
            "formatRows",
            "insertRows",
            "deleteRows",
            "sort",
            "autoFilter",
        ):
            setattr(ws.protection, attr, False)
    enums.sheet_state = "hidden"
    return wb


def _guide(ws: Worksheet, sheets: list[Sheet]) -> None:
    single = "".join(f"“{s.name}”" for s in sheets if s.single)
    for i, text in enumerate((line.replace("{single}", single) for line in GUIDE_LINES), start=1):
        ws.cell(row=i, column=1, value=text).font = Font(bold=i == 1, size=14 if i == 1 else 11)
    row = len(GUIDE_LINES) + 2
    ws.cell(row=row, column=1, value="填写示例（统计局的一部分；各表从第 3 行起这样填写）").font = Font(
        bold=True
    )
    by_name = {s.name: s for s in sheets}
    for name, values in EXAMPLE:
        row += 1
        ws.cell(row=row, column=1, value=f"工作表「{name}」").font = Font(bold=True)
        sheet = by_name[name]
        row += 1
        for c, col in enumerate(sheet.columns, start=2):
            ws.cell(row=row, column=c, value=header(col)).font = Font(bold=True)
            ws.cell(row=row + 1, column=c, value=values.get(col.key))
        row += 1
    ws.column_dimensions["A"].width = 120


def _column(ws: Worksheet, c: int, col: Column, enums: Worksheet, enum_cols: dict[str, str]) -> None:
    letter = get_column_letter(c)
    cell = ws.cell(row=1, column=c, value=header(col))
    cell.font = Font(bold=True, color="C00000" if col.required else None)
    cell.fill = PatternFill("solid", fgColor="DDEBF7")
    ws.cell(row=PATH_ROW, column=c, value=col.key).font = Font(color="888888", size=8)
    ws.column_dimensions[letter].width = max(12, min(40, len(col.label) * 2))
    ws.column_dimensions[letter].protection = Protection(locked=False)
    dv = _validation(col, enums, enum_cols)
    if dv is not None:
        ws.add_data_validation(dv)
        dv.add(f"{letter}{FIRST_ROW}:{letter}{TEMPLATE_ROWS}")
    if col.kind == "date":
        ws.column_dimensions[letter].number_format = "yyyy-mm-dd"


def _validation(col: Column, enums: Worksheet, enum_cols: dict[str, str]) -> DataValidation | None:
    common: dict[str, Any] = {"allow_blank": True, "showErrorMessage": True, "errorTitle": "取值不符"}
    if col.kind == "enum" and col.enum is not None:
        ename = col.enum.__name__
        if ename not in enum_cols:
            enum_cols[ename] = get_column_letter(len(enum_cols) + 1)
            enums.cell(row=1, column=len(enum_cols), value=ename)
            for r, member in enumerate(col.enum, start=2):
                enums.cell(row=r, column=len(enum_cols), value=member.value)
        e = enum_cols[ename]
        allowed = "、".join(m.value for m in col.enum)
        return DataValidation(
            type="list",
            formula1=f"={ENUMS}!${e}$2:${e}${len(list(col.enum)) + 1}",
            error=f"请从下拉列表中选择：{allowed}",
            **common,
        )
    if col.kind == "bool":
        return DataValidation(type="list", formula1=f'"{YES},{NO}"', error="请选择“是”或“否”", **common)
    if col.kind == "date":
        return DataValidation(
            type="date",
            operator="between",
            formula1="DATE(2000,1,1)",
            formula2="DATE(2100,12,31)",
            error="请填写 2000-01-01 至 2100-12-31 之间的日期，如 2025-09-30",
            **common,
        )
    if col.kind in ("int", "float"):
        low = 0 if col.low is None else col.low
        high = 100 if col.ratio else (1_000_000 if col.high is None else col.high)
        what = "整数" if col.kind == "int" else "数值"
        error = f"请填写 {low:g}–{high:g} 之间的{what}" + (
            "（比例：0.93、93% 或 93 均按 0.93 读）" if col.ratio else ""
        )
        return DataValidation(
            type="whole" if col.kind == "int" else "decimal",
            operator="between",
            formula1=f"{low:g}",
            formula2=f"{high:g}",
            error=error,
            **common,
        )
    return None


# ---------------------------------------------------------------------------------------------
# A snapshot written into the template


def fill_template(doc: dict[str, Any]) -> bytes:
    """The template filled with a department snapshot (``model_dump(mode="json")`` or as read)."""
    wb = load_workbook(io.BytesIO(template_bytes()))
    for sheet in layout():
        ws = wb[sheet.name]
        for i, (pid, rec) in enumerate(_rows(sheet, doc), start=FIRST_ROW):
            for c, col in enumerate(sheet.columns, start=1):
                ws.cell(row=i, column=c, value=pid if col.path == (PARENT,) else _cell(rec, col))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rows(sheet: Sheet, doc: dict[str, Any]) -> list[tuple[Any, dict[str, Any]]]:
    if sheet.key == "meta":
        return [(None, doc)]
    if sheet.single:
        return [(None, doc[sheet.key])] if doc.get(sheet.key) else []
    if sheet.parent is None:
        return [(None, r) for r in doc.get(sheet.key) or []]
    sub = sheet.key[len(sheet.parent) + 1 :].split(".")
    parents = [doc[sheet.parent]] if isinstance(doc.get(sheet.parent), dict) else doc.get(sheet.parent) or []
    rows: list[tuple[Any, dict[str, Any]]] = []
    for p in parents:
        node: Any = p
        for s in sub:
            node = node.get(s) if isinstance(node, dict) else None
        rows += [(p.get("id"), r) for r in node or []]
    return rows


def _cell(rec: dict[str, Any], col: Column) -> Any:
    v: Any = rec
    for s in col.path:
        v = v.get(s) if isinstance(v, dict) else None
    if isinstance(v, bool):
        return YES if v else NO
    if isinstance(v, list):
        return LIST_SEP.join(str(x) for x in v)
    if col.kind == "date" and isinstance(v, str):
        return dt.date.fromisoformat(v)
    return v
