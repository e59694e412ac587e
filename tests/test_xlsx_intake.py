"""The Excel template as a clerk fills it (issue 17): every fault of a file in one pass, located; what
a person means normalised and listed in the import report; the template serves the person filling it;
the fixture county round-trips template → import → identical snapshot."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from evaluator.intake.files import SnapshotFileError, load_bytes, load_files, validate_document
from evaluator.intake.layout import GUIDE, PATH_ROW, layout
from evaluator.intake.template import fill_template, template_bytes
from fixtures.generator.build import COUNTY_DIR, INVALID_DIR
from fixtures.generator.invalid_xlsx import ALL_FAULTS, ALL_FAULTS_EXPECTED, BLANK, BLANK_EXPECTED

DEPARTMENTS = sorted(f for f in COUNTY_DIR.glob("*.yaml") if not f.name.startswith("00-"))


@pytest.mark.parametrize(("case", "expected"), [(BLANK, BLANK_EXPECTED), (ALL_FAULTS, ALL_FAULTS_EXPECTED)])
def test_every_fault_of_a_file_in_one_pass(case: Any, expected: list[tuple[str, str]]) -> None:
    with pytest.raises(SnapshotFileError) as exc:
        load_files([INVALID_DIR / case.file])
    got = [(e.pointer, e.message) for e in exc.value.errors]
    assert [p for p, _ in got] == [p for p, _ in expected]
    for (_, message), (_, fragment) in zip(got, expected, strict=True):
        assert fragment in message, message


@pytest.mark.parametrize("path", DEPARTMENTS, ids=[p.stem for p in DEPARTMENTS])
def test_county_round_trips_through_the_template(path: Path) -> None:
    doc = yaml.safe_load(path.read_text("utf-8"))
    want = validate_document(doc, "yaml")
    got = load_bytes(fill_template(doc), f"{path.stem}.xlsx", ".xlsx")
    assert got.snapshot == want.snapshot
    assert got.sha256 == want.sha256
    assert got.normalised == ()


def _sheet_cells(wb: Any, sheet: str, values: dict[str, Any], row: int = 3) -> None:
    ws = wb[sheet]
    cols = {c.value: c.column_letter for c in ws[PATH_ROW] if c.value}
    for path, value in values.items():
        ws[f"{cols[path]}{row}"] = value


def _messy() -> bytes:
    doc = yaml.safe_load((COUNTY_DIR / "15-tongjiju.yaml").read_text("utf-8"))
    wb = load_workbook(io.BytesIO(fill_template(doc)))
    _sheet_cells(wb, "数据质量", {"accuracy": "93%", "timeliness": 97, "completeness": 0.99})
    _sheet_cells(
        wb, "单位", {"code": "１１４１１３２５００５２００１１４５", "head_is_first_responsible": "有"}
    )
    _sheet_cells(wb, "报告", {"submitted": "2025年1月20日"})
    _sheet_cells(wb, "目录", {"last_refreshed": "2026/1/15"})
    _sheet_cells(wb, "信息系统", {"resource_codes": "411325-TJ-001，411325-TJ-002"})
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _at(sheet: str, path: str) -> str:
    """The location prefix of row 3 of ``sheet`` in the column of ``path`` (from the layout, not retyped)."""
    [s] = [x for x in layout() if x.name == sheet]
    col = get_column_letter(1 + [c.key for c in s.columns].index(path))
    return f"【工作表「{sheet}」第 3 行 {col} 列 / sheet {sheet} row 3 column {col}】"


def test_what_a_person_means_is_read_and_listed() -> None:
    got = load_bytes(_messy(), "messy.xlsx", ".xlsx")
    snap: Any = got.snapshot
    assert snap.quality_reports[0].accuracy == 0.93 and snap.quality_reports[0].timeliness == 0.97
    assert snap.department.code == "114113250052001145" and snap.department.head_is_first_responsible is True
    assert str(snap.reports[0].submitted) == "2025-01-20"
    assert str(snap.catalog[0].last_refreshed) == "2026-01-15"
    assert snap.systems[0].resource_codes == ["411325-TJ-001", "411325-TJ-002"]
    notes = [n.message for n in got.normalised]
    assert notes == [
        _at("单位", "code") + "全角字符按半角读："
        "“１１４１１３２５００５２００１１４５” → “114113250052001145”",
        _at("单位", "head_is_first_responsible") + "“有” 按“是”读",
        _at("目录", "last_refreshed") + "“2026/1/15” 读作 2026-01-15",
        _at("信息系统", "resource_codes") + "按 “，” 分隔，读作 2 项",
        _at("数据质量", "accuracy") + "“93%” 按百分数读作 0.93",
        _at("数据质量", "timeliness") + "“97” 按百分数读作 0.97",
        _at("报告", "submitted") + "“2025年1月20日” 读作 2025-01-20",
    ]


def test_what_is_not_one_value_says_what_was_read_and_what_is_expected() -> None:
    doc = yaml.safe_load((COUNTY_DIR / "15-tongjiju.yaml").read_text("utf-8"))
    wb = load_workbook(io.BytesIO(fill_template(doc)))
    _sheet_cells(wb, "数据质量", {"accuracy": "九成", "timeliness": 150})
    _sheet_cells(wb, "单位", {"head_is_first_responsible": "可能"})
    _sheet_cells(wb, "报告", {"submitted": "2025/2/30"})
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(SnapshotFileError) as exc:
        load_bytes(buf.getvalue(), "bad.xlsx", ".xlsx")
    assert [(e.pointer, e.message.split("】")[1]) for e in exc.value.errors] == [
        ("/department/head_is_first_responsible", "应为“是”或“否”（也可填 有/无）：读到 “可能”"),
        ("/quality_reports/0/accuracy", "应为 0–1 的比例：读到 “九成”"),
        ("/quality_reports/0/timeliness", "比例应在 0–1 之间（或 0%–100%）：读到 “150”"),
        ("/reports/0/submitted", "日期不存在：读到 “2025/2/30”（2025 年 2 月没有 30 日）"),
    ]


def test_the_template_serves_the_person_who_fills_it() -> None:
    wb = load_workbook(io.BytesIO(template_bytes()))
    for sheet in layout():
        ws = wb[sheet.name]
        assert ws.row_dimensions[PATH_ROW].hidden, sheet.name
        assert ws.protection.sheet, sheet.name
        validated = {
            str(r).split(":")[0][:-1] for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges
        }
        for i, col in enumerate(sheet.columns, start=1):
            head = ws.cell(row=1, column=i).value
            assert any("\u4e00" <= ch <= "\u9fff" for ch in head), (sheet.name, head)
            assert head.startswith("*") == col.required, (sheet.name, head)
            assert "." not in head.split("（")[0], (sheet.name, head)  # no English prefixes
            if col.kind in ("enum", "bool", "date", "int", "float"):
                assert ws.cell(row=1, column=i).column_letter in validated, (sheet.name, head)
    guide = [c.value for c in wb[GUIDE]["A"] if c.value]
    assert any("填写示例" in v for v in guide) and any("工作表「目录」" in v for v in guide)
