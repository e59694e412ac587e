"""The one place the command-line consoles are made.

On a terminal Rich uses its width. Piped into a file or a CI log (no terminal, no COLUMNS) Rich would
fall back to 80 columns and break Chinese tables into unreadable slivers, so a wider page is used there.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console

PIPE_WIDTH = 160


def console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    width = None if (stream.isatty() or os.environ.get("COLUMNS")) else PIPE_WIDTH
    return Console(stderr=stderr, soft_wrap=True, width=width)
