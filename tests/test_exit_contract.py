"""The exit-code contract (0 no findings, 1 findings, 2 error) holds for defects too: an exception no
command expected leaves ``govshare`` with 2 and a message that says it is a defect — never Python's 1,
which a script would read as "findings" (issue 14 item 4, issue 19 item 5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _govshare(tmp_path: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``govshare ARGS`` through the console script's entry point, after ``code`` has run."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"{code}\nimport sys\nsys.argv = ['govshare', *sys.argv[1:]]\nm.main()",
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "GOVSHARE_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path)},
    )


def test_an_unexpected_exception_exits_2_and_says_it_is_a_defect(tmp_path: Path) -> None:
    # a defect planted in the template writer: an exception no command expects
    target = tmp_path / "模板.xlsx"
    plant = (
        "import evaluator.cli.main as m, evaluator.cli.template as t\n"
        "def boom(path): raise ZeroDivisionError('planted')\n"
        "t.write_template = boom"
    )
    proc = _govshare(tmp_path, plant, "template", "--output", str(target))
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert (
        "程序内部错误" in proc.stderr and "不是评价结论" in proc.stderr and "ZeroDivisionError" in proc.stderr
    )
    assert not target.exists()


def test_a_folder_that_does_not_exist_is_a_plain_error_2_not_a_defect(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "模板.xlsx"
    proc = _govshare(tmp_path, "import evaluator.cli.main as m", "template", "--output", str(target))
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert f"错误 / Error: 文件或文件夹不存在：{target}" in proc.stderr
    assert "程序内部错误" not in proc.stderr and "Traceback" not in proc.stderr
    assert not target.exists()


def test_the_console_script_is_the_guarded_entry_point() -> None:
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'govshare = "evaluator.cli.main:main"' in text


def test_every_error_govshare_defines_is_one_of_its_hierarchy() -> None:
    """One exception hierarchy (issue 14 item 4): every exception class defined in evaluator/ is a
    GovshareError, so a new one cannot stand beside it unnoticed. PeerError is the transport's: an OSError
    the engine turns into an OpaError before it leaves evaluator.engine."""
    import importlib
    import inspect
    import pkgutil

    import evaluator
    from evaluator.errors import GovshareError

    outside = []
    for info in pkgutil.walk_packages(evaluator.__path__, "evaluator."):
        if ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != info.name or not issubclass(cls, BaseException):
                continue
            if not issubclass(cls, GovshareError) and name != "PeerError":
                outside.append(f"{info.name}.{name}")
    assert outside == []
