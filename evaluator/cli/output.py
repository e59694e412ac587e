"""The command's output, written before what it reports is stored.

A command that stores something (an import, an evaluation run) prints its result *inside* the transaction
that stores it, through :func:`written`, and flushes it: if the output cannot be written — stdout closed
or its reader gone, a full disk, an encoding that cannot carry the text — the transaction rolls back and
nothing is stored (exit 2). Before any command runs, :func:`check_streams` refuses closed streams and an
encoding that cannot carry Chinese, and makes a character the encoding lacks print as an escape instead of
failing half-way (docs/decisions/0019-trust-and-integrity.md).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from evaluator.errors import GovshareError

# what every command prints: Chinese, full-width punctuation, the document marks of a notice number
PROBE = "中文（）：，“”〔〕—…·"


class OutputError(GovshareError):
    """The command's output could not be written; what it was about to store was not stored."""


class BrokenOutput(GovshareError):
    """stdout's reader has gone. Not an OSError: click would turn a broken pipe into exit 1 ("findings")."""


class _Stdout:
    """sys.stdout, with a broken pipe raised as :class:`BrokenOutput` (exit 2, never click's 1)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError as e:
            raise BrokenOutput("输出管道的读取端已关闭 / broken pipe") from e

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError as e:
            raise BrokenOutput("输出管道的读取端已关闭 / broken pipe") from e

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def written(render: Callable[[], Any]) -> None:
    """Run ``render`` (it prints the command's result) and flush stdout and stderr. Called inside the
    transaction that stores what it reports: an output that cannot be written raises OutputError, and the
    transaction rolls back."""
    try:
        render()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    except (OSError, UnicodeError, ValueError, BrokenOutput) as e:  # ValueError: a closed file
        silence_stdout()
        raise OutputError(
            f"无法输出结果（{_reason(e)}），本次操作未写入任何数据 / the output could not be written "
            f"({type(e).__name__}: {e}): nothing was stored"
        ) from e


def _reason(e: BaseException) -> str:
    if isinstance(e, (BrokenPipeError, BrokenOutput)):
        return "输出管道的读取端已关闭"
    if isinstance(e, UnicodeError):
        return "输出编码无法表示这些字符"
    if isinstance(e, OSError) and e.errno == 28:
        return "磁盘已满"
    return "写入标准输出失败"


def silence_stdout() -> None:
    """After a failed write: what is left in stdout's buffer goes nowhere, so that the interpreter's own
    flush at exit does not fail again and replace exit code 2 with 120."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def check_streams() -> str | None:
    """Why this process cannot print a result (None when it can): stdout or stderr closed, or an encoding
    that cannot carry Chinese. Otherwise a rare character the encoding lacks is printed as an escape."""
    for name, stream in (("标准输出 stdout", sys.stdout), ("标准错误 stderr", sys.stderr)):
        if stream is None or not _open(stream):
            return (
                f"{name}已关闭，无法输出结果，未执行任何操作 / {name.split()[1]} is closed: nothing was done"
            )
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            PROBE.encode(encoding)
        except (UnicodeError, LookupError):
            return (
                f"{name}的编码 {encoding} 无法输出中文，未执行任何操作；请设置 PYTHONIOENCODING=utf-8 或 "
                f"LANG=C.UTF-8 / the {name.split()[1]} encoding {encoding} cannot carry Chinese: nothing was "
                "done; set PYTHONIOENCODING=utf-8"
            )
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    sys.stdout = _Stdout(sys.stdout)
    return None


def _open(stream: TextIO) -> bool:
    try:
        os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return True


def refuse_early(message: str) -> None:
    """Say why on whichever stream still works (as UTF-8 bytes: the encoding may be the problem)."""
    for fd in (2, 1):
        try:
            os.write(fd, (message + "\n").encode("utf-8"))
            return
        except OSError:
            continue
