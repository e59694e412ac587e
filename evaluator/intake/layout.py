"""The shape of the Excel template, derived from the snapshot model: sheets, columns, Chinese labels,
which fields are required, which are ratios, bounds, and which hold codes (read as ASCII).

One sheet per section of the department snapshot (单位, 目录, 信息系统, …); a list of records inside a
record (a catalog entry's 信息项) gets its own sheet whose first column names the parent record's id.
Row 1 holds the Chinese header, row 2 the field path (the reader's key; hidden and protected), data
starts at row 3. Used by the template writer (``template.py``) and the reader (``xlsx.py``).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel

from evaluator.model.snapshot import DepartmentSnapshot

YES, NO = "是", "否"
LIST_SEP = "；"
PARENT = "_parent"
REQUIRED_MARK = "*"
HEADER_ROW, PATH_ROW, FIRST_ROW = 1, 2, 3
GUIDE, ENUMS = "填报说明", "枚举"

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
    "quality_reports": "数据质量",
    "security": "安全",
    "incidents": "安全事件",
    "security_events": "安全违规",
    "security.documents": "安全制度",
    "reports": "报告",
    "projects": "信息化项目",
    "application_scenarios": "应用场景",
}

# Chinese labels of fields whose model description has none (model fields are s15's; labels live here).
LABEL_ZH = {
    "accuracy": "准确性",
    "timeliness": "及时性",
    "completeness": "完整性",
    "availability": "可用性",
    "applied": "申请审批日期",
    "accepted": "验收日期",
    "launched": "上线日期",
    "description": "说明",
    "name": "名称",
}

# Fields holding codes: full-width characters are read as ASCII (with a note); credit codes and ID
# numbers also upper-case their letters (a lower-case check character x).
CODE_FIELDS = {
    "id",
    "code",
    "resource_code",
    "resource_codes",
    "item_code",
    "needed_items",
    "granted_items",
    "system_id",
    "request_id",
    "duty_id",
    "provider",
    "identifier_samples",
}
UPPER_FIELDS = {"provider", "identifier_samples"}  # and department.code (a credit code)


@dataclass
class Column:
    path: tuple[str, ...]  # inside the row's record
    label: str
    kind: str  # text | int | float | bool | date | enum | list
    enum: type[Enum] | None = None
    item_kind: str = "text"
    required: bool = False
    low: float | None = None
    high: float | None = None
    code: bool = False
    upper: bool = False

    @property
    def ratio(self) -> bool:
        return self.kind == "float" and self.low == 0 and self.high == 1

    @property
    def key(self) -> str:
        return ".".join(self.path)


@dataclass
class Sheet:
    key: str  # dotted path of the section, e.g. catalog.items
    name: str
    model: type[BaseModel]
    single: bool  # one row (单位, 安全, 数据质量) or many
    parent: str | None  # key of the parent sheet for nested lists
    required: bool = False  # the section itself must be filled (快照信息, 单位)
    columns: list[Column] = field(default_factory=list)

    def column(self, path: tuple[str, ...]) -> Column | None:
        return next((c for c in self.columns if c.path == path), None)


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
    return "text", None


def zh_label(model: type[BaseModel], name: str) -> str:
    desc = model.model_fields[name].description or ""
    zh = desc.split(" / ")[0].split("（")[0].split("，")[0].strip()
    if not zh or not any("\u4e00" <= ch <= "\u9fff" for ch in zh):
        zh = LABEL_ZH.get(name, name)
    return zh


def _bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    low = high = None
    for meta in model.model_fields[name].metadata:
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    return low, high


def _columns(
    model: type[BaseModel],
    prefix: tuple[str, ...],
    prefix_zh: str,
    key: str,
    sheets: list[Sheet],
    required: bool,
) -> list[Column]:
    cols: list[Column] = []
    for name, info in model.model_fields.items():
        tp = _unwrap(info.annotation)
        path = (*prefix, name)
        zh = zh_label(model, name)
        label = f"{prefix_zh}·{zh}" if prefix_zh else zh
        req = required and info.is_required()
        code = name in CODE_FIELDS
        upper = name in UPPER_FIELDS or (key == "department" and path == ("code",))
        if typing.get_origin(tp) is list:
            inner = _unwrap(typing.get_args(tp)[0])
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                child = f"{key}.{'.'.join(path)}"
                sheets.append(Sheet(child, SECTION_ZH.get(child, child), inner, False, key))
                continue
            item_kind, enum = _kind(inner)
            cols.append(
                Column(
                    path,
                    f"{label}（{name}）［多个以；分隔］",
                    "list",
                    enum,
                    item_kind,
                    req,
                    code=code,
                    upper=upper,
                )
            )
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            cols.extend(_columns(tp, path, label, key, sheets, req))
        else:
            kind, enum = _kind(tp)
            low, high = _bounds(model, name)
            cols.append(Column(path, f"{label}（{name}）", kind, enum, "text", req, low, high, code, upper))
    return cols


def layout() -> list[Sheet]:
    """Every sheet of the department template, parents before their children."""
    sheets: list[Sheet] = []
    meta = Sheet("meta", SECTION_ZH["meta"], DepartmentSnapshot, True, None, required=True)
    low, high = _bounds(DepartmentSnapshot, "period")
    meta.columns = [
        Column(("period",), "评价年度（period）", "int", required=True, low=low, high=high),
        Column(("as_of",), "快照截止日期（as_of）", "date", required=True),
    ]
    sheets.append(meta)
    for name, info in DepartmentSnapshot.model_fields.items():
        if name in ("schema_version", "kind", "period", "as_of"):
            continue
        tp = _unwrap(info.annotation)
        single = typing.get_origin(tp) is not list
        model = tp if single else _unwrap(typing.get_args(tp)[0])
        sheet = Sheet(name, SECTION_ZH.get(name, name), model, single, None, required=info.is_required())
        pending: list[Sheet] = []
        sheet.columns = _columns(model, (), "", name, pending, True)
        sheets.append(sheet)
        while pending:
            child = pending.pop(0)
            more: list[Sheet] = []
            own = _columns(child.model, (), "", child.key, more, True)
            if single and child.parent == name:
                child.columns = own  # a list under the one 单位 row needs no parent id
            else:
                parent_col = Column(
                    (PARENT,), "所属记录标识（上级记录 id）", "text", required=True, code=True
                )
                child.columns = [parent_col, *own]
            sheets.append(child)
            pending.extend(more)
    return sheets


def header(col: Column) -> str:
    """The row-1 header: required fields marked with ``*``; a ratio states how it is read."""
    text = (REQUIRED_MARK if col.required else "") + col.label
    if col.ratio:
        text += "［0–1 的小数；93% 或 93 按 0.93 读］"
    return text
