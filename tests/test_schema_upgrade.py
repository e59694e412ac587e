"""Snapshot format 1.1: a 1.0 file still imports, by the documented conversion (evaluator.model.upgrade,
docs/decisions/0015-snapshot-1.1.md), and means what it meant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
import yaml

from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate.api import evaluate_files
from evaluator.intake.files import load_file
from evaluator.model.snapshot import SCHEMA_VERSION, DepartmentSnapshot
from evaluator.model.upgrade import upgrade
from evaluator.store.snapshots import SnapshotRow

LEGACY = Path(__file__).parent / "support" / "legacy"
DEPT_1_0 = LEGACY / "1.0-ziranziyuanju.yaml"
PLATFORM_1_0 = LEGACY / "1.0-platform.yaml"


@pytest.fixture(scope="module")
def server() -> Iterator[OpaServer]:
    srv = OpaServer(build_bundle())
    try:
        yield srv
    finally:
        srv.stop()


def test_the_legacy_files_are_format_1_0() -> None:
    assert yaml.safe_load(DEPT_1_0.read_text("utf-8"))["schema_version"] == "1.0"
    assert yaml.safe_load(PLATFORM_1_0.read_text("utf-8"))["schema_version"] == "1.0"
    assert SCHEMA_VERSION == "1.1"


def test_a_1_0_refusal_becomes_not_aggregated_with_a_refusing_answer() -> None:
    snap = load_file(DEPT_1_0).snapshot
    assert isinstance(snap, DepartmentSnapshot) and snap.schema_version == "1.1"
    [res] = [e for e in snap.catalog if e.name == "国土空间规划信息"]
    assert res.aggregation is not None
    assert res.aggregation.status.value == "未汇聚"
    assert res.aggregation.authority_request is not None
    req = res.aggregation.authority_request
    assert (req.answer.value, req.requested, req.answered) == ("拒绝汇聚", None, None)


def test_upgrade_leaves_its_input_and_other_versions_alone() -> None:
    doc = yaml.safe_load(DEPT_1_0.read_text("utf-8"))
    before = orjson.dumps(doc)
    out = upgrade(doc)
    assert orjson.dumps(doc) == before and out["schema_version"] == "1.1"
    assert upgrade({"schema_version": "9.9"}) == {"schema_version": "9.9"}


def test_a_snapshot_stored_as_1_0_is_read_as_1_1() -> None:
    doc = yaml.safe_load(DEPT_1_0.read_text("utf-8"))
    row = SnapshotRow(
        kind="department",
        dept=doc["department"]["code"],
        name=doc["department"]["name"],
        period=2025,
        version=1,
        as_of=dt.date(2026, 2, 27),
        sha256="x",
        source="test",
        imported_at=dt.datetime(2026, 2, 27, tzinfo=dt.UTC),
        content=orjson.dumps(doc, default=str),
    )
    assert row.snapshot().schema_version == "1.1"


def test_a_1_0_county_evaluates_under_the_new_readings(server: OpaServer) -> None:
    """The 1.0 refusal is both an A62.2 refusal and an A13.1 interface failure (reading 3)."""
    report = evaluate_files([PLATFORM_1_0, DEPT_1_0], server=server, store=False)
    code = yaml.safe_load(DEPT_1_0.read_text("utf-8"))["department"]["code"]
    mine = sorted({(f.rule_id, f.subject) for f in report.findings if f.department == code})
    assert report.errors == []
    assert mine == [
        ("A13.1", "zr-res-002"),
        ("A32", "zr-net-1"),
        ("A45", "zr-corr-1"),
        ("A61.2", "zr-prj-1"),
        ("A62.2", "zr-res-002"),
        ("A62.8", code),
    ]


def test_a_1_0_department_quality_becomes_one_report_of_category_other() -> None:
    doc = yaml.safe_load(DEPT_1_0.read_text("utf-8"))
    snap = load_file(DEPT_1_0).snapshot
    assert isinstance(snap, DepartmentSnapshot)
    [rep] = snap.quality_reports
    assert (rep.id, rep.category, rep.resource_code) == ("quality-1-0", "other", None)
    assert (rep.accuracy, rep.timeliness, rep.completeness) == (
        doc["quality"]["accuracy"],
        doc["quality"]["timeliness"],
        doc["quality"]["completeness"],
    )
