"""The Excel template: written with validations, filled in, read back through the same validation."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.intake.files import SnapshotFileError, load_bytes, load_file
from evaluator.intake.xlsx import fill_template
from tests.support import snapshots as S


def _fill(doc: dict[str, Any]) -> bytes:
    """Fill the template with a snapshot document (the product's own writer)."""
    return fill_template(doc)


def _doc() -> dict[str, Any]:
    return S.department(
        catalog=[
            {
                "id": "R-1",
                "code": "R-TEST-1",
                "name": "低保对象信息",
                "share_attribute": "有条件共享",
                "items": [{"code": "DE0001", "name": "身份证号码", "basic": True}],
                "share_bases": [{"rank": "部门文件", "title": "县测试局关于数据管理的通知"}],
            }
        ]
    )


def test_template_has_sheets_headers_and_validations(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    r = CliRunner().invoke(app, ["template", "--output", str(out)])
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    assert {"单位", "目录", "目录-信息项", "采集", "安全"} <= set(wb.sheetnames)
    ws = wb["目录"]
    assert ws.cell(row=1, column=3).value == "*资源名称（name）"
    assert ws.cell(row=2, column=3).value == "name"
    assert "list" in {dv.type for dv in ws.data_validations.dataValidation}
    assert any(dv.type == "date" for dv in wb["业务专网"].data_validations.dataValidation)


def test_round_trip_equals_the_json_snapshot() -> None:
    doc = _doc()
    from evaluator.intake.files import validate_document

    want = validate_document(doc, "json")
    got = load_bytes(_fill(doc), "dept.xlsx", ".xlsx")
    assert got.snapshot == want.snapshot
    assert got.sha256 == want.sha256


def test_errors_name_sheet_row_and_column() -> None:
    doc = _doc()
    doc["catalog"][0]["share_attribute"] = "随便共享"
    doc["collections"][0]["method"] = None
    with pytest.raises(SnapshotFileError) as e:
        load_bytes(_fill(doc), "dept.xlsx", ".xlsx")
    msgs = [x.message for x in e.value.errors]
    assert any("工作表「目录」第 3 行" in m and "列" in m for m in msgs), msgs
    assert any("工作表「采集」第 3 行" in m for m in msgs), msgs
    assert all("工作表" in m for m in msgs)


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    p = tmp_path / "bomb.xlsx"
    p.write_bytes(buf.getvalue())
    with pytest.raises(SnapshotFileError) as e:
        load_file(p)
    assert "过大" in e.value.errors[0].message or "压缩" in e.value.errors[0].message


def test_not_a_workbook() -> None:
    with pytest.raises(SnapshotFileError) as e:
        load_bytes(b"hello", "x.xlsx", ".xlsx")
    assert "xlsx" in e.value.errors[0].message


def test_round_trip_of_a_fixture_department() -> None:
    import yaml

    from evaluator.intake.files import validate_document

    path = Path(__file__).resolve().parents[1] / "fixtures" / "county" / "02-gonganju.yaml"
    assert path.is_file(), "the fixture county is committed: fixtures/county/02-gonganju.yaml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    want = validate_document(doc, "yaml")
    got = load_bytes(_fill(doc), "gonganju.xlsx", ".xlsx")
    assert got.snapshot == want.snapshot
