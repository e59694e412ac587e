"""Rule titles carry no number that is a parameter; one in-force date anchors the parameters (issue 14 item 6)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from evaluator.engine import build_bundle, policies_dir, rule_catalog
from evaluator.facts import params
from evaluator.facts.titles import compose, placeholders


@pytest.fixture(scope="module")
def catalog() -> dict[str, dict]:
    return rule_catalog(build_bundle())


def test_no_title_carries_a_number(catalog: dict[str, dict]) -> None:
    numbered = {rid: m["title"] for rid, m in catalog.items() if re.search(r"[0-9]", m["title"])}
    assert numbered == {}, f"标题中的数字应为参数占位符 / numbers in titles: {numbered}"


def test_every_placeholder_names_a_parameter(catalog: dict[str, dict]) -> None:
    templated = {rid: m for rid, m in catalog.items() if placeholders(m["title"])}
    assert len(templated) == 11
    for rid, m in templated.items():
        assert set(placeholders(m["title"])) == set(m["title_params"]), rid
        assert not placeholders(compose(m, dt.date(2025, 12, 31), policies_dir())), rid


def test_a_dated_change_of_the_parameter_changes_the_title(tmp_path: Path, catalog: dict[str, dict]) -> None:
    root = tmp_path / "policies"
    shutil.copytree(policies_dir(), root)
    path = root / "params" / "ch10" / "data.yaml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    doc["a65_1_decide_working_days"]["values"]["2026-07-01"] = {"value": 3}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    meta = catalog["A65.1"]
    assert (
        compose(meta, dt.date(2026, 6, 30), root) == "问题数据分发之日起5个工作日内核实并作出是否更正的决定"
    )
    assert compose(meta, dt.date(2026, 7, 1), root) == "问题数据分发之日起3个工作日内核实并作出是否更正的决定"


def test_one_in_force_date_anchors_the_parameters(tmp_path: Path) -> None:
    assert params.value_at("ch10", "a65_1_decide_working_days", dt.date(2022, 1, 1), policies_dir()) == 5
    root = tmp_path / "policies"  # the loader caches by tree: a fresh copy, changed before it is read
    shutil.copytree(policies_dir(), root)
    path = root / "params" / "data.yaml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    doc["measures_in_force_from"]["values"] = {"2022-03-01": {"value": "2022-03-01"}}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    with pytest.raises(params.ParameterError):
        params.value_at("ch10", "a65_1_decide_working_days", dt.date(2022, 2, 28), root)
    assert params.value_at("ch10", "a65_1_decide_working_days", dt.date(2022, 3, 1), root) == 5
    copied = [
        f"{p.parent.name}.{k}"
        for p in sorted((policies_dir() / "params").glob("ch*/data.yaml"))
        for k, v in (yaml.safe_load(p.read_text("utf-8")) or {}).items()
        if "2022-01-01" in (v.get("values") or {})
    ]
    assert copied == [], f"参数不得再抄写施行日期 / parameters copying the in-force date: {copied}"
