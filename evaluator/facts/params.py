"""The one loader through which Python reads a dated parameter of policies/params (never a number in code).

Rego reads the same files as ``data.params``; a parameter is ``{values: {"YYYY-MM-DD": {value: …}}}`` and
the value in force on a date is the one with the latest key not after it (as ``lib.params.value_at``).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import yaml

from evaluator.engine import policies_dir


class ParameterError(Exception):
    pass


@functools.cache
def _chapter(root: Path, chapter: str) -> dict[str, Any]:
    path = root / "params" / chapter / "data.yaml"
    if not path.exists():
        raise ParameterError(f"参数文件不存在 / no parameter file {path}")
    return dict(yaml.safe_load(path.read_text("utf-8")) or {})


def value_at(chapter: str, name: str, on: dt.date, root: Path | None = None) -> Any:
    """The value of ``data.params.<chapter>.<name>`` in force on ``on``."""
    params = _chapter((root or policies_dir()).resolve(), chapter)
    if name not in params:
        raise ParameterError(f"参数 {chapter}.{name} 不存在 / unknown parameter {chapter}.{name}")
    dates = sorted(k for k in params[name]["values"] if str(k) <= on.isoformat())
    if not dates:
        raise ParameterError(
            f"参数 {chapter}.{name} 在 {on.isoformat()} 尚未生效 / parameter not in force on {on.isoformat()}"
        )
    return params[name]["values"][dates[-1]]["value"]
