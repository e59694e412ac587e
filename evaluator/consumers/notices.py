"""Art. 67 rectification notices (整改通知书), their lifecycle and escalation; Art. 68 waivers (免责).

- A notice is issued per department from the latest stored run's findings that are Art. 67 grounds
  (``rectification_ground`` set) and not waived. Its number (发文字号, 前缀〔年〕序号号) is allocated in the
  transaction that inserts the row, under a unique (year, seq) constraint: two notices issued at once never
  share a number; a failure while writing the files leaves the row in state 作废 with the reason, so no
  number is lost or reused without a trace.
- The time limit is N working days from the day of issue on the statutory calendar, computed by OPA
  (``data.lib.notice.deadline``; N is the authority's setting in policies/notices/data.yaml).
- Lifecycle: 已下发 → 已反馈 → 已整改 (a later run no longer finds the problems) | 逾期 (past the time
  limit) → 已报请督促 (the escalation letter to the county government is drafted in the same form, with its
  own number) → 移送. Each transition records who, when and why (``notice_event``).

See docs/decisions/0005-notices.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import yaml
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from evaluator.consumers.notice_lifecycle import load_lifecycle
from evaluator.consumers.notice_render import render_docx, render_pdf
from evaluator.consumers.notice_text import Facts, escalation_document, notice_document
from evaluator.consumers.notice_words import actionable, date_zh
from evaluator.engine import eval_query, policies_dir
from evaluator.facts.statute import cite_zh
from evaluator.settings import notice_settings_file, notices_dir
from evaluator.store.audit import append_in
from evaluator.store.db import (
    OPEN_NOTICE_STATES,
    NoticeEventRow,
    NoticeRow,
    WaiverRow,
    latest_county_run,
    latest_snapshots,
    session,
)

# the lifecycle and the Art. 68 grounds are data: policies/notices/lifecycle.yaml (notice_lifecycle.py)
_LIFE = load_lifecycle()
DRAFT, VOID, ISSUED, REPORTED, VERIFIED, OVERDUE, ESCALATED, REFERRED = (
    _LIFE.states[k]
    for k in ("draft", "void", "issued", "reported", "verified", "overdue", "escalated", "referred")
)
STATE_ALIASES = _LIFE.aliases
# what may follow each state; 已整改 and 移送 are final (a 作废 row never was a notice)
TRANSITIONS: dict[str, tuple[str, ...]] = _LIFE.transitions
OPEN_STATES = OPEN_NOTICE_STATES  # the database's constraint: it must be the data's open states
if tuple(OPEN_STATES) != _LIFE.open_states:  # pragma: no cover - a data/schema mismatch is a defect
    raise RuntimeError(f"lifecycle.yaml open states {_LIFE.open_states} ≠ the store's {OPEN_STATES}")
WAIVER_GROUNDS = _LIFE.grounds

NUMBER_RETRIES = 20


class NoticeError(Exception):
    """A notice could not be issued or moved (Chinese first). ``refused`` marks a request the law does not
    support (no Art. 67 ground, a transition not allowed), as opposed to a failure."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


# ---------------------------------------------------------------------------------------------
# Settings and helpers


#: the authority's own notice settings (contact, 签发人, …), a YAML file laid over policies/notices/data.yaml
NOTICE_SETTINGS_ENV = "GOVSHARE_NOTICE_SETTINGS"


def _yaml_dict(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise NoticeError(f"整改通知书设置无法读取 / cannot read notice settings: {path}: {e}") from e
    if not isinstance(data, dict):
        raise NoticeError(f"整改通知书设置无效 / invalid notice settings: {path}")
    return data


def _overlay(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in top.items():
        out[k] = _overlay(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def settings() -> dict[str, Any]:
    """The shipped settings, with the authority's file ($GOVSHARE_NOTICE_SETTINGS) laid over them."""
    data = _yaml_dict(policies_dir() / "notices" / "data.yaml")
    own = notice_settings_file()
    if own:
        top = _yaml_dict(Path(own))
        unknown = sorted(set(top) - set(data))
        if unknown:
            raise NoticeError(f"整改通知书设置中有未知的项 / unknown settings in {own}: {'、'.join(unknown)}")
        data = _overlay(data, top)
    return data


def deadline(issued_on: dt.date) -> tuple[int, dt.date]:
    """(N working days, due date) for a notice issued on ``issued_on``, computed by OPA."""
    from evaluator.engine import OpaError

    day = issued_on.isoformat()
    try:
        got = eval_query(f'data.lib.notice.deadline("{day}")')
    except OpaError:
        try:
            msg = eval_query(f'data.lib.notice.deadline_error("{day}")')
        except OpaError:
            msg = f"无法计算 {day} 下发的整改时限 / no time limit for {day}"
        raise NoticeError(str(msg)) from None
    return int(got["working_days"]), dt.date.fromisoformat(got["due_on"])


def _slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "", text)[:40]


def _key(f: dict[str, Any]) -> tuple[str, str, str]:
    return (f["rule_id"], f["department"], f["subject"])


def grounds(findings: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """What each department must rectify: Art. 67 grounds, unwaived, no hint, no restatement, no victim
    record (:func:`evaluator.consumers.notice_words.actionable`)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in actionable(findings):
        out[f["department"]].append(f)
    return dict(out)


# ---------------------------------------------------------------------------------------------
# Documents (the words: notice_text.py and policies/notices/templates.yaml)


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


def placeholders(cfg: dict[str, Any]) -> list[str]:
    """The settings still at their shipped example values (``placeholders:`` in policies/notices/data.yaml)."""
    out = []
    for path, example in (cfg.get("placeholders") or {}).items():
        node: Any = cfg
        for part in re.findall(r"[^.]+", str(path)):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None or str(node).strip() == "" or str(node) == str(example):
            out.append(f"{path}（{node or '空'}）")
    return out


def _facts(period: int, url: str | None, draft: bool = False) -> Facts:
    """Department names, the data's as-of date and the snapshots' contents, from the store."""
    platform, depts = latest_snapshots(period, None, url)
    rows = [r for r in (platform, *depts) if r is not None]
    names = {r.dept: r.name for r in depts}
    as_of = max((r.as_of for r in rows), default=dt.date(period, 12, 31))
    return Facts(
        names=names, as_of=as_of, snapshots={r.ref: orjson.loads(r.content) for r in rows}, draft=draft
    )


# ---------------------------------------------------------------------------------------------
# Numbering and issue


def _allocate(
    url: str | None, cfg: dict[str, Any], template: NoticeRow, actor: str, reason: str
) -> NoticeRow:
    """Insert ``template`` with the next number of its year, in one transaction (state 草拟)."""
    prefix = cfg["number_prefix_zh"]
    year = template.issued_on.year
    for _ in range(NUMBER_RETRIES):
        with session(url) as s:
            top = s.exec(select(func.max(NoticeRow.seq)).where(NoticeRow.year == year)).one()
            seq = int(top or 0) + 1
            row = NoticeRow(
                **template.model_dump(exclude={"id", "year", "seq", "number", "state"}),
                year=year,
                seq=seq,
                number=f"{prefix}〔{year}〕{seq}号",
                state=DRAFT,
            )
            s.add(row)
            try:
                s.flush()
                s.add(
                    NoticeEventRow(
                        notice_id=row.id,  # type: ignore[arg-type]
                        from_state=None,
                        to_state=DRAFT,
                        actor=actor,
                        at=dt.datetime.now(dt.UTC),
                        reason=reason,
                    )
                )
                # the number is audited in the transaction that takes it: no number without a trace
                append_in(
                    s,
                    "notice.number",
                    {
                        "id": row.id,
                        "number": row.number,
                        "kind": row.kind,
                        "department": row.department,
                        "period": row.period,
                        "run": row.run_id,
                        "state": DRAFT,
                        "reason": reason,
                    },
                    actor,
                )
                s.commit()
            except IntegrityError as e:
                s.rollback()
                if _open_notice_taken(e):  # another process issued one for this department meanwhile
                    raise NoticeError(
                        f"部门 {template.department} {template.period} 年度已有未办结的整改通知书（刚由另一操作下发），"
                        "不再重复下发 / an open notice for this department and period was issued meanwhile",
                        refused=True,
                    ) from e
                continue  # another notice took this number at the same moment: take the next one
            s.refresh(row)
            s.expunge(row)
            return row
    raise NoticeError("无法分配发文字号（并发冲突过多）/ could not allocate a document number")


def _set_state(
    url: str | None,
    notice_id: int,
    to: str,
    actor: str,
    reason: str,
    files: list[str] | None = None,
    at: dt.datetime | None = None,
) -> NoticeRow:
    with session(url) as s:
        row = s.get(NoticeRow, notice_id)
        if row is None:
            raise NoticeError(f"没有编号为 {notice_id} 的文书 / no document {notice_id}")
        s.add(
            NoticeEventRow(
                notice_id=notice_id,
                from_state=row.state,
                to_state=to,
                actor=actor,
                at=at or dt.datetime.now(dt.UTC),
                reason=reason,
            )
        )
        before = row.state
        row.state = to
        if files is not None:
            row.files = files
        s.add(row)
        action = {ISSUED: "notice.issue", VOID: "notice.void"}.get(to, "notice.transition")
        append_in(
            s,
            action if before == DRAFT else "notice.transition",
            {
                "id": notice_id,
                "number": row.number,
                "department": row.department,
                "period": row.period,
                "from": before,
                "to": to,
                "reason": reason,
                "files": _file_hashes(files or []),
            },
            actor,
        )
        s.commit()
        s.refresh(row)
        s.expunge(row)
        return row


def _write_files(row: NoticeRow, doc: dict[str, Any], out_dir: Path, *, draft: bool = False) -> list[str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    kind_zh = "整改通知书" if row.kind == "notice" else "请示"
    who = _slug(row.department_name or row.department)
    stem = f"草稿_{kind_zh}_{who}" if draft else f"{row.year}-{row.seq:03d}_{kind_zh}_{who}"
    docx_path = out_dir / f"{stem}.docx"
    pdf_path = out_dir / f"{stem}.pdf"
    try:
        breaks = render_pdf(doc, pdf_path)  # first: the DOCX repeats its page breaks before the 版记
        render_docx(doc, docx_path, breaks, row.created_at)
    except BaseException:
        # a document with a voided number must not circulate: remove what was half written
        for p in (docx_path, pdf_path):
            p.unlink(missing_ok=True)
        raise
    return [str(docx_path), str(pdf_path)]


def _file_hashes(files: list[str]) -> list[dict[str, str]]:
    """Path and SHA-256 of each written document, for the audit log."""
    out = []
    for f in files:
        p = Path(f)
        out.append({"path": f, "sha256": hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else ""})
    return out


def _produce(
    url: str | None,
    cfg: dict[str, Any],
    template: NoticeRow,
    build: Any,
    out_dir: Path,
    actor: str,
    reason: str,
    final_state: str,
) -> NoticeRow:
    """Allocate a number, write the files, then mark the row issued; on failure mark it 作废 with why."""
    row = _allocate(url, cfg, template, actor, reason)
    try:
        files = _write_files(row, build(row), out_dir)
    except Exception as e:
        assert row.id is not None
        _set_state(url, row.id, VOID, actor, f"文书文件生成失败，文号作废不再使用 / files failed: {e}")
        raise NoticeError(
            f"{row.number} 文件生成失败，该文号已作废并记录 / files for {row.number} failed: {e}"
        ) from e
    assert row.id is not None
    return _set_state(url, row.id, final_state, actor, reason, files)


@dataclass
class IssueResult:
    issued: list[NoticeRow]
    skipped: list[tuple[str, str]]  # (department, why)


def _open_notice_taken(e: IntegrityError) -> bool:
    msg = str(e.orig)
    return "uq_open_notice" in msg or "notice.department, notice.period" in msg


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
    run, rows = got
    all_findings = [r.data for r in rows]
    found = grounds(all_findings)
    issued_on = issued_on or beijing_today()
    _not_future(issued_on, "下发日期")
    cfg = settings()
    example = placeholders(cfg)
    if example and not draft:
        raise NoticeError(
            "整改通知书设置中仍是示例值，不能正式下发："
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
        raise NoticeError(
            f"部门 {department} 在 {period} 年度最新评价（{run.id[:8]}）中没有属于{art}整改情形且未免责的发现项，"
            f"不予下发整改通知书 / {department} has no unwaived Art. 67 finding in the latest run: no notice",
            refused=True,
        )
    authority = _authority(period, url)
    if department and department == authority:
        raise NoticeError(
            f"部门 {department} 是数据主管部门本身，不向自己下发整改通知书 / the authority itself",
            refused=True,
        )
    working_days, due_on = deadline(issued_on)
    issued: list[NoticeRow] = []
    for dept in targets:
        if dept == authority:
            skipped.append(
                (dept, "数据主管部门本身的问题不向自己下发整改通知书（见评价结果）/ the authority itself")
            )
            continue
        open_one = _open_notice(url, dept, period)
        if open_one is not None:
            why = f"已有未办结的整改通知书 {open_one.number}（{open_one.state}）/ an open notice exists"
            if department:
                raise NoticeError(f"部门 {dept}：{why}", refused=True)
            skipped.append((dept, why))
            continue
        fs = sorted(found[dept], key=lambda f: (f["article"], f["item"] or 0, f["rule_id"], f["subject"]))
        template = NoticeRow(
            kind="notice",
            year=0,
            seq=0,
            number="",
            department=dept,
            department_name=fs[0].get("department_name") or dept,
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
        build = lambda row, fs=fs: notice_document(row, fs, all_findings, cfg, facts)  # noqa: E731
        if draft:
            template.number = f"{cfg['number_prefix_zh']}〔{issued_on.year}〕　号"
            template.files = _write_files(template, build(template), out_dir, draft=True)
            issued.append(template)
            continue
        issued.append(
            _produce(
                url,
                cfg,
                template,
                build,
                out_dir,
                actor,
                f"依{art}下发整改通知书（{len(fs)} 项问题）/ notice issued",
                ISSUED,
            )
        )
    return IssueResult(issued, skipped)


def _authority(period: int, url: str | None) -> str | None:
    """The authority's code, from the latest platform snapshot of the period (None without one)."""
    platform, _ = latest_snapshots(period, None, url)
    if platform is None:
        return None
    return getattr(platform.snapshot(), "authority", None)


def _open_notice(url: str | None, dept: str, period: int) -> NoticeRow | None:
    with session(url) as s:
        row = s.exec(
            select(NoticeRow).where(
                NoticeRow.kind == "notice",
                NoticeRow.department == dept,
                NoticeRow.period == period,
                NoticeRow.state.in_(OPEN_STATES),  # type: ignore[attr-defined]
            )
        ).first()
        if row is not None:
            s.expunge(row)
        return row


# ---------------------------------------------------------------------------------------------
# Lifecycle


def get(ref: str, url: str | None = None) -> tuple[NoticeRow, list[NoticeEventRow]]:
    """A document by id or by number (内数据〔2026〕12号), with its events."""
    with session(url) as s:
        stmt = select(NoticeRow)
        stmt = stmt.where(NoticeRow.id == int(ref)) if ref.isdigit() else stmt.where(NoticeRow.number == ref)
        row = s.exec(stmt).first()
        if row is None:
            raise NoticeError(f"没有文书 {ref} / no document {ref}")
        events = list(
            s.exec(
                select(NoticeEventRow).where(NoticeEventRow.notice_id == row.id).order_by(NoticeEventRow.id)  # type: ignore[arg-type]
            ).all()
        )
        s.expunge_all()
        return row, events


def list_notices(
    period: int | None = None, department: str | None = None, url: str | None = None
) -> list[NoticeRow]:
    with session(url) as s:
        stmt = select(NoticeRow)
        if period is not None:
            stmt = stmt.where(NoticeRow.period == period)
        if department:
            stmt = stmt.where(NoticeRow.department == department)
        rows = list(s.exec(stmt.order_by(NoticeRow.year, NoticeRow.seq)).all())  # type: ignore[arg-type]
        s.expunge_all()
        return rows


def remaining(row: NoticeRow, url: str | None = None) -> tuple[str, list[dict[str, Any]]] | None:
    """The notice's problems still found (not waived) by the latest county run, when it is newer than the
    notice's run: (run id, findings); None when there is none. A run of one department (or of files) is
    never the evidence: it did not look at the notice's department's findings."""
    got = latest_county_run(row.period, url)
    if got is None or got[0].id == row.run_id:
        return None
    run, rows = got
    now = {_key(r.data) for r in rows if not r.data.get("waived")}
    return run.id, [f for f in row.findings if _key(f) in now]


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
    on = on or beijing_today()
    _not_future(on, "办理日期")
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
            ids = "、".join(f"{f['rule_id']} {f['subject']}" for f in still)
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
                "设置中仍是示例值，不能正式报请："
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
        parent = row
        letter = _produce(
            url,
            cfg,
            template,
            lambda r: escalation_document(r, parent, still, run_on, cfg, _facts(row.period, url)),
            out_dir or notices_dir(),
            actor,
            f"请示{cfg['county_government_zh']}督促整改 {row.number} / escalation 请示",
            ISSUED,
        )
        reason = f"{reason}（请示 {letter.number}）"
    row = _set_state(url, row.id, to, actor, reason)
    return row, letter


# ---------------------------------------------------------------------------------------------
# Waivers (Art. 68)


def add_waiver(
    *,
    rule_id: str,
    department: str,
    period: int,
    subject: str,
    ground: str,
    grantor: str,
    granted_on: dt.date,
    evidence: str,
    url: str | None = None,
    actor: str | None = None,
) -> WaiverRow:
    """Record a waiver of one finding; ``actor`` is who entered it (default: the grantor)."""
    g = WAIVER_GROUNDS.get(ground)
    if g is None:
        raise NoticeError(
            f"免责事由应为 尽职 或 不可抗力 / ground must be 尽职 (due-diligence) or 不可抗力 (force-majeure): {ground}",
            refused=True,
        )
    for name, v in (("rule_id", rule_id), ("department", department), ("subject", subject)):
        if not v.strip() or v.strip() in ("*", "%"):
            raise NoticeError(
                f"免责只针对一个发现项，{name} 不得为空或通配 / one finding, never a blanket", refused=True
            )
    if not grantor.strip() or not evidence.strip():
        raise NoticeError("须写明认定人和证明材料 / grantor and evidence are required", refused=True)
    with session(url) as s:
        dup = s.exec(
            select(WaiverRow).where(
                WaiverRow.rule_id == rule_id,
                WaiverRow.department == department,
                WaiverRow.period == period,
                WaiverRow.subject == subject,
                WaiverRow.revoked_at == None,  # noqa: E711
            )
        ).first()
        if dup is not None:
            raise NoticeError(f"该发现项已有有效的免责记录 #{dup.id} / already waived", refused=True)
        row = WaiverRow(
            rule_id=rule_id,
            department=department,
            period=period,
            subject=subject,
            ground=g,
            grantor=grantor,
            granted_on=granted_on,
            evidence=evidence,
            created_at=dt.datetime.now(dt.UTC),
        )
        s.add(row)
        s.flush()
        append_in(s, "waiver.add", _waiver_audit(row), actor or grantor)
        s.commit()
        s.refresh(row)
        s.expunge(row)
        return row


def _waiver_audit(row: WaiverRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "rule_id": row.rule_id,
        "department": row.department,
        "period": row.period,
        "subject": row.subject,
        "ground": row.ground,
        "grantor": row.grantor,
        "granted_on": row.granted_on.isoformat(),
        "evidence_sha256": hashlib.sha256(row.evidence.encode()).hexdigest(),
        "revoke_reason": row.revoke_reason,
    }


def list_waivers(period: int | None = None, url: str | None = None, *, all_: bool = False) -> list[WaiverRow]:
    with session(url) as s:
        stmt = select(WaiverRow)
        if period is not None:
            stmt = stmt.where(WaiverRow.period == period)
        if not all_:
            stmt = stmt.where(WaiverRow.revoked_at == None)  # noqa: E711
        rows = list(s.exec(stmt.order_by(WaiverRow.id)).all())  # type: ignore[arg-type]
        s.expunge_all()
        return rows


def revoke_waiver(waiver_id: int, *, actor: str, reason: str, url: str | None = None) -> WaiverRow:
    if not actor.strip() or not reason.strip():
        raise NoticeError("须写明撤销人和理由 / who and why are required", refused=True)
    with session(url) as s:
        row = s.get(WaiverRow, waiver_id)
        if row is None or row.revoked_at is not None:
            raise NoticeError(f"没有有效的免责记录 #{waiver_id} / no active waiver {waiver_id}", refused=True)
        row.revoked_at = dt.datetime.now(dt.UTC)
        row.revoked_by = actor
        row.revoke_reason = reason
        s.add(row)
        append_in(s, "waiver.revoke", _waiver_audit(row), actor)
        s.commit()
        s.refresh(row)
        s.expunge(row)
        return row
