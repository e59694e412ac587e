"""Every module the documents name exists: a newcomer who opens ``evaluator/…/x.py`` or looks up
``evaluator.x.y`` after reading docs/ARCHITECTURE.md, a decision record or a README finds it.

A decision record may name a module as it was (its context is history): in a ``## Context`` section,
or written "the then `x`" / "当时的 `x`". Placeholders (``NNNN_what.py``, ``chNN``) are not paths.
Generated pages (docs/rules/, docs/samples/) are checked by their own generators' tests.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PATH = re.compile(r"(?<![\w./-])((?:evaluator|dashboard)/[\w/]*\w\.py)\b")
MODULE = re.compile(r"(?<![\w./-])((?:evaluator|dashboard)(?:\.[A-Za-z_]\w*)+)")
PLACEHOLDER = re.compile(r"NN|XX")
HISTORY = re.compile(r"(then|当时的?|原)\s*`?$")


def _documents() -> list[Path]:
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "*.md"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    return [ROOT / p for p in tracked if p and not p.startswith(("docs/rules/", "docs/samples/"))]


def _is_module(dotted: str) -> bool:
    """``evaluator.store.runs`` or ``evaluator.store.runs.latest_county_run`` (a name in a module)."""
    parts = dotted.split(".")
    for n in range(len(parts), 1, -1):
        base = ROOT.joinpath(*parts[:n])
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            return True
    return False


def _missing(text: str) -> list[str]:
    out = []
    history = False
    for line in text.splitlines():
        if line.startswith("#"):
            history = "context" in line.lower() or "背景" in line
        if history:
            continue
        for m in PATH.finditer(line):
            if not PLACEHOLDER.search(m[1]) and not HISTORY.search(line[: m.start()]):
                if not (ROOT / m[1]).is_file():
                    out.append(m[1])
        for m in MODULE.finditer(line):
            if not HISTORY.search(line[: m.start()]) and not _is_module(m[1]):
                out.append(m[1])
    return out


def test_the_check_finds_a_stale_name() -> None:
    assert _missing("see `evaluator/store.py` and evaluator.assess.score") == [
        "evaluator/store.py",
        "evaluator.assess.score",
    ]
    assert _missing("the then `dashboard/cli.py`; `evaluator/store/runs.py`, evaluator.store.runs.runs") == []
    assert _missing("## Context\n`dashboard/cli.py`\n## Choice\n`dashboard/data.py`") == ["dashboard/data.py"]


def test_every_module_a_document_names_exists() -> None:
    docs = _documents()
    assert ROOT / "docs" / "ARCHITECTURE.md" in docs
    stale = {str(p.relative_to(ROOT)): m for p in docs if (m := _missing(p.read_text(encoding="utf-8")))}
    assert stale == {}
