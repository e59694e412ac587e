"""CLI commands of the dashboard, registered on ``govshare``: users, dashboard, template."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from evaluator.cli.console import console, styled
from evaluator.intake.files import MAX_FILE_BYTES
from evaluator.store.db import StoreError

from . import auth

out = console()
err = console(stderr=True)
SERVER = Path(__file__).resolve().parent / "server.py"  # st.App: the login gate + dashboard/app.py

users = typer.Typer(
    help="仪表盘用户与角色 / dashboard users and roles", no_args_is_help=True, rich_markup_mode=None
)


def _fail(message: str) -> typer.Exit:
    err.print(styled("bold red", "错误 / error:", f" {message}"), highlight=False)
    return typer.Exit(2)


@users.command("add")
def users_add(
    username: Annotated[str, typer.Option(help="用户名 / username")],
    role: Annotated[
        str, typer.Option(help="authority 主管部门 | budget 财政 | department 部门 | legal 法制")
    ],
    department: Annotated[
        str | None, typer.Option(help="部门用户所属部门代码 / department code (role department)")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读取密码 / read the password from stdin")
    ] = False,
    one_time: Annotated[bool, typer.Option(help="首次登录须修改密码 / must change at first login")] = True,
    replace: Annotated[bool, typer.Option(help="已存在则重设 / reset an existing user")] = False,
) -> None:
    """创建用户（密码从提示或标准输入读取，没有默认密码）/ create a user; no default password."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("密码 / password", hide_input=True, confirmation_prompt=True)
    try:
        u = auth.add_user(username, password, role, department, must_change=one_time, replace=replace)
    except (auth.AuthError, StoreError) as e:  # a full disk, a locked or unreachable database: exit 2
        raise _fail(str(e)) from e
    out.print(f"已创建用户 {u.username}（{u.role_zh}{'，部门 ' + u.dept if u.dept else ''}）/ user created")


@users.command("list")
def users_list() -> None:
    """列出用户 / list users."""
    table = Table(title="仪表盘用户 / dashboard users")
    for c in ("用户名 username", "角色 role", "部门 dept", "须改密码 must change"):
        table.add_column(c)
    for u in auth.list_users():
        table.add_row(u.username, u.role_zh, u.dept or "-", "是" if u.must_change else "否")
    out.print(table)


@users.command("delete")
def users_delete(username: Annotated[str, typer.Option(help="用户名 / username")]) -> None:
    """删除用户 / delete a user."""
    if not auth.delete_user(username):
        raise _fail(f"没有用户 {username} / no such user")
    out.print(f"已删除 {username} / deleted")


def demo_department() -> str | None:
    """The department code for the demo department user: 公安局 if present, else the first department."""
    from evaluator.evaluate.api import latest_period
    from evaluator.store.db import latest_snapshots

    period = latest_period()
    if period is None:
        return None
    _, rows = latest_snapshots(period)
    for r in rows:
        if "公安局" in r.name:
            return r.dept
    return rows[0].dept if rows else None


def print_demo_users() -> None:
    dept = demo_department()
    if dept is None:
        raise _fail("尚无部门快照，请先 govshare demo 或 govshare import / import snapshots first")
    created = auth.create_demo_users(dept)
    table = Table(title="演示用户（一次性密码，首次登录须修改）/ demo users, one-time passwords")
    for c in ("用户名 username", "角色 role", "部门 dept", "一次性密码 one-time password"):
        table.add_column(c)
    for u, pw in created:
        table.add_row(u.username, u.role_zh, u.dept or "-", pw)
    out.print(table)
    out.print("密码只显示这一次；再次运行 govshare users demo 会重新生成 / shown once; rerun to reset")


@users.command("demo")
def users_demo() -> None:
    """创建（或重设）四个演示用户并打印一次性密码 / (re)create demo users with one-time passwords."""
    print_demo_users()


UPLOAD_LIMIT_MB = MAX_FILE_BYTES // (1024 * 1024)
FONT_STACK = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, sans-serif"


def streamlit_args(port: int) -> list[str]:
    """The command that serves the dashboard on 127.0.0.1 (``govshare dashboard`` and the browser tests)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(SERVER),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "minimal",
        # tables are exported through the product's neutralised, audited exports, not the table toolbar
        "--client.disableDataExport",
        "true",
        "--client.showErrorLinks",
        "false",
        "--server.enableAgentApi",
        "false",
        # the intake's own limit (20 MB a file), so the upload box says what the import enforces
        "--server.maxUploadSize",
        str(UPLOAD_LIMIT_MB),
        "--server.fileWatcherType",
        "none",
        # the machine's own CJK font (fonts-noto-cjk), for headings too: nothing fetched from a font host
        "--theme.font",
        FONT_STACK,
        "--theme.headingFont",
        FONT_STACK,
    ]


def run_dashboard(port: int = 8501) -> None:
    """Run streamlit on 127.0.0.1 in the foreground (replaces this process)."""
    args = streamlit_args(port)
    out.print(f"仪表盘 / dashboard: http://127.0.0.1:{port}", highlight=False)
    sys.stdout.flush()
    os.execv(sys.executable, args)


def dashboard_cmd(
    port: Annotated[int, typer.Option(help="端口 / port")] = 8501,
) -> None:
    """在 127.0.0.1 启动仪表盘 / start the dashboard on 127.0.0.1."""
    run_dashboard(port)


def template_cmd(
    output: Annotated[Path, typer.Option(help="输出文件 / output file")] = Path("govshare-template.xlsx"),
) -> None:
    """写出部门快照 Excel 填报模板 / write the Excel template a department fills in."""
    from evaluator.intake.xlsx import write_template

    write_template(output)
    import hashlib

    from evaluator.store import audit

    audit.append(
        "export",
        {
            "command": "template",
            "format": "xlsx",
            "files": [{"path": str(output), "sha256": hashlib.sha256(output.read_bytes()).hexdigest()}],
        },
    )
    out.print(f"已写出模板 / template written: {output}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(users, name="users")
    app.command("dashboard")(dashboard_cmd)
    app.command("template")(template_cmd)
