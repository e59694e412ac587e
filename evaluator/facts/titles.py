"""Rule titles composed with the parameters in force (issue 14 item 6).

A rule's title never carries a number that is a parameter: the METADATA title holds a placeholder and
``custom.title_params`` names the parameter, e.g.::

    # title: 问题数据分发之日起{n}个工作日内核实并作出是否更正的决定
    # custom:
    #   title_params:
    #     n: {chapter: ch10, name: a65_1_decide_working_days}

so a dated change of the parameter changes every notice and report that quotes the title, from the day it
takes effect. The value is read through the one parameter loader (``evaluator.facts.params``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from evaluator.facts.params import ParameterError, value_at

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def placeholders(title: str) -> list[str]:
    return _PLACEHOLDER.findall(title)


def compose(meta: dict[str, Any], on: dt.date, root: Path) -> str:
    """The rule's title with each placeholder replaced by its parameter's value in force on ``on``."""
    title = str(meta.get("title", ""))
    refs = meta.get("title_params") or {}

    def value(m: re.Match[str]) -> str:
        key = m.group(1)
        ref = refs.get(key)
        if not isinstance(ref, dict) or "chapter" not in ref or "name" not in ref:
            raise ParameterError(
                f"规则 {meta.get('id', '')} 标题的占位符 {{{key}}} 没有对应的参数（custom.title_params.{key}）/ "
                "a title placeholder names no parameter"
            )
        v = value_at(str(ref["chapter"]), str(ref["name"]), on, root)
        return f"{v:g}" if isinstance(v, float) else str(v)

    return _PLACEHOLDER.sub(value, title)


def composed_catalog(catalog: dict[str, dict[str, Any]], on: dt.date, root: Path) -> dict[str, Any]:
    """The rule catalog with every templated title composed with the parameters in force on ``on``."""
    return {
        rid: ({**m, "title": compose(m, on, root)} if m.get("title_params") else m)
        for rid, m in catalog.items()
    }
