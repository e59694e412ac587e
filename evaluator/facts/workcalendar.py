"""工作日历数据生成 / Working-day calendar data generator.

The Measures count most time limits in working days (工作日), which follow the
State Council General Office's yearly holiday arrangements (放假调休), including
weekend days that are made working days.  The deadline arithmetic itself lives
in exactly one place, the Rego library ``policies/rego/lib/calendar``; this
module only *generates the data* that library reads, ``data.calendar.days``
(file ``policies/calendar/days/data.json``).  Python never computes a deadline.

Sources, per calendar year:

* ``chinesecalendar`` (the pinned version): the years its tables cover, taken
  from the package itself (``chinese_calendar.constants.holidays``);
* ``policies/calendar/overrides/data.yaml`` (``data.calendar.overrides``),
  maintained by the data authority: for years chinesecalendar does not cover
  yet and for corrections.  Only *complete* entries, i.e. entries carrying the
  number of the notice (``notice``) they come from, are used; an entry without
  a notice is a draft and is ignored.  Override dates win over chinesecalendar
  for the days they name.  A year covered only by an override follows the
  ordinary rule (Monday-Friday work) except for the days the notice names.

Coverage must be contiguous, because the Rego library subtracts cumulative
counts: coverage is the run of consecutive years containing the chinesecalendar
range, and a missing year stops it; years after (or before) a gap are left out
(``uncovered_years`` lists them, the command line warns about them).  Dates
outside coverage are absent from the data, so every Rego function is undefined
for them and ``lib.calendar.missing`` is true: nothing is guessed from weekdays.

Output layout (``data.calendar.days``)::

    {
      "days":         {"YYYY-MM-DD": n, ...},  # every covered calendar day; n = working
                                                # days from ``first`` up to and including it
      "workday_by_n": {"n": "YYYY-MM-DD", ...}, # working days only, string keys
      "years":        {"YYYY": {"source": "...", "workdays": k}, ...},
      "first": "YYYY-MM-DD",
      "last":  "YYYY-MM-DD"
    }

Regenerate with ``python -m evaluator.facts.workcalendar`` (``--check`` only compares).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chinese_calendar
import yaml

from evaluator import settings
from evaluator.errors import GovshareError

__all__ = [
    "CalendarError",
    "OverrideYear",
    "build_calendar_data",
    "chinesecalendar_years",
    "default_days_path",
    "default_overrides_path",
    "dump_calendar_data",
    "load_overrides",
    "main",
    "uncovered_years",
    "write_calendar_data",
]

OVERRIDES_REL = "policies/calendar/overrides/data.yaml"
DAYS_REL = "policies/calendar/days/data.json"

_ENTRY_KEYS = frozenset({"holidays", "extra_workdays", "notice", "note_zh"})
# Fixed-date statutory holidays (全国年节及纪念日放假办法): every year's notice
# makes them days off, so a complete override year must list them.
_FIXED_HOLIDAYS = ((1, 1), (5, 1), (10, 1))


class CalendarError(GovshareError, ValueError):
    """工作日历数据错误 / broken or incomplete working-day calendar data."""


@dataclass(frozen=True)
class OverrideYear:
    """One year's entry of the overrides file."""

    year: int
    holidays: frozenset[dt.date]
    extra_workdays: frozenset[dt.date]
    notice: str | None
    note_zh: str | None

    @property
    def complete(self) -> bool:
        """An entry is used only once it names the notice it comes from."""
        return self.notice is not None


def default_overrides_path() -> Path:
    return _repo_root() / OVERRIDES_REL


def default_days_path() -> Path:
    return _repo_root() / DAYS_REL


def _repo_root() -> Path:
    return settings.calendar_root()


def chinesecalendar_version() -> str:
    return str(chinese_calendar.__version__)


def chinesecalendar_years() -> range:
    """The years chinesecalendar has tables for (same rule as the package's own check)."""
    years = {d.year for d in chinese_calendar.constants.holidays}
    return range(min(years), max(years) + 1)


# --------------------------------------------------------------------------- overrides


def _err(zh: str, en: str) -> CalendarError:
    return CalendarError(f"{zh} / {en}")


def _parse_date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _err(f"{where}：{value!r} 不是日期", f"{where}: {value!r} is not a date")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and len(value) == 10:
            return parsed
    raise _err(
        f"{where}：{value!r} 不是 YYYY-MM-DD 格式的日期",
        f"{where}: {value!r} is not a YYYY-MM-DD date",
    )


def _parse_dates(value: object, year: int, key: str, where: str) -> frozenset[dt.date]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise _err(f"{where}.{key} 应为日期列表", f"{where}.{key} must be a list of dates")
    dates: set[dt.date] = set()
    for item in value:
        d = _parse_date(item, f"{where}.{key}")
        # A notice for year Y may name days at the end of December Y-1
        # (e.g. 元旦 2023 began on 2022-12-31; 2011-12-31 was worked for 元旦 2012).
        if not (d.year == year or (d.year == year - 1 and d.month == 12)):
            raise _err(
                f"{where}.{key}：{d.isoformat()} 不属于 {year} 年（仅允许 {year} 年或 {year - 1} 年 12 月的日期）",
                f"{where}.{key}: {d.isoformat()} is outside {year} (only {year} or December {year - 1} allowed)",
            )
        if d in dates:
            raise _err(f"{where}.{key}：{d.isoformat()} 重复", f"{where}.{key}: duplicate {d.isoformat()}")
        dates.add(d)
    return frozenset(dates)


def _parse_text(value: object, key: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _err(f"{where}.{key} 应为文本", f"{where}.{key} must be a string")
    text = value.strip()
    return text or None


def _parse_year_key(key: object) -> int:
    text = str(key)
    if isinstance(key, bool) or not (len(text) == 4 and text.isdigit()):
        raise _err(f"年份 {key!r} 无效，应为四位数字", f"invalid year {key!r}: expected four digits")
    return int(text)


def _parse_entry(year: int, raw: object) -> OverrideYear:
    where = f"years.{year}"
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise _err(f"{where} 应为映射（键值对）", f"{where} must be a mapping")
    unknown = sorted(str(k) for k in raw if k not in _ENTRY_KEYS)
    if unknown:
        raise _err(
            f"{where} 含未知字段 {', '.join(unknown)}（允许：holidays、extra_workdays、notice、note_zh）",
            f"{where} has unknown keys {', '.join(unknown)} (allowed: holidays, extra_workdays, notice, note_zh)",
        )
    holidays = _parse_dates(raw.get("holidays"), year, "holidays", where)
    extra = _parse_dates(raw.get("extra_workdays"), year, "extra_workdays", where)
    both = sorted(holidays & extra)
    if both:
        days = ", ".join(d.isoformat() for d in both)
        raise _err(
            f"{where}：{days} 同时列为放假日和调休上班日",
            f"{where}: {days} listed both as holiday and as extra workday",
        )
    weekdays = sorted(d for d in extra if d.weekday() < 5)
    if weekdays:
        days = ", ".join(d.isoformat() for d in weekdays)
        raise _err(
            f"{where}.extra_workdays：{days} 不是周六或周日（调休上班日应为周末）",
            f"{where}.extra_workdays: {days} is not a Saturday or Sunday",
        )
    return OverrideYear(
        year=year,
        holidays=holidays,
        extra_workdays=extra,
        notice=_parse_text(raw.get("notice"), "notice", where),
        note_zh=_parse_text(raw.get("note_zh"), "note_zh", where),
    )


def load_overrides(overrides_path: Path | str) -> dict[int, OverrideYear]:
    """Read and validate the overrides file; raise :class:`CalendarError` if it is broken."""
    path = Path(overrides_path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _err(
            f"无法读取节假日调整文件 {path}：{exc.strerror or exc}",
            f"cannot read overrides file {path}: {exc}",
        ) from exc
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _err(f"{path} 不是有效的 YAML：{exc}", f"{path} is not valid YAML: {exc}") from exc
    if doc is None:
        doc = {}
    if not isinstance(doc, dict) or set(doc) - {"years"}:
        raise _err(
            f"{path} 顶层应只有 years 字段",
            f"{path}: the top level must be a mapping with the single key 'years'",
        )
    years_raw = doc.get("years") or {}
    if not isinstance(years_raw, dict):
        raise _err(f"{path}：years 应为以年份为键的映射", f"{path}: 'years' must be a mapping keyed by year")
    result: dict[int, OverrideYear] = {}
    for key, raw in years_raw.items():
        year = _parse_year_key(key)
        if year in result:
            raise _err(f"{path}：{year} 年重复", f"{path}: year {year} appears twice")
        result[year] = _parse_entry(year, raw)
    _check_conflicts(result.values())
    return result


def _check_conflicts(entries: Iterable[OverrideYear]) -> None:
    off: dict[dt.date, int] = {}
    on: dict[dt.date, int] = {}
    for e in entries:
        if not e.complete:
            continue
        for d in e.holidays:
            off[d] = e.year
        for d in e.extra_workdays:
            on[d] = e.year
    for d in sorted(off.keys() & on.keys()):
        raise _err(
            f"{d.isoformat()} 在 {off[d]} 年条目中为放假日，在 {on[d]} 年条目中为上班日",
            f"{d.isoformat()} is a holiday in the {off[d]} entry but a workday in the {on[d]} entry",
        )


# --------------------------------------------------------------------------- build


def _plan_years(overrides: Mapping[int, OverrideYear]) -> tuple[list[int], list[int]]:
    """Covered years (contiguous run around the chinesecalendar range) and left-out years."""
    cc = chinesecalendar_years()
    available = set(cc) | {y for y, e in overrides.items() if e.complete}
    lo, hi = cc.start, cc.stop - 1
    while lo - 1 in available:
        lo -= 1
    while hi + 1 in available:
        hi += 1
    covered = list(range(lo, hi + 1))
    left_out = sorted(available - set(covered))
    return covered, left_out


def uncovered_years(overrides_path: Path | str) -> list[int]:
    """Complete override years left out of coverage because of a gap (no data for a year between)."""
    return _plan_years(load_overrides(overrides_path))[1]


def _check_override_year(entry: OverrideYear) -> None:
    missing = [dt.date(entry.year, m, d) for m, d in _FIXED_HOLIDAYS]
    missing = [d for d in missing if d not in entry.holidays]
    if missing:
        days = ", ".join(d.isoformat() for d in missing)
        raise _err(
            f"{entry.year} 年节假日安排不完整：holidays 缺少法定节日 {days}；"
            f"请按国务院办公厅通知（{entry.notice}）在 {OVERRIDES_REL} 中补全全部放假日期",
            f"incomplete {entry.year} arrangement: holidays lack the statutory days {days}; "
            f"list every day off from the notice ({entry.notice}) in {OVERRIDES_REL}",
        )


def build_calendar_data(overrides_path: Path | str) -> dict[str, Any]:
    """Build ``data.calendar.days`` from chinesecalendar plus the overrides file."""
    overrides = load_overrides(overrides_path)
    covered, _ = _plan_years(overrides)
    cc_years = chinesecalendar_years()
    cc_label = f"chinesecalendar {chinesecalendar_version()}"

    complete = [e for e in overrides.values() if e.complete]
    for e in complete:
        if e.year not in cc_years:
            _check_override_year(e)
    forced: dict[dt.date, bool] = {}
    for e in complete:
        forced.update(dict.fromkeys(e.holidays, False))
        forced.update(dict.fromkeys(e.extra_workdays, True))

    days: dict[str, int] = {}
    workday_by_n: dict[str, str] = {}
    years: dict[str, dict[str, Any]] = {}
    n = 0
    for year in covered:
        entry = overrides.get(year)
        notice = entry.notice if entry is not None and entry.complete else None
        if year in cc_years:
            source = cc_label if notice is None else f"{cc_label} + overrides: {notice}"
        else:
            assert notice is not None  # only complete override years are covered
            source = f"overrides: {notice}"
        count = 0
        d = dt.date(year, 1, 1)
        one = dt.timedelta(days=1)
        while d.year == year:
            if d in forced:
                working = forced[d]
            elif year in cc_years:
                working = bool(chinese_calendar.is_workday(d))
            else:
                working = d.weekday() < 5
            if working:
                n += 1
                count += 1
                workday_by_n[str(n)] = d.isoformat()
            days[d.isoformat()] = n
            d += one
        years[str(year)] = {"source": source, "workdays": count}

    return {
        "days": days,
        "workday_by_n": workday_by_n,
        "years": years,
        "first": f"{covered[0]}-01-01",
        "last": f"{covered[-1]}-12-31",
    }


def dump_calendar_data(data: Mapping[str, Any]) -> str:
    """Deterministic serialisation: sorted keys, compact, UTF-8 text, trailing newline."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def write_calendar_data(
    overrides_path: Path | str | None = None,
    out_path: Path | str | None = None,
) -> Path:
    """Regenerate ``policies/calendar/days/data.json`` (or ``out_path``); return the path written."""
    src = Path(overrides_path) if overrides_path is not None else default_overrides_path()
    out = Path(out_path) if out_path is not None else default_days_path()
    text = dump_calendar_data(build_calendar_data(src))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(text.encode("utf-8"))
    return out


# --------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluator.facts.workcalendar",
        description="生成工作日历数据 / regenerate " + DAYS_REL,
    )
    parser.add_argument("--overrides", type=Path, default=None, help=f"default: {OVERRIDES_REL}")
    parser.add_argument("--out", type=Path, default=None, help=f"default: {DAYS_REL}")
    parser.add_argument(
        "--check",
        action="store_true",
        help="只检查文件是否最新，不写入 / only check that the file is up to date (exit 1 if stale)",
    )
    args = parser.parse_args(argv)
    src: Path = args.overrides or default_overrides_path()
    out: Path = args.out or default_days_path()
    try:
        left_out = uncovered_years(src)
        if args.check:
            expected = dump_calendar_data(build_calendar_data(src))
            current = out.read_text(encoding="utf-8") if out.exists() else None
            if current != expected:
                print(
                    f"{out} 已过期，请运行 python -m evaluator.facts.workcalendar / {out} is stale: regenerate it",
                    file=sys.stderr,
                )
                return 1
        else:
            write_calendar_data(src, out)
    except CalendarError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    for year in left_out:
        print(
            f"警告：{year} 年因中间年份缺少数据而未纳入工作日历，请在 {OVERRIDES_REL} 中补充缺失年份的"
            f"国务院办公厅节假日安排通知 / warning: {year} left out of the calendar because a year in "
            f"between has no data: add the missing year to {OVERRIDES_REL}",
            file=sys.stderr,
        )
    if not args.check:
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
