"""A62.1 matches a department's systems to the county register by id or by name, and names by their key
(NFKC, case-folded, no white space: evaluator/facts/names.py, docs/decisions/0019-free-text-look-alikes.md):
a system typed 「ＯＡ 人口信息管理系统」 in the department's snapshot is the registered 「OA人口信息管理系统」.
Before the key, the exact names differed and A62.1 found the registered system "not reported"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evaluator.engine import OpaServer
from evaluator.evaluate.api import evaluate_files
from evaluator.evaluate.inputs import build_input_docs
from evaluator.facts.names import name_key
from fixtures.generator.build import COUNTY_DIR

POLICE = "02-gonganju.yaml"


@pytest.fixture
def server(opa_server: OpaServer) -> OpaServer:
    return opa_server


def _county(tmp: Path, registered: str, reported: str) -> list[Path]:
    """The fixture county with 公安局's system renamed: ``registered`` in the platform's register,
    ``reported`` in the department's snapshot, and the department's id changed so only the name can match."""
    shutil.copytree(COUNTY_DIR, tmp, dirs_exist_ok=True)
    platform = tmp / "00-platform.yaml"
    text = platform.read_text("utf-8")
    assert text.count("  name: 人口信息管理系统\n") == 1
    platform.write_text(text.replace("  name: 人口信息管理系统\n", f"  name: {registered}\n"), "utf-8")
    dept = tmp / POLICE
    text = dept.read_text("utf-8")
    assert text.count("- id: ga-sys-1\n  name: 人口信息管理系统\n") == 1
    text = text.replace("- id: ga-sys-1\n  name: 人口信息管理系统\n", f"- id: ga-sys-9\n  name: {reported}\n")
    dept.write_text(text.replace("system_id: ga-sys-1", "system_id: ga-sys-9"), "utf-8")
    return sorted(tmp.glob("*.yaml"))


def _a62_1(paths: list[Path], server: OpaServer) -> set[tuple[str, str]]:
    report = evaluate_files(paths, server=server, store=False)
    assert report.errors == []
    return {(f.subject, Path(f.evidence[0].snapshot).name) for f in report.findings if f.rule_id == "A62.1"}


def test_name_key() -> None:
    assert name_key("ＯＡ　人口 信息管理系统") == "oa人口信息管理系统"
    # the key only: the name is printed as written
    assert name_key("统计联网直报系统（县级）") == "统计联网直报系统(县级)"
    assert name_key("OA系统二期") != name_key("OA系统")


def test_the_facts_are_in_the_input() -> None:
    doc = build_input_docs(
        2026,
        {"system_register": [{"name": "OA 系统"}]},
        [{"department": {"code": "D", "name": "部门"}, "systems": [{"name": "ＯＡ系统"}]}],
    )
    # (the shared-item names are empty: this register shares no items)
    assert doc["platform"]["facts"] == {
        "system_register_name_keys": ["oa系统"],
        "item_names": {},
        "resources": {},
    }
    assert doc["departments"][0]["facts"]["system_name_keys"] == ["oa系统"]


def test_full_width_and_spaced_name_is_the_registered_system(tmp_path: Path, server: OpaServer) -> None:
    same = _a62_1(_county(tmp_path / "same", "OA人口信息管理系统", "OA人口信息管理系统"), server)
    look_alike = _a62_1(_county(tmp_path / "alike", "OA人口信息管理系统", "ＯＡ　人口信息管理系统"), server)
    assert not any(s == "reg-ga-sys-1" for s, _ in same)
    assert look_alike == same  # before the key: plus ("reg-ga-sys-1", "00-platform.yaml"), "not reported"


def test_another_name_is_another_system(tmp_path: Path, server: OpaServer) -> None:
    got = _a62_1(_county(tmp_path / "other", "OA人口信息管理系统", "OA人口信息管理系统二期"), server)
    assert ("reg-ga-sys-1", "00-platform.yaml") in got
