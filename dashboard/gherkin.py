"""Gherkin scenarios of features/*.feature grouped by their rule tag (``@A62.3``), for the statute page."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from evaluator import settings

FEATURES = settings.features_dir()
_SCENARIO = re.compile(r"^\s*(场景大纲|场景|剧本|Scenario Outline|Scenario)\s*[:：]")
_TAG = re.compile(r"@(A\d+(?:\.\d+)?)\b")


@lru_cache(maxsize=4)
def scenarios(root: Path = FEATURES) -> dict[str, list[dict[str, str]]]:
    """rule id → [{file, title, text}]; a scenario's text runs to the next tag line or scenario."""
    out: dict[str, list[dict[str, str]]] = {}
    for path in sorted(root.rglob("*.feature")):
        lines = path.read_text("utf-8").splitlines()
        tags: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.strip().startswith("@"):
                tags = _TAG.findall(line)
                i += 1
                continue
            if _SCENARIO.match(line):
                block = [line.strip()]
                i += 1
                while (
                    i < len(lines) and not lines[i].strip().startswith("@") and not _SCENARIO.match(lines[i])
                ):
                    block.append(lines[i].rstrip())
                    i += 1
                text = "\n".join(block).rstrip()
                title = _SCENARIO.sub("", block[0]).strip()
                for t in tags:
                    out.setdefault(t, []).append(
                        {"file": str(path.relative_to(root.parent)), "title": title, "text": text}
                    )
                tags = []
                continue
            i += 1
    return out
