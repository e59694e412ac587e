"""The one place click's words become Chinese first: usage errors, ``--help`` headings, and the exit code.

Click (under Typer) words its usage errors in English ("Missing option '--by'.", "Invalid value for
'--period': 'x' is not a valid integer.", "No such command 'x'.") and its help in English ("Usage:",
"Options:", "Show this message and exit."). The root command is a :class:`GovshareGroup`; before it
runs, every command of the tree gets a context whose help formatter writes the headings in Chinese, and
every click error it raises is printed here, Chinese first with click's own English beside, and leaves
with exit code 2 — never 1 (which means findings): a plain ``ClickException`` (an unreadable file) and an
abort (Ctrl-D at a prompt) are 1 in click. A file the user named that cannot be read or written (an
``OSError`` with a file name: a folder that does not exist, no permission, a full disk) is said plainly
and exits 2 too; any other exception is a defect and reaches ``cli.main.main``.

The translation reads the exception's type and attributes (parameter, option name); the English of a
value error (click's or pydantic's, which Typer uses to convert values: "Input should be a valid
integer") is matched only to say why in Chinese, and an unknown message is still printed, after a
Chinese label.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Sequence
from typing import Any

import typer
from typer import _click as click  # Typer carries its own click; its classes are the ones raised
from typer._click import exceptions as cx
from typer.core import TyperGroup

_HEADINGS = {"Options": "选项 / Options", "Commands": "命令 / Commands", "Arguments": "参数 / Arguments"}
_HELP_WORDS = (
    ("Show this message and exit.", "显示本帮助并退出 / Show this message and exit."),
    ("[default: ", "[默认 default: "),
    ("; required]", "；必填 required]"),
    ("[required]", "[必填 required]"),
)


class ChineseHelpFormatter(click.HelpFormatter):
    """click's help page with the headings and the help option in Chinese first."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法 / Usage: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(a, help_words(b)) for a, b in rows], col_max, col_spacing)


def help_words(text: str) -> str:
    for en, zh in _HELP_WORDS:
        text = text.replace(en, zh)
    return text


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


# --------------------------------------------------------------------------- messages

_VALUE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), zh)
    for p, zh in (
        (r"valid integer", "应为整数"),
        (r"valid number|valid float", "应为数字"),
        (r"valid boolean", "应为是/否"),
        (r"valid date", "应为日期 YYYY-MM-DD"),
        (r"greater than or equal to (?P<n>\S+)", "应不小于 {n}"),
        (r"less than or equal to (?P<n>\S+)", "应不大于 {n}"),
        (r"greater than (?P<n>\S+)", "应大于 {n}"),
        (r"less than (?P<n>\S+)", "应小于 {n}"),
        (r"(?P<v>'.*') is not one of (?P<c>.*?)\.?$", "{v} 不是可选值（{c}）之一"),
        (r"(?P<v>'.*') does not exist", "{v} 不存在"),
        (r"(?P<v>'.*') is a file", "{v} 是文件，应为文件夹"),
        (r"(?P<v>'.*') is a directory", "{v} 是文件夹，应为文件"),
        (r"(?P<v>'.*') is not readable", "{v} 不可读"),
        (r"(?P<v>'.*') is not writable", "{v} 不可写"),
    )
)
_USAGE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), zh)
    for p, zh in (
        (r"^Got unexpected extra argument\(?s?\)? \((?P<a>.*)\)$", "多余的参数：{a}"),
        (r"^Missing command\.$", "缺少子命令"),
        (r"^Option (?P<o>'.*') requires an argument\.$", "选项 {o} 缺少取值"),
        (r"^Option (?P<o>'.*') requires (?P<n>\d+) arguments\.$", "选项 {o} 须给出 {n} 个取值"),
        (r"^Option (?P<o>'.*') does not take a value\.$", "选项 {o} 不带取值"),
    )
)
_NO_SUCH_COMMAND = re.compile(r"^No such command (?P<c>'[^']*')\.(?: Did you mean (?P<d>'[^']*')\?)?")


def _words(patterns: tuple[tuple[re.Pattern[str], str], ...], text: str) -> str | None:
    for pattern, zh in patterns:
        m = pattern.search(text)
        if m:
            return zh.format(**m.groupdict())
    return None


def _hint(e: cx.BadParameter) -> str:
    hint = e.param_hint if e.param_hint is not None else (e.param.get_error_hint() if e.param else None)
    return cx._join_param_hints(hint) or ""


def message_zh(e: cx.ClickException) -> str:
    """click's error in Chinese (without the English, which the caller prints beside it)."""
    if isinstance(e, cx.NoSuchOption):
        near = f"（是否想用 {'、'.join(sorted(e.possibilities))}？）" if e.possibilities else ""
        return f"没有选项 {e.option_name}{near}"
    if isinstance(e, cx.MissingParameter):
        kind = e.param_type or (e.param.param_type_name if e.param else "")
        return f"缺少{ {'option': '选项', 'argument': '参数'}.get(kind, '参数') } {_hint(e)}".rstrip()
    if isinstance(e, cx.BadParameter):
        why = _words(_VALUE_WORDS, e.message)
        return (f"{_hint(e)} 的取值无效" if _hint(e) else "取值无效") + (f"：{why}" if why else "")
    if isinstance(e, cx.UsageError):
        m = _NO_SUCH_COMMAND.match(e.message)
        if m:
            return f"没有命令 {m['c']}" + (f"（是否想用 {m['d']}？）" if m["d"] else "")
        return _words(_USAGE_WORDS, e.message) or "用法错误"
    if isinstance(e, cx.FileError):
        return f"无法打开文件 {e.ui_filename!r}"
    return "命令无法执行"


def show(e: cx.ClickException) -> None:
    """The error as the user reads it: usage line and help hint (for usage errors), then the message,
    Chinese first, click's English beside."""
    if isinstance(e, cx.UsageError) and e.ctx is not None:
        path = e.ctx.command_path
        click.echo(e.ctx.get_usage(), err=True)
        if e.ctx.command.get_help_option(e.ctx) is not None:
            click.echo(f"运行 '{path} --help' 查看帮助 / Try '{path} --help' for help.", err=True)
        click.echo("", err=True)
    click.echo(f"错误 / Error: {message_zh(e)} / {e.format_message()}", err=True)


def _chinese_help(cmd: click.Command) -> None:
    cmd.context_class = ChineseContext
    for sub in getattr(cmd, "commands", {}).values():  # a group's commands (TyperGroup)
        _chinese_help(sub)


class GovshareGroup(TyperGroup):
    """The root ``govshare`` group: Chinese help for every command under it, and click's errors
    printed by :func:`show` with exit code 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _chinese_help(self)
        return super().main(*args, **kwargs)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except cx.NoArgsIsHelpError:
            raise  # ``govshare`` alone: click prints the help (exit 2)
        except cx.ClickException as e:
            show(e)
            raise typer.Exit(2) from e

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except cx.NoArgsIsHelpError:
            raise
        except cx.ClickException as e:
            show(e)
            raise typer.Exit(2) from e
        except typer.Abort as e:
            click.echo("已取消，未写入 / aborted, nothing stored", err=True)
            raise typer.Exit(2) from e
        except OSError as e:
            if e.filename is None:
                raise  # not a path the user gave: a defect, reported as one by cli.main.main
            click.echo(f"错误 / Error: {file_error_zh(e)}", err=True)
            raise typer.Exit(2) from e


def file_error_zh(e: OSError) -> str:
    """A file or folder the user named that cannot be read or written, said plainly (exit 2, not a defect)."""
    why = {
        errno.ENOENT: "文件或文件夹不存在",
        errno.EACCES: "没有权限",
        errno.EISDIR: "这是文件夹，应为文件",
        errno.ENOTDIR: "路径中有一段不是文件夹",
        errno.ENOSPC: "磁盘空间不足",
        errno.EROFS: "文件系统只读",
    }.get(e.errno or 0, "无法读写")
    return f"{why}：{e.filename} / {e.strerror}: {e.filename}"
