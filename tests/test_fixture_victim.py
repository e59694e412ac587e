"""The victim is not the violator, on the fixture county's own output (issue 15).

公安局 records an attack on its interface by "来源不明的境外网络地址" (A63.1, actor outside the department).
On the whole county's assessment, funding, notice grounds and public summary: 公安局 is not vetoed, its
funding is not refused, no notice ground and no published problem comes from the attack, and the finding
stays visible as a record. 财政局 (its own contractor stole data) is the counter-case: vetoed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluator.consumers.assess import Assessment, assess_period, public_markdown, public_summary
from evaluator.consumers.notices import grounds
from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate import api
from fixtures.generator.build import COUNTY_DIR, Built, build


@pytest.fixture(scope="module")
def built() -> Built:
    return build()


@pytest.fixture(scope="module")
def assessed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assessment]:
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVSHARE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    mp.delenv("GOVSHARE_DATABASE_URL", raising=False)
    srv = OpaServer(build_bundle())
    try:
        api.import_paths([Path(COUNTY_DIR)])
        yield assess_period(2025, server=srv, store=False)
    finally:
        srv.stop()
        mp.undo()


def _row(a: Assessment, code: str) -> dict:
    return next(d for d in a.departments if d["code"] == code)


def _funding(a: Assessment, code: str) -> dict:
    return next(f for f in a.funding if f["code"] == code)


def test_the_attack_is_a_record_of_the_victim(assessed: Assessment, built: Built) -> None:
    ga = built.county.code("公安局")
    [f] = [f for f in assessed.findings if f.rule_id == "A63.1" and f.department == ga]
    assert (f.severity, f.record_only, f.rectification_ground, f.bears_on_funding) == (
        "warning",
        True,
        None,
        False,
    )
    row = _row(assessed, ga)
    assert [r["rule_id"] for r in row["records"]] == ["A63.1"]
    assert row["records"][0]["subject"] == "ga-sev-1"


def test_the_victim_is_neither_vetoed_nor_refused_funding(assessed: Assessment, built: Built) -> None:
    ga = built.county.code("公安局")
    row = _row(assessed, ga)
    assert (row["veto"], row["veto_findings"], row["grade"]) == (False, [], "优秀")
    deducted = [d["rule_id"] for x in row["dimensions"] for d in x["deductions"]]
    assert "A63.1" not in deducted
    fund = _funding(assessed, ga)
    assert fund["decision"] != "不予安排"
    assert "A63.1" not in [x["rule_id"] for x in fund["findings"]]
    assert "veto" not in [r["condition"] for r in fund["reasons"]]


def test_the_victim_gets_no_notice_ground_for_the_attack(assessed: Assessment, built: Built) -> None:
    ga = built.county.code("公安局")
    assert "A63.1" not in [f.rule_id for f in grounds(list(assessed.findings)).get(ga, [])]


def test_the_attack_is_not_published_as_the_victims_act(assessed: Assessment, built: Built) -> None:
    name = built.county.depts["公安局"].name
    entry = next(d for d in public_summary(assessed)["departments"] if d["name"] == name)
    assert entry["veto"] is False
    assert not [p for p in entry["problems"] if "第六十三条" in p or "一票否决" in p]
    line = next(x for x in public_markdown(assessed).splitlines() if name in x and x.startswith("|"))
    assert "不合格" not in line


def test_own_contractors_theft_still_vetoes(assessed: Assessment, built: Built) -> None:
    cz = built.county.code("财政局")
    row = _row(assessed, cz)
    assert (row["veto"], row["grade"]) == (True, "不合格")
    assert [v["rule_id"] for v in row["veto_findings"]] == ["A63.1"]
    assert _funding(assessed, cz)["decision"] == "不予安排"
    assert "A63.1" in [f.rule_id for f in grounds(list(assessed.findings))[cz]]
