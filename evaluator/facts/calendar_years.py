"""A year of the working-day calendar as the authority adds it: parsed, checked, shown month by month.

The State Council General Office publishes each year's holiday arrangement (《国务院办公厅关于××××年部分
节假日安排的通知》, a notice number such as 国办发明电〔2024〕12号). The authority types in what the
notice says — every day off and every weekend day made a working day — and this module refuses an
entry the notice cannot have said (a make-up day on a weekday, a missing 1 January / 1 May / 1 October,
a date outside the year other than the New Year's Eve the notice names, a year that leaves a gap), each
with a message that says where. It computes no deadline: the deadline arithmetic stays in Rego.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from evaluator.facts.workcalendar import CalendarError

_FIXED = ((1, 1, "元旦"), (5, 1, "劳动节"), (10, 1, "国庆节"))
_NOTICE = re.compile(r"〔(?P<year>[0-9]{4})〕(?P<n>[0-9]+)号")
_WEEK_ZH = "一二三四五六日"


def _err(zh: str, en: str) -> CalendarError:
    return CalendarError(f"{zh} / {en}")


@dataclass(frozen=True)
class YearEntry:
    year: int
    notice: str
    holidays: tuple[dt.date, ...]
    extra_workdays: tuple[dt.date, ...]
    note_zh: str = ""

    def as_data(self) -> dict[str, object]:
        """The entry in the overrides format (policies/calendar/overrides/data.yaml)."""
        out: dict[str, object] = {
            "notice": self.notice,
            "holidays": [d.isoformat() for d in self.holidays],
            "extra_workdays": [d.isoformat() for d in self.extra_workdays],
        }
        if self.note_zh:
            out["note_zh"] = self.note_zh
        return out

    def working(self, d: dt.date) -> bool:
        if d in self.extra_workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5


def parse_days(spec: str, where: str) -> list[dt.date]:
    """``2027-01-01,2027-02-05..2027-02-11`` → dates (a range ``a..b`` includes both ends)."""
    out: list[dt.date] = []
    for part in (p.strip() for p in re.split(r"[,，、\s]+", spec or "")):
        if not part:
            continue
        ends = part.split("..")
        try:
            if len(ends) == 1:
                out.append(dt.date.fromisoformat(ends[0]))
                continue
            if len(ends) != 2:
                raise ValueError(part)
            a, b = dt.date.fromisoformat(ends[0]), dt.date.fromisoformat(ends[1])
        except ValueError:
            raise _err(
                f"{where}：{part!r} 不是 YYYY-MM-DD 日期或 YYYY-MM-DD..YYYY-MM-DD 日期段",
                f"{where}: {part!r} is not a date or a date range",
            ) from None
        if b < a:
            raise _err(
                f"{where}：日期段 {part} 的终点早于起点", f"{where}: range {part} ends before it starts"
            )
        out.extend(a + dt.timedelta(days=i) for i in range((b - a).days + 1))
    return out


def check_entry(
    year: int,
    notice: str,
    holidays: Iterable[dt.date],
    extra_workdays: Iterable[dt.date],
    covered: range,
    note_zh: str = "",
    replace: bool = False,
) -> YearEntry:
    """Every reason the entry cannot be the State Council's arrangement for ``year``, all at once.

    ``covered`` is the run of years the calendar has now; the new year must extend it by one (or,
    with ``replace``, correct a year inside it), so that the years stay contiguous."""
    where = f"govshare calendar add-year {year}"
    problems: list[str] = []
    notice = (notice or "").strip()
    m = _NOTICE.search(notice)
    if not notice:
        problems.append(
            f"{where} --notice：须填写国务院办公厅通知文号（如 国办发明电〔2024〕12号）/ notice number required"
        )
    elif m is None or int(m["year"]) not in (year - 1, year):
        problems.append(
            f"{where} --notice：{notice!r} 不像 {year} 年节假日安排通知的文号（应含〔{year - 1}〕或〔{year}〕及序号，"
            f"如 国办发明电〔{year - 1}〕12号）/ not the number of a notice for {year}"
        )
    hol, work = sorted(set(holidays)), sorted(set(extra_workdays))
    eve = dt.date(year - 1, 12, 31)
    for key, days in (("--holidays", hol), ("--workdays", work)):
        for d in days:
            if d.year != year and d != eve:
                problems.append(
                    f"{where} {key} {d.isoformat()}：不在 {year} 年内（只允许通知本身列出的 {eve.isoformat()} 除夕前一日/元旦前一日）"
                    f" / outside {year} (only {eve.isoformat()}, if the notice names it)"
                )
    for d in sorted(set(hol) & set(work)):
        problems.append(
            f"{where}：{d.isoformat()} 同时列为放假日和调休上班日 / both a holiday and a make-up day"
        )
    for d in work:
        if d.weekday() < 5:
            problems.append(
                f"{where} --workdays {d.isoformat()}：这一天是星期{_WEEK_ZH[d.weekday()]}，调休上班日只能是周六或周日 / "
                f"{d.isoformat()} is a {d.strftime('%A')}: a make-up working day is always a Saturday or Sunday"
            )
    for month, day, name in _FIXED:
        d = dt.date(year, month, day)
        if d not in hol:
            problems.append(
                f"{where} --holidays：缺少 {d.isoformat()}（{name}），每年的通知都放假 / {d.isoformat()} ({name}) missing"
            )
    if replace:
        if year not in covered:
            problems.append(f"{where} --replace：{year} 年尚无工作日历，无须更正 / nothing to replace")
    elif year in covered:
        problems.append(
            f"{where}：{year} 年已有工作日历（{covered.start}—{covered.stop - 1} 年）；更正请加 --replace / "
            f"{year} is already covered: use --replace to correct it"
        )
    elif year != covered.stop:
        missing = f"{covered.stop}" if year == covered.stop + 1 else f"{covered.stop}—{year - 1}"
        problems.append(
            f"{where}：年份须连续，工作日历止于 {covered.stop - 1} 年，{missing} 年尚无数据；请先补充 "
            f"govshare calendar add-year {covered.stop} / the years must be contiguous: add {covered.stop} first"
        )
    if problems:
        raise _err(
            f"{year} 年节假日安排未通过校验，未写入（{len(problems)} 处）：\n  " + "\n  ".join(problems),
            f"the {year} arrangement was refused, nothing stored",
        )
    return YearEntry(year, notice, tuple(hol), tuple(work), note_zh.strip())


def month_grid(year: int, working: set[dt.date] | None, entry: YearEntry | None = None) -> str:
    """The year month by month, Monday first: 休 a day off on a weekday, 班 a weekend working day.
    ``working`` is the set of working days (from the calendar data); without it, from ``entry``."""

    def is_working(d: dt.date) -> bool:
        if working is not None:
            return d in working
        assert entry is not None
        return entry.working(d)

    lines: list[str] = []
    for month in range(1, 13):
        lines.append(f"{year}年{month}月")
        lines.append("".join(f"{c}   " for c in _WEEK_ZH).rstrip())
        for week in _cal.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for d in week:
                if d.month != month:
                    cells.append("     ")
                    continue
                w = is_working(d)
                mark = "班" if w and d.weekday() >= 5 else "休" if not w and d.weekday() < 5 else "  "
                cells.append(f"{d.day:2d}{mark} ")
            lines.append("".join(cells).rstrip())
        count = sum(1 for d in _days(year, month) if is_working(d))
        lines.append(f"  本月工作日 {count} 天 / {count} working days")
        lines.append("")
    total = sum(1 for m in range(1, 13) for d in _days(year, m) if is_working(d))
    lines.append(
        f"{year} 年全年工作日 {total} 天（“休”为放假的工作日，“班”为调休上班的周末）/ {total} working days"
    )
    return "\n".join(lines)


def _days(year: int, month: int) -> list[dt.date]:
    return [dt.date(year, month, day) for day in range(1, _cal.monthrange(year, month)[1] + 1)]
