"""govshare calendar — 工作日历查询 / the statutory working-day calendar on the command line.

Every answer comes from the Rego library ``data.lib.calendar`` (``due``, ``elapsed``) evaluated by
OPA through :func:`evaluator.engine.opa.eval_query`: Python only checks the date format and prints. A date
in a year without calendar data is an error (exit 2) with the library's own Chinese + English
message — never a guess by weekdays.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any

import typer

from evaluator.cli.console import console
from evaluator.engine.opa import OpaError, eval_query

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
    _err.print(f"[bold red]错误 / error:[/] {message}", highlight=False)
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
) -> None:
    """打印 DATE 之后第 N 个工作日（期满日） / print the date N working days after DATE."""
    d = _date(date)
    c = "data.lib.calendar"
    answer = _ask(
        f'{{"value": [x | x := {c}.due({_lit(d)}, {n})], '
        f'"missing": [m | m := {c}.missing_message({_lit(d)})], '
        f'"uncovered": [m | m := {c}.due_uncovered_message({_lit(d)}, {n})]}}'
    )
    _out.print(_answer(answer, "期满日 / the due date"), highlight=False)


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
