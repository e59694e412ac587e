"""Snapshots for tests.

- ``department()`` / ``platform()``: small snapshots built in code (a minimal 县测试局); tests that
  look at one rule use them and assert on that rule.
- ``clean_department()`` / ``clean_platform()``: the fixture county's 内乡县统计局, which keeps every duty
  (fixtures/generator/breaks: CLEAN_DEPARTMENT), and the county platform snapshot; a test changes only
  the facts it is about, everything else stays compliant.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from evaluator.facts.identifiers import id_number_with_check, uscc_with_check

AUTHORITY = uscc_with_check("11411325MB0000001")
DEPT = uscc_with_check("11411325MB0000002")
OTHER = uscc_with_check("11411325MB0000003")


def platform(period: int = 2025, **over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema_version": "1.1",
        "kind": "platform",
        "period": period,
        "as_of": f"{period}-12-31",
        "authority": AUTHORITY,
        "shared_items": [
            {
                "id": "SI-1",
                "item_code": "DE0001",
                "item_name": "身份证号码",
                "provider": OTHER,
                "resource_code": "R-OTHER-1",
                "share_attribute": "无条件共享",
            }
        ],
    }
    doc.update(over)
    return doc


def department(code: str = DEPT, period: int = 2025, **over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema_version": "1.1",
        "kind": "department",
        "period": period,
        "as_of": f"{period}-12-31",
        "department": {
            "code": code,
            "name": "县测试局",
            "kind": "政务部门",
            "head": "张局长",
            "head_is_first_responsible": True,
            "data_unit": "信息中心",
            "data_staff": [{"id": "S-1", "name": "李四", "position": "科员", "full_time": True}],
            "duties": [{"id": "DU-1", "name": "社会救助"}],
        },
        "collections": [
            {
                "id": "C-1",
                "item_code": "DE0001",
                "item_name": "身份证号码",
                "subject_type": "自然人",
                "identifier_type": "身份证号码",
                "method": "共享获取",
                "identifier_samples": [id_number_with_check("41132519850315123")],
            }
        ],
        "reports": [
            {
                "id": "RP-1",
                "kind": "部门年度政务数据管理情况",
                "covers_year": period - 1,
                "submitted": f"{period}-01-20",
            }
        ],
    }
    for key, value in over.items():
        doc[key] = value
    return copy.deepcopy(doc)


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "county"
_CLEAN = yaml.safe_load((FIXTURES / "15-tongjiju.yaml").read_text("utf-8"))
_PLATFORM = yaml.safe_load((FIXTURES / "00-platform.yaml").read_text("utf-8"))

CLEAN_DEPT: str = _CLEAN["department"]["code"]
CLEAN_AUTHORITY: str = _PLATFORM["authority"]
#: 公安局, which shares DE0001 身份证号码 on the city platform in the fixture county
SHARER: str = next(i["provider"] for i in _PLATFORM["shared_items"] if i["item_code"] == "DE0001")


def clean_platform(**over: Any) -> dict[str, Any]:
    doc = copy.deepcopy(_PLATFORM)
    doc.update(copy.deepcopy(over))
    return doc


def clean_department(**over: Any) -> dict[str, Any]:
    """The clean department; keyword arguments replace whole top-level sections."""
    doc = copy.deepcopy(_CLEAN)
    doc.update(copy.deepcopy(over))
    return doc


def art67_department(code: str = DEPT, name: str = "县测试局") -> dict[str, Any]:
    """A small department with an Art. 67 rectification ground (a conditional-sharing resource based on a
    department's own notice, not on a law or regulation)."""
    d = department(
        code=code,
        catalog=[
            {
                "id": "R-1",
                "code": f"R-{code[-4:]}-1",
                "name": "低保对象信息",
                "share_attribute": "有条件共享",
                "share_bases": [{"rank": "部门文件", "title": "县测试局关于数据管理的通知"}],
            }
        ],
    )
    d["department"]["name"] = name
    return d
