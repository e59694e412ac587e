"""Art. 67 rectification notices (整改通知书): issue and lifecycle.

- A notice is issued per department from the latest county run's findings that are Art. 67 grounds
  (``rectification_ground`` set) and not waived; numbering and files: :mod:`.numbering`.
- The time limit is N working days from the day of issue on the statutory calendar, computed by OPA
  (``data.lib.notice.deadline``; N is the authority's setting in policies/notices/data.yaml).
- Lifecycle: 已下发 → 已反馈 → 已整改 (a later run no longer finds the problems) | 逾期 (past the time
  limit) → 已报请督促 (the 请示 to the county government, in the same form, with its own number) → 移送.
  Each transition records who, when and why (``notice_event``).

See docs/decisions/0005-notices.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from evaluator.consumers.notices.config import placeholders, settings
from evaluator.consumers.notices.document import Facts, escalation_document, notice_document
from evaluator.consumers.notices.numbering import produce, set_state, write_files
from evaluator.consumers.notices.states import (
    DRAFT,
    ESCALATED,
    ISSUED,
    OVERDUE,
    STATE_ALIASES,
    TRANSITIONS,
    VERIFIED,
)
from evaluator.consumers.notices.words import actionable, completed, date_zh
from evaluator.engine import OpaError, eval_query
from evaluator.errors import NoticeError, UndefinedQuery
from evaluator.facts.statute import cite_zh
from evaluator.model.results import Finding
from evaluator.settings import notices_dir
from evaluator.store import notices as store
from evaluator.store.notices import NoticeEventRow, NoticeRow
from evaluator.store.runs import latest_county_run
from evaluator.store.snapshots import latest_snapshots


def deadline(issued_on: dt.date) -> tuple[int, dt.date]:
    """(N working days, due date) for a notice issued on ``issued_on``, computed by OPA."""
    day = issued_on.isoformat()
    try:
        got = eval_query(f'data.lib.notice.deadline("{day}")')
    except UndefinedQuery:  # the library says why (a year without calendar data …)
        try:
            msg = eval_query(f'data.lib.notice.deadline_error("{day}")')
        except UndefinedQuery:
            msg = f"无法计算 {day} 下发的整改时限 / no time limit for {day}"
        raise NoticeError(str(msg)) from None
    except OpaError as e:  # OPA could not answer (a bundle that fails its signature …): say so
        raise NoticeError(str(e)) from e
    return int(got["working_days"]), dt.date.fromisoformat(got["due_on"])


def grounds(findings: list[Finding]) -> dict[str, list[Finding]]:
    """What each department must rectify: Art. 67 grounds, unwaived, no hint, no restatement, no victim
    record (:func:`evaluator.consumers.notices.words.actionable`)."""
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in actionable(findings):
        out[f.department].append(f)
    return dict(out)


def beijing_today() -> dt.date:
    """Today in Beijing time: the date of issue of a document and the latest date it may carry."""
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _not_future(on: dt.date, what: str) -> None:
    today = beijing_today()
    if on > today:
        raise NoticeError(
            f"{what}（{date_zh(on)}）晚于今天（{date_zh(today)}，北京时间），不能预填未来的日期 / "
            f"{on.isoformat()} is in the future",
            refused=True,
        )


def _facts(period: int, url: str | None, draft: bool = False) -> Facts:
    """Department names, the data's as-of date and the snapshots' contents, from the store."""
    platform, depts = latest_snapshots(period, None, url)
    rows = [r for r in (platform, *depts) if r is not None]
    names = {r.dept: r.name for r in depts}
    as_of = max((r.as_of for r in rows), default=dt.date(period, 12, 31))
    snapshots = {r.ref: orjson.loads(r.content) for r in rows}
    return Facts(names=names, as_of=as_of, snapshots=snapshots, draft=draft)


@dataclass
class IssueResult:
    issued: list[NoticeRow]
    skipped: list[tuple[str, str]]  # (department, why)


def issue(
    period: int,
    department: str | None = None,
    *,
    issued_on: dt.date | None = None,
    actor: str = "govshare",
    out_dir: Path | None = None,
    url: str | None = None,
    draft: bool = False,
) -> IssueResult:
    """Issue one notice per department with Art. 67 grounds in the latest county run of ``period``.

    ``draft``: write the documents watermarked 草稿 with no number, store nothing (a preview); without it,
    settings still at their example values (contact, 签发人) refuse the issue."""
    got = latest_county_run(period, url)
    if got is None:
        raise NoticeError(
            f"{period} 年度没有全县评价结果，请先 govshare evaluate（不带 --department）"
            f" / no county run stored for {period}: run govshare evaluate without --department"
        )
    run, all_findings = got  # the notice keeps the findings it lists as they were (store: Finding.as_json)
    found = grounds(all_findings)
    issued_on = issued_on or beijing_today()
    _not_future(issued_on, "下发日期")
    cfg = settings()
    example = placeholders(cfg)
    if example and not draft:
        raise NoticeError(
            "整改通知书设置中仍是示例值或为空，不能正式下发："
            + "、".join(example)
            + "。请数据主管部门改为实际的联系人、签发人和"
            "机关代字后再下发（govshare authority set notices，或仪表盘“主管部门维护”页），或用 --draft 生成带“草稿”水印的样稿 / "
            "settings still hold example values: set them with govshare authority set notices, or use --draft",
            refused=True,
        )
    facts = _facts(period, url, draft)
    art = cite_zh(int(cfg["rectification_article"]))
    out_dir = out_dir or notices_dir()
    targets = [department] if department else sorted(found)
    skipped: list[tuple[str, str]] = []
    if department and department not in found:
        if department not in facts.names:
            raise NoticeError(
                f"代码为 {department} 的部门没有报送 {period} 年度快照，不在该年度的评价之中，不予下发整改通知书"
                "（请核对部门代码：即该部门快照中 department.code 所填的统一社会信用代码）"
                f" / {department} is not a department of the {period} evaluation: no notice",
                refused=True,
            )
        raise NoticeError(
            f"{facts.names[department]}在 {period} 年度最新一次全县评价中没有属于{art}整改情形且未免责的"
            f"发现项，不予下发整改通知书 / {department} has no unwaived Art. 67 finding in the latest run: no notice",
            refused=True,
        )
    authority = authority_of(period, url)
    if department and department == authority:
        raise NoticeError(
            f"部门 {department} 是数据主管部门本身，不向自己下发整改通知书 / the authority itself",
            refused=True,
        )
    working_days, due_on = deadline(issued_on)
    # every document's words first (labels, quotations, requirements): a check that fails refuses the whole
    # issue before any number is taken or any file written
    planned: list[tuple[NoticeRow, dict[str, Any]]] = []
    for dept in targets:
        if dept == authority:
            skipped.append(
                (dept, "数据主管部门本身的问题不向自己下发整改通知书（见评价结果）/ the authority itself")
            )
            continue
        open_one = store.open_notice(url, dept, period)
        if open_one is not None:
            why = f"已有未办结的整改通知书 {open_one.number}（{open_one.state}）/ an open notice exists"
            if department:
                raise NoticeError(f"部门 {dept}：{why}", refused=True)
            skipped.append((dept, why))
            continue
        fs = sorted(found[dept], key=lambda f: (f.article, f.item or 0, f.rule_id, f.subject))
        template = NoticeRow(
            kind="notice",
            year=0,
            seq=0,
            number=f"{cfg['number_prefix_zh']}〔{issued_on.year}〕　号",  # the number is taken after the checks
            department=dept,
            department_name=fs[0].department_name or dept,
            period=period,
            run_id=run.id,
            issued_on=issued_on,
            due_on=due_on,
            working_days=working_days,
            state=DRAFT,
            findings=fs,
            files=[],
            created_at=dt.datetime.now(dt.UTC),
        )
        planned.append((template, notice_document(template, fs, all_findings, cfg, facts)))
    if draft:
        return IssueResult(_write_drafts(planned, out_dir), skipped)
    issued = [
        produce(
            url,
            cfg,
            template,
            doc,
            out_dir,
            actor,
            f"依{art}下发整改通知书（{len(template.findings)} 项问题）/ notice issued",
            ISSUED,
        )
        for template, doc in planned
    ]
    return IssueResult(issued, skipped)


def _write_drafts(planned: list[tuple[NoticeRow, dict[str, Any]]], out_dir: Path) -> list[NoticeRow]:
    """The 草稿 files of every planned notice, or none of them: a failure removes those already written."""
    written: list[str] = []
    try:
        for template, doc in planned:
            template.files = write_files(template, doc, out_dir, draft=True)
            written += template.files
    except BaseException:
        for f in written:
            Path(f).unlink(missing_ok=True)
        raise
    return [t for t, _ in planned]


def authority_of(period: int, url: str | None) -> str | None:
    """The authority's code, from the latest platform snapshot of the period (None without one)."""
    platform, _ = latest_snapshots(period, None, url)
    if platform is None:
        return None
    return getattr(platform.snapshot(), "authority", None)


def get(ref: str, url: str | None = None) -> tuple[NoticeRow, list[NoticeEventRow]]:
    """A document by id or by number (内数据〔2026〕12号), with its events."""
    return store.get(ref, url)


def list_notices(
    period: int | None = None, department: str | None = None, url: str | None = None
) -> list[NoticeRow]:
    return store.list_notices(period, department, url)


def remaining(row: NoticeRow, url: str | None = None) -> tuple[str, list[Finding]] | None:
    """The notice's problems still found (not waived) by the latest county run, when it is newer than the
    notice's run: (run id, findings); None when there is none. A run of one department (or of files) is
    never the evidence: it did not look at the notice's department's findings."""
    got = latest_county_run(row.period, url)
    if got is None or got[0].id == row.run_id:
        return None
    run, stored = got
    now = {f.key for f in stored if not f.waived}
    # a one-off delay done before the notice is found again by every run: it is not unrectified (words.completed)
    return run.id, [f for f in row.findings if f.key in now and not completed(f)]


def transition(
    ref: str,
    to: str,
    *,
    actor: str,
    reason: str,
    on: dt.date | None = None,
    out_dir: Path | None = None,
    url: str | None = None,
) -> tuple[NoticeRow, NoticeRow | None]:
    """Move a notice to state ``to`` (Chinese or English name). Returns the notice and, for 已报请督促,
    the escalation letter issued to the county government."""
    to = STATE_ALIASES.get(to, to)
    if not actor.strip() or not reason.strip():
        raise NoticeError("须写明经办人和理由 / who and why are required", refused=True)
    row, _ = get(ref, url)
    if row.kind != "notice":
        raise NoticeError(f"{row.number} 不是整改通知书 / not a rectification notice", refused=True)
    allowed = TRANSITIONS.get(row.state, ())
    if to not in allowed:
        raise NoticeError(
            f"{row.number} 当前为“{row.state}”，不能转为“{to}”（可转为：{'、'.join(allowed) or '无，已办结'}）"
            f" / transition {row.state} → {to} not allowed",
            refused=True,
        )
    today = beijing_today()
    # the history records when a transition was entered (the event's time); a 办理日期 given for another
    # day is said in its reason, so the history keeps the date the documents and checks went by
    dated = f"（办理日期：{date_zh(on)}）" if on is not None and on != today else ""
    on = on or today
    _not_future(on, "办理日期")
    if on < row.issued_on:
        raise NoticeError(
            f"办理日期（{date_zh(on)}）早于{row.number}的下发日期（{date_zh(row.issued_on)}），"
            f"不能在下发之前办理 / {on.isoformat()} is before the notice was issued",
            refused=True,
        )
    reason += dated
    assert row.id is not None and row.due_on is not None
    if to == OVERDUE and on <= row.due_on:
        raise NoticeError(
            f"{row.number} 的整改期限至 {date_zh(row.due_on)}，{date_zh(on)} 尚未逾期 / not past the time limit",
            refused=True,
        )
    if to == VERIFIED:
        rem = remaining(row, url)
        if rem is None:
            raise NoticeError(
                f"{row.number}：下发后尚无新的全县评价，无法核实整改 / no county evaluation after the "
                "notice: run govshare evaluate (without --department) first",
                refused=True,
            )
        run_id, still = rem
        if still:
            ids = "、".join(f"{f.rule_id} {f.subject}" for f in still)
            raise NoticeError(
                f"{row.number}：最新评价（{run_id[:8]}）仍发现 {len(still)} 项问题（{ids}），不能认定已整改 / "
                "problems still found",
                refused=True,
            )
        reason = f"{reason}（评价 {run_id[:8]} 已不再发现通知所列问题）"
    letter: NoticeRow | None = None
    if to == ESCALATED:
        cfg = settings()
        example = placeholders(cfg)
        if example:
            raise NoticeError(
                "设置中仍是示例值或为空，不能正式报请："
                + "、".join(example)
                + " / settings still hold example values",
                refused=True,
            )
        latest = latest_county_run(row.period, url)
        run_on = (
            latest[0].finished_at.replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()
            if latest
            else None
        )
        if latest is None or latest[0].id == row.run_id or run_on is None or run_on <= row.due_on:
            raise NoticeError(
                f"{row.number} 的整改期限至 {date_zh(row.due_on)}（含当日），期满后尚未重新评价：请先 govshare evaluate，"
                "请示只列重新评价后仍发现的问题 / re-evaluate after the time limit first",
                refused=True,
            )
        if on < run_on:
            raise NoticeError(
                f"请示日期（{date_zh(on)}）早于期满后的重新评价（{date_zh(run_on)}）：请示只能在重新评价之后 / "
                "the 请示 cannot predate the re-evaluation it reports",
                refused=True,
            )
        rem = remaining(row, url)
        assert rem is not None
        still = rem[1]
        if not still:
            raise NoticeError(
                f"{row.number}：最新评价已不再发现通知所列问题，应核实整改而非报请督促 / problems are gone",
                refused=True,
            )
        template = NoticeRow(
            kind="escalation",
            year=0,
            seq=0,
            number="",
            parent_id=row.id,
            department=row.department,
            department_name=row.department_name,
            period=row.period,
            run_id=rem[0],
            issued_on=on,
            state=DRAFT,
            findings=still,
            files=[],
            created_at=dt.datetime.now(dt.UTC),
        )
        letter = produce(
            url,
            cfg,
            template,
            escalation_document(template, row, still, run_on, cfg, _facts(row.period, url)),
            out_dir or notices_dir(),
            actor,
            f"请示{cfg['county_government_zh']}督促整改 {row.number} / escalation 请示",
            ISSUED,
        )
        reason = f"{reason}（请示 {letter.number}）"
    row = set_state(url, row.id, to, actor, reason)
    return row, letter
