"""govshare calendar due | between — answered by data.lib.calendar on the real OPA binary."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from evaluator.cli.calendar import calendar_app
from evaluator.cli.main import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(calendar_app, list(args))
    return result.exit_code, result.stdout.strip(), result.stderr


@pytest.mark.parametrize(
    ("date", "n", "expected"),
    [
        ("2025-09-30", "5", "2025-10-14"),  # National Day 2025: 1-8 Oct off, Sat 11 Oct worked
        ("2025-09-26", "1", "2025-09-28"),  # Sun 28 Sep worked
        ("2026-02-12", "5", "2026-02-26"),  # Spring Festival 2026: Sat 14 Feb worked, 15-23 off
        ("2026-02-13", "1", "2026-02-14"),
        ("2025-12-31", "1", "2026-01-04"),  # New Year 2026: 1-3 Jan off, Sun 4 Jan worked
    ],
)
def test_due(date: str, n: str, expected: str) -> None:
    assert _run("due", date, n, "--iso")[:2] == (0, expected)


def test_due_through_the_govshare_app() -> None:
    result = runner.invoke(app, ["calendar", "due", "2025-09-30", "5"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2025年10月14日"  # a Chinese date for the reader; --iso for scripts


@pytest.mark.parametrize(
    ("d1", "d2", "expected"),
    [
        ("2025-09-30", "2025-10-08", "0"),
        ("2025-09-30", "2025-10-14", "5"),
        ("2025-12-31", "2026-01-04", "1"),
        ("2026-02-14", "2026-02-23", "0"),
        ("2025-10-14", "2025-09-30", "-5"),
    ],
)
def test_between(d1: str, d2: str, expected: str) -> None:
    assert _run("between", d1, d2)[:2] == (0, expected)


def test_year_without_data_is_exit_2_with_chinese_and_english() -> None:
    code, out, err = _run("due", "2027-01-04", "5")
    assert code == 2 and out == ""
    assert "2027 年无工作日历数据" in err and "no working-day calendar for 2027" in err


def test_between_year_without_data() -> None:
    code, _, err = _run("between", "2025-01-02", "2003-12-31")
    assert code == 2
    assert "2003 年无工作日历数据" in err and "no working-day calendar for 2003" in err


def test_due_beyond_the_calendar_is_exit_2() -> None:
    code, _, err = _run("due", "2026-12-30", "5")
    assert code == 2
    assert "超出工作日历范围" in err and "runs past the working-day calendar" in err


@pytest.mark.parametrize("bad", ["2025-02-30", "2025-9-30", "20250930", 'x"); data.x'])
def test_invalid_date_is_exit_2(bad: str) -> None:
    code, _, err = _run("due", bad, "5")
    assert code == 2
    assert "无效" in err and "invalid date" in err


def test_n_must_be_positive() -> None:
    assert _run("due", "2025-09-30", "0")[0] == 2
