"""The authority's yearly upkeep, for the command line and the dashboard alike.

Next year's holidays, the indicator system, the notice settings and the authority's settings are
stored as versions in the data directory (evaluator/engine/overlay.py), each validated against its
schema, audited (who, when, which kind, which version, its hash) and in force for the next evaluation
(the policy tree is rebuilt from the shipped policies plus the version in force).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from evaluator.engine import OpaError, overlay, policies_dir
from evaluator.facts.calendar_years import YearEntry, check_entry, month_grid
from evaluator.facts.workcalendar import CalendarError
from evaluator.intake.yaml_reader import safe_load_text, yaml_error_words
from evaluator.store import audit

KINDS = overlay.KINDS
AuthorityFileError = overlay.AuthorityFileError
today = overlay.today  # the authority's day: Beijing (GOVSHARE_TODAY fixes it)


@dataclass(frozen=True)
class Coverage:
    first: int
    last: int
    sources: dict[str, str]

    @property
    def years(self) -> range:
        return range(self.first, self.last + 1)


def _days_data() -> dict[str, Any]:
    path = policies_dir() / "calendar" / "days" / "data.json"
    return _parsed(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _parsed(path: str, mtime_ns: int) -> dict[str, Any]:
    """The calendar data, parsed once per file version (the dashboard banner reads it on every page)."""
    return dict(json.loads(Path(path).read_text("utf-8")))


def coverage() -> Coverage:
    """The years the working-day calendar in force covers."""
    data = _days_data()
    return Coverage(
        int(data["first"][:4]),
        int(data["last"][:4]),
        {y: str(v["source"]) for y, v in data["years"].items()},
    )


def reminder(today: dt.date | None = None) -> str | None:
    """From 1 November, while next year's calendar is missing: what to do, in one sentence."""
    today = today or overlay.today()
    try:
        cov = coverage()
    except (OpaError, OSError, ValueError, KeyError):
        return None  # the failure itself is reported by whatever needs the calendar
    nxt = today.year + 1
    if today.month < 11 or nxt <= cov.last:
        return None
    # said as it is shown (CLI and dashboard alike): a Chinese date, no spaces between Chinese and digits, the
    # command in 「」 with its own spaces (a reader copies it; the dashboard must not re-space it)
    return (
        f"提醒：{nxt}年工作日历尚未补充（现有数据止于{cov.last}年12月31日），自12月起到期日落在{nxt}年的整改时限"
        f"将无法计算。国务院办公厅通知发布后请运行「govshare calendar add-year {nxt} --notice 文号 --holidays … "
        f"--workdays …」，或在仪表盘“主管部门维护”页补充 / reminder: the {nxt} working-day calendar is missing: "
        f"add it with govshare calendar add-year {nxt}"
    )


def working_days(year: int) -> set[dt.date]:
    """The working days of ``year`` from the calendar in force; an uncovered year is an error."""
    data = _days_data()
    if not data["first"][:4] <= str(year) <= data["last"][:4]:
        raise CalendarError(
            f"{year} 年无工作日历数据（现有 {data['first'][:4]}—{data['last'][:4]} 年），请用 "
            f"govshare calendar add-year {year} 补充 / no working-day calendar for {year}: "
            f"add it with govshare calendar add-year {year}"
        )
    return {dt.date.fromisoformat(d) for d in data["workday_by_n"].values() if d.startswith(f"{year}-")}


def show_year(year: int) -> str:
    data = _days_data()
    grid = month_grid(year, working_days(year))
    return f"{year} 年工作日历（依据：{data['years'][str(year)]['source']}）\n\n{grid}"


def check_year(
    year: int,
    notice: str,
    holidays: list[dt.date],
    workdays: list[dt.date],
    note_zh: str = "",
    replace: bool = False,
) -> YearEntry:
    return check_entry(year, notice, holidays, workdays, coverage().years, note_zh, replace)


def preview(entry: YearEntry) -> str:
    return month_grid(entry.year, None, entry)


def add_year(entry: YearEntry, actor: str) -> overlay.Version:
    """Store the year as a new version of the authority's calendar, rebuild the policy tree (which
    regenerates the calendar data and fails, storing nothing in force, if it cannot) and audit it."""
    current = overlay.in_force("calendar")
    years = dict(current.data["years"]) if current else {}
    years[str(entry.year)] = entry.as_data()
    version = overlay.write_version(
        "calendar", {"years": years}, overlay.today(), actor, f"补充 {entry.year} 年：{entry.notice}"
    )
    try:
        policies_dir()
        working_days(entry.year)
    except (OpaError, CalendarError):
        version.path.unlink()  # not in force: nothing half-written
        raise
    audit.append(
        "calendar.add_year",
        {
            "year": entry.year,
            "notice": entry.notice,
            "holidays": len(entry.holidays),
            "extra_workdays": [d.isoformat() for d in entry.extra_workdays],
            "version": version.number,
            "file": str(version.path),
            "sha256": version.sha256,
        },
        actor=actor,
    )
    return version


# --------------------------------------------------------------------------- the other kinds


def current_data(kind: str) -> tuple[dict[str, Any], overlay.Version | None]:
    """What is in force for ``kind``: the authority's version, else the shipped content."""
    v = overlay.in_force(kind)
    return (dict(v.data), v) if v else (overlay.shipped_data(kind), None)


def export_text(kind: str) -> str:
    data, v = current_data(kind)
    origin = f"主管部门第 {v.number} 版（{v.path}）" if v else "随软件提供的示例"
    head = (
        f"# {KINDS[kind].name_zh}：当前有效内容，来自{origin}。\n"
        f"# 修改后用 {KINDS[kind].command} 本文件 --effective YYYY-MM-DD 提交；格式 policies/schemas/{KINDS[kind].schema}\n"
    )
    if v is None and "placeholder" in data:
        data = {k: val for k, val in data.items() if k != "placeholder"}
        head += "# 提交前请把示例内容全部改为本县的实际内容。\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def parse_text(kind: str, text: str, where: str) -> dict[str, Any]:
    try:
        doc = safe_load_text(text)
    except yaml.YAMLError as e:
        raise AuthorityFileError(f"{where} 不是有效的 YAML（{yaml_error_words(e)}）/ not valid YAML") from e
    return overlay.validate(kind, doc, where)


def set_kind(
    kind: str, data: dict[str, Any], effective_from: dt.date, actor: str, note_zh: str = ""
) -> overlay.Version:
    """Store a new version of ``kind`` (validated), check the policy tree builds with it, audit it."""
    if kind == "calendar":
        raise AuthorityFileError("工作日历请用 govshare calendar add-year 补充 / use calendar add-year")
    example = {k: v for k, v in overlay.shipped_data(kind).items() if k != "placeholder"}
    if (
        overlay.shipped_data(kind).get("placeholder")
        and {k: v for k, v in data.items() if k != "placeholder"} == example
    ):
        raise AuthorityFileError(
            f"提交的{KINDS[kind].name_zh}与随软件提供的示例完全相同，未保存：请先改为本县的实际内容 / "
            "identical to the shipped example: not stored"
        )
    version = overlay.write_version(kind, data, effective_from, actor, note_zh)
    try:
        policies_dir()
    except OpaError:
        version.path.unlink()
        raise
    audit.append(
        f"authority.set_{kind}",
        {
            "kind": kind,
            "version": version.number,
            "effective_from": effective_from.isoformat(),
            "file": str(version.path),
            "sha256": version.sha256,
            "note_zh": note_zh,
        },
        actor=actor,
    )
    return version


def history(kind: str) -> list[overlay.Version]:
    return overlay.versions(kind)
