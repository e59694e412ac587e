"""A62.8's grounds come from the deadline rules' METADATA (custom.prohibited_act), not a hand-kept list."""

from __future__ import annotations

from evaluator.engine import build_bundle, rule_catalog

# the chapters A62.8 reads (it cannot read all of data.rules: it is itself a rule there)
READ_BY_A62_8 = {"ch03", "ch07", "ch10"}


def test_every_rule_marked_as_an_a62_8_ground_is_read_by_a62_8() -> None:
    catalog = rule_catalog(build_bundle())
    marked = {rid: m["package"] for rid, m in catalog.items() if m.get("prohibited_act") == "A62.8"}
    assert sorted(marked) == ["A22.1", "A22.2", "A45", "A46", "A65.1", "A65.2"]
    outside = {rid: pkg for rid, pkg in marked.items() if pkg.split(".")[1] not in READ_BY_A62_8}
    assert outside == {}, f"A62.8 读不到这些规则的发现项 / A62.8 does not read: {outside}"
