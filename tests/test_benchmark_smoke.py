"""The province benchmark still works (issue 10): generate + run at 100 departments, the table is printed.

Not a timed test: the figures live in benchmarks/README.md; CI only proves the benchmark runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from evaluator.intake.files import load_bytes, validate_document

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
    assert cells[17] == "✓", f"injected violations not found exactly: {row}"
    assert cells[-1] == "✓", f"the incremental report differs from the full run's: {row}"
    # one department re-submitted, one evaluated again: as a new process, and in a long-running one
    assert ", 1 部门重评)" in cells[19] and ", 1 部门重评)" in cells[20], row
    targets = [line for line in lines if line.startswith("| ") and "| 100 |" in line and "≤" in line]
    assert len(targets) == 7, proc.stdout  # every target of issue 20 (re-run and memory twice), at this size


def test_a_target_missed_by_a_little_says_by_how_much() -> None:
    import run

    assert run._verdict(100.0, 100.0, " ms") == "达到 met"
    assert run._verdict(360.0, 100.0, "×") == "未达到 missed by 3.6×"
    # 100.2 ms against 100 once printed "missed by 1.0×"
    assert run._verdict(100.2, 100.0, " ms") == "未达到 missed by 1.002× (超出 over by 0.20 ms)"
    assert run._verdict(2.04, 2.0, "%") == "未达到 missed by 1.020× (超出 over by 0.04%)"


def test_a_province_platform_of_10000_departments_is_not_refused_as_too_large() -> None:
    """The platform register of the benchmark's 10,000 departments (≈ 33 MB of JSON: 100,000 system
    registrations) imports through the CLI's own path. It was refused as 文件过大 by a 20 MB budget, so the
    10,000-department benchmark could not run (issue 20); the same register, built here from a small
    generated platform repeated for 10,000 department codes."""
    _, small, _ = generate.generate(2, seed=7)
    n = 10_000
    codes = [generate.dept_code(i) for i in range(n)]
    one = small["system_register"][: len(small["system_register"]) // 2]  # one department's systems
    platform = dict(small)
    platform["system_register"] = [
        {**r, "id": f"reg-{i:05d}-{j}", "dept": codes[i]} for i in range(n) for j, r in enumerate(one)
    ]
    platform["shared_items"] = [
        {**s, "id": f"si-{i:05d}-{j}", "provider": codes[i]}
        for i in range(n)
        for j, s in enumerate(small["shared_items"][:2])
    ]
    platform["catalog_reviews"] = [
        {**small["catalog_reviews"][0], "id": f"rev-{i:05d}", "dept": codes[i]} for i in range(n)
    ]
    platform["departments"] = [
        {"id": f"roster-{i:05d}", "code": codes[i], "name": f"合成部门{i:05d}"} for i in range(n)
    ]
    raw = orjson.dumps(platform)
    assert len(raw) > 20 * 1024 * 1024  # the old budget
    loaded = load_bytes(raw, "province-platform.json", ".json")
    assert loaded.kind == "platform"
