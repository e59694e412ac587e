"""Step definitions for the Chinese Gherkin specifications (pytest-bdd), bound to the real evaluator.

Few, general steps (features/README.md shows each one): a department that keeps every duty (the clean
fixture department), records put into one of its sections or into the county platform snapshot, one
evaluation on OPA, and what must (not) be found. Column headers of a table are the Chinese field names
of the snapshot model (the text before " / " in each field's description) or the English field names;
``单位信息.数据管理专职机构`` reaches into nested objects.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from evaluator.model.snapshot import DepartmentSnapshot, LegalBasis, PlatformSnapshot
from fixtures.generator.county import build_county

#: section label (中文) → field of the department snapshot
DEPARTMENT_SECTIONS: dict[str, str] = {
    "目录": "catalog",
    "信息系统": "systems",
    "业务专网": "networks",
    "自建平台": "own_platforms",
    "采集": "collections",
    "共享申请": "share_requests",
    "数据使用": "data_usage",
    "共享开放记录": "releases",
    "接口需求": "interface_demands",
    "目录变更": "catalog_changes",
    "开放目录更正申请": "open_catalog_corrections",
    "开放数据申请": "open_data_requests",
    "问题数据": "quality_issues",
    "数据质量": "quality_reports",
    "安全事件": "incidents",
    "违法行为记录": "security_events",
    "报送材料": "reports",
    "信息化项目": "projects",
    "应用场景": "application_scenarios",
}

#: section label (中文) → field of the platform snapshot
PLATFORM_SECTIONS: dict[str, str] = {
    "共享数据项登记": "shared_items",
    "信息系统登记": "system_register",
    "政务服务事项": "service_items",
    "目录更新审核": "catalog_reviews",
    "向市级报备": "city_filings",
    "年度报告": "reports",
}

_TRUE = {"是", "有", "true", "True", "已", "yes"}
_FALSE = {"否", "无", "false", "False", "未", "no"}
_EMPTY = {"", "空", "（空）", "null", "—", "-"}
_BASIS = re.compile(r"^\s*([^《]+?)\s*《(.+?)》\s*$")


def load_baseline() -> tuple[dict[str, Any], dict[str, Any]]:
    """The clean department and the platform snapshot, taken from the fixture generator's *base* county
    (before any deliberate break: fixtures/README.md). The generated files under fixtures/county/ carry
    the breaks, so even a department listed as clean there may later receive one; the base county keeps
    every duty by construction."""
    county = build_county()
    for d in county.depts.values():
        if d.name == CLEAN_DEPARTMENT:
            return d.snapshot, county.platform
    raise AssertionError(
        f"示例县基础快照中找不到合规基准部门「{CLEAN_DEPARTMENT}」/ clean department missing in the base county"
    )


#: the fixture department that keeps every duty (fixtures/README.md lists it as "kept by" everywhere)
CLEAN_DEPARTMENT = "内乡县统计局"


def _label(description: str | None) -> str | None:
    if not description:
        return None
    return description.split(" / ")[0].split("（")[0].strip()


def _field_for(model: type[BaseModel], label: str) -> str:
    label = label.strip()
    for name, info in model.model_fields.items():
        if label in (name, _label(info.description)):
            return name
    known = "、".join(
        sorted(filter(None, (_label(i.description) or n for n, i in model.model_fields.items())))
    )
    raise AssertionError(f"「{label}」不是 {model.__name__} 的字段；可用：{known}")


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner type, optional?) of an annotation such as `X | None` or Annotated[...]"""
    optional = False
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        inner, _ = _unwrap(args[0])
        return inner, optional
    return annotation, optional


def _convert(annotation: Any, raw: str) -> Any:
    inner, optional = _unwrap(annotation)
    raw = raw.strip()
    if raw in _EMPTY and (optional or typing.get_origin(inner) is list):
        return [] if typing.get_origin(inner) is list else None
    if typing.get_origin(inner) is list:
        (elem,) = typing.get_args(inner)
        elem_inner, _ = _unwrap(elem)
        parts = [p for p in re.split(r"[、；;]", raw) if p.strip()]
        if elem_inner is LegalBasis:
            return [_basis(p) for p in parts]
        return [_convert(elem, p) for p in parts]
    if inner is LegalBasis:
        return _basis(raw)
    if inner is bool:
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        raise AssertionError(f"「{raw}」应为 是/否")
    if inner is int:
        return int(raw)
    if inner is float:
        return float(raw)
    if inner is dt.date:
        return raw  # ISO text; pydantic validates it
    return raw


def _basis(raw: str) -> dict[str, Any]:
    m = _BASIS.match(raw)
    if not m:
        raise AssertionError(f"依据「{raw}」应写作 位阶《名称》，如 法律《中华人民共和国数据安全法》")
    return {"rank": m.group(1), "title": m.group(2)}


def set_path(model: type[BaseModel], doc: dict[str, Any], path: str, raw: str) -> None:
    """Set a (possibly nested, dot-separated, Chinese-labelled) field of a snapshot document."""
    parts = path.split(".")
    node = doc
    i = 0
    while i < len(parts):
        label = parts[i]
        name = _field_for(model, label)
        info = model.model_fields[name]
        if i == len(parts) - 1:
            node[name] = _convert(info.annotation, raw)
            return
        inner, _ = _unwrap(info.annotation)
        if typing.get_origin(inner) is list and parts[i + 1].isdigit():
            # 「服务接口.1.已提供调用说明」: the n-th record (from 1) of a list of objects
            elem, _ = _unwrap(typing.get_args(inner)[0])
            items = node.get(name) or []
            n = int(parts[i + 1])
            if not (isinstance(elem, type) and issubclass(elem, BaseModel)) or not 1 <= n <= len(items):
                raise AssertionError(f"「{label}」没有第 {n} 条记录（共 {len(items)} 条）")
            if i + 1 == len(parts) - 1:
                raise AssertionError(f"「{label}.{n}」须再指明字段")
            node, model, i = items[n - 1], elem, i + 2
            continue
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            raise AssertionError(f"「{label}」不是对象，不能再取下级字段")
        if node.get(name) is None:
            node[name] = {}
        node = node[name]
        model = inner
        i += 1


def record_model(snapshot_model: type[BaseModel], field: str) -> type[BaseModel]:
    inner, _ = _unwrap(snapshot_model.model_fields[field].annotation)
    (elem,) = typing.get_args(inner)
    model, _ = _unwrap(elem)
    assert isinstance(model, type) and issubclass(model, BaseModel)
    return model


def records_from_table(
    snapshot_model: type[BaseModel], base: dict[str, Any], field: str, rows: list[list[str]]
) -> list[dict[str, Any]]:
    """Records built from a table: each row starts from the baseline's first record of the section
    (so only the columns that matter need to be written) and sets the columns given."""
    header, *body = rows
    model = record_model(snapshot_model, field)
    template = copy.deepcopy((base.get(field) or [{}])[0])
    out = []
    for n, row in enumerate(body, start=1):
        rec = copy.deepcopy(template)
        rec["id"] = f"{field}-{n}"
        for col, cell in zip(header, row, strict=True):
            set_path(model, rec, col, cell)
        out.append(rec)
    return out


__all__ = [
    "DEPARTMENT_SECTIONS",
    "PLATFORM_SECTIONS",
    "DepartmentSnapshot",
    "PlatformSnapshot",
    "load_baseline",
    "records_from_table",
    "set_path",
]
