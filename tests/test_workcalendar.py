"""Tests for the working-day calendar data generator (evaluator.facts.workcalendar).

Dates used for override years 2027/2028 below are FICTIONAL test data, not a
holiday arrangement.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest

from evaluator.facts.workcalendar import (
    CalendarError,
    build_calendar_data,
    chinesecalendar_years,
    default_days_path,
    default_overrides_path,
    dump_calendar_data,
    load_overrides,
    main,
    uncovered_years,
    write_calendar_data,
)

CC = f"chinesecalendar {chinese_calendar.__version__}"


@pytest.fixture(scope="module")
def real() -> dict[str, Any]:
    return build_calendar_data(default_overrides_path())


def _overrides(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def _working(data: dict[str, Any], day: str) -> bool:
    days = data["days"]
    prev = (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()
    return bool(days[day] - days.get(prev, 0) == 1)


# A complete (fictional) year that chinesecalendar does not cover.
FAKE_2027 = """\
  "2027":
    notice: 测试通知〔2026〕1号
    holidays: ["2027-01-01", "2027-05-01", "2027-10-01", "2027-10-04"]
    extra_workdays: ["2027-10-09"]
"""


# --------------------------------------------------------------------------- real data


def test_coverage_is_the_chinesecalendar_range(real: dict[str, Any]) -> None:
    years = chinesecalendar_years()
    assert (years.start, years.stop - 1) == (2004, 2026)
    assert real["first"] == "2004-01-01"
    assert real["last"] == "2026-12-31"
    assert sorted(real["years"]) == [str(y) for y in years]
    assert len(real["days"]) == (dt.date(2026, 12, 31) - dt.date(2004, 1, 1)).days + 1


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # National Day / Mid-Autumn 2025
        ("2025-09-27", False),
        ("2025-09-28", True),
        *[(f"2025-10-0{d}", False) for d in range(1, 9)],
        ("2025-10-09", True),
        ("2025-10-11", True),
        ("2025-10-12", False),
        # Spring Festival 2026
        ("2026-02-13", True),
        ("2026-02-14", True),
        *[(f"2026-02-{d}", False) for d in range(15, 24)],
        ("2026-02-24", True),
        ("2026-02-28", True),
        ("2026-03-01", False),
        # New Year 2026
        ("2025-12-31", True),
        ("2026-01-01", False),
        ("2026-01-02", False),
        ("2026-01-03", False),
        ("2026-01-04", True),
    ],
)
def test_holidays_and_worked_weekends(real: dict[str, Any], day: str, working: bool) -> None:
    assert _working(real, day) is working


def test_cumulative_counts_consistent(real: dict[str, Any]) -> None:
    days: dict[str, int] = real["days"]
    by_n: dict[str, str] = real["workday_by_n"]
    ordered = sorted(days)
    prev = 0
    for day in ordered:
        step = days[day] - prev
        assert step in (0, 1), day
        assert _working(real, day) == bool(chinese_calendar.is_workday(dt.date.fromisoformat(day)))
        prev = days[day]
    assert len(by_n) == days[ordered[-1]]
    assert sorted(int(n) for n in by_n) == list(range(1, len(by_n) + 1))
    for n, day in by_n.items():
        assert days[day] == int(n)
        assert _working(real, day)
    assert sum(y["workdays"] for y in real["years"].values()) == len(by_n)
    assert real["years"]["2025"]["workdays"] == 248
    assert real["years"]["2026"] == {"source": CC, "workdays": 248}


def test_due_example_from_data(real: dict[str, Any]) -> None:
    # The Rego library computes due(from, n) = workday_by_n[days[from] + n].
    assert real["workday_by_n"][str(real["days"]["2025-09-30"] + 5)] == "2025-10-14"


def test_shipped_2025_entry_agrees_with_chinesecalendar(real: dict[str, Any]) -> None:
    entry = load_overrides(default_overrides_path())[2025]
    assert entry.notice == "国办发明电〔2024〕12号"
    for d in entry.holidays:
        assert not chinese_calendar.is_workday(d), d
    for d in entry.extra_workdays:
        assert chinese_calendar.is_workday(d), d
    assert real["years"]["2025"]["source"] == f"{CC} + overrides: 国办发明电〔2024〕12号"


# --------------------------------------------------------------------------- overrides


def test_overrides_win_over_chinesecalendar(tmp_path: Path) -> None:
    path = _overrides(
        tmp_path,
        """\
        years:
          "2025":
            notice: 测试更正〔2025〕1号
            holidays: ["2025-10-09"]
            extra_workdays: ["2025-10-12"]
        """,
    )
    data = build_calendar_data(path)
    assert not _working(data, "2025-10-09")
    assert _working(data, "2025-10-12")
    assert _working(data, "2025-10-10")  # untouched days still come from chinesecalendar
    assert data["years"]["2025"] == {"source": f"{CC} + overrides: 测试更正〔2025〕1号", "workdays": 248}


def test_complete_override_year_is_covered(tmp_path: Path) -> None:
    path = _overrides(tmp_path, "years:\n" + FAKE_2027)
    data = build_calendar_data(path)
    assert data["last"] == "2027-12-31"
    assert data["years"]["2027"]["source"] == "overrides: 测试通知〔2026〕1号"
    assert not _working(data, "2027-01-01")  # listed holiday (Friday)
    assert _working(data, "2027-01-04")  # ordinary Monday
    assert not _working(data, "2027-01-02")  # ordinary Saturday
    assert not _working(data, "2027-10-04")  # listed holiday (Monday)
    assert _working(data, "2027-10-09")  # worked Saturday
    weekdays = sum(1 for i in range(365) if (dt.date(2027, 1, 1) + dt.timedelta(days=i)).weekday() < 5)
    # Off: Fri 1 Jan, Sat 1 May (weekend anyway), Fri 1 Oct, Mon 4 Oct; worked: Sat 9 Oct.
    assert data["years"]["2027"]["workdays"] == weekdays - 3 + 1
    assert data["days"]["2026-12-31"] == sum(y["workdays"] for k, y in data["years"].items() if k != "2027")


def test_override_may_name_late_december_of_previous_year(tmp_path: Path) -> None:
    body = FAKE_2027.replace('"2027-01-01", ', '"2026-12-31", "2027-01-01", ')
    data = build_calendar_data(_overrides(tmp_path, "years:\n" + body))
    assert not _working(data, "2026-12-31")


def test_incomplete_override_year_is_not_covered(tmp_path: Path) -> None:
    path = _overrides(
        tmp_path,
        """\
        years:
          "2027":
            note_zh: 草稿，通知未发布
            holidays: ["2027-01-01", "2027-05-01", "2027-10-01"]
        """,
    )
    data = build_calendar_data(path)
    assert data["last"] == "2026-12-31"
    assert "2027" not in data["years"]
    assert "2027-01-04" not in data["days"]


def test_draft_correction_is_ignored(tmp_path: Path) -> None:
    path = _overrides(tmp_path, 'years:\n  "2025":\n    holidays: ["2025-10-09"]\n')
    data = build_calendar_data(path)
    assert _working(data, "2025-10-09")
    assert data["years"]["2025"]["source"] == CC


def test_gap_stops_coverage(tmp_path: Path) -> None:
    body = """\
  "2028":
    notice: 测试通知〔2027〕1号
    holidays: ["2028-01-01", "2028-05-01", "2028-10-01"]
    extra_workdays: ["2028-10-07"]
"""
    path = _overrides(tmp_path, "years:\n" + body)
    data = build_calendar_data(path)
    assert data["last"] == "2026-12-31"
    assert "2028" not in data["years"]
    assert uncovered_years(path) == [2028]
    assert uncovered_years(_overrides(tmp_path, "years:\n" + FAKE_2027 + body)) == []


def test_empty_overrides_file(tmp_path: Path) -> None:
    data = build_calendar_data(_overrides(tmp_path, "# nothing yet\nyears: {}\n"))
    assert data["years"]["2025"]["source"] == CC
    assert data["last"] == "2026-12-31"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("years: [1, 2\n", "YAML"),
        ("- 2027\n", "years"),
        ("years: {}\nextra: 1\n", "years"),
        ('years:\n  "27":\n    notice: x\n', "27"),
        ('years:\n  "2027": [1]\n', "years.2027"),
        ('years:\n  "2027":\n    holiday: ["2027-01-01"]\n', "holiday"),
        ('years:\n  "2027":\n    holidays: "2027-01-01"\n', "holidays"),
        ('years:\n  "2027":\n    holidays: ["2027-02-30"]\n', "2027-02-30"),
        ('years:\n  "2027":\n    holidays: ["2027/01/01"]\n', "2027/01/01"),
        ('years:\n  "2027":\n    holidays: ["2028-01-01"]\n', "2028-01-01"),
        ('years:\n  "2027":\n    holidays: ["2026-11-30"]\n', "2026-11-30"),
        ('years:\n  "2027":\n    holidays: ["2027-01-01", "2027-01-01"]\n', "2027-01-01"),
        ('years:\n  "2027":\n    extra_workdays: ["2027-01-04"]\n', "2027-01-04"),
        (
            'years:\n  "2027":\n    holidays: ["2027-10-09"]\n    extra_workdays: ["2027-10-09"]\n',
            "2027-10-09",
        ),
        ('years:\n  "2027":\n    notice: 123\n', "notice"),
        # A complete new year without the statutory fixed-date holidays.
        ('years:\n  "2027":\n    notice: 测试通知〔2026〕1号\n    holidays: ["2027-10-04"]\n', "2027-01-01"),
        # Two complete entries contradicting each other on a late-December day.
        (
            'years:\n  "2025":\n    notice: A\n    extra_workdays: ["2025-12-27"]\n'
            '  "2026":\n    notice: B\n    holidays: ["2025-12-27"]\n',
            "2025-12-27",
        ),
    ],
)
def test_broken_overrides_raise(tmp_path: Path, body: str, fragment: str) -> None:
    path = _overrides(tmp_path, body)
    with pytest.raises(CalendarError) as info:
        build_calendar_data(path)
    message = str(info.value)
    assert fragment in message
    assert " / " in message  # Chinese first, English beside
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message.split(" / ")[0])


def test_missing_overrides_file_raises(tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="无法读取"):
        build_calendar_data(tmp_path / "absent.yaml")


# --------------------------------------------------------------------------- output file


def test_dump_is_deterministic_and_compact(real: dict[str, Any]) -> None:
    text = dump_calendar_data(real)
    assert text == dump_calendar_data(build_calendar_data(default_overrides_path()))
    assert text.endswith("}\n") and text.count("\n") == 1
    assert '", "' not in text and '": ' not in text and ',"' in text
    assert json.loads(text) == real
    assert list(json.loads(text)) == ["days", "first", "last", "workday_by_n", "years"]


def test_committed_calendar_is_fresh(tmp_path: Path) -> None:
    out = write_calendar_data(default_overrides_path(), tmp_path / "days" / "data.json")
    assert out.read_bytes() == default_days_path().read_bytes(), (
        "policies/calendar/days/data.json 已过期，请运行 python -m evaluator.facts.workcalendar / "
        "stale calendar data: run python -m evaluator.facts.workcalendar"
    )


def test_cli_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    out = tmp_path / "data.json"
    assert main(["--check", "--out", str(out)]) == 1
    assert main(["--out", str(out)]) == 0
    assert main(["--check", "--out", str(out)]) == 0
    broken = _overrides(tmp_path, "years: [\n")
    assert main(["--overrides", str(broken), "--out", str(out)]) == 2
    assert "错误 / error" in capsys.readouterr().err
