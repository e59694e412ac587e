"""Running govshare with its stdout a pipe whose reader has gone (``govshare … | head -0``)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def into_gone_pipe(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Start ``args`` with stdout a pipe, close its reading end at once (before the command prints: each
    caller's command reads or validates first), and return the exit code and stderr."""
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    return proc.wait(timeout=300), stderr
