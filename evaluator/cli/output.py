"""The command's output, written before what it reports is stored.

A command that stores something (an import, an evaluation run) prints its result *inside* the transaction
that stores it, through :func:`written`, and flushes it: if the output cannot be written — stdout closed
or its reader gone, a full disk, an encoding that cannot carry the text — the transaction rolls back and
nothing is stored (exit 2). Before any command runs, :func:`check_streams` refuses closed streams and an
encoding that cannot carry Chinese, and makes a character the encoding lacks print as an escape instead of
failing half-way (docs/decisions/0019-trust-and-integrity.md).

A command whose result is stored before it can be printed (a notice: several transactions and two files)
prints through :func:`reported`: the result stays, an output failure exits 2 saying what was stored, and
the next command says it again (docs/decisions/0019-output-after-commit.md).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from evaluator.errors import GovshareError
from evaluator.settings import data_dir

BEIJING = ZoneInfo("Asia/Shanghai")

# what every command prints: Chinese, full-width punctuation, the document marks of a notice number
PROBE = "中文（）：，“”〔〕—…·"


class OutputError(GovshareError):
    """The command's output could not be written; what it was about to store was not stored."""


class BrokenOutput(GovshareError):
    """stdout cannot be written: its reader has gone, the disk is full, an I/O error. Not an OSError: click
    would turn a broken pipe into exit 1 ("findings"), and the last line of defence would call a full disk a
    defect of govshare. ``reason_zh`` says which, in words (磁盘已满 …)."""

    def __init__(self, e: OSError) -> None:
        self.reason_zh = _reason(e)
        self.reason_en = (
            "broken pipe"
            if isinstance(e, BrokenPipeError)
            else "disk full"
            if e.errno == 28
            else "write failed"
        )
        super().__init__(f"{self.reason_zh} / {self.reason_en} ({type(e).__name__}: {e})")


class _Stdout:
    """sys.stdout, with a failed write raised as :class:`BrokenOutput` (exit 2, never click's 1)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as e:
            raise BrokenOutput(e) from e

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as e:
            raise BrokenOutput(e) from e

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


def reported(stored_zh: str, see: str, render: Callable[[], Any]) -> None:
    """For a command whose result is already stored when it can be printed (a notice: its number taken, its
    files written and the row issued, in several transactions; a file written beside an audit entry): run
    ``render`` and flush. The stored result stays whatever happens to the output — undoing a notice that
    was issued because a pipe closed would be worse than the missing line — so the failure is made harmless
    and said: the command exits 2 (OutputError) saying what was stored and where to see it, and until the
    output is written a note of it waits in ``数据目录/unreported/``; the next govshare command says it on
    stderr (:func:`announce_unreported`), even when this process was killed while printing."""
    note = _Pending.open(stored_zh, see)
    try:
        render()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    except (OSError, UnicodeError, ValueError, BrokenOutput) as e:
        silence_stdout()
        if note is not None:
            note.keep()
        raise OutputError(
            f"{stored_zh}——已生效，不会撤销；但结果无法输出（{_reason(e)}），请用 {see} 查看 / done and "
            f"kept, but the output could not be written ({type(e).__name__}: {e}): see {see}"
        ) from e
    if note is not None:
        note.done()


def say_stored(stored_zh: str, see: str, render: Callable[[], Any]) -> None:
    """:func:`reported`, for a command that exits on its own failure: an output that cannot be written
    exits 2, saying on stderr what was stored and where to see it (typer.Exit)."""
    try:
        reported(stored_zh, see, render)
    except OutputError as e:
        import typer

        from evaluator.cli.console import console, styled

        console(stderr=True).print(styled("bold red", "错误 / error:", f" {e}"), highlight=False)
        raise typer.Exit(2) from e


class _Pending:
    """The note of a stored result not yet printed: a file, locked while its command runs."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path, self.fd = path, fd

    @staticmethod
    def open(stored_zh: str, see: str) -> _Pending | None:
        try:
            folder = unreported_dir()
            folder.mkdir(parents=True, exist_ok=True)
            now = dt.datetime.now(BEIJING)
            path = folder / f"{now:%Y%m%dT%H%M%S%f}-{os.getpid()}.txt"
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except OSError:
            return None  # the result is stored: a note that cannot be kept must not fail the command
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            command = " ".join(["govshare", *sys.argv[1:]])[:300]
            os.write(
                fd, f"{now:%Y年%m月%d日 %H:%M}（北京时间）{command}：{stored_zh}；请用 {see} 查看".encode()
            )
        except OSError:
            pass
        return _Pending(path, fd)

    def done(self) -> None:
        self.path.unlink(missing_ok=True)
        os.close(self.fd)

    def keep(self) -> None:
        os.close(self.fd)  # the lock goes with it: the next command may say it


def announce_unreported() -> None:
    """Say on stderr the stored results a command before this one could not print, then forget them. A note
    still locked belongs to a command running now, and is left to it."""
    try:
        notes = sorted(unreported_dir().glob("*.txt"))
    except OSError:
        return
    for path in notes:
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # its command is still running
        try:
            text = path.read_text("utf-8", errors="replace")
            os.write(
                2,
                f"提示：上一次命令的结果已保存但未能输出 / an earlier result was stored but not printed：{text}\n".encode(),
            )
            path.unlink(missing_ok=True)
        except OSError:
            pass
        finally:
            os.close(fd)


def _reason(e: BaseException) -> str:
    if isinstance(e, BrokenOutput):
        return e.reason_zh
    if isinstance(e, BrokenPipeError):
        return "输出管道的读取端已关闭"
    if isinstance(e, UnicodeError):
        return "输出编码无法表示这些字符"
    if isinstance(e, OSError) and e.errno == 28:
        return "磁盘已满"
    return "写入标准输出失败"


def unreported_dir() -> Path:
    """Where the notes of stored results not yet printed wait for the next command (:func:`reported`)."""
    return data_dir() / "unreported"


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
