"""A waiver (Art. 68) covers one finding that was made: one typed for a rule, department or record that
the latest county run never found is refused, and so is any waiver before a county run (QA walk-through:
`waivers add --rule A99 --department 999 --subject x` was stored and audited)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from evaluator.consumers import waivers
from evaluator.errors import NoticeError
from evaluator.evaluate import api

COUNTY = Path(__file__).resolve().parents[1] / "fixtures" / "county"


def _waive(rule: str, dept: str, subject: str) -> object:
    return waivers.add_waiver(
        rule_id=rule,
        department=dept,
        period=2025,
        subject=subject,
        ground="尽职",
        grantor="王科长",
        granted_on=dt.date(2026, 3, 2),
        evidence="已履行合理注意义务",
    )


def test_only_a_finding_of_the_latest_county_run_can_be_waived(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)
    api.import_paths(sorted(COUNTY.glob("*.yaml")))
    with pytest.raises(NoticeError, match="尚无全县评价"):
        _waive("A22.1", "11411325005200102X", "mz-chg-1")
    report = api.evaluate_stored(2025)
    f = next(x for x in report.findings if x.rule_id != "A62.8" and not x.record_only)
    for rule, dept, subject in (
        ("A99", f.department, f.subject),  # no such rule
        (f.rule_id, "999", f.subject),  # no such department
        (f.rule_id, f.department, "x"),  # no such record
    ):
        with pytest.raises(NoticeError, match="没有该发现项"):
            _waive(rule, dept, subject)
    assert waivers.list_waivers(2025) == []
    _waive(f.rule_id, f.department, f.subject)
    assert len(waivers.list_waivers(2025)) == 1
