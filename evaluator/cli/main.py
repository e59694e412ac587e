"""govshare — 政务数据共享合规监督引擎命令行 / the command-line tool.

Exit codes, as a linter's: 0 no findings, 1 findings, 2 error (bad input, OPA failure, missing fact).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table

from evaluator import settings
from evaluator.cli import people
from evaluator.cli.common import err, fail, guard, out
from evaluator.cli.console import styled
from evaluator.cli.output import (
    BrokenOutput,
    announce_unreported,
    check_streams,
    refuse_early,
    silence_stdout,
    written,
)
from evaluator.cli.usage import GovshareGroup
from evaluator.consumers.exports import csv_text
from evaluator.evaluate import api
from evaluator.evaluate.runner import DIMENSION_ZH, SEVERITY_ZH, Report
from evaluator.intake.files import ImportProblem
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot

app = typer.Typer(
    help="内乡县政务数据共享合规监督引擎 govshare：快照导入、规则评价（OPA）、发现项输出。\n\n"
    "Compliance engine for the Neixiang county government data-sharing Measures.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    cls=GovshareGroup,  # click's usage errors and help in Chinese first, exit 2 (evaluator/cli/usage.py)
)

PROJECT_ROOT = settings.PROJECT_ROOT


@app.command("import")
def import_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(help="快照文件或文件夹（JSON/YAML/Excel 模板） / snapshot files or folders"),
    ],
) -> None:
    """导入部门与平台快照（全部校验通过才写入） / import snapshots (all valid, or nothing stored)."""
    report: list[ImportProblem] = []
    # printed inside the transaction: an output that cannot be written stores nothing (cli/output.py)
    guard(
        lambda: api.import_paths(
            paths,
            report=report,
            before_commit=lambda results: written(lambda: _print_import(report, results)),
        )
    )


def _print_import(report: list[ImportProblem], results: list[Any]) -> None:
    if report:
        out.print(
            f"导入报告：以下 {len(report)} 处取值已按说明读取，请核对 / import report: values read as meant"
        )
        for note in report:
            out.print(str(note), highlight=False, markup=False, soft_wrap=True)
    table = Table(title="已导入 / imported")
    for col in ("文件 file", "类型 kind", "部门 department", "年度 period", "版本 version", "状态 status"):
        table.add_column(col)
    known: dict[str, str] = {}
    for p in sorted({r.period for r in results}):
        known.update(guard(lambda p=p: people.names(p)))
    for r in results:
        status = "未变化 unchanged" if r.unchanged else "新版本 new version"
        kind = {"department": "部门快照", "platform": "全县平台快照"}.get(r.kind, r.kind)
        who = known.get(r.dept, r.dept) if r.dept else "—"
        table.add_row(r.source, kind, who, str(r.period), f"第 {r.version} 版", status)
    out.print(table)


@app.command("evaluate")
def evaluate_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="直接评价这些文件而不入库 / evaluate these files without storing them"),
    ] = None,
    period: Annotated[
        int | None, typer.Option(help="评价年度（默认最新） / period, default the latest")
    ] = None,
    department: Annotated[
        str | None, typer.Option(help="只看一个部门（统一社会信用代码） / one department's code")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="输出格式 table|json|csv / output format")] = "table",
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="全部部门重新评价，不沿用未变化部门的上次结果（并刷新缓存）/ evaluate every department again",
        ),
    ] = False,
) -> None:
    """评价快照并输出发现项；退出码 0 无发现、1 有发现、2 出错 / evaluate; exit 0 clean, 1 findings, 2 error.

    入库快照的评价只重新评价输入有变化的部门（快照、平台、策略、免责任一变化），其余沿用上次结果，
    结果与全部重新评价逐字节相同；运行记录写明沿用与重新评价的部门数。"""
    if fmt not in ("table", "json", "csv"):
        raise fail(f"未知格式 {fmt}（table|json|csv）/ unknown format")
    printed: list[Report] = []

    def emit(report: Report) -> None:
        """Print the report inside the transaction that stores its run: unprintable, nothing stored."""
        if paths and department:  # the run keeps every finding; the output shows the one department
            report.findings = [f for f in report.findings if f.department == department]
        written(lambda: _print_evaluation(report, fmt))
        printed.append(report)

    if paths:
        report: Report = guard(lambda: api.evaluate_files(paths, before_commit=emit))
    else:
        report = guard(lambda: api.evaluate_stored(period, department, refresh=full, before_commit=emit))
    if not printed:  # nothing was stored (never expected here): print it all the same
        guard(lambda: emit(report))
    raise typer.Exit(report.exit_code)


def _print_evaluation(report: Report, fmt: str) -> None:
    render_report(report, fmt)
    if report.errors:
        err.print(
            styled(
                "bold red",
                f"评价未完成：{len(report.errors)} 处错误，结果不可作为合规结论 / "
                f"{len(report.errors)} error(s): the result is not a compliance verdict",
            )
        )


def render_report(report: Report, fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(report.to_json().decode() + "\n")
        return
    if fmt == "csv":
        # Chinese headers with the English beneath, Chinese values, a BOM (evaluator/consumers/exports.py)
        rows: list[list[Any]] = [
            [
                "部门代码 department",
                "部门 department_name",
                "规则 rule_id",
                "条款 citation",
                "严重程度 severity",
                "评价维度 dimension",
                "记录 subject",
                "问题 message",
                "快照 snapshot",
                "位置 pointer",
                "已免责 waived",
            ]
        ]
        for f in report.findings:
            ev = f.evidence[0]
            rows.append(
                [
                    f.department,
                    f.department_name,
                    f.rule_id,
                    f.citation_zh,
                    f.severity_zh or f.severity,
                    f.dimension_zh or f.dimension,
                    f.subject,
                    f.message_zh,
                    ev.snapshot,
                    ev.pointer,
                    f.waived,
                ]
            )
        sys.stdout.write(csv_text(rows))
        return
    out.print(people.run_zh(report.run), highlight=False)
    table = Table(title=f"发现项 / findings（{len(report.findings)}）", show_lines=False)
    for col in ("部门 department", "规则 rule", "条款 article", "程度", "说明 message"):
        table.add_column(col, overflow="fold")
    for f in report.findings:
        name = f.department_name + ("（参照执行）" if f.by_reference else "")
        severity = f.severity_zh + ("（已免责）" if f.waived else "")  # Art. 68: visible, marked
        severity += "（仅记录）" if f.record_only else ""  # not the department's act (e.g. its victim)
        table.add_row(name, f.rule_id, f.citation_zh, severity, f.message_zh)
    out.print(table)
    counts = Counter(f.department_name for f in report.findings)
    if counts:
        out.print(
            "各部门发现项数 / findings per department: "
            + "，".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        )
    if report.out_of_scope:
        # Art. 2(2) (state secrets) and Art. 71 (outside a body's public-service duties): each says why
        out.print(f"不适用本办法的资源与系统 / out of scope: {len(report.out_of_scope)} 项")
        names = {f.department: f.department_name for f in report.findings if f.department_name}
        for o in report.out_of_scope:
            # named by lib.scope (the body's and the resource's or system's names); older reports by code
            who = o.get("department_name") or names.get(o["dept"]) or o["dept"]
            what = o.get("name_zh") or o["subject"]
            why = o.get("reason_zh") or ""
            out.print(f"  - {who}：「{what}」{f'（{why}）' if why else ''}", highlight=False, markup=False)
    for e in report.errors:
        err.print(
            styled(
                "red",
                "错误",
                f" {e.get('dept') or '-'} {e.get('rule_id') or ''} {e.get('pointer') or ''}: {e['message_zh']}",
            ),
            highlight=False,
        )


@app.command("schema")
def schema_cmd(
    kind: Annotated[str, typer.Option(help="department | platform")] = "department",
) -> None:
    """打印快照的 JSON Schema / print the snapshot JSON Schema."""
    models: dict[str, type[DepartmentSnapshot] | type[PlatformSnapshot]] = {
        "department": DepartmentSnapshot,
        "platform": PlatformSnapshot,
    }
    model = models.get(kind)
    if model is None:
        raise fail("kind 应为 department 或 platform / kind must be department or platform")
    sys.stdout.write(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command("rules")
def rules_cmd(fmt: Annotated[str, typer.Option("--format", help="table|json")] = "table") -> None:
    """列出规则目录（编号、条款、标题、维度） / list the rule catalog."""
    if fmt not in ("table", "json"):
        raise fail(f"未知格式 {fmt}（table|json）/ unknown format")
    from evaluator.engine import build_bundle, rule_catalog
    from evaluator.facts.statute import cite_zh
    from evaluator.facts.titles import composed_catalog

    bundle = guard(build_bundle)
    # titles quote the parameters in force today (Beijing), never a number a dated change replaced
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    catalog = guard(lambda: composed_catalog(rule_catalog(bundle), today, bundle.root))
    if fmt == "json":
        sys.stdout.write(
            orjson.dumps(catalog, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2).decode() + "\n"
        )
        return
    table = Table(title=f"规则目录 / rule catalog（{len(catalog)}）")
    for col in ("编号 id", "条款 article", "标题 title", "维度", "程度"):
        table.add_column(col, overflow="fold")
    for rid, m in sorted(catalog.items(), key=lambda kv: (kv[1]["article"], kv[1].get("item") or 0)):
        table.add_row(
            rid,
            cite_zh(m["article"], m.get("item")),
            m["title"],
            DIMENSION_ZH.get(m.get("dimension", ""), m.get("dimension", "")),
            SEVERITY_ZH.get(m.get("severity", ""), m.get("severity", "")),
        )
    out.print(table)


@app.command("coverage")
def coverage_cmd(
    fmt: Annotated[str, typer.Option("--format", help="markdown|json")] = "markdown",
    write: Annotated[
        bool, typer.Option("--write", help="写入 docs/coverage.md / write docs/coverage.md")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="docs/coverage.md 过期或有缺口则失败 / fail when stale or gaps")
    ] = False,
) -> None:
    """逐条列出 74 条的执行规则或不可检查的理由 / for each article, its rules or why none."""
    if fmt not in ("markdown", "json"):
        raise fail(f"未知格式 {fmt}（markdown|json）/ unknown format")
    from evaluator.consumers.coverage import coverage, to_markdown

    cov = guard(coverage)
    md = to_markdown(cov)
    target = PROJECT_ROOT / "docs" / "coverage.md"
    if write:
        target.write_text(md, "utf-8")
    if check:
        stale = not target.exists() or target.read_text("utf-8") != md
        if stale or cov["problems"]:
            for p in cov["problems"]:
                err.print(p, highlight=False)
            if stale:
                err.print(
                    "docs/coverage.md 已过期，请运行 govshare coverage --write / docs/coverage.md is stale"
                )
            raise typer.Exit(1)
    if fmt == "json":
        sys.stdout.write(json.dumps(cov, ensure_ascii=False, indent=2) + "\n")
    elif not check:
        sys.stdout.write(md)


@app.command("rule-pages")
def rule_pages_cmd(
    check: Annotated[
        bool, typer.Option("--check", help="docs/rules/ 过期则失败，不写入 / fail when a page is stale")
    ] = False,
) -> None:
    """写出每条规则一页 docs/rules/chNN/aXX_Y.md（条文、解读、参数、读取的快照内容、测试、场景）。"""
    from evaluator.consumers import rule_pages

    if settings.checkout_root() is None:
        err.print(
            "docs/rules/ 属于源码目录，安装版无此目录 / docs/rules/ belongs to a source checkout: run it there",
            highlight=False,
        )
        raise typer.Exit(2)
    if check:
        bad = guard(rule_pages.stale)
        for name in bad:
            err.print(f"docs/rules/{name} 已过期 / stale", highlight=False)
        if bad:
            err.print("请运行 govshare rule-pages / run govshare rule-pages", highlight=False)
            raise typer.Exit(1)
        out.print("docs/rules/ 是最新的 / up to date", highlight=False)
        return
    written = guard(rule_pages.write)
    out.print(f"已写出 docs/rules/：{len(written) - 1} 条规则与索引 / rule pages written", highlight=False)


@app.command("trace")
def trace_cmd(
    check: Annotated[bool, typer.Option("--check", help="有缺口则失败 / fail on any gap")] = False,
    fixtures: Annotated[
        bool, typer.Option(help="评价示例县以列出发现项 / evaluate the fixture county for the last column")
    ] = True,
) -> None:
    """写出追溯矩阵 docs/trace.md 与阅读本 docs/trace.html / write the traceability matrix."""
    from evaluator.consumers.trace import build_trace, fixture_findings, to_html, to_markdown

    ff = guard(fixture_findings) if fixtures else None
    t = guard(lambda: build_trace(ff))
    docs = PROJECT_ROOT / "docs"
    (docs / "trace.md").write_text(to_markdown(t), "utf-8")
    (docs / "trace.html").write_text(to_html(t), "utf-8")
    out.print(
        f"已写出 docs/trace.md、docs/trace.html：规则 {len(t.rules)}，场景 {len(t.scenarios)}，缺口 {len(t.gaps)}"
    )
    for g in t.gaps:
        err.print(f"缺口 / gap: {g}", highlight=False)
    if check and t.gaps:
        raise typer.Exit(1)


@app.command("demo")
def demo_cmd(
    fixtures: Annotated[
        Path | None, typer.Option(help="示例县快照目录（默认随程序提供的示例县）/ fixture folder")
    ] = None,
    dashboard: Annotated[
        bool,
        typer.Option(
            "--dashboard",
            help="随后创建演示用户（打印一次性密码）并在 127.0.0.1:8501 运行仪表盘 / then run the dashboard",
        ),
    ] = False,
) -> None:
    """导入示例县并评价、打印结果 / load the fixture county, evaluate it and print the result."""
    results = guard(lambda: api.import_paths([fixtures or settings.fixtures_dir()]))
    new = sum(1 for r in results if not r.unchanged)
    out.print(f"已导入示例县 {len(results)} 份快照（新版本 {new} 份）/ fixture county imported")
    period = max(r.period for r in results)
    report = guard(lambda: api.evaluate_stored(period))
    render_report(report, "table")
    # scored too, so that the dashboard's overview, ranking and funding decisions are there at once
    from evaluator.consumers.assess import assess_period

    guard(lambda: assess_period(period))
    out.print(f"已计算 {period} 年度评分、等次与经费决定 / scored", highlight=False)
    if dashboard:
        from evaluator.cli.users import print_demo_users, run_dashboard

        print_demo_users()
        run_dashboard(8501)
    raise typer.Exit(2 if report.errors else 0)


# govshare assess | funding | impact (Art. 58-59, 9, 61): evaluator/cli/assess.py
from evaluator.cli.assess import register as _register_assessment  # noqa: E402

_register_assessment(app)


# govshare audit verify | list | prune (Art. 33): evaluator/audit_cli.py
from evaluator.cli.audit import audit_app  # noqa: E402

app.add_typer(audit_app, name="audit")

# govshare calendar due | between: evaluator/calendar_cli.py (arithmetic in data.lib.calendar)
from evaluator.cli.calendar import calendar_app  # noqa: E402

app.add_typer(calendar_app, name="calendar", help="工作日历 / statutory working-day calendar")


# govshare notices issue | list | show | transition, govshare waivers add | list | revoke (Art. 67, 68)
from evaluator.cli.notices import register as _register_notices  # noqa: E402

_register_notices(app)


def main() -> None:
    """The ``govshare`` command. Exit codes are a contract: 0 no findings, 1 findings, 2 error. Click
    already turns usage errors into 2 and every known failure is mapped to 2 by its command; anything
    else is a defect of govshare, and it must never leave with Python's 1 (read as "findings"): it is
    reported as a defect, with the traceback for the maintainers, and exits 2."""
    why = check_streams()  # a closed stdout or an encoding without Chinese: refused before anything is done
    if why is not None:
        refuse_early(why)
        sys.exit(2)
    announce_unreported()  # what an earlier command stored and could not print (cli/output.py)
    try:
        app()
    except BrokenOutput as e:  # stdout's reader left (``| head``) or a full disk, outside a storing command
        silence_stdout()
        refuse_early(f"{e.reason_zh}，输出未完成 / {e.reason_en}: the output is incomplete")
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("已中断，未完成的操作没有写入 / interrupted", highlight=False, markup=False)
        sys.exit(130)
    except Exception as e:  # noqa: BLE001 - the last line of defence of the exit-code contract
        import traceback

        try:
            err.print(
                "程序内部错误：这是 govshare 的缺陷，不是评价结论，也不表示“有发现项”；请把以下信息交给维护人员 / "
                f"internal error — a defect in govshare, not a verdict: {type(e).__name__}: {e}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
            err.print(traceback.format_exc(), highlight=False, markup=False, soft_wrap=True)
        except Exception:  # noqa: BLE001, S110 - stderr itself failing must not turn exit 2 into 1
            pass
        sys.exit(2)


# govshare users | dashboard: evaluator/cli/users.py (the dashboard is started by module path)
from evaluator.cli.template import template_cmd  # noqa: E402
from evaluator.cli.users import register as _register_users  # noqa: E402

_register_users(app)
# govshare template: evaluator/cli/template.py
app.command("template")(template_cmd)


# govshare policy keygen | adopt | status (signed policy bundles): evaluator/policy_cli.py
from evaluator.cli.policy import policy_app  # noqa: E402

app.add_typer(policy_app, name="policy")


# govshare authority show | export | set | history (the authority's files, outside policies/): evaluator/cli/authority.py
from evaluator.cli.authority import authority_app  # noqa: E402

app.add_typer(authority_app, name="authority")

_REMINDED = ("evaluate", "assess", "notices", "calendar", "authority", "funding")


@app.callback()
def _reminders(ctx: typer.Context) -> None:
    """From 1 November, a reminder on stderr while next year's working-day calendar is missing."""
    if ctx.invoked_subcommand in _REMINDED:
        from evaluator.cli.calendar import REMINDED
        from evaluator.consumers.upkeep import reminder

        note = reminder()
        if note:
            err.print(note, highlight=False, markup=False, soft_wrap=True)
            ctx.meta[REMINDED] = note


if __name__ == "__main__":
    main()
