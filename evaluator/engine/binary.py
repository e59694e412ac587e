"""The OPA binary: where it is, its version, one-shot commands (``opa build``, ``opa inspect``)."""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

from evaluator import settings
from evaluator.engine import child
from evaluator.errors import OpaError

OPA_VERSION = "1.22.3"
# ``opa build`` ignores these files: tests, and the adoption record (signing.ADOPTION_FILE)
ADOPTION_FILE = "adoption.json"


def opa_binary() -> Path:
    path = settings.opa_path()
    if not path.is_file() or not os.access(path, os.X_OK):
        raise OpaError(
            f"找不到 OPA 可执行文件 {path}；请运行 scripts/setup.sh 构建 OPA v{OPA_VERSION} / "
            f"OPA binary not found at {path}: run scripts/setup.sh to build OPA v{OPA_VERSION}"
        )
    return path


@functools.cache
def opa_version(binary: Path | None = None) -> str:
    binary = binary or opa_binary()
    out = run([str(binary), "version"]).stdout
    for line in out.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    raise OpaError(f"无法识别 OPA 版本 / cannot read OPA version: {out!r}")


def run(
    cmd: list[str],
    timeout: float = 120,
    cwd: Path | None = None,
    input: bytes | None = None,
    pass_fds: tuple[int, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """An OPA command (build, eval, inspect, version): empty environment, killed with govshare."""
    try:
        proc = child.run(cmd, timeout=timeout, cwd=cwd, input=input, pass_fds=pass_fds)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise OpaError(f"OPA 命令执行失败 / OPA command failed: {' '.join(cmd[:3])}: {e}") from e
    if proc.returncode != 0:
        raise OpaError(
            f"OPA 命令出错 / OPA command failed ({' '.join(cmd[:3])}): {proc.stderr.strip() or proc.stdout.strip()}"
        )
    return proc


def plain_build(root: Path, revision: str, output: Path, extra: list[str] | None = None) -> None:
    """``opa build`` run inside ``root`` so that file names in the bundle do not depend on where the
    repository is checked out (a signature made on one machine verifies on another)."""
    run(
        [
            str(opa_binary()),
            "build",
            "--bundle",
            ".",
            "--ignore",
            "*_test.rego",
            "--ignore",
            ADOPTION_FILE,
            "--revision",
            revision,
            "--output",
            str(output),
            *(extra or []),
        ],
        cwd=root,
    )
