"""The catalog a department already keeps (issue 17 item 6): a 1272-guide catalog export (XLSX or CSV)
imported with the department's snapshot is the same snapshot as the YAML, and evaluates to the same
findings; its errors are located by file, row and column, and nothing is stored."""

from __future__ import annotations

import copy
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate.api import evaluate_files
from evaluator.intake.catalog_export import HEADERS
from evaluator.intake.catalog_writer import export_csv, export_rows, export_workbook
from evaluator.intake.files import SnapshotFileError, load_batch, load_bytes, validate_document
from evaluator.model.results import Finding
from fixtures.generator.build import CATALOG_DIR, COUNTY_DIR

DEPARTMENTS = sorted(f for f in COUNTY_DIR.glob("*.yaml") if not f.name.startswith("00-"))
STEM = "11-jiaotongyunshuju"


def _yaml(doc: dict[str, Any]) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, explicit_end=True).encode()


def _without_catalog(doc: dict[str, Any]) -> bytes:
    return _yaml({**doc, "catalog": []})


def _xlsx(doc: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    export_workbook(doc).save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("path", DEPARTMENTS, ids=[p.stem for p in DEPARTMENTS])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_every_county_catalog_round_trips_through_an_export(path: Path, fmt: str) -> None:
    doc = yaml.safe_load(path.read_text("utf-8"))
    want = validate_document(doc, "yaml")
    export = _xlsx(doc) if fmt == "xlsx" else export_csv(doc)
    [got] = load_batch([(_without_catalog(doc), "dept.yaml", ".yaml"), (export, f"catalog.{fmt}", f".{fmt}")])
    assert got.snapshot == want.snapshot
    assert got.sha256 == want.sha256


def test_the_fixture_export_evaluates_to_the_same_findings(tmp_path: Path) -> None:
    county = tmp_path / "county"
    shutil.copytree(COUNTY_DIR, county)
    (county / f"{STEM}.yaml").unlink()
    srv = OpaServer(build_bundle())
    try:
        want = evaluate_files([COUNTY_DIR], server=srv, store=False)
        for fmt in ("xlsx", "csv"):
            export = [county, CATALOG_DIR / f"{STEM}-no-catalog.yaml", CATALOG_DIR / f"{STEM}-catalog.{fmt}"]
            got = evaluate_files(export, server=srv, store=False)
            assert want.findings and _without_sources(got.findings) == _without_sources(want.findings), fmt
            assert got.errors == want.errors == [], fmt
    finally:
        srv.stop()


def _without_sources(findings: list[Finding]) -> list[dict[str, Any]]:
    """The findings without the file names their evidence cites (the files differ by construction)."""
    out = [f.as_json() for f in findings]
    for f in out:
        for e in f.get("evidence") or []:
            e.pop("snapshot", None)
    return out


def _doc() -> dict[str, Any]:
    return yaml.safe_load((COUNTY_DIR / f"{STEM}.yaml").read_text("utf-8"))


def _csv(rows: list[list[str]]) -> bytes:
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode()


def _refused(
    export: bytes, doc: dict[str, Any] | None = None, name: str = "目录.csv"
) -> list[tuple[str, str, str]]:
    doc = doc or _doc()
    with pytest.raises(SnapshotFileError) as exc:
        load_batch([(_without_catalog(doc), "dept.yaml", ".yaml"), (export, name, ".csv")])
    return [(e.file, e.pointer, e.message) for e in exc.value.errors]


def test_a_value_error_is_located_in_the_export() -> None:
    rows = export_rows(_doc())
    rows[2][HEADERS.index("共享属性")] = "部分共享"
    [(file, pointer, message)] = _refused(_csv(rows))
    assert (file, pointer) == ("目录.csv", "/catalog/1/share_attribute")
    assert message.startswith(
        "【目录导出「目录.csv」第 3 行 I 列 / catalog export row 3 column I】取值不在允许范围内：读到 “部分共享”"
    )


def test_a_date_after_as_of_is_located_in_the_export() -> None:
    rows = export_rows(_doc())
    rows[1][HEADERS.index("扩展：最近挂载更新日期")] = "2026/3/1"
    [(_file, pointer, message)] = _refused(_csv(rows))
    assert pointer == "/catalog/0/last_refreshed"
    assert message.startswith(
        "【目录导出「目录.csv」第 2 行 AC 列 / catalog export row 2 column AC】最近一次挂载更新 2026-03-01 晚于"
    )


def test_structure_of_the_export() -> None:
    rows = export_rows(_doc())
    rows[0][HEADERS.index("共享条件")] = "共享条件说明"
    got = _refused(_csv(rows))
    assert [m for _f, _p, m in got] == [
        "【目录导出「目录.csv」第 1 行 / catalog export row 1】缺少 1272 号指南规定的列：共享条件 / columns missing",
        "【目录导出「目录.csv」第 1 行 J 列 / catalog export row 1 column J】未知列 “共享条件说明” / unknown column",
    ]


def test_cells_that_are_not_one_value() -> None:
    rows = export_rows(_doc())
    rows[1][HEADERS.index("信息项信息")] = "道路运输经营许可信息 DE0016"
    rows[1][HEADERS.index("扩展：服务接口")] = "jt-if-001｜查询接口｜是"
    got = [m for _f, _p, m in _refused(_csv(rows))]
    assert got == [
        "【目录导出「目录.csv」第 2 行 H 列 / catalog export row 2 column H】信息项应写作“名称（编码）”或“名称（编码，基础项）”："
        "读到 “道路运输经营许可信息 DE0016”",
        "【目录导出「目录.csv」第 2 行 AB 列 / catalog export row 2 column AB】服务接口应写作“标识｜名称｜已发布｜已提供接口规范｜"
        "已提供调用说明［｜发布日期｜发布人］”（第 3–5 项填是/否）：读到 “jt-if-001｜查询接口｜是”",
    ]


def test_an_export_needs_its_department_and_only_one_catalog() -> None:
    doc = _doc()
    other = copy.deepcopy(doc)
    other["department"]["code"] = "11411325005200109K"  # 住建局: not in this batch
    [(_f, _p, message)] = _refused(export_csv(other), doc)
    assert "提供方代码 11411325005200109K 在本批次中没有对应的部门快照" in message
    with pytest.raises(SnapshotFileError) as exc:
        load_batch([(_yaml(doc), "dept.yaml", ".yaml"), (export_csv(doc), "目录.csv", ".csv")])
    assert [(e.file, e.pointer) for e in exc.value.errors] == [("dept.yaml", "/catalog")]
    assert "目录只能由一处提供" in exc.value.errors[0].message


def test_an_export_alone_is_refused_with_what_to_do() -> None:
    for raw, suffix in ((export_csv(_doc()), ".csv"), (_xlsx(_doc()), ".xlsx")):
        with pytest.raises(SnapshotFileError) as exc:
            load_bytes(raw, f"目录{suffix}", suffix)
        assert [e.message for e in exc.value.errors] == [
            "这是政务信息资源目录导出，须与该部门的快照一同导入（govshare import 部门快照 目录导出）/ "
            "a catalog export is imported together with its department's snapshot"
        ]
