"""Finding messages are written for people: Chinese dates, department names — no ISO date and no credit
code (policies/rego/lib/words; issue 16). The evidence keeps the machine values."""

from __future__ import annotations

from pathlib import Path

from evaluator.consumers.notices.words import CREDIT_CODE, ISO_DATE
from evaluator.evaluate import api

COUNTY = Path(__file__).resolve().parents[1] / "fixtures" / "county"


def test_no_fixture_finding_message_prints_an_iso_date_or_a_credit_code() -> None:
    report = api.evaluate_files(sorted(COUNTY.glob("*.yaml")))
    messages = [f["message_zh"] for f in report.findings]
    assert len(messages) == 68
    assert [m for m in messages if ISO_DATE.search(m)] == []
    assert [m for m in messages if CREDIT_CODE.search(m)] == []
    a14 = next(f for f in report.findings if f["rule_id"] == "A14")
    assert a14["message_zh"].startswith("向内乡县自然资源局申请资源 ")
    assert a14["evidence"][0]["values"]["provider"] == "114113250052001044"  # evidence stays machine-readable
    late = next(f for f in report.findings if f["rule_id"] == "A22.1" and f["subject"] == "mz-chg-1")
    assert "（期满日2025年10月14日），实际于2025年10月15日办结" in late["message_zh"]
