"""govshare calendar — 工作日历查询 / the statutory working-day calendar on the command line.

Every answer comes from the Rego library ``data.lib.calendar`` (``due``, ``elapsed``) evaluated by
OPA through :func:`evaluator.engine.eval_query`: Python only checks the date format and prints. A date
in a year without calendar data is an error (exit 2) with the library's own Chinese + English
message — never a guess by weekdays.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from evaluator.cli.console import console, styled
from evaluator.cli.output import OutputError, say_stored, written
from evaluator.cli.people import date_zh
from evaluator.engine import OpaError, eval_query

calendar_app = typer.Typer(
    help="工作日历 / statutory working-day calendar（国务院办公厅节假日安排，含调休上班日）。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
_out = console()
_err = console(stderr=True)

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _fail(message: str) -> typer.Exit:
    _err.print(styled("bold red", "错误 / error:", f" {message}"), highlight=False)
    return typer.Exit(2)


def _date(value: str) -> str:
    """A real calendar date written YYYY-MM-DD, returned unchanged (it is quoted into Rego)."""
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(
            f"日期 {value!r} 无效，应为 YYYY-MM-DD / invalid date {value!r}: expected YYYY-MM-DD"
        ) from None
    return value


def _lit(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _ask(query: str) -> dict[str, Any]:
    try:
        answer = eval_query(query)
    except OpaError as e:
        raise _fail(str(e)) from e
    if not isinstance(answer, dict):
        raise _fail(f"OPA 返回的结果格式不符 / unexpected answer from OPA: {answer!r}")
    return answer


def _answer(answer: dict[str, Any], what: str) -> Any:
    """The value if the library defined it; otherwise the library's message for why not."""
    for key in ("missing", "uncovered"):
        if answer.get(key):
            raise _fail(answer[key][0])
    if not answer.get("value"):
        raise _fail(f"工作日历无法计算{what} / the working-day calendar cannot compute {what}")
    return answer["value"][0]


@calendar_app.command("due")
def due_cmd(
    date: Annotated[
        str, typer.Argument(help="起算日 YYYY-MM-DD（次日开始计算） / start date, counting from the next day")
    ],
    n: Annotated[int, typer.Argument(help="工作日数（正整数） / number of working days", min=1)],
    iso: Annotated[
        bool, typer.Option("--iso", help="写成 YYYY-MM-DD，供脚本读取 / print YYYY-MM-DD, for scripts")
    ] = False,
) -> None:
    """打印 DATE 之后第 N 个工作日（期满日，中文日期）/ print the date N working days after DATE."""
    d = _date(date)
    c = "data.lib.calendar"
    answer = _ask(
        f'{{"value": [x | x := {c}.due({_lit(d)}, {n})], '
        f'"missing": [m | m := {c}.missing_message({_lit(d)})], '
        f'"uncovered": [m | m := {c}.due_uncovered_message({_lit(d)}, {n})]}}'
    )
    due = _answer(answer, "期满日 / the due date")
    _out.print(due if iso else date_zh(due), highlight=False)


@calendar_app.command("between")
def between_cmd(
    date1: Annotated[str, typer.Argument(help="起算日 YYYY-MM-DD（不计入） / from, exclusive")],
    date2: Annotated[str, typer.Argument(help="截止日 YYYY-MM-DD（计入） / to, inclusive")],
) -> None:
    """打印 (DATE1, DATE2] 内的工作日数 / print the working days from DATE1 (exclusive) to DATE2 (inclusive)."""
    d1, d2 = _date(date1), _date(date2)
    c = "data.lib.calendar"
    answer = _ask(
        f'{{"value": [x | x := {c}.elapsed({_lit(d1)}, {_lit(d2)})], '
        f'"missing": [m | some d in [{_lit(d1)}, {_lit(d2)}]; m := {c}.missing_message(d)]}}'
    )
    _out.print(str(_answer(answer, "工作日数 / the working days")), highlight=False)


# --------------------------------------------------------------------------- the authority's upkeep


def _upkeep_fail(e: Exception) -> typer.Exit:
    _err.print("错误 / error: " + str(e), highlight=False, markup=False, soft_wrap=True)
    return typer.Exit(2)


@calendar_app.command("add-year")
def add_year_cmd(
    year: Annotated[int, typer.Argument(help="年份，如 2027 / the year")],
    notice: Annotated[
        str,
        typer.Option("--notice", help="国务院办公厅通知文号，如 国办发明电〔2026〕×号 / the notice number"),
    ] = "",
    holidays: Annotated[
        str,
        typer.Option(
            "--holidays",
            help="通知中全部放假日期（含周末），逗号分隔，日期段写 2027-02-05..2027-02-11 / every day off",
        ),
    ] = "",
    workdays: Annotated[
        str,
        typer.Option("--workdays", help="调休上班的周六、周日，逗号分隔 / weekend days made working days"),
    ] = "",
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="或：YAML 文件，格式同 policies/calendar/overrides/data.yaml 的一个年份条目"
            "（notice、holidays、extra_workdays、note_zh）/ or a YAML file with one year's entry",
        ),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="备注（通知标题、发布日期）/ note")] = "",
    replace: Annotated[bool, typer.Option("--replace", help="更正已有年份 / correct a covered year")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不询问，直接写入 / do not ask")] = False,
    by: Annotated[str | None, typer.Option("--by", help="操作人 / who")] = None,
) -> None:
    """补充一年的节假日安排：校验、逐月显示供确认、记入审计，下次评价起生效 / add a year of holidays."""
    from evaluator.consumers import upkeep
    from evaluator.facts.calendar_years import parse_days
    from evaluator.facts.workcalendar import CalendarError

    try:
        if file is not None:
            entry_raw = _entry_file(file, year)
            notice = notice or str(entry_raw.get("notice") or "")
            note = note or str(entry_raw.get("note_zh") or "")
            holidays = ",".join(str(d) for d in entry_raw.get("holidays") or [])
            workdays = ",".join(str(d) for d in entry_raw.get("extra_workdays") or [])
        where = f"govshare calendar add-year {year}"
        entry = upkeep.check_year(
            year,
            notice,
            parse_days(holidays, f"{where} --holidays"),
            parse_days(workdays, f"{where} --workdays"),
            note,
            replace,
        )
    except (CalendarError, OpaError, upkeep.AuthorityFileError) as e:
        raise _upkeep_fail(e) from e

    def preview() -> None:
        _out.print(
            f"{year} 年工作日历（依据 {entry.notice}），请逐月核对 / check month by month:\n", highlight=False
        )
        _out.print(upkeep.preview(entry), highlight=False, markup=False)

    try:  # the months to check must reach the reader before anything is stored
        written(preview)
    except OutputError as e:
        raise _upkeep_fail(e) from e
    if not yes and not typer.confirm("与通知一致，确认写入？/ matches the notice, store it?", default=False):
        _err.print("未写入 / nothing stored", highlight=False)
        raise typer.Exit(2)
    from evaluator.store import audit

    try:
        version = upkeep.add_year(entry, by or audit.current_actor())
    except (CalendarError, OpaError, upkeep.AuthorityFileError) as e:
        raise _upkeep_fail(e) from e
    say_stored(
        f"已补充 {year} 年工作日历（{entry.notice}），保存为 {version.path}（第 {version.number} 版）",
        f"govshare calendar show {year}",
        lambda: _out.print(
            f"已补充 {year} 年工作日历（{entry.notice}），保存为 {version.path}（第 {version.number} 版），"
            f"已记入审计日志；下次评价起生效 / {year} added, in force from the next evaluation",
            highlight=False,
        ),
    )


def _entry_file(path: Path, year: int) -> dict[str, Any]:
    import yaml

    from evaluator.facts.workcalendar import CalendarError
    from evaluator.intake.yaml_reader import safe_load_text, yaml_error_words

    try:
        doc = safe_load_text(path.read_text("utf-8"))
    except yaml.YAMLError as e:
        raise CalendarError(f"{path} 不是有效的 YAML（{yaml_error_words(e)}）/ not valid YAML") from e
    except (OSError, UnicodeDecodeError) as e:
        raise CalendarError(f"无法读取 {path}：{e} / cannot read {path}") from e
    if isinstance(doc, dict) and "years" in doc and isinstance(doc["years"], dict):
        doc = doc["years"].get(str(year), doc["years"].get(year))
    if not isinstance(doc, dict):
        raise CalendarError(
            f"{path}：没有 {year} 年的条目（notice、holidays、extra_workdays）/ no entry for {year}"
        )
    unknown = sorted(set(map(str, doc)) - {"notice", "holidays", "extra_workdays", "note_zh"})
    if unknown:
        raise CalendarError(f"{path}：未知字段 {', '.join(unknown)} / unknown keys")
    return doc


@calendar_app.command("show")
def show_cmd(year: Annotated[int, typer.Argument(help="年份 / the year")]) -> None:
    """逐月打印一年的工作日历（休：放假的工作日；班：调休上班的周末）/ print a year month by month."""
    from evaluator.consumers import upkeep
    from evaluator.facts.workcalendar import CalendarError

    try:
        _out.print(upkeep.show_year(year), highlight=False, markup=False)
    except (CalendarError, OpaError, upkeep.AuthorityFileError) as e:
        raise _upkeep_fail(e) from e


@calendar_app.command("status")
def status_cmd(ctx: typer.Context) -> None:
    """工作日历覆盖哪些年份、各年依据；缺少下一年度时提醒（退出码 0），缺少今年为错误（退出码 2）/
    covered years; a reminder for next year exits 0, the current year missing exits 2."""
    from evaluator.consumers import upkeep
    from evaluator.engine import overlay

    try:
        cov = upkeep.coverage()
    except (OpaError, upkeep.AuthorityFileError) as e:
        raise _upkeep_fail(e) from e
    _out.print(f"工作日历覆盖 {cov.first}—{cov.last} 年 / covers {cov.first}-{cov.last}", highlight=False)
    for y in range(max(cov.first, cov.last - 3), cov.last + 1):
        _out.print(f"  {y}：{cov.sources[str(y)]}", highlight=False)
    year = overlay.today().year
    if year > cov.last:
        raise _fail(
            f"今年（{year} 年）没有工作日历数据，期限无法计算；请运行 govshare calendar add-year {year} / "
            f"no working-day calendar for the current year {year}: add it with govshare calendar add-year {year}"
        )
    note = upkeep.reminder()
    if note and ctx.find_root().meta.get(REMINDED) != note:  # not twice: the root callback printed it
        _err.print(note, highlight=False, markup=False)


# the root callback (cli/main.py) records here the reminder it printed
REMINDED = "govshare.reminder"
