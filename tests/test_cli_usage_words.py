"""Usage errors and help pages are Chinese first, with click's English beside, and exit 2 (evaluator/
cli/usage.py; issue 14 item 4). No database or OPA is needed: click refuses before any command runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluator.cli.main import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (
            ["waivers", "add", "--rule", "A14"],
            "错误 / Error: 缺少选项 '--department'",
            "Missing option '--department'.",
        ),
        (
            ["evaluate", "--period", "二〇二五"],
            "错误 / Error: '--period' 的取值无效：应为整数",
            "Invalid value for '--period'",
        ),
        (
            ["evaluat"],
            "错误 / Error: 没有命令 'evaluat'（是否想用 'evaluate'？）",
            "No such command 'evaluat'.",
        ),
        (
            ["evaluate", "--perio", "2025"],
            "没有选项 --perio（是否想用 --period？）",
            "No such option: --perio",
        ),
        (["calendar", "due", "2025-10-15", "0"], "'n' 的取值无效：应不小于 1", "greater than or equal to 1"),
        (["evaluate", "--format"], "选项 '--format' 缺少取值", "Option '--format' requires an argument."),
        (["schema", "extra"], "多余的参数：extra", "unexpected extra argument"),
    ],
)
def test_usage_errors_are_chinese_first_and_exit_2(args: list[str], chinese: str, english: str) -> None:
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert chinese in res.stderr and english in res.stderr, res.stderr
    assert res.stderr.index(chinese) < res.stderr.index(english)  # Chinese first
    assert "Traceback" not in res.output and res.stdout == ""


def test_a_usage_error_shows_the_usage_line_and_the_help_hint_in_chinese() -> None:
    res = runner.invoke(app, ["waivers", "add"], prog_name="govshare")
    assert res.exit_code == 2
    lines = res.stderr.splitlines()
    assert lines[0] == "用法 / Usage: govshare waivers add [OPTIONS]"
    assert (
        lines[1]
        == "运行 'govshare waivers add --help' 查看帮助 / Try 'govshare waivers add --help' for help."
    )


def test_help_headings_are_chinese_first() -> None:
    res = runner.invoke(app, ["waivers", "list", "--help"], prog_name="govshare")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("用法 / Usage: govshare waivers list [OPTIONS]")
    assert "选项 / Options:" in res.stdout
    assert "显示本帮助并退出 / Show this message and exit." in res.stdout
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0 and "命令 / Commands:" in top.stdout and "\nOptions:" not in top.stdout


@pytest.mark.parametrize(
    ("args", "chinese"),
    [
        (["rules", "--format", "xml"], "未知格式 xml（table|json）"),
        (["coverage", "--format", "xml"], "未知格式 xml（markdown|json）"),
        (["audit", "prune", "--before", "去年"], "日期应为 YYYY-MM-DD"),
        (
            ["authority", "set", "settings", "/nonexistent/settings.yaml"],
            "文件或文件夹不存在：/nonexistent/settings.yaml",
        ),
        (
            ["users", "add", "--username", "x", "--role", "nope"],
            "未知角色 'nope'",
        ),  # before the password prompt
        (["users", "add", "--username", "x", "--role", "department"], "部门用户须指定所属部门代码"),
    ],
)
def test_plain_refusals_exit_2_in_chinese(
    args: list[str], chinese: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)
    res = runner.invoke(app, args, input="")
    assert res.exit_code == 2, res.output
    assert chinese in res.stderr + res.stdout and "Traceback" not in res.output
