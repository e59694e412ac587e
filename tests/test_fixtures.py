"""The fixture county: fresh on disk, and its findings on the real OPA are exactly the declared breaks."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluator.engine import OpaServer, build_bundle, rule_catalog
from evaluator.evaluate.api import evaluate_files
from evaluator.evaluate.runner import Report
from fixtures.generator.build import COUNTY_DIR, ROOT, Built, build


@pytest.fixture(scope="module")
def server() -> Iterator[OpaServer]:
    srv = OpaServer(build_bundle())
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def built() -> Built:
    return build()


@pytest.fixture(scope="module")
def report(server: OpaServer, tmp_path_factory: pytest.TempPathFactory) -> Report:
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVSHARE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    mp.delenv("GOVSHARE_DATABASE_URL", raising=False)
    try:
        return evaluate_files([COUNTY_DIR], server=server, store=False)
    finally:
        mp.undo()


def _name(built: Built, code: str) -> str:
    try:
        return built.county.key_of(code)
    except KeyError:
        return code


def test_fixture_files_are_fresh() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "fixtures.generator.build", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"示例县文件已过期 / stale fixtures:\n{proc.stderr}"


def test_no_errors(report: Report) -> None:
    assert report.errors == [], "评价出错 / evaluation errors:\n" + "\n".join(
        f"{e.get('rule_id')} {e.get('dept')} {e.get('pointer')}: {e.get('message_zh')}" for e in report.errors
    )


def test_findings_are_exactly_the_declared_breaks(report: Report, built: Built) -> None:
    got = {(f.rule_id, f.department) for f in report.findings}
    want = built.expected()
    unexpected = sorted(got - want)
    missing = sorted(want - got)
    lines = []
    for rid, code in unexpected:
        msgs = [f.message_zh for f in report.findings if (f.rule_id, f.department) == (rid, code)]
        lines.append(f"  未声明的发现项 unexpected: {rid} {_name(built, code)} — {msgs[0]}")
    for rid, code in missing:
        lines.append(f"  声明的违规未触发 break did not fire: {rid} {_name(built, code)}")
    assert not lines, "示例县发现项与 README 不符 / findings differ from the declared breaks:\n" + "\n".join(
        lines
    )


def test_unknown_region_is_only_a_warning(report: Report, built: Built) -> None:
    code = built.county.code("住建局")
    sev = {f.severity for f in report.findings if f.rule_id == "A24" and f.department == code}
    assert sev == {"warning"}


def test_state_secret_resource_is_reported_out_of_scope(report: Report, built: Built) -> None:
    ga = built.county.code("公安局")
    secret = [e["id"] for e in built.county.dept("公安局")["catalog"] if e["involves_state_secret"]]
    assert secret, "示例县须含一项涉密资源 / the county must carry a state-secret resource"
    listed = {(o["dept"], o["subject"]) for o in report.out_of_scope}
    assert {(ga, rid) for rid in secret} <= listed
    assert not [f for f in report.findings if f.subject in secret], "涉密资源不得产生发现项"


def test_art2_and_art71_exclusions_are_listed_never_dropped(report: Report, built: Built) -> None:
    ga, gd = built.county.code("公安局"), built.county.code("供电公司")
    listed = {(o["dept"], o["subject"], o["pointer"]) for o in report.out_of_scope}
    assert (ga, "411325-GA-900", "/systems/1/resource_codes") in listed  # a classified system's resource
    hr = [
        i for i, s in enumerate(built.county.dept("供电公司")["systems"]) if s.get("outside_public_service")
    ]
    assert hr, "供电公司须有一个第七十一条排除的系统 / the utility must carry an Art. 71 exclusion"
    assert (gd, "gd-sys-hr", f"/systems/{hr[0]}/outside_public_service") in listed
    assert not [f for f in report.findings if f.subject in ("411325-GA-900", "gd-sys-hr", "411325-GD-901")]


def test_titles_are_composed_with_the_parameter_in_force(report: Report) -> None:
    titles = {f.title_zh for f in report.findings if f.rule_id == "A65.1"}
    assert titles == {"问题数据分发之日起5个工作日内核实并作出是否更正的决定"}


def test_every_rule_is_broken_and_kept(built: Built) -> None:
    catalog = rule_catalog(build_bundle())
    broken: dict[str, set[str]] = {}
    for _m, b in built.breaks:
        broken.setdefault(b.rule_id, set()).update(b.expected_keys(built.county))
    unknown = sorted(set(broken) - set(catalog))
    without_break = sorted(set(catalog) - set(broken))
    everyone = set(built.county.depts)
    never_kept = sorted(r for r, ks in broken.items() if not everyone - ks)
    problems = []
    if without_break:
        problems.append(
            "以下规则在示例县中没有违规样例（请在 fixtures/generator/breaks/<领域>.py 中添加）/ "
            f"rules without a break: {', '.join(without_break)}"
        )
    if unknown:
        problems.append(f"违规样例指向不存在的规则 / breaks name unknown rules: {', '.join(unknown)}")
    if never_kept:
        problems.append(f"以下规则没有守规部门 / rules kept by nobody: {', '.join(never_kept)}")
    assert not problems, "\n".join(problems)


def test_breaks_are_discovered_from_every_module(built: Built) -> None:
    modules = {m for m, _b in built.breaks}
    assert "spine" in modules
    assert Path(ROOT / "fixtures" / "generator" / "breaks" / "spine.py").is_file()
