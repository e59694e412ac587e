"""Nothing is stored before the command can no longer fail on output (issue 19 item 5): ``import`` and
``evaluate`` print their result inside the transaction that stores it, so an output that cannot be written
— a full disk, a pipe whose reader has gone — rolls the import or the run back (exit 2, said on stderr,
the audit log intact); a closed stdout or an encoding that cannot carry Chinese is refused before anything
is done. Each case stored its snapshots or its run and then failed (exit 1 or 2) before."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.pipes import into_gone_pipe

ROOT = Path(__file__).resolve().parents[1]
GOVSHARE = Path(sys.executable).parent / "govshare"
DEPT = ROOT / "fixtures" / "county" / "15-tongjiju.yaml"
PLATFORM = ROOT / "fixtures" / "county" / "00-platform.yaml"
NOTHING_STORED = "本次操作未写入任何数据"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k != "GOVSHARE_DATABASE_URL"}
    e.update(GOVSHARE_DATA_DIR=str(tmp_path / "data"), COLUMNS="200", PYTHONIOENCODING="utf-8")
    return e


def _govshare(env: dict[str, str], *args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(GOVSHARE), *args], cwd=ROOT, env=env, timeout=300, **kw)  # type: ignore[call-overload, no-any-return]


def _count(env: dict[str, str], table: str) -> int:
    db = Path(env["GOVSHARE_DATA_DIR"]) / "govshare.db"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as c:
        return int(c.execute(f"select count(*) from {table}").fetchone()[0])


def _audit_intact(env: dict[str, str], entries: int) -> None:
    res = _govshare(env, "audit", "verify", capture_output=True)
    assert res.returncode == 0, res.stdout.decode() + res.stderr.decode()
    assert f"({entries} entries)" in res.stdout.decode()


def test_import_to_a_full_disk_stores_nothing(env: dict[str, str]) -> None:
    with open("/dev/full", "wb") as full:
        res = _govshare(env, "import", str(PLATFORM), str(DEPT), stdout=full, stderr=subprocess.PIPE)
    stderr = res.stderr.decode()
    assert res.returncode == 2, stderr
    assert f"无法输出结果（磁盘已满），{NOTHING_STORED}" in stderr and "Traceback" not in stderr
    assert _count(env, "snapshot") == 0
    # and the same import with somewhere to print is stored as version 1: nothing was half-kept
    ok = _govshare(env, "import", str(PLATFORM), str(DEPT), capture_output=True)
    assert ok.returncode == 0 and ok.stdout.decode().count("第 1 版") == 2, ok.stderr.decode()
    assert _count(env, "snapshot") == 2
    _audit_intact(env, 1)


def test_import_into_a_pipe_whose_reader_has_gone_stores_nothing(env: dict[str, str]) -> None:
    code, stderr = into_gone_pipe([str(GOVSHARE), "import", str(DEPT)], env, ROOT)  # validates first
    assert code == 2, stderr  # not Rich's or click's exit 1, read as "findings"
    assert f"无法输出结果（输出管道的读取端已关闭），{NOTHING_STORED}" in stderr
    assert _count(env, "snapshot") == 0


def test_evaluate_to_a_full_disk_stores_no_run(env: dict[str, str]) -> None:
    assert _govshare(env, "import", str(PLATFORM), str(DEPT), capture_output=True).returncode == 0
    with open("/dev/full", "wb") as full:
        res = _govshare(env, "evaluate", "--format", "json", stdout=full, stderr=subprocess.PIPE)
    stderr = res.stderr.decode()
    assert res.returncode == 2, stderr
    assert NOTHING_STORED in stderr
    assert _count(env, "run") == _count(env, "finding") == 0
    _audit_intact(env, 1)  # the import only


def test_a_closed_stdout_is_refused_before_anything_is_done(env: dict[str, str]) -> None:
    res = _govshare(
        env,
        "import",
        str(DEPT),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )
    stderr = res.stderr.decode()
    assert res.returncode == 2, stderr
    assert (
        stderr.startswith("标准输出 stdout已关闭，无法输出结果，未执行任何操作") and "Traceback" not in stderr
    )
    assert not (Path(env["GOVSHARE_DATA_DIR"]) / "govshare.db").exists()


def test_an_encoding_without_chinese_is_refused_before_anything_is_done(env: dict[str, str]) -> None:
    res = _govshare(env | {"PYTHONIOENCODING": "ascii"}, "import", str(DEPT), capture_output=True)
    stderr = res.stderr.decode("utf-8")
    assert res.returncode == 2, stderr
    assert stderr.startswith(
        "标准输出 stdout的编码 ascii 无法输出中文，未执行任何操作；请设置 PYTHONIOENCODING=utf-8"
    )
    assert not (Path(env["GOVSHARE_DATA_DIR"]) / "govshare.db").exists()


def test_a_waiver_that_cannot_be_printed_is_not_stored(env: dict[str, str]) -> None:
    import json

    assert _govshare(env, "import", str(ROOT / "fixtures" / "county"), capture_output=True).returncode == 0
    res = _govshare(env, "evaluate", "--format", "json", capture_output=True)
    assert res.returncode == 1, res.stderr.decode()
    findings = json.loads(res.stdout)["findings"]
    keys = [(f["rule_id"], f["department"], f["subject"]) for f in findings]
    rule, dept, subject = next(k for k in keys if keys.count(k) == 1)
    add = ["waivers", "add", "--rule", rule, "--department", dept, "--period", "2025", "--subject", subject]
    add += ["--ground", "尽职", "--grantor", "王局长", "--evidence", "县政府会议纪要", "--date", "2026-03-01"]
    with open("/dev/full", "wb") as full:
        res = _govshare(env, *add, stdout=full, stderr=subprocess.PIPE)
    assert res.returncode == 2 and NOTHING_STORED in res.stderr.decode(), res.stderr.decode()
    assert _count(env, "waiver") == 0
    ok = _govshare(env, *add, capture_output=True)
    assert ok.returncode == 0 and "免责记录第 1 号" in ok.stdout.decode(), ok.stderr.decode()
    _audit_intact(env, 3)  # import, evaluate, the one waiver


def test_a_command_that_stores_nothing_into_a_gone_pipe_exits_2_not_1(env: dict[str, str]) -> None:
    """``govshare rules | (exit 0)``: Rich and click made a broken pipe exit 1, read as "findings"."""
    proc = subprocess.Popen(
        [str(GOVSHARE), "rules"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 2, stderr
    assert stderr == "输出管道的读取端已关闭，输出未完成 / broken pipe: the output is incomplete\n"


@pytest.mark.parametrize("args", [("rules",), ("assess", "--period", "2025"), ("audit", "verify")])
def test_a_full_disk_is_said_as_a_full_disk_not_as_a_defect(
    env: dict[str, str], args: tuple[str, ...]
) -> None:
    """``govshare assess > /dev/full``: a command that prints after its work (or stores nothing) exits 2
    saying the disk is full. Before, the write's OSError reached the last line of defence: 程序内部错误
    （govshare 的缺陷） with a traceback — a clerk's full disk reported as a bug in the program."""
    for path in (PLATFORM, DEPT):
        assert _govshare(env, "import", str(path), capture_output=True).returncode == 0
    assert _govshare(env, "evaluate", "--period", "2025", capture_output=True).returncode in {0, 1}
    with open("/dev/full", "wb") as full:
        res = _govshare(env, *args, stdout=full, stderr=subprocess.PIPE)
    stderr = res.stderr.decode()
    assert res.returncode == 2, stderr
    assert stderr.endswith("磁盘已满，输出未完成 / disk full: the output is incomplete\n"), stderr
    assert "内部错误" not in stderr and "Traceback" not in stderr, stderr
