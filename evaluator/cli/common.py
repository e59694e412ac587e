"""What every command shares: the consoles, and the mapping of govshare's errors to a Chinese-first
message and exit code 2."""

from __future__ import annotations

from typing import Any

import typer

from evaluator.cli.console import console, styled
from evaluator.cli.output import OutputError
from evaluator.engine import OpaError
from evaluator.evaluate.runner import EvaluationError
from evaluator.intake.files import SnapshotFileError
from evaluator.store.db import StoreError

out = console()
err = console(stderr=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(styled("bold red", "错误 / error:", f" {message}"), highlight=False)
    return typer.Exit(code)


def refuse(message: str) -> typer.Exit:
    """A request the product will not carry out as asked (exit 2), said as a refusal, not a failure."""
    err.print(styled("bold red", "不予办理 / refused:", f" {message}"), highlight=False)
    return typer.Exit(2)


def print_import_errors(e: SnapshotFileError) -> None:
    """One plain line per error (file:pointer [记录 id]: message), so it can be searched and copied."""
    err.print(
        styled(
            "bold red",
            "快照校验未通过，未写入任何数据 / snapshot validation failed, nothing stored",
            f"（{len(e.errors)} 处错误 / error(s)）",
        )
    )
    for x in e.errors:
        err.print(str(x), highlight=False, markup=False, soft_wrap=True)


def guard(fn: Any) -> Any:
    try:
        return fn()
    except SnapshotFileError as e:
        print_import_errors(e)
        raise typer.Exit(2) from e
    except (OpaError, EvaluationError, StoreError, OutputError) as e:
        raise fail(str(e)) from e
