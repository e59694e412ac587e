"""``govshare assess | funding | impact``: parse, call :mod:`evaluator.consumers.assess`, render.

Exit codes: 0 done, 2 error (a scoring error, an evaluation error in the run, bad arguments).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table

from evaluator.cli import people
from evaluator.cli.common import err, fail, guard, out, refuse
from evaluator.cli.console import styled
from evaluator.consumers.assess import (
    Assessment,
    assess_period,
    draft_mark,
    funding_period,
    impact,
    placeholder_refusal,
    public_markdown,
    public_summary,
)
from evaluator.consumers.assess.tables import assessment_tables, funding_tables, public_tables
from evaluator.consumers.exports import csv_text, split_header, to_csv, to_xlsx
from evaluator.evaluate import api
from evaluator.store import audit


def _period(period: int | None) -> int:
    p = period if period is not None else api.latest_period()
    if p is None:
        raise fail("数据库中没有快照，请先 govshare import / no snapshots stored: import first")
    return p


def _audit_export(fmt: str, tables: list[str], json_bytes: bytes, written: list[tuple[str, bytes]]) -> None:
    """Every export is in the audit log: what, in which format, where, and the hashes involved."""
    audit.append(
        "export",
        {
            "command": sys.argv[1] if len(sys.argv) > 1 else "",
            "format": fmt,
            "tables": tables,
            "source_sha256": hashlib.sha256(json_bytes).hexdigest(),
            "files": [{"path": where, "sha256": hashlib.sha256(data).hexdigest()} for where, data in written],
        },
    )


def _emit(fmt: str, sheets: dict[str, list[list[Any]]], output: Path | None, json_bytes: bytes) -> None:
    if fmt == "json":
        text = json_bytes.decode() + "\n"
    elif fmt == "csv":
        if output is not None and len(sheets) > 1:
            written = []
            for title, rows in sheets.items():
                target = output.with_name(f"{output.stem}-{title}{output.suffix}")
                target.write_text(to_csv(rows), "utf-8-sig")
                written.append((str(target), target.read_bytes()))
                out.print(f"已写入 / written: {target}", highlight=False)
            _audit_export(fmt, list(sheets), json_bytes, written)
            return
        first = next(iter(sheets))
        text = csv_text(sheets[first])
        if len(sheets) > 1:
            err.print(
                f"标准输出只含“{first}”表；其余表请用 --output FILE（每表一个文件）或 xlsx / "
                "stdout carries the first table only: use --output or xlsx for all",
                highlight=False,
            )
    elif fmt == "xlsx":
        if output is None:
            raise fail("xlsx 格式须指定 --output 文件 / --output is required for xlsx")
        to_xlsx(sheets, output)
        _audit_export(fmt, list(sheets), json_bytes, [(str(output), output.read_bytes())])
        out.print(f"已写入 / written: {output}", highlight=False)
        return
    else:
        raise fail(f"未知格式 {fmt}（table|json|csv|xlsx）/ unknown format")
    tables = list(sheets) if fmt == "csv" else []
    if output is None:
        sys.stdout.write(text)
        _audit_export(fmt, tables, json_bytes, [("stdout", text.encode())])
    else:
        output.write_text(text, "utf-8")  # a CSV's text carries its BOM (csv_text)
        _audit_export(fmt, tables, json_bytes, [(str(output), output.read_bytes())])
        out.print(f"已写入 / written: {output}", highlight=False)


def _warn(a: Assessment) -> None:
    for e in a.errors:
        err.print(styled("red", "计分错误 / scoring error", f" {e}"), highlight=False)
    if a.run_errors:
        err.print(
            styled(
                "bold red",
                f"评价运行有 {len(a.run_errors)} 处错误（缺少事实等），相关部门标为评价未完成、经费暂缓 / "
                f"the run has {len(a.run_errors)} error(s): affected departments are incomplete",
            )
        )


def _header(a: Assessment) -> None:
    # the run id and hashes are in --format json and the audit log; a person reads the rest
    out.print(
        f"{a.period} 年度 · 指标体系 {a.indicator_version}（{people.date_zh(a.result['indicator']['effective'])}起施行）"
        f" · 依据本年度最新一次全县评价 · 名单 {a.roster_source}",
        highlight=False,
    )


def _assess_table(a: Assessment) -> None:
    _header(a)
    dims = a.result["indicator"]["dimensions"]
    t = Table(title=f"{a.period} 年度政务数据管理工作评价 / annual assessment")
    for col in [
        "名次",
        "部门",
        "总分",
        *[f"{x['name_zh']}/{x['weight']}" for x in dims],
        "加分",
        "否决",
        "等次",
    ]:
        t.add_column(col, overflow="fold")
    for d in a.departments:
        by_dim = {x["key"]: x["score"] for x in d.get("dimensions", [])}
        t.add_row(
            str(d["rank"]) if d.get("rank") is not None else "—",
            d["name"] + ("" if d.get("complete", True) or d["status"] == "未报送" else "（评价未完成）"),
            str(d["total"]) if d.get("total") is not None else d["status"],
            *[str(by_dim.get(x["key"], "—")) for x in dims],
            str(d.get("bonus", "—")),
            "是" if d.get("veto") else "",
            d.get("grade") or d["status"],
        )
    out.print(t)
    known = people.names(a.period)
    found = {f.key: f for f in a.findings}
    for u in a.result.get("unassessed", []):
        f = found.get(u["key"], u)
        out.print(
            f"不计入部门评价 / not assessed: {known.get(u['department'], u['department'])} "
            f"{people.finding_zh(f, known)}（{u['reason_zh']}）",
            highlight=False,
        )
    for d in a.departments:
        if d.get("rank_note_zh") and d["status"] != "未报送":
            out.print(f"{d['name']}：{d['rank_note_zh']}", highlight=False)
    for d in a.departments:
        rows = [(x, dd) for x in d.get("dimensions", []) for dd in x["deductions"]]
        extra = [b for b in d.get("bonuses", []) if b["points"]]
        if not rows and not extra and not d.get("veto"):
            continue
        t = Table(
            title=f"{d['name']}：{d.get('total', '—')} = {d.get('base')} − {d.get('deducted')} + {d.get('bonus')}"
        )
        for col in ("维度", "条款", "应扣", "实扣", "说明"):  # record ids and pointers: --format json / csv
            t.add_column(col, overflow="fold")
        for x, dd in rows:
            note = people.words(dd["message_zh"], known) + (f"（{dd['note_zh']}）" if dd["note_zh"] else "")
            t.add_row(x["name_zh"], dd["citation_zh"], str(dd["points"]), str(-dd["applied"]), note)
        for b in extra:
            t.add_row("加分", "", "", f"+{b['points']}", f"{b['name_zh']} {b['count']} 个（封顶 {b['max']}）")
        out.print(t)
        if d.get("veto"):
            # the veto findings carry their citation, not their message (shown in the table above)
            vs = "；".join(v.get("citation_zh") or v["rule_id"] for v in d["veto_findings"])
            out.print(
                f"  一票否决 / veto：{d['veto_reason_zh']}（{vs}），等次定为 {d['grade']}",
                highlight=False,
            )


def _trend(items: list[Assessment], fmt: str, output: Path | None) -> None:
    names: dict[str, str] = {}
    cells: dict[tuple[str, int], dict[str, Any]] = {}
    for a in items:
        for d in a.departments:
            names.setdefault(d["code"], d["name"])
            cells[(d["code"], a.period)] = d
    header = ["部门代码 code", "部门 department"]
    for a in items:
        y = a.period  # 中文 then English, as every export's header (consumers/exports.py)
        header += [f"{y}年总分 total {y}", f"{y}年等次 grade {y}", f"{y}年名次 rank {y}"]
    rows: list[list[Any]] = [header]
    for code in sorted(names, key=lambda c: names[c]):
        row: list[Any] = [code, names[code]]
        for it in items:
            c = cells.get((code, it.period))
            if c is None:
                row += [None, "未列入", None]
            else:
                row += [c.get("total"), c.get("grade") or c["status"], c.get("rank")]
        rows.append(row)
    if fmt == "table":
        t = Table(title="历年评价对比 / trend")
        for col in header[1:]:
            t.add_column(split_header(col)[0])
        for r in rows[1:]:
            t.add_row(*["—" if x is None else str(x) for x in r[1:]])
        out.print(t)
        return
    _emit(
        fmt,
        {"历年对比": rows},
        output,
        orjson.dumps([x.as_dict() for x in items], option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2),
    )


def assess_cmd(
    period: Annotated[
        int | None, typer.Option(help="评价年度（默认最新）/ period, default the latest")
    ] = None,
    periods_: Annotated[
        str | None,
        typer.Option("--periods", help="多个年度对比，如 2024,2025 / several periods side by side"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv|xlsx")] = "table",
    output: Annotated[Path | None, typer.Option(help="写入文件 / write to this file")] = None,
    public: Annotated[
        bool, typer.Option("--public", help="生成可向社会公布的摘要（不含内部证据）/ publishable summary")
    ] = False,
    reevaluate: Annotated[
        bool,
        typer.Option(help="按现行规则重新评价快照 / re-evaluate the snapshots under the current rules"),
    ] = False,
    draft: Annotated[
        bool,
        typer.Option("--draft", help="示例指标体系下的摘要草稿（标明不得公布）/ a marked draft"),
    ] = False,
) -> None:
    """年度评价：各部门总分、分项、等次、名次、一票否决，每一扣分对应发现项（第五十八、五十九条）/ annual assessment."""
    if periods_:
        try:
            ps = [int(x) for x in periods_.split(",") if x.strip()]
        except ValueError as e:
            raise fail("--periods 应为逗号分隔的年度，如 2024,2025 / comma-separated years") from e
        items = [guard(lambda p=p: assess_period(p, reevaluate=reevaluate)) for p in ps]
        _trend(items, fmt, output)
        for it in items:
            _warn(it)
        raise typer.Exit(2 if any(it.errors or it.run_errors for it in items) else 0)
    a: Assessment = guard(lambda: assess_period(_period(period), reevaluate=reevaluate))
    if public:
        refusal = placeholder_refusal(a)
        if refusal and not draft:
            raise refuse(refusal)
        if fmt in ("csv", "xlsx"):
            # real tables: an XLSX workbook, CSV files (one a table with --output); a draft says so
            tables = public_tables(a)
            if refusal:
                tables = {k: [*v[:1], [draft_mark()], *v[1:]] for k, v in tables.items()}
            _emit(fmt, tables, output, a.to_json())
            _warn(a)
            raise typer.Exit(2 if a.errors or a.run_errors else 0)
        if fmt == "json":
            summary = public_summary(a)
            if refusal:
                summary["draft_zh"] = draft_mark()
            data = orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode() + "\n"
        else:
            data = (f"> {draft_mark()}\n\n" if refusal else "") + public_markdown(a)
        if output:
            output.write_text(data, "utf-8")
            out.print(f"已写入可公布摘要 / public summary written: {output}", highlight=False)
        else:
            sys.stdout.write(data)
        _audit_export(
            f"public-{fmt}", [], a.to_json(), [(str(output) if output else "stdout", data.encode())]
        )
    elif fmt == "table":
        _assess_table(a)
    else:
        _emit(fmt, assessment_tables(a), output, a.to_json())
    _warn(a)
    raise typer.Exit(2 if a.errors or a.run_errors else 0)


def funding_cmd(
    period: Annotated[
        int | None, typer.Option(help="评价年度（默认最新）/ period, default the latest")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv|xlsx")] = "table",
    output: Annotated[Path | None, typer.Option(help="写入文件 / write to this file")] = None,
) -> None:
    """运行维护经费安排（第九条）与信息化项目审批、验收关口（第六十一条）/ funding and project gates."""
    a: Assessment = guard(lambda: funding_period(_period(period)))
    if fmt != "table":
        doc = {k: v for k, v in a.as_dict().items() if k not in ("departments",)}
        _emit(
            fmt,
            funding_tables(a),
            output,
            orjson.dumps(doc, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2),
        )
    else:
        _header(a)
        t = Table(title=f"{a.period} 年度运行维护经费安排 / O&M funding (Art. 9)")
        for col in ("部门", "决定", "理由", "须整改的发现项 / to put right"):
            t.add_column(col, overflow="fold")
        known = people.names(a.period)
        for f in a.funding:
            # in words: what was found and what to do — no record ids, no pointers (--format json has them)
            fixes = [f"{people.words(x['message_zh'], known)}。{x['remedy_zh']}" for x in f["findings"]]
            fixes += [f"{people.finding_zh(v, known)}（一票否决）" for v in f["veto_findings"]]
            t.add_row(
                f["name"],
                f["decision"],
                "；".join(r["reason_zh"] for r in f["reasons"]) or "—",
                "\n".join(fixes) or "—",
            )
        out.print(t)
        t = Table(title="政务信息化项目关口 / project gates (Art. 61)")
        for col in ("部门", "项目", "阶段", "立项审批", "竣工验收", "理由"):
            t.add_column(col, overflow="fold")
        for p in a.projects:
            g = {x["gate"]: x for x in p["gates"]}
            reasons = [r for x in p["gates"] for r in x["reasons"]]
            t.add_row(
                p["department_name"],
                p["name"],
                p["stage"],
                g["approval"]["status"],
                g["acceptance"]["status"],
                "；".join(reasons) or "—",
            )
        out.print(t)
    _warn(a)
    raise typer.Exit(2 if a.errors or a.run_errors else 0)


def impact_cmd(
    policies: Annotated[
        Path,
        typer.Option("--policies", help="草案策略目录（规则和/或评价指标体系）/ draft policies directory"),
    ],
    period: Annotated[
        int | None, typer.Option(help="评价年度（默认最新）/ period, default the latest")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json")] = "table",
    show_all: Annotated[
        bool, typer.Option("--all", help="也列出没有变化的部门 / list unchanged too")
    ] = False,
) -> None:
    """试算草案规则或评价办法的影响：各部门发现项增减、得分、等次、经费决定 / impact of a draft."""
    if not policies.is_dir():
        raise fail(f"{policies} 不是目录 / not a directory")
    res: dict[str, Any] = guard(lambda: impact(_period(period), policies))
    if fmt == "json":
        sys.stdout.write(orjson.dumps(res, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2).decode() + "\n")
    else:
        cur, dr = res["current"], res["draft"]
        out.print(
            f"现行 current：指标体系 {cur['indicator_version']} · "
            f"草案 draft：{dr['policies']} 指标体系 {dr['indicator_version']}",
            highlight=False,
        )
        t = Table(title=f"{res['period']} 年度草案影响 / impact of the draft")
        for col in ("部门", "新增发现项", "消失发现项", "总分", "等次", "名次", "经费"):
            t.add_column(col, overflow="fold")

        def arrow(a: Any, b: Any) -> str:
            a, b = "—" if a is None else a, "—" if b is None else b
            return str(a) if a == b else f"{a} → {b}"

        rows = [d for d in res["departments"] if show_all or d["changed"]]
        known = {d["code"]: d["name"] for d in res["departments"]}
        for d in rows:
            t.add_row(
                d["name"],
                "\n".join(f"+ {people.finding_zh(x, known)}" for x in d["findings_added"]) or "—",
                "\n".join(f"− {people.finding_zh(x, known)}" for x in d["findings_removed"]) or "—",
                arrow(d["total_before"], d["total_after"]),
                arrow(d["grade_before"], d["grade_after"]),
                arrow(d["rank_before"], d["rank_after"]),
                arrow(d["funding_before"], d["funding_after"]),
            )
        out.print(t)
        if not rows:
            out.print("草案不改变任何部门的结果 / the draft changes nothing", highlight=False)
    for e in res["errors"]:
        err.print(styled("red", "草案计分错误 / draft scoring error", f" {e}"), highlight=False)
    raise typer.Exit(2 if res["errors"] else 0)


def register(app: typer.Typer) -> None:
    """Add ``assess``, ``funding`` and ``impact`` to the Typer app (called by cli/main.py)."""
    app.command("assess")(assess_cmd)
    app.command("funding")(funding_cmd)
    app.command("impact")(impact_cmd)
