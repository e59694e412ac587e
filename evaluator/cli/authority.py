"""govshare authority show | export | set | history — the authority's own files, without touching policies/.

Kinds: ``indicators`` (评价指标体系), ``notices`` (整改通知书发文设置), ``settings`` (主管部门的设定:
quality thresholds by data category, cycles). The working-day calendar has its own commands
(``govshare calendar add-year | show``). Workflow: ``export`` what is in force, edit it, ``set`` it
with the date it takes effect; every version is kept (``history``). See docs/authority.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from evaluator.cli.console import console
from evaluator.cli.output import say_stored
from evaluator.cli.usage import file_error_zh

authority_app = typer.Typer(
    help="主管部门维护：评价指标体系、整改通知书发文设置、主管部门的设定（校验、版本、审计）/ "
    "the authority's files: indicator system, notice settings, settings",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
_out = console()
_err = console(stderr=True)
_KINDS = ("indicators", "notices", "dashboard", "settings")


def _kind(kind: str) -> str:
    if kind not in _KINDS:
        _err.print(f"错误 / error: 未知类别 {kind}（{'|'.join(_KINDS)}）/ unknown kind", highlight=False)
        raise typer.Exit(2)
    return kind


def _fail(e: Exception | str) -> typer.Exit:
    _err.print("错误 / error: " + str(e), highlight=False, markup=False, soft_wrap=True)
    return typer.Exit(2)


@authority_app.command("show")
def show_cmd() -> None:
    """各类文件当前有效的版本 / which version of each file is in force."""
    from evaluator.consumers import upkeep
    from evaluator.engine import OpaError

    try:
        for kind in ("calendar", *_KINDS):
            _, v = upkeep.current_data(kind)
            name = upkeep.KINDS[kind].name_zh
            if v is None:
                _out.print(f"{name}（{kind}）：随软件提供的内容（未经主管部门替换）", highlight=False)
            else:
                _out.print(
                    f"{name}（{kind}）：第 {v.number} 版，{v.effective_from.isoformat()} 起生效，{v.submitted_by} 于 "
                    f"{v.submitted_at} 提交；{v.path}",
                    highlight=False,
                )
    except (OpaError, upkeep.AuthorityFileError) as e:
        raise _fail(e) from e


@authority_app.command("export")
def export_cmd(
    kind: Annotated[str, typer.Argument(help="indicators | notices | dashboard | settings")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件（默认打印）/ file")] = None,
) -> None:
    """导出当前有效的内容（YAML），供修改后提交 / export what is in force, to edit and submit."""
    from evaluator.consumers import upkeep

    try:
        text = upkeep.export_text(_kind(kind))
    except upkeep.AuthorityFileError as e:
        raise _fail(e) from e
    if output is None:
        _out.print(text, highlight=False, markup=False, end="")
    else:
        output.write_text(text, "utf-8")
        _out.print(f"已写入 {output} / written", highlight=False)


@authority_app.command("set")
def set_cmd(
    kind: Annotated[str, typer.Argument(help="indicators | notices | dashboard | settings")],
    file: Annotated[Path, typer.Argument(help="YAML 文件（格式见 policies/schemas/）/ the file")],
    effective: Annotated[
        str | None,
        typer.Option("--effective", help="生效日期 YYYY-MM-DD（默认今天，北京时间）/ in force from"),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="说明（依据的文件、文号）/ note")] = "",
    by: Annotated[str | None, typer.Option("--by", help="操作人 / who")] = None,
) -> None:
    """校验并保存新版本（旧版本保留），记入审计日志，生效日起用于评价 / validate, store, audit."""
    from evaluator.consumers import upkeep
    from evaluator.engine import OpaError, overlay
    from evaluator.store import audit

    kind = _kind(kind)
    try:
        day = dt.date.fromisoformat(effective) if effective else overlay.today()
    except ValueError:
        raise _fail(ValueError(f"--effective {effective!r} 不是 YYYY-MM-DD 日期 / not a date")) from None
    try:
        text = file.read_text("utf-8")
    except OSError as e:
        raise _fail(file_error_zh(e)) from e
    except UnicodeDecodeError as e:
        raise _fail(f"{file} 不是 UTF-8 文本 / not UTF-8 text") from e
    try:
        data = upkeep.parse_text(kind, text, str(file))
        v = upkeep.set_kind(kind, data, day, by or audit.current_actor(), note)
    except (OpaError, upkeep.AuthorityFileError) as e:
        raise _fail(e) from e
    when = "下次评价起生效" if day <= overlay.today() else f"{day.isoformat()} 起生效"
    say_stored(
        f"已保存{upkeep.KINDS[kind].name_zh}第 {v.number} 版（{v.path}）",
        f"govshare authority history {kind}",
        lambda: _out.print(
            f"已保存{upkeep.KINDS[kind].name_zh}第 {v.number} 版（{v.path}），{when}，已记入审计日志 / "
            f"version {v.number} stored and audited",
            highlight=False,
        ),
    )


@authority_app.command("history")
def history_cmd(
    kind: Annotated[str, typer.Argument(help="calendar | indicators | notices | dashboard | settings")],
) -> None:
    """列出全部版本（谁、何时、自何日生效、内容哈希）/ every version."""
    from evaluator.consumers import upkeep

    if kind != "calendar":
        _kind(kind)
    try:
        rows = upkeep.history(kind)
    except upkeep.AuthorityFileError as e:
        raise _fail(e) from e
    if not rows:
        _out.print("尚无主管部门提交的版本 / no version submitted", highlight=False)
    for v in rows:
        _out.print(
            f"第 {v.number} 版  生效 {v.effective_from.isoformat()}  {v.submitted_by}  {v.submitted_at}  "
            f"{v.sha256[:12]}  {v.note_zh}",
            highlight=False,
        )
