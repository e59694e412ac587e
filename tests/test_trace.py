"""Article ↔ rule ↔ scenario traceability has no gap."""

from __future__ import annotations

from evaluator.consumers.trace import build_trace, parse_features


def test_no_trace_gaps() -> None:
    t = build_trace()
    assert t.gaps == []


def test_every_scenario_has_one_rule_tag() -> None:
    for sc in parse_features():
        assert len(sc.rule_ids) == 1, (sc.file, sc.line, sc.tags)
