"""pytest-bdd step bindings: Chinese steps, the real evaluator on the real OPA binary."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate import api
from evaluator.evaluate.runner import Report
from evaluator.intake.files import SnapshotFileError, validate_document
from evaluator.model.results import Finding
from features.steps import (
    DEPARTMENT_SECTIONS,
    PLATFORM_SECTIONS,
    DepartmentSnapshot,
    PlatformSnapshot,
    load_baseline,
    records_from_table,
    set_path,
)

_RULE_TAG = re.compile(r"^A\d+(\.\d+)?$")


@pytest.fixture(scope="session")
def opa_server() -> Any:
    srv = OpaServer(build_bundle())
    yield srv
    srv.stop()


@dataclass
class World:
    dept: dict[str, Any]
    platform: dict[str, Any]
    report: Report | None = None
    extra: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def world() -> World:
    dept, platform = load_baseline()
    return World(copy.deepcopy(dept), copy.deepcopy(platform))


def _rule_id(request: pytest.FixtureRequest) -> str:
    tags = [m.name for m in request.node.iter_markers() if _RULE_TAG.match(m.name)]
    if len(tags) != 1:
        raise AssertionError(f"场景须有且只有一个规则标签（如 @A62.3），实为 {tags}")
    return tags[0]


# ---- 假如 -------------------------------------------------------------------------------------


@given(parsers.re(r"有一个各项义务均已履行的部门「(?P<name>[^」]+)」"))
def clean_department(world: World, name: str) -> None:
    world.dept["department"]["name"] = name


@given("该部门是县级数据主管部门")
def department_is_authority(world: World) -> None:
    """The department under evaluation is the county data authority: duties the Measures put on the
    authority (its records are in the platform snapshot, e.g. Art. 22 second sentence, Art. 23, Art. 60)
    are then found against it."""
    world.dept["department"]["kind"] = "数据主管部门"
    world.platform["authority"] = world.dept["department"]["code"]


@given(parsers.re(r"评价年度为 ?(?P<year>\d{4}) ?年"))
def period_is(world: World, year: str) -> None:
    world.dept["period"] = int(year)
    world.platform["period"] = int(year)


@given(parsers.re(r"快照截止日期为 ?(?P<date>\d{4}-\d{2}-\d{2})"))
def as_of_is(world: World, date: str) -> None:
    world.dept["as_of"] = date
    world.platform["as_of"] = date


@given(parsers.re(r"该部门的(?P<section>[^：:]+?)(?:中)?有以下记录[：:]"))
def department_records(world: World, section: str, datatable: list[list[str]]) -> None:
    field_name = DEPARTMENT_SECTIONS.get(section.strip())
    if field_name is None:
        raise AssertionError(f"未知的部门快照部分「{section}」；可用：{'、'.join(DEPARTMENT_SECTIONS)}")
    world.dept[field_name] = records_from_table(DepartmentSnapshot, world.dept, field_name, datatable)


@given(parsers.re(r"该部门的(?P<section>[^：:]+?)(?:中)?没有记录"))
def department_no_records(world: World, section: str) -> None:
    world.dept[DEPARTMENT_SECTIONS[section.strip()]] = []


@given(parsers.re(r"市共享平台的(?P<section>[^：:]+?)(?:中)?有以下记录[：:]"))
def platform_records(world: World, section: str, datatable: list[list[str]]) -> None:
    field_name = PLATFORM_SECTIONS.get(section.strip())
    if field_name is None:
        raise AssertionError(f"未知的平台快照部分「{section}」；可用：{'、'.join(PLATFORM_SECTIONS)}")
    rows = [list(r) for r in datatable]
    # "本部门" in a table cell stands for the department under evaluation
    code = world.dept["department"]["code"]
    rows = [rows[0]] + [[code if c == "本部门" else c for c in r] for r in rows[1:]]
    world.platform[field_name] = records_from_table(PlatformSnapshot, world.platform, field_name, rows)


@given(parsers.re(r"市共享平台的(?P<section>[^：:]+?)(?:中)?没有记录"))
def platform_no_records(world: World, section: str) -> None:
    field_name = PLATFORM_SECTIONS.get(section.strip())
    if field_name is None:
        raise AssertionError(f"未知的平台快照部分「{section}」；可用：{'、'.join(PLATFORM_SECTIONS)}")
    world.platform[field_name] = []


@given(parsers.re(r"该部门快照中「(?P<path>[^」]+)」为「(?P<value>[^」]*)」"))
def department_field(world: World, path: str, value: str) -> None:
    set_path(DepartmentSnapshot, world.dept, path, value)


# ---- 当 ---------------------------------------------------------------------------------------


@when("对该部门进行评价")
def evaluate(world: World, opa_server: OpaServer) -> None:
    try:
        loaded = [validate_document(world.platform, "平台快照"), validate_document(world.dept, "部门快照")]
    except SnapshotFileError as e:
        raise AssertionError("场景中的快照无效：\n" + "\n".join(str(x) for x in e.errors)) from e
    world.report = api.evaluate_loaded(loaded, server=opa_server, store=False)


# ---- 那么 -------------------------------------------------------------------------------------


def _mine(world: World, rule_id: str) -> list[Finding]:
    assert world.report is not None, "尚未评价"
    code = world.dept["department"]["code"]
    return [f for f in world.report.findings if f.rule_id == rule_id and f.department == code]


@then(parsers.re(r"应当认定违反(?P<citation>第.+?条(?:第（.+?）项)?)$"))
def must_find(world: World, request: pytest.FixtureRequest, citation: str) -> None:
    rid = _rule_id(request)
    hits = _mine(world, rid)
    assert hits, f"未认定 {rid}（{citation}）；发现项：{[f.rule_id for f in world.report.findings]}"  # type: ignore[union-attr]
    assert all(f.citation_zh == citation for f in hits), (
        f"场景引用 {citation}，规则 {rid} 的条款为 {hits[0].citation_zh}"
    )


@then(parsers.re(r"不应认定违反(?P<citation>第.+?条(?:第（.+?）项)?)$"))
def must_not_find(world: World, request: pytest.FixtureRequest, citation: str) -> None:
    rid = _rule_id(request)
    hits = [f for f in _mine(world, rid) if f.severity != "warning"]
    assert not hits, f"不应认定 {rid}（{citation}），实际：{[h.message_zh for h in hits]}"
    assert world.report is not None and not [e for e in world.report.errors if e.get("rule_id") == rid], (
        f"规则 {rid} 报错：{world.report.errors}"
    )


def _authoritys(world: World, rule_id: str) -> list[Finding]:
    assert world.report is not None, "尚未评价"
    code = world.platform["authority"]
    return [f for f in world.report.findings if f.rule_id == rule_id and f.department == code]


@then(parsers.re(r"应当认定数据主管部门违反(?P<citation>第.+?条(?:第（.+?）项)?)$"))
def must_find_authority(world: World, request: pytest.FixtureRequest, citation: str) -> None:
    rid = _rule_id(request)
    hits = _authoritys(world, rid)
    assert hits, f"未认定数据主管部门违反 {rid}（{citation}）"
    assert all(f.citation_zh == citation for f in hits), f"条款为 {hits[0].citation_zh}"


@then(parsers.re(r"不应认定数据主管部门违反(?P<citation>第.+?条(?:第（.+?）项)?)$"))
def must_not_find_authority(world: World, request: pytest.FixtureRequest, citation: str) -> None:
    hits = [f for f in _authoritys(world, _rule_id(request)) if f.severity != "warning"]
    assert not hits, f"不应认定数据主管部门违反{citation}，实际：{[h.message_zh for h in hits]}"


@then(parsers.re(r"发现项指向记录「(?P<record>[^」]+)」"))
def finding_points_at(world: World, request: pytest.FixtureRequest, record: str) -> None:
    hits = _mine(world, _rule_id(request))
    assert record in {f.subject for f in hits}, f"发现项指向 {[f.subject for f in hits]}"


# the text may itself quote a name in 「」 (「申请的信息项超出场景所需：「婚姻状况」」): the last 」 closes the step
@then(parsers.re(r"说明中包含「(?P<text>.+)」$"))
def message_contains(world: World, request: pytest.FixtureRequest, text: str) -> None:
    hits = _mine(world, _rule_id(request))
    assert any(text in f.message_zh for f in hits), f"说明为 {[f.message_zh for f in hits]}"


@then(parsers.re(r"说明中不含「(?P<text>.+)」$"))
def message_lacks(world: World, request: pytest.FixtureRequest, text: str) -> None:
    hits = _mine(world, _rule_id(request))
    assert hits and all(text not in f.message_zh for f in hits), f"说明为 {[f.message_zh for f in hits]}"


# an item of several acts (custom.acts_zh): the finding says the one act found, which the summary publishes
@then(parsers.re(r"所认定的行为为「(?P<act>[^」]+)」，不是该项所列的全部行为$"))
def act_found(world: World, request: pytest.FixtureRequest, act: str) -> None:
    hits = _mine(world, _rule_id(request))
    assert hits and all(f.act_zh == act for f in hits), f"所认定的行为为 {[f.act_zh for f in hits]}"


@then(parsers.re(r"程度为「(?P<level>[^」]+)」"))
def severity_is(world: World, request: pytest.FixtureRequest, level: str) -> None:
    hits = _mine(world, _rule_id(request))
    assert hits and all(f.severity_zh == level for f in hits), f"程度为 {[f.severity_zh for f in hits]}"


# A62.8 names what it qualifies by each finding's one identity, its key: the notice says the qualification
# under exactly those findings (consumers/notices/words.also_prohibited)
@then(parsers.re(r"所定性的正是该部门违反(?P<citation>第.+?条(?:第（.+?）项)?)的发现项$"))
def restates_by_key(world: World, request: pytest.FixtureRequest, citation: str) -> None:
    hits = _mine(world, _rule_id(request))
    assert world.report is not None and hits, "没有该规则的发现项"
    code = world.dept["department"]["code"]
    named = {g.get("key") for f in hits for g in f.evidence[0].values.get("grounds", [])}
    restated = {f.key for f in world.report.findings if f.department == code and f.citation_zh == citation}
    assert restated and named == restated, (
        f"所列依据 {sorted(map(str, named))}，{citation}的发现项 {sorted(restated)}"
    )


@then("该发现项只记录在案：不扣分、不否决、不影响经费、不入整改通知书")
def record_only(world: World, request: pytest.FixtureRequest) -> None:
    hits = _mine(world, _rule_id(request))
    assert hits, "没有该规则的发现项（应当记录在案）"
    got = [(f.record_only, f.severity, f.rectification_ground, f.bears_on_funding) for f in hits]
    assert all(g == (True, "warning", None, False) for g in got), (
        f"记录在案、提示、无整改情形、不影响经费：{got}"
    )


@then("评价应当报错，指出缺少规则所需的事实")
def must_error(world: World, request: pytest.FixtureRequest) -> None:
    rid = _rule_id(request)
    assert world.report is not None
    errs = [e for e in world.report.errors if e.get("rule_id") == rid]
    assert errs, f"规则 {rid} 未报错；错误：{world.report.errors}"
    assert world.report.exit_code == 2


@then(parsers.re(r"资源「(?P<record>[^」]+)」列为不适用本办法"))
def out_of_scope(world: World, record: str) -> None:
    assert world.report is not None
    assert record in {o["subject"] for o in world.report.out_of_scope}, world.report.out_of_scope


def pytest_configure(config: pytest.Config) -> None:
    """Every rule id of the catalog is a marker, so `pytest -m A62.3` works and, under
    --strict-markers, a scenario tagged with an id that names no rule fails at collection."""
    from evaluator.engine import rule_catalog

    for rid in rule_catalog(build_bundle()):
        config.addinivalue_line("markers", f"{rid}: 规则 {rid} 的场景")
