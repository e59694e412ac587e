"""govshare users | dashboard: the dashboard's users (the store's ``evaluator.store.users``) and starting
the dashboard (``python -m dashboard.launch``, by module path: nothing of the dashboard is imported)."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from rich.table import Table

from evaluator.cli import people
from evaluator.cli.common import fail, out
from evaluator.cli.output import say_stored
from evaluator.errors import AuthError
from evaluator.store import users as store_users
from evaluator.store.db import StoreError

users = typer.Typer(
    help="仪表盘用户与角色 / dashboard users and roles", no_args_is_help=True, rich_markup_mode=None
)


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
    try:  # a wrong role or a missing --department is said before the password is asked for
        store_users.check_role(role, department)
    except AuthError as e:
        raise fail(str(e)) from e
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("密码 / password", hide_input=True, confirmation_prompt=True)
    try:
        u = store_users.add_user(username, password, role, department, must_change=one_time, replace=replace)
    except (AuthError, StoreError) as e:  # a full disk, a locked or unreachable database: exit 2
        raise fail(str(e)) from e
    say_stored(
        f"已{'重设' if replace else '创建'}用户 {u.username}",
        "govshare users list",
        lambda: out.print(
            f"已创建用户 {u.username}（{u.role_zh}{'，部门 ' + u.dept if u.dept else ''}）/ user created"
        ),
    )


@users.command("list")
def users_list() -> None:
    """列出用户 / list users."""
    table = Table(title="仪表盘用户 / dashboard users")
    for c in ("用户名 username", "角色 role", "部门 department", "须改密码 must change"):
        table.add_column(c)
    known = people.names()
    for u in store_users.list_users():
        dept = known.get(u.dept, u.dept) if u.dept else "—"
        table.add_row(u.username, u.role_zh, dept, "是" if u.must_change else "否")
    out.print(table)


@users.command("delete")
def users_delete(username: Annotated[str, typer.Option(help="用户名 / username")]) -> None:
    """删除用户 / delete a user."""
    if not store_users.delete_user(username):
        raise fail(f"没有用户 {username} / no such user")
    say_stored(
        f"已删除用户 {username}", "govshare users list", lambda: out.print(f"已删除 {username} / deleted")
    )


def demo_department() -> str | None:
    """The department code for the demo department user: 公安局 if present, else the first department."""
    from evaluator.evaluate.api import latest_period
    from evaluator.store.snapshots import latest_snapshots

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
        raise fail("尚无部门快照，请先 govshare demo 或 govshare import / import snapshots first")
    created = store_users.create_demo_users(dept)
    table = Table(title="演示用户（一次性密码，首次登录须修改）/ demo users, one-time passwords")
    for c in ("用户名 username", "角色 role", "部门 dept", "一次性密码 one-time password"):
        table.add_column(c)
    for u, pw in created:
        table.add_row(u.username, u.role_zh, u.dept or "-", pw)

    def say() -> None:
        out.print(table)
        out.print("密码只显示这一次；再次运行 govshare users demo 会重新生成 / shown once; rerun to reset")

    # the passwords are never written down: the note says only that they were reset
    say_stored(
        "已重设四个演示用户的一次性密码（密码不另行保存）",
        "govshare users demo（再次运行，重新生成一次性密码）",
        say,
    )


@users.command("demo")
def users_demo() -> None:
    """创建（或重设）四个演示用户并打印一次性密码 / (re)create demo users with one-time passwords."""
    print_demo_users()


#: the module that serves the dashboard (dashboard/launch.py), run by name in a new interpreter
LAUNCHER = "dashboard.launch"


def run_dashboard(port: int = 8501) -> None:
    """Run the dashboard on 127.0.0.1 in the foreground (replaces this process)."""
    out.print(f"仪表盘 / dashboard: http://127.0.0.1:{port}", highlight=False)
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", LAUNCHER, "--port", str(port)])


def dashboard_cmd(
    port: Annotated[int, typer.Option(help="端口 / port")] = 8501,
) -> None:
    """在 127.0.0.1 启动仪表盘 / start the dashboard on 127.0.0.1."""
    run_dashboard(port)


def register(app: typer.Typer) -> None:
    app.add_typer(users, name="users")
    app.command("dashboard")(dashboard_cmd)
