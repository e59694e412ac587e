"""The exit-code contract (0 no findings, 1 findings, 2 error) holds for defects too: an exception no
command expected leaves ``govshare`` with 2 and a message that says it is a defect — never Python's 1,
which a script would read as "findings" (issue 14 item 4, issue 19 item 5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_an_unexpected_exception_exits_2_and_says_it_is_a_defect(tmp_path: Path) -> None:
    # the template writer does not expect a folder that does not exist: today an uncaught OSError
    target = tmp_path / "no-such-folder" / "模板.xlsx"
    proc = subprocess.run(
        [sys.executable, "-m", "evaluator.cli.main", "template", "--output", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "GOVSHARE_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path)},
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "程序内部错误" in proc.stderr and "不是评价结论" in proc.stderr
    assert not target.exists()


def test_the_console_script_is_the_guarded_entry_point() -> None:
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'govshare = "evaluator.cli.main:main"' in text
