"""The one place the command-line consoles are made.

On a terminal Rich uses its width. Piped into a file or a CI log (no terminal, no COLUMNS) Rich would
fall back to 80 columns and break Chinese tables into unreadable slivers, so a wider page is used there.

Console markup is off: what is printed includes names, file paths and messages from the user's data, and
a ``[/]`` in a department name or a folder name must be printed as it is, never interpreted (it crashed
``import`` after the snapshots were stored). Colour is given with :func:`styled`, never with markup.
"""

from __future__ import annotations

import errno
import os
import sys

from rich.console import Console
from rich.text import Text

PIPE_WIDTH = 160


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Rich would exit 1 (read as "findings"); the command's output gate turns this into exit 2 and rolls
        back what it was about to store (evaluator.cli.output)."""
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "输出管道的读取端已关闭 / broken pipe")  # → BrokenOutput


def console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    if stream is None:  # started with the stream closed: the command refuses (evaluator.cli.output)
        return _Console(file=open(os.devnull, "w"), markup=False)  # noqa: SIM115 - lives with the process
    width = None if (stream.isatty() or os.environ.get("COLUMNS")) else PIPE_WIDTH
    return _Console(stderr=stderr, soft_wrap=True, width=width, markup=False)


def styled(style: str, label: str, rest: str = "") -> Text:
    """``label`` in ``style`` followed by ``rest`` as plain text (neither is ever read as markup)."""
    return Text.assemble((label, style), rest)
