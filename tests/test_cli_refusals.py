"""Every refusal exits 2 with a Chinese-first message; a reminder exits 0; nothing but findings exits 1
(issue 14 item 4; docs/decisions/0022-exit-codes-and-words.md). Each test asserts one exact code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.evaluate import api

COUNTY = Path(__file__).resolve().parents[1] / "fixtures" / "county"
runner = CliRunner()


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The fixture county imported and evaluated once; one A14 finding to waive."""
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVSHARE_DATA_DIR", str(tmp_path_factory.mktemp("refusals") / "data"))
    mp.delenv("GOVSHARE_DATABASE_URL", raising=False)
    api.import_paths(sorted(COUNTY.glob("*.yaml")))
    report = api.evaluate_stored(2025)
    f = next(x for x in report.findings if x.rule_id == "A14")
    yield {"department": f.department, "subject": f.subject, "rule": f.rule_id}
    mp.undo()


def _waive(dept: str, subject: str, rule: str = "A14") -> list[str]:
    return [
        "waivers", "add", "--rule", rule, "--department", dept, "--period", "2025", "--subject", subject,
        "--ground", "尽职", "--grantor", "王科长", "--evidence", "已履行合理注意义务", "--date", "2026-03-02",
    ]  # fmt: skip


def test_a_duplicate_waiver_is_refused_with_2(county: dict[str, str]) -> None:
    first = runner.invoke(app, _waive(county["department"], county["subject"]))
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, _waive(county["department"], county["subject"]))
    assert again.exit_code == 2, again.output
    assert "不予办理" in again.stderr and "已有有效的免责记录" in again.stderr


def test_a_waiver_for_an_unknown_department_is_refused_with_2(county: dict[str, str]) -> None:
    res = runner.invoke(app, _waive("999", county["subject"]))
    assert res.exit_code == 2, res.output
    assert "不予办理" in res.stderr and "没有该发现项" in res.stderr


def test_a_notice_for_department_999_is_refused_with_2(county: dict[str, str], tmp_path: Path) -> None:
    res = runner.invoke(
        app,
        ["notices", "issue", "--period", "2025", "--department", "999", "--date", "2026-03-02",
         "--out", str(tmp_path)],
    )  # fmt: skip
    assert res.exit_code == 2, res.output
    assert "不予办理" in res.stderr and "不予下发" in res.stderr
    # not "has no finding": 999 was never evaluated
    assert "代码为 999 的部门没有报送 2025 年度快照" in res.stderr
    assert list(tmp_path.iterdir()) == []


def test_policy_status_unadopted_is_a_reminder_0_or_an_error_2_when_signatures_are_required(
    county: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOVSHARE_POLICY_PUBKEY", raising=False)
    monkeypatch.delenv("GOVSHARE_REQUIRE_SIGNED", raising=False)
    res = runner.invoke(app, ["policy", "status"])
    assert res.exit_code == 0, res.output
    assert "未经采纳签名" in res.stdout and "提醒" in res.stderr
    monkeypatch.setenv("GOVSHARE_REQUIRE_SIGNED", "1")
    res = runner.invoke(app, ["policy", "status"])
    assert res.exit_code == 2, res.output
    assert "评价将被拒绝" in res.stderr


def test_calendar_status_without_the_current_year_is_an_error_2(
    county: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVSHARE_TODAY", "2027-01-05")
    res = runner.invoke(app, ["calendar", "status"])
    assert res.exit_code == 2, res.output
    assert "今年（2027 年）没有工作日历数据" in res.stderr
