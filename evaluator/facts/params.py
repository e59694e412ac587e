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

from evaluator.errors import GovshareError


class ParameterError(GovshareError):
    pass


@functools.cache
def _chapter(root: Path, chapter: str) -> dict[str, Any]:
    path = root / "params" / chapter / "data.yaml"
    if not path.exists():
        raise ParameterError(f"参数文件不存在 / no parameter file {path}")
    return dict(yaml.safe_load(path.read_text("utf-8")) or {})


IN_FORCE_KEY = "in_force"


def _effective(root: Path, key: Any) -> str:
    """The date a values key stands for: ``in_force`` is the Measures' in-force date (one place)."""
    if str(key) != IN_FORCE_KEY:
        return str(key)
    anchor = _root_params(root)["measures_in_force_from"]["values"]
    return str(anchor[max(anchor, key=str)]["value"])


@functools.cache
def _root_params(root: Path) -> dict[str, Any]:
    path = root / "params" / "data.yaml"
    return dict(yaml.safe_load(path.read_text("utf-8")) or {})


def value_at(chapter: str, name: str, on: dt.date, root: Path) -> Any:
    """The value of ``data.params.<chapter>.<name>`` in force on ``on`` (the key ``in_force`` is the Measures'
    in-force date, as in ``lib.params``). ``root`` is the policy tree in force (the bundle's root, or
    :func:`evaluator.engine.policies_dir`): the caller names it, so facts never reach into the engine."""
    base = root.resolve()
    params = _chapter(base, chapter)
    if name not in params:
        raise ParameterError(f"参数 {chapter}.{name} 不存在 / unknown parameter {chapter}.{name}")
    keys = sorted(
        (k for k in params[name]["values"] if _effective(base, k) <= on.isoformat()),
        key=lambda k: _effective(base, k),
    )
    if not keys:
        raise ParameterError(
            f"参数 {chapter}.{name} 在 {on.isoformat()} 尚未生效 / parameter not in force on {on.isoformat()}"
        )
    return params[name]["values"][keys[-1]]["value"]
