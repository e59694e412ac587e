"""Gherkin scenarios of features/*.feature grouped by their rule tag (``@A62.3``), for the statute page."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path

from evaluator import settings

FEATURES = settings.features_dir()
#: the last pytest run's scenario results (pytest-bdd's Cucumber JSON: ``addopts`` in pyproject.toml);
#: only a checkout runs the tests, an installed package has none to show
RESULTS = (settings.checkout_root() or settings.build_dir()) / "build" / "cucumber.json"
STATUS_ZH = {"passed": "通过", "failed": "未通过", "skipped": "跳过", "undefined": "步骤未定义"}
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


def last_results(path: Path = RESULTS) -> tuple[dt.datetime | None, dict[tuple[str, str], str]]:
    """When the scenarios last ran and each one's result: (feature file name, scenario title) →
    passed | failed | skipped. Nothing when no run has written the file (or it cannot be read)."""
    try:
        doc = json.loads(path.read_text("utf-8"))
        when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except (OSError, ValueError):
        return None, {}
    out: dict[tuple[str, str], str] = {}
    for feature in doc if isinstance(doc, list) else []:
        name = Path(str(feature.get("uri", ""))).name
        for el in feature.get("elements", []):
            statuses = [st.get("result", {}).get("status", "undefined") for st in el.get("steps", [])]
            status = next((s for s in ("failed", "undefined", "skipped") if s in statuses), "passed")
            out[(name, str(el.get("name", "")).strip())] = status
    return (when if out else None), out
