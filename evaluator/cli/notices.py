"""``govshare notices issue | list | show | transition`` and ``govshare waivers add | list | revoke``.

Exit codes: 0 done; 2 refused or failed. A refusal (the law gives no ground: a department without an
unwaived Art. 67 finding, an open notice already exists, a transition not allowed or not yet due, example
settings, a waiver for a finding the latest run does not hold or one already waived) is labelled 不予办理
and exits 2 like an error (no run, no calendar, the database or OPA failed): 1 means findings, and a
script must never read a refusal as that. See docs/decisions/0022-exit-codes-and-words.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.table import Table

from evaluator.cli import people
from evaluator.cli.console import console, styled
from evaluator.cli.output import OutputError, reported, written
from evaluator.consumers import notices as N
from evaluator.consumers import waivers
from evaluator.consumers.notices.words import WordsError
from evaluator.engine import OpaError, overlay
from evaluator.model.results import Finding
from evaluator.store.db import StoreError
from evaluator.store.runs import latest_county_run

out = console()
err = console(stderr=True)

notices_app = typer.Typer(
    help="整改通知书（第六十七条）：下发、列表、查看、状态流转 / rectification notices (Art. 67)",
    no_args_is_help=True,
    rich_markup_mode=None,
)
waivers_app = typer.Typer(
    help="免责（第六十八条）：逐项认定、列表、撤销 / Art. 68 waivers, one finding each",
    no_args_is_help=True,
    rich_markup_mode=None,
)

T = TypeVar("T")


def _guard(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except N.NoticeError as e:
        label = "不予办理 / refused" if e.refused else "错误 / error"
        err.print(styled("bold red", f"{label}:", f" {e}"), highlight=False)
        raise typer.Exit(2) from e  # a refusal is not "findings" (1): see the module docstring
    except (OpaError, StoreError, WordsError, OutputError) as e:
        err.print(styled("bold red", "错误 / error:", f" {e}"), highlight=False)
        raise typer.Exit(2) from e


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        err.print(
            styled("bold red", "错误 / error:", f" 日期应为 YYYY-MM-DD / date must be YYYY-MM-DD: {value}")
        )
        raise typer.Exit(2) from e


Period = Annotated[int, typer.Option("--period", help="评价年度 / period")]
Actor = Annotated[str, typer.Option("--by", help="经办人 / who")]
Reason = Annotated[str, typer.Option("--reason", help="理由 / why")]


@notices_app.command("issue")
def issue_cmd(
    period: Period,
    department: Annotated[
        str | None, typer.Option("--department", help="只对一个部门下发 / one department's code")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="下发日期（默认今天）/ date of issue, default today")
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="DOCX 与 PDF 的输出目录（默认 数据目录/notices）/ output folder"),
    ] = None,
    actor: Actor = "govshare",
    draft: Annotated[
        bool,
        typer.Option(
            "--draft", help="只生成带“草稿”水印、不编文号、不入库的样稿 / watermarked draft, nothing stored"
        ),
    ] = False,
) -> None:
    """依最新评价中须整改的发现项（第六十七条情形、未免责、非提示），每个部门下发一份整改通知书（DOCX + PDF）。"""
    known = _guard(lambda: people.names(period))  # read before anything is issued
    res = _guard(
        lambda: N.issue(period, department, issued_on=_date(date), actor=actor, out_dir=out_dir, draft=draft)
    )

    def say() -> None:
        for dept, why in res.skipped:
            out.print(f"跳过 skipped {known.get(dept, dept)}：{people.words(why, known)}", highlight=False)
        if not res.issued:
            out.print(f"{period} 年度没有需要下发的整改通知书 / no notice to issue", highlight=False)
            return
        what = "草稿（未下发、未编号）/ drafts, not issued" if draft else "已下发整改通知书 / notices issued"
        table = Table(title=f"{what}（{len(res.issued)}）")
        for col in ("文号 number", "部门 department", "问题 problems", "期限 due", "文件 files"):
            table.add_column(col, overflow="fold")
        for r in res.issued:
            files = "\n".join(r.files)
            table.add_row(r.number, r.department_name, str(len(r.findings)), people.due_zh(r.due_on), files)
        out.print(table)

    if not res.issued:
        say()  # nothing was issued: a failed output is only that (exit 2)
        return
    # each notice was issued (number, files, state) in its own transactions before this prints: they stay
    # if the output fails, and the failure is said — exit 2 here, and by the next command (cli/output.py)
    if draft:
        stored = f"已生成带“草稿”水印的样稿 {len(res.issued)} 份（未编号、未入库）"
        see = f"输出目录 {Path(res.issued[0].files[0]).parent}"
    else:
        numbers = "、".join(f"{r.number}（{r.department_name}）" for r in res.issued)
        stored = f"{period} 年度已下发整改通知书 {len(res.issued)} 份：{numbers}"
        see = f"govshare notices list --period {period}"
    _guard(lambda: reported(stored, see, say))


@notices_app.command("list")
def list_cmd(
    period: Annotated[int | None, typer.Option("--period", help="评价年度 / period")] = None,
    department: Annotated[str | None, typer.Option("--department")] = None,
) -> None:
    """列出整改通知书与报请督促函 / list notices and escalation letters."""
    rows = _guard(lambda: N.list_notices(period, department))
    table = Table(title=f"文书 / documents（{len(rows)}）")
    for col in (
        "文号 number",
        "类别 kind",
        "部门 department",
        "下发日期 issued",
        "整改期限 due",
        "状态 state",
    ):
        table.add_column(col, overflow="fold")
    for r in rows:
        kind = "整改通知书" if r.kind == "notice" else "请示"
        due = people.due_zh(r.due_on) if r.due_on else "—"
        table.add_row(r.number, kind, r.department_name, people.date_zh(r.issued_on), due, r.state)
    out.print(table)


@notices_app.command("show")
def show_cmd(ref: Annotated[str, typer.Argument(help="id 或文号 / id or number")]) -> None:
    """查看一份文书：问题、期限、文件和全部状态变更（谁、何时、为何）。"""
    row, events = _guard(lambda: N.get(ref))
    known = people.names(row.period)
    out.print(f"{row.number} · {row.department_name} · {row.period} 年度 · {row.state}", highlight=False)
    due = people.due_zh(row.due_on) if row.due_on else "—"
    out.print(f"下发日期 issued {people.date_zh(row.issued_on)} · 整改期限 due {due}", highlight=False)
    for i, f in enumerate(row.findings, 1):
        out.print(f"  {i}. {people.finding_zh(f, known)}", highlight=False)
    for p in row.files:
        out.print(f"  文件 file: {p}", highlight=False)
    table = Table(title="状态变更 / transitions")
    for col in ("时间（北京时间）", "从 from", "到 to", "经办人 by", "理由 why"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(people.time_zh(e.at), e.from_state or "—", e.to_state, e.actor, e.reason)
    out.print(table)


@notices_app.command("transition")
def transition_cmd(
    ref: Annotated[str, typer.Argument(help="id 或文号 / id or number")],
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="已反馈|已整改|逾期|已报请督促|移送 (reported|verified|overdue|escalated|referred)",
        ),
    ],
    actor: Actor,
    reason: Reason,
    date: Annotated[str | None, typer.Option("--date", help="办理日期（默认今天）/ date")] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="请示的输出目录（默认 数据目录/notices）/ output folder")
    ] = None,
) -> None:
    """状态流转；转为“已报请督促”时生成提请县政府督促的请示（须期满后重新评价；同一格式、同一文号序列）。"""
    row, letter = _guard(
        lambda: N.transition(ref, to, actor=actor, reason=reason, on=_date(date), out_dir=out_dir)
    )

    def say() -> None:
        out.print(f"{row.number} → {row.state}", highlight=False)
        if letter is not None:
            out.print(f"请示 escalation {letter.number}: {', '.join(letter.files)}", highlight=False)

    stored = f"{row.number} 已转为“{row.state}”" + (f"，已生成请示 {letter.number}" if letter else "")
    _guard(lambda: reported(stored, f"govshare notices show {row.number}", say))


@waivers_app.command("add")
def waiver_add_cmd(
    rule: Annotated[str, typer.Option("--rule", help="规则编号，如 A37.1 / rule id")],
    department: Annotated[str, typer.Option("--department", help="部门代码 / department code")],
    period: Period,
    subject: Annotated[str, typer.Option("--subject", help="发现项的记录编号 / the finding's record id")],
    ground: Annotated[str, typer.Option("--ground", help="尽职|不可抗力 (due-diligence|force-majeure)")],
    grantor: Annotated[str, typer.Option("--grantor", help="认定人 / who grants it")],
    evidence: Annotated[str, typer.Option("--evidence", help="证明材料 / evidence")],
    date: Annotated[str | None, typer.Option("--date", help="认定日期（默认今天）")] = None,
    variant: Annotated[
        str | None,
        typer.Option(
            "--variant", help="规则在该记录上有多个发现项时指明哪一个（发现项的 variant）/ which finding"
        ),
    ] = None,
) -> None:
    """对一个发现项认定免责（第六十八条）；重新评价后该发现项标记为已免责，不计分、不影响经费、不入通知书。"""
    known = people.names(period)  # read before the waiver's transaction opens
    found = _found(period)

    def say(w: waivers.WaiverRow) -> None:  # inside the transaction: unprintable, not stored
        f = found.get(w.finding_key, {"rule_id": w.rule_id})
        out.print(
            f"已认定免责（免责记录第 {w.id} 号）：{known.get(w.department, w.department)} {w.period} 年度 "
            f"{people.finding_zh(f, known)}（{w.ground}，{people.date_zh(w.granted_on)}）。"
            "请重新运行 govshare evaluate 使其生效 / waiver recorded: re-run govshare evaluate",
            highlight=False,
        )

    _guard(
        lambda: waivers.add_waiver(
            rule_id=rule,
            department=department,
            period=period,
            subject=subject,
            ground=ground,
            grantor=grantor,
            granted_on=_date(date) or overlay.today(),  # today in Beijing, not the server's UTC date
            evidence=evidence,
            variant=variant,
            before_commit=lambda w: written(lambda: say(w)),
        )
    )


@waivers_app.command("list")
def waiver_list_cmd(
    period: Annotated[int | None, typer.Option("--period")] = None,
    all_: Annotated[bool, typer.Option("--all", help="含已撤销 / include revoked")] = False,
) -> None:
    """列出免责记录 / list waivers."""
    rows: list[Any] = _guard(lambda: waivers.list_waivers(period, all_=all_))
    known = _guard(lambda: people.names(period))
    found = {p: _found(p) for p in sorted({w.period for w in rows})}
    table = Table(title=f"免责记录 / waivers（{len(rows)}）")
    # 编号 is what ``waivers revoke`` takes; the finding is said in words, not by its record id
    for col in ("编号", "部门", "年度", "免责的发现项", "事由", "认定人", "认定日期", "证明材料", "撤销"):
        table.add_column(col, overflow="fold")
    for w in rows:
        f = found[w.period].get(w.finding_key, {"rule_id": w.rule_id})
        revoked = (
            f"{w.revoked_by} 于 {people.time_zh(w.revoked_at)} 撤销：{w.revoke_reason}"
            if w.revoked_at
            else ""
        )
        table.add_row(
            str(w.id),
            known.get(w.department, w.department),
            str(w.period),
            people.finding_zh(f, known),
            w.ground,
            w.grantor,
            people.date_zh(w.granted_on),
            w.evidence,
            revoked,
        )
    out.print(table)


def _found(period: int) -> dict[str, Finding]:
    """The findings of the period's latest county run by their key: what a waiver waives."""
    latest = _guard(lambda: latest_county_run(period))
    if latest is None:
        return {}
    return {f.key: f for f in latest[1]}


@waivers_app.command("revoke")
def waiver_revoke_cmd(
    waiver_id: Annotated[int, typer.Argument(help="免责记录编号 / waiver id")],
    actor: Actor,
    reason: Reason,
) -> None:
    """撤销免责（记录保留）/ revoke a waiver (the record stays)."""
    _guard(
        lambda: waivers.revoke_waiver(
            waiver_id,
            actor=actor,
            reason=reason,
            before_commit=lambda w: written(
                lambda: out.print(f"已撤销免责记录 #{w.id} / waiver revoked", highlight=False)
            ),
        )
    )


def register(app: typer.Typer) -> None:
    app.add_typer(notices_app, name="notices")
    app.add_typer(waivers_app, name="waivers")
