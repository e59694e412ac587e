"""A command whose result is stored before it can be printed — a notice (its number taken, its files written
and the row issued in transactions of their own), a transition, a user, a key, a calendar year — keeps the
result when its output fails, and says so: exit 2, on stderr what was stored and where to see it, and the
next govshare command says it again (a note in 数据目录/unreported/, written before the output and removed
once it is written). Before, `notices issue` into a full disk or a gone pipe issued the notice and exited
2 saying only "broken pipe", and nothing told the 文秘 which number was taken
(docs/decisions/0019-output-after-commit.md). A closed stdout (`>&-`) is refused before anything is done."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.support import snapshots as S
from tests.support.pipes import into_gone_pipe

ROOT = Path(__file__).resolve().parents[1]
GOVSHARE = Path(sys.executable).parent / "govshare"
KEPT = "已生效，不会撤销"
NEXT = "提示：上一次命令的结果已保存但未能输出"
CALENDAR_2027 = ROOT / "tests" / "support" / "calendar-2027-test-fixture.yaml"


def _env(data: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k != "GOVSHARE_DATABASE_URL"}
    e.update(GOVSHARE_DATA_DIR=str(data), COLUMNS="200", PYTHONIOENCODING="utf-8")
    return e


def _run(env: dict[str, str], *args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    kw.setdefault("capture_output", True)
    return subprocess.run([str(GOVSHARE), *args], cwd=ROOT, env=env, timeout=300, **kw)  # type: ignore[call-overload, no-any-return]


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with one department with Art. 67 grounds, evaluated (no notice yet)."""
    base = tmp_path_factory.mktemp("county")
    folder = base / "in"
    folder.mkdir()
    for i, d in enumerate([S.platform(), S.art67_department()]):
        text = yaml.safe_dump(d, allow_unicode=True, explicit_end=True)
        (folder / f"{i:02d}.yaml").write_text(text, "utf-8")
    env = _env(base / "data")
    assert _run(env, "import", str(folder)).returncode == 0
    # the minimal snapshots leave facts unreported (errors, exit 2); the run is stored with its findings
    assert _run(env, "evaluate", "--period", "2025").returncode == 2
    return base / "data"


@pytest.fixture
def env(county: Path, tmp_path: Path) -> Iterator[dict[str, str]]:
    data = tmp_path / "data"
    shutil.copytree(county, data)
    yield _env(data)


def _notices(env: dict[str, str]) -> list[tuple[str, str]]:
    with sqlite3.connect(Path(env["GOVSHARE_DATA_DIR"]) / "govshare.db") as c:
        return [(str(n), str(s)) for n, s in c.execute("select number, state from notice order by id")]


def _to_full_disk(env: dict[str, str], *args: str, stdin: bytes | None = None) -> str:
    """Run a command with stdout on /dev/full: exit 2, and stderr says what was kept (returned)."""
    with open("/dev/full", "wb") as full:
        res = _run(env, *args, stdout=full, stderr=subprocess.PIPE, capture_output=False, input=stdin)
    stderr = res.stderr.decode()
    assert res.returncode == 2, stderr
    assert f"{KEPT}；但结果无法输出（磁盘已满）" in stderr and "Traceback" not in stderr, stderr
    return stderr


def _said_once_by_the_next_command(env: dict[str, str], what: str) -> None:
    first = _run(env, "notices", "list")
    assert first.returncode == 0
    assert NEXT in first.stderr.decode() and what in first.stderr.decode(), first.stderr.decode()
    again = _run(env, "notices", "list")
    assert NEXT not in again.stderr.decode()
    assert not list((Path(env["GOVSHARE_DATA_DIR"]) / "unreported").iterdir())


def test_a_notice_issued_into_a_full_disk_stays_and_is_said(env: dict[str, str]) -> None:
    stderr = _to_full_disk(env, "notices", "issue", "--period", "2025", "--date", "2025-09-30")
    [(number, state)] = _notices(env)
    assert state == "已下发"
    assert f"2025 年度已下发整改通知书 1 份：{number}（县测试局）" in stderr
    assert "govshare notices list --period 2025" in stderr
    _said_once_by_the_next_command(env, number)


def test_a_notice_issued_into_a_gone_pipe_stays_and_is_said(env: dict[str, str]) -> None:
    args = [str(GOVSHARE), "notices", "issue", "--period", "2025", "--date", "2025-09-30"]
    code, stderr = into_gone_pipe(args, env, ROOT)  # it renders two documents before it prints
    assert code == 2, stderr  # never Rich's or click's 1 ("findings")
    [(number, _)] = _notices(env)
    assert f"{KEPT}；但结果无法输出（输出管道的读取端已关闭）" in stderr and number in stderr, stderr
    _said_once_by_the_next_command(env, number)


def test_a_closed_stdout_issues_nothing(env: dict[str, str]) -> None:
    res = subprocess.run(
        f"'{GOVSHARE}' notices issue --period 2025 --date 2025-09-30 >&-",
        shell=True,
        cwd=ROOT,
        env=env,
        capture_output=False,
        stderr=subprocess.PIPE,
        timeout=300,
    )
    assert res.returncode == 2 and "未执行任何操作" in res.stderr.decode()
    assert _notices(env) == []


def test_a_transition_into_a_full_disk_stays_and_is_said(env: dict[str, str]) -> None:
    assert _run(env, "notices", "issue", "--period", "2025", "--date", "2025-09-30").returncode == 0
    [(number, _)] = _notices(env)
    args = ("notices", "transition", number, "--to", "已反馈", "--by", "王五", "--reason", "部门书面反馈")
    stderr = _to_full_disk(env, *args)
    assert f"{number} 已转为“已反馈”" in stderr and f"govshare notices show {number}" in stderr
    assert _notices(env) == [(number, "已反馈")]
    _said_once_by_the_next_command(env, f"{number} 已转为“已反馈”")


def test_a_user_added_into_a_full_disk_stays_and_is_said(env: dict[str, str]) -> None:
    args = ("users", "add", "--username", "zhang", "--role", "legal", "--password-stdin")
    stderr = _to_full_disk(env, *args, stdin=b"a-long-enough-passphrase-2025\n")
    assert "已创建用户 zhang" in stderr
    listed = _run(env, "users", "list")
    assert "zhang" in listed.stdout.decode() and NEXT in listed.stderr.decode()


def test_demo_passwords_that_cannot_be_shown_are_not_written_down(env: dict[str, str]) -> None:
    notes = Path(env["GOVSHARE_DATA_DIR"]) / "unreported"
    stderr = _to_full_disk(env, "users", "demo")
    assert "已重设四个演示用户的一次性密码" in stderr and "govshare users demo" in stderr
    [note] = notes.iterdir()
    assert "demo-" not in note.read_text("utf-8").split("：", 1)[1]  # no user name, no password


def test_a_key_pair_generated_into_a_full_disk_stays_and_is_said(env: dict[str, str], tmp_path: Path) -> None:
    private, public = tmp_path / "keys" / "authority.pem", tmp_path / "keys" / "authority.pub.pem"
    stderr = _to_full_disk(env, "policy", "keygen", "--private", str(private), "--public", str(public))
    assert private.is_file() and public.is_file() and str(private) in stderr


def test_a_calendar_year_whose_months_cannot_be_shown_is_not_added(env: dict[str, str]) -> None:
    """add-year shows the months to check before it stores: unprintable, nothing is stored (exit 2)."""
    with open("/dev/full", "wb") as full:
        args = ("calendar", "add-year", "2027", "--file", str(CALENDAR_2027), "--yes")
        res = _run(env, *args, stdout=full, stderr=subprocess.PIPE, capture_output=False)
    stderr = res.stderr.decode()
    assert res.returncode == 2 and "无法输出结果（磁盘已满），本次操作未写入任何数据" in stderr, stderr
    assert "Traceback" not in stderr
    assert _run(env, "calendar", "show", "2027").returncode == 2  # not added


def test_an_authority_setting_stored_into_a_full_disk_stays_and_is_said(
    env: dict[str, str], tmp_path: Path
) -> None:
    setting = tmp_path / "dashboard.yaml"
    setting.write_text(yaml.safe_dump({"dashboard": {"session": {"idle_minutes": 12, "lifetime_hours": 9}}}))
    env = {**env, "GOVSHARE_BUILD_DIR": str(tmp_path / "build")}
    stderr = _to_full_disk(env, "authority", "set", "dashboard", str(setting), "--by", "县数据局 王五")
    assert "第 1 版" in stderr and "govshare authority history dashboard" in stderr
    history = _run(env, "authority", "history", "dashboard")
    assert history.returncode == 0 and "第 1 版" in history.stdout.decode() + history.stderr.decode()
    assert NEXT in history.stderr.decode()
