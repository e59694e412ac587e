"""The province benchmark still works (issue 10): generate + run at 100 departments, the table is printed.

Not a timed test: the figures live in benchmarks/README.md; CI only proves the benchmark runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from evaluator.intake.files import validate_document

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402


def test_generated_departments_are_valid_snapshots() -> None:
    depts, platform, injected = generate.generate(12, seed=7)
    validate_document(platform, "platform")
    for i, d in enumerate(depts):
        validate_document(d, f"dept {i}")
    assert set(injected) == set(generate.RATES)
    again = generate.generate(12, seed=7)
    assert orjson.dumps(again[0]) == orjson.dumps(depts), "deterministic from the seed"


def test_benchmark_prints_the_table_at_100_departments() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--sizes",
            "100",
            "--naive-sample",
            "10",
            "--whatif",
            "10",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert any(line.startswith("| 部门数 departments") for line in lines), proc.stdout
    row = next(line for line in lines if line.startswith("| 100 |"))
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    assert cells[16] == "✓", f"injected violations not found exactly: {row}"
    assert cells[-1] == "✓", f"the incremental report differs from the full run's: {row}"
    # one department re-submitted, one evaluated again: as a new process, and in a long-running one
    assert ", 1 部门重评)" in cells[18] and ", 1 部门重评)" in cells[19], row
    targets = [line for line in lines if line.startswith("| ") and "| 100 |" in line and "≤" in line]
    assert len(targets) == 6, proc.stdout  # every target of issue 20 (the re-run twice), at this size
