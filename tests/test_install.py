"""Installable like a tool: a wheel built from the checkout, installed (not editable) into a fresh virtual
environment, gives a ``govshare`` that runs ``demo`` and issues a notice from a directory outside the checkout,
with the policies, the example county and the migrations taken from the package (the notice as a --draft:
the shipped notice settings hold example values, which an issued notice refuses) and the data written to the
user's data directory (XDG, through platformdirs) — nothing read from or written to the checkout.

One test, slow on purpose (it installs every dependency into the new environment from pip's cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MINZHENGJU = "11411325005200102X"  # 内乡县民政局 in fixtures/county
#: not part of the source the wheel is built from
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "bin", "build", "data", "dist", "test-artifacts", "*.egg-info", "__pycache__", ".*_cache"
)


def _run(
    args: list[str], cwd: Path, env: dict[str, str], timeout: int = 900
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert proc.returncode == 0, (
        f"{args}: exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    )
    return proc


def test_wheel_installed_in_a_fresh_venv_runs_demo_outside_the_checkout(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE, symlinks=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith("GOVSHARE_")}
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(src)],
        src,
        base,
    )
    (wheel,) = (tmp_path / "dist").glob("govshare-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "evaluator/_shipped/policies/rego/main/main.rego" in names
    assert "evaluator/_shipped/fixtures/county/03-minzhengju.yaml" in names
    assert "evaluator/store/migrations/versions/0001_baseline.py" in names
    assert "evaluator/store/migrations/script.py.mako" in names
    assert {"dashboard/views/overview.py", "dashboard/assets/favicon.png", "dashboard/app.py"} <= names
    assert not [n for n in names if n.startswith(("tests/", "fixtures/", "policies/"))]

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, base)
    _run(
        [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", str(wheel)],
        tmp_path,
        base,
    )

    work = tmp_path / "somewhere"
    work.mkdir()
    env = {
        **base,
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
        "GOVSHARE_OPA": str(ROOT / "bin" / "opa"),  # the setting: an installed govshare has no bin/opa
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
    }
    where = _run(
        [str(venv / "bin" / "python"), "-c", "import evaluator; print(evaluator.__file__)"], work, env
    )
    assert Path(where.stdout.strip()).is_relative_to(venv)

    demo = _run([str(venv / "bin" / "govshare"), "demo"], work, env)
    assert "已导入示例县 22 份快照（新版本 22 份）" in demo.stdout
    assert "内乡县民政局" in demo.stdout
    data = tmp_path / "xdg-data" / "govshare"
    assert (data / "govshare.db").is_file()
    assert (tmp_path / "xdg-cache" / "govshare" / "bundles").is_dir()

    issued = _run(
        [
            str(venv / "bin" / "govshare"),
            "notices",
            "issue",
            "--period",
            "2025",
            "--department",
            MINZHENGJU,
            "--draft",
        ],
        work,
        env,
    )
    assert "草稿（未下发、未编号）" in issued.stdout and "内乡县民政局" in issued.stdout
    files = sorted(p.suffix for p in (data / "notices").iterdir())
    assert files == [".docx", ".pdf"]
    assert list(work.iterdir()) == []  # nothing written where it was run from
