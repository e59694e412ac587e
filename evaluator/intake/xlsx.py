"""The Excel template a department fills in, and reading it back into a department snapshot.

One sheet per section of the snapshot (单位, 目录, 信息系统, …); a list of records inside a record (a
catalog entry's 信息项) gets its own sheet whose first column names the parent record's id. Row 1 holds
the Chinese header, row 2 the field path (the reader's key), data starts at row 3. Enumerations, yes/no
and dates carry data validation. The workbook is read with openpyxl after a zip-bomb check and goes
through the same validation as JSON/YAML (``importer.validate_document``); every error names the sheet,
the row and the column.
"""

from __future__ import annotations

import datetime as dt
import io
import types
import typing
import zipfile
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import BaseModel

from evaluator.intake.files import ImportProblem, LoadedSnapshot, SnapshotFileError, validate_document
from evaluator.model.snapshot import SCHEMA_VERSION, DepartmentSnapshot

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 2000
TEMPLATE_ROWS = 300
YES, NO = "是", "否"
LIST_SEP = "；"
PARENT = "_parent"

# Sheet names for the department snapshot's sections (Excel limits names to 31 characters).
SECTION_ZH = {
    "meta": "快照信息",
    "department": "单位",
    "department.data_staff": "数据人员",
    "department.duties": "法定职责",
    "catalog": "目录",
    "catalog.items": "目录-信息项",
    "catalog.share_bases": "目录-共享依据",
    "catalog.open_bases": "目录-开放依据",
    "catalog.interfaces": "目录-接口",
    "catalog.aggregation.no_aggregation_bases": "目录-不能汇聚依据",
    "systems": "信息系统",
    "networks": "业务专网",
    "own_platforms": "自建平台",
    "collections": "采集",
    "share_requests": "共享申请",
    "data_usage": "数据使用",
    "releases": "数据提供",
    "interface_demands": "接口需求",
    "catalog_changes": "目录变更",
    "open_catalog_corrections": "开放目录纠错",
    "open_data_requests": "开放数据申请",
    "quality_issues": "质量问题",
    "quality": "数据质量",
    "security": "安全",
    "incidents": "安全事件",
    "security_events": "安全违规",
    "reports": "报告",
    "projects": "信息化项目",
    "application_scenarios": "应用场景",
}


# ---------------------------------------------------------------------------------------------
# The shape of the workbook, derived from the pydantic model


@dataclass
class Column:
    path: tuple[str, ...]  # inside the row's record
    label: str
    kind: str  # text | int | float | bool | date | enum | list
    enum: type[Enum] | None = None
    item_kind: str = "text"


@dataclass
class Sheet:
    key: str  # dotted path of the section, e.g. catalog.items
    name: str
    model: type[BaseModel]
    single: bool  # one row (单位, 安全, 数据质量) or many
    parent: str | None  # key of the parent sheet for nested lists
    columns: list[Column] = field(default_factory=list)


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0]
        else:
            return tp


def _kind(tp: Any) -> tuple[str, type[Enum] | None]:
    tp = _unwrap(tp)
    if isinstance(tp, type):
        if issubclass(tp, Enum):
            return "enum", tp
        if tp is bool:
            return "bool", None
        if tp is int:
            return "int", None
        if tp is float:
            return "float", None
        if tp is dt.date:
            return "date", None
    if typing.get_origin(tp) is typing.Literal:
        return "text", None
    return "text", None


def _label(model: type[BaseModel], name: str) -> str:
    desc = model.model_fields[name].description or ""
    zh = desc.split(" / ")[0].split("（")[0].strip()
    return f"{zh}（{name}）" if zh else name


def _columns(model: type[BaseModel], prefix: tuple[str, ...], key: str, sheets: list[Sheet]) -> list[Column]:
    cols: list[Column] = []
    for name, info in model.model_fields.items():
        tp = _unwrap(info.annotation)
        path = (*prefix, name)
        label = _label(model, name) if not prefix else f"{'.'.join(prefix)}.{_label(model, name)}"
        if typing.get_origin(tp) is list:
            inner = _unwrap(typing.get_args(tp)[0])
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                child = f"{key}.{'.'.join(path)}"
                sheets.append(Sheet(child, SECTION_ZH.get(child, child), inner, False, key))
                continue
            item_kind, enum = _kind(inner)
            cols.append(Column(path, label + "［多个以；分隔］", "list", enum, item_kind))
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            cols.extend(_columns(tp, path, key, sheets))
        else:
            kind, enum = _kind(tp)
            cols.append(Column(path, label, kind, enum))
    return cols


def layout() -> list[Sheet]:
    """Every sheet of the department template, parents before their children."""
    sheets: list[Sheet] = []
    meta = Sheet("meta", SECTION_ZH["meta"], DepartmentSnapshot, True, None)
    meta.columns = [
        Column(("period",), "评价年度（period）", "int"),
        Column(("as_of",), "快照截止日期（as_of）", "date"),
    ]
    sheets.append(meta)
    for name, info in DepartmentSnapshot.model_fields.items():
        if name in ("schema_version", "kind", "period", "as_of"):
            continue
        tp = _unwrap(info.annotation)
        if typing.get_origin(tp) is list:
            model = _unwrap(typing.get_args(tp)[0])
            single = False
        else:
            model = tp
            single = True
        sheet = Sheet(name, SECTION_ZH.get(name, name), model, single, None)
        pending: list[Sheet] = []
        sheet.columns = _columns(model, (), name, pending)
        sheets.append(sheet)
        while pending:
            child = pending.pop(0)
            more: list[Sheet] = []
            own = _columns(child.model, (), child.key, more)
            if single and child.parent == name:
                child.columns = own  # a list under the one 单位 row needs no parent id
            else:
                child.columns = [Column((PARENT,), "所属记录标识（上级记录 id）", "text"), *own]
            sheets.append(child)
            pending.extend(more)
    return sheets


# ---------------------------------------------------------------------------------------------
# Writing the template


def write_template(path: Path) -> None:
    path.write_bytes(template_bytes())


def template_bytes() -> bytes:
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = "填报说明"
    lines = [
        "内乡县政务数据共享管理情况快照 · 部门填报模板",
        f"快照格式版本 {SCHEMA_VERSION}。每个工作表对应快照的一部分；第 1 行为中文表头，第 2 行为字段路径（请勿修改），从第 3 行起填写。",
        "每条记录须有“记录标识（id）”，在本快照内唯一；子表（如“目录-信息项”）第一列填写所属记录的标识。",
        "是/否 字段从下拉列表中选“是”或“否”；日期填 YYYY-MM-DD；带［多个以；分隔］的格子可填多个值，以全角分号分隔。",
        "未填报的事实请留空：留空即“未报送”，规则会报告缺少事实，不会视为合规。",
        "导入：govshare import 本文件.xlsx，或在仪表盘“评估”页上传；所有错误都会指出工作表、行和列。",
    ]
    for i, text in enumerate(lines, start=1):
        guide.cell(row=i, column=1, value=text).font = Font(bold=i == 1, size=14 if i == 1 else 11)
    guide.column_dimensions["A"].width = 120
    enums = wb.create_sheet("枚举")
    enum_cols: dict[str, str] = {}
    head = Font(bold=True)
    path_font = Font(color="888888", size=8)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet in layout():
        ws = wb.create_sheet(sheet.name)
        for c, col in enumerate(sheet.columns, start=1):
            letter = get_column_letter(c)
            cell = ws.cell(row=1, column=c, value=col.label)
            cell.font = head
            cell.fill = fill
            ws.cell(row=2, column=c, value=".".join(col.path)).font = path_font
            ws.column_dimensions[letter].width = max(12, min(40, len(col.label) * 2))
            rng = f"{letter}3:{letter}{TEMPLATE_ROWS}"
            dv: DataValidation | None = None
            if col.kind == "enum" and col.enum is not None:
                ename = col.enum.__name__
                if ename not in enum_cols:
                    ecol = get_column_letter(len(enum_cols) + 1)
                    enum_cols[ename] = ecol
                    enums.cell(row=1, column=len(enum_cols), value=ename)
                    for r, member in enumerate(col.enum, start=2):
                        enums.cell(row=r, column=len(enum_cols), value=member.value)
                ecol = enum_cols[ename]
                dv = DataValidation(
                    type="list",
                    formula1=f"=枚举!${ecol}$2:${ecol}${len(list(col.enum)) + 1}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle="取值不在允许范围内",
                    error="请从下拉列表中选择 / choose from the list",
                )
            elif col.kind == "bool":
                dv = DataValidation(
                    type="list", formula1=f'"{YES},{NO}"', allow_blank=True, showErrorMessage=True
                )
            elif col.kind == "date":
                dv = DataValidation(
                    type="date",
                    operator="between",
                    formula1="DATE(2000,1,1)",
                    formula2="DATE(2100,12,31)",
                    allow_blank=True,
                    showErrorMessage=True,
                    error="请填写 YYYY-MM-DD 日期 / a date",
                )
                for r in range(3, TEMPLATE_ROWS + 1):
                    ws.cell(row=r, column=c).number_format = "yyyy-mm-dd"
            elif col.kind in ("int", "float"):
                dv = DataValidation(
                    type="whole" if col.kind == "int" else "decimal",
                    operator="between",
                    formula1="0",
                    formula2="1000000",
                    allow_blank=True,
                    showErrorMessage=True,
                )
            if dv is not None:
                ws.add_data_validation(dv)
                dv.add(rng)
        ws.freeze_panes = "A3"
    enums.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Reading a filled-in workbook


def _check_zip(raw: bytes, name: str) -> None:
    def fail(msg: str) -> SnapshotFileError:
        return SnapshotFileError([ImportProblem(name, "", None, msg)])

    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as e:
        raise fail("不是有效的 Excel（.xlsx）文件 / not a valid .xlsx file") from e
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


@dataclass
class _Where:
    sheet: str
    row: int
    columns: dict[tuple[str, ...], str]


def _cell_value(value: Any, col: Column) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if col.kind == "list":
        parts = [p.strip() for p in str(value).replace(";", LIST_SEP).split(LIST_SEP) if p.strip()]
        return [_scalar(p, col.item_kind) for p in parts]
    return _scalar(value, col.kind)


def _scalar(value: Any, kind: str) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if kind in ("date", "text") else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind == "bool":
        if isinstance(value, bool):
            return value
        s = str(value).strip()
        return {YES: True, NO: False, "true": True, "false": False, "TRUE": True, "FALSE": False}.get(s, s)
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    if kind == "text" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return value


def _set(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = doc
    for p in path[:-1]:
        node = node.setdefault(p, {})
    node[path[-1]] = value


def read_workbook(raw: bytes, name: str) -> LoadedSnapshot:
    """Read a filled-in template into a validated department snapshot; errors name sheet, row, column."""
    _check_zip(raw, name)
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds
        raise SnapshotFileError(
            [ImportProblem(name, "", None, f"无法读取 Excel 文件 / cannot read the workbook: {e}")]
        ) from e
    problems: list[ImportProblem] = []
    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "kind": "department"}
    where: dict[str, _Where] = {}  # JSON pointer of a record → its sheet row
    records: dict[str, dict[str, tuple[dict[str, Any], str]]] = {}  # sheet key → id → (record, pointer)
    try:
        for sheet in layout():
            if sheet.name not in wb.sheetnames:
                if sheet.key in ("meta", "department"):
                    problems.append(
                        ImportProblem(name, "", None, f"缺少工作表「{sheet.name}」/ sheet missing")
                    )
                continue
            ws = wb[sheet.name]
            rows = ws.iter_rows(values_only=True)
            next(rows, None)
            paths = next(rows, None) or ()
            col_of: dict[tuple[str, ...], int] = {}
            for i, p in enumerate(paths):
                if p:
                    col_of[tuple(str(p).split("."))] = i
            letters = {
                c.path: get_column_letter(col_of[c.path] + 1) for c in sheet.columns if c.path in col_of
            }
            missing = [c.label for c in sheet.columns if c.path not in col_of]
            if missing:
                problems.append(
                    ImportProblem(
                        name,
                        "",
                        None,
                        f"工作表「{sheet.name}」第 2 行缺少列 / columns missing: {'、'.join(missing)}",
                    )
                )
                continue
            for r, values in enumerate(rows, start=3):
                cells = {
                    c.path: _cell_value(values[col_of[c.path]] if col_of[c.path] < len(values) else None, c)
                    for c in sheet.columns
                }
                if all(v is None for v in cells.values()):
                    continue
                record: dict[str, Any] = {}
                for path, v in cells.items():
                    if v is not None and path != (PARENT,):
                        _set(record, path, v)
                if sheet.key == "meta":
                    doc.update(record)
                    where[""] = _Where(sheet.name, r, letters)
                    break
                if sheet.single:
                    doc[sheet.key] = record
                    where[f"/{sheet.key}"] = _Where(sheet.name, r, letters)
                    break
                if sheet.parent is None:
                    target = doc.setdefault(sheet.key, [])
                    pointer = f"/{sheet.key}/{len(target)}"
                elif (PARENT,) not in cells:
                    sub = sheet.key[len(sheet.parent) + 1 :].split(".")
                    node = doc.setdefault(sheet.parent, {})
                    for p in sub[:-1]:
                        node = node.setdefault(p, {})
                    target = node.setdefault(sub[-1], [])
                    pointer = f"/{sheet.parent}/{'/'.join(sub)}/{len(target)}"
                else:
                    parent_id = cells.get((PARENT,))
                    parent_key = sheet.parent
                    found = records.get(parent_key, {}).get(str(parent_id)) if parent_id else None
                    if found is None:
                        problems.append(
                            ImportProblem(
                                name,
                                "",
                                None,
                                f"工作表「{sheet.name}」第 {r} 行 {letters[(PARENT,)]} 列：找不到上级记录 "
                                f"{parent_id!r} / parent record not found",
                            )
                        )
                        continue
                    parent, ppointer = found
                    sub = sheet.key[len(parent_key) + 1 :].split(".")
                    node = parent
                    for p in sub[:-1]:
                        node = node.setdefault(p, {})
                    target = node.setdefault(sub[-1], [])
                    pointer = f"{ppointer}/{'/'.join(sub)}/{len(target)}"
                target.append(record)
                where[pointer] = _Where(sheet.name, r, letters)
                if "id" in record:
                    records.setdefault(sheet.key, {})[str(record["id"])] = (record, pointer)
    finally:
        wb.close()
    if problems:
        raise SnapshotFileError(problems)
    try:
        return validate_document(doc, name)
    except SnapshotFileError as e:
        raise SnapshotFileError([_locate(p, where) for p in e.errors]) from e


def _locate(p: ImportProblem, where: dict[str, _Where]) -> ImportProblem:
    pointer = p.pointer or ""
    best = ""
    for k in where:
        if (pointer == k or pointer.startswith(k + "/")) and len(k) >= len(best):
            best = k
    w = where.get(best)
    if w is None:
        return ImportProblem(p.file, p.pointer, p.record_id, f"【工作表未定位 / no cell】{p.message}")
    rest = tuple(x for x in pointer[len(best) :].split("/") if x and not x.isdigit())
    col = w.columns.get(rest) or w.columns.get(rest[:1]) or w.columns.get(("id",)) or "A"
    return ImportProblem(
        p.file,
        p.pointer,
        p.record_id,
        f"【工作表「{w.sheet}」第 {w.row} 行 {col} 列 / sheet {w.sheet} row {w.row} column {col}】{p.message}",
    )
