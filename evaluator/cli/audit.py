"""govshare audit — 审计日志 / the hash-chained audit log."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import orjson
import typer
from rich.table import Table

from evaluator.cli import people
from evaluator.cli.console import console, styled
from evaluator.cli.output import say_stored
from evaluator.engine import policies_dir
from evaluator.facts import params
from evaluator.store import audit, audit_prune, audit_verify
from evaluator.store.db import StoreError

audit_app = typer.Typer(
    help="审计日志：查看、校验、按期清理 / audit log: list, verify, prune", no_args_is_help=True
)
out = console()
err = console(stderr=True)


@audit_app.command("verify")
def verify_cmd() -> None:
    """校验哈希链及其覆盖的快照、运行、发现项：发现改动、删除、伪造或截短即失败（退出码 1），
    数据库无法访问为错误（退出码 2）/ verify the chain and what it covers; exit 1 on tampering, 2 on error."""
    try:
        res = audit_verify.verify()
    except StoreError as e:  # the database unreachable: an error (exit 2), not a verdict on the log
        err.print(styled("bold red", "错误 / error:", f" {e}"), highlight=False)
        raise typer.Exit(2) from e
    if res.ok:
        out.print(
            f"审计日志完整：{res.entries} 条，哈希链校验通过 / audit log intact ({res.entries} entries)"
        )
        return
    for p in res.problems:
        out.print(styled("red", p), highlight=False)
    out.print(styled("bold red", f"审计日志被改动或删除 / audit log tampered: {len(res.problems)} 处"))
    raise typer.Exit(1)


@audit_app.command("list")
def list_cmd(
    limit: Annotated[int, typer.Option(help="条数 / entries")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table|json")] = "table",
) -> None:
    """列出最近的审计记录（北京时间，操作与内容用中文；--format json 为原始记录）/ list recent entries."""
    rows = audit.entries(limit)
    if fmt == "json":
        doc = [
            {"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "action": e.action, "details": e.details}
            for e in rows
        ]
        sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    if fmt != "table":
        err.print(
            styled("bold red", "错误 / error:", f" 未知格式 {fmt}（table|json）/ unknown format"),
            highlight=False,
        )
        raise typer.Exit(2)
    known = people.names()
    table = Table(title="审计日志 / audit log")
    for col in ("序号", "时间（北京时间）", "操作人", "操作", "内容"):
        table.add_column(col, overflow="fold")
    for e in rows:
        table.add_row(
            str(e.seq),
            people.time_zh(e.at),
            e.actor,
            people.ACTIONS.get(e.action, e.action),
            people.audit_summary(e.details, known)[:200],
        )
    out.print(table)


def retention_months(today: dt.date) -> int:
    """Art. 33: how many months of log must be kept, the parameter in force today."""
    return int(params.value_at("ch05", "a33_log_retention_months", today, policies_dir()))


@audit_app.command("prune")
def prune_cmd(
    before: Annotated[str, typer.Option(help="删除此日期（YYYY-MM-DD）之前的记录 / remove entries before")],
) -> None:
    """清理旧记录；第三十三条保存期内的记录不得删除 / prune; entries within the Art. 33 period are kept."""
    today = dt.date.today()
    try:
        day = dt.date.fromisoformat(before)
    except ValueError as e:
        err.print(styled("red", "错误 / error:", f" 日期应为 YYYY-MM-DD / date must be YYYY-MM-DD: {before}"))
        raise typer.Exit(2) from e
    try:
        n = audit_prune.prune(day, retention_months(today), today=today)
    except ValueError as e:
        err.print(styled("red", "错误 / error:", f" {e}"), highlight=False)
        raise typer.Exit(2) from e
    say_stored(
        f"已删除 {day.isoformat()} 之前的审计日志 {n} 条",
        "govshare audit list",
        lambda: out.print(f"已删除 {n} 条 / removed {n} entries"),
    )
