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

import yaml
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from evaluator.consumers.notice_render import render_docx, render_pdf
from evaluator.engine.opa import eval_query, policies_dir
from evaluator.facts.statute import cite_zh, load_statute
from evaluator.store.audit import append_in
from evaluator.store.db import (
    NoticeEventRow,
    NoticeRow,
    WaiverRow,
    latest_county_run,
    latest_snapshots,
    session,
)

DRAFT = "草拟"
VOID = "作废"
ISSUED = "已下发"
REPORTED = "已反馈"
VERIFIED = "已整改"
OVERDUE = "逾期"
ESCALATED = "已报请督促"
REFERRED = "移送"

STATE_ALIASES = {
    "issued": ISSUED,
    "reported": REPORTED,
    "verified": VERIFIED,
    "overdue": OVERDUE,
    "escalated": ESCALATED,
    "referred": REFERRED,
}

# what may follow each state; 已整改 and 移送 are final (a 作废 row never was a notice)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ISSUED: (REPORTED, OVERDUE),
    REPORTED: (VERIFIED, OVERDUE),
    OVERDUE: (REPORTED, ESCALATED),
    ESCALATED: (REPORTED, VERIFIED, REFERRED),
}
OPEN_STATES = (DRAFT, ISSUED, REPORTED, OVERDUE, ESCALATED)

WAIVER_GROUNDS = {
    "尽职": "尽职",
    "due-diligence": "尽职",
    "不可抗力": "不可抗力",
    "force-majeure": "不可抗力",
}

NUMBER_RETRIES = 20


class NoticeError(Exception):
    """A notice could not be issued or moved (Chinese first). ``refused`` marks a request the law does not
    support (no Art. 67 ground, a transition not allowed), as opposed to a failure."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


# ---------------------------------------------------------------------------------------------
# Settings and helpers


def settings() -> dict[str, Any]:
    path = policies_dir() / "notices" / "data.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise NoticeError(f"整改通知书设置无效 / invalid notice settings: {path}")
    return data


def deadline(issued_on: dt.date) -> tuple[int, dt.date]:
    """(N working days, due date) for a notice issued on ``issued_on``, computed by OPA."""
    from evaluator.engine.opa import OpaError

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


def date_zh(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "", text)[:40]


def _key(f: dict[str, Any]) -> tuple[str, str, str]:
    return (f["rule_id"], f["department"], f["subject"])


def grounds(findings: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Art. 67 grounds by department: findings with a rectification ground that are not waived."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        if f.get("rectification_ground") is None or f.get("waived"):
            continue
        out[f["department"]].append(f)
    return dict(out)


# ---------------------------------------------------------------------------------------------
# Documents


def _value_zh(v: Any) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    if v is None:
        return "（无）"
    if isinstance(v, list):
        return "、".join(_value_zh(x) for x in v) or "（无）"
    if isinstance(v, dict):
        return "，".join(f"{k} {_value_zh(x)}" for k, x in sorted(v.items()))
    return str(v)


def _values_zh(values: dict[str, Any]) -> str:
    return "；".join(f"{k}：{_value_zh(v)}" for k, v in sorted(values.items()))


def notice_document(row: NoticeRow, findings: list[dict[str, Any]], cfg: dict[str, Any]) -> dict[str, Any]:
    statute = load_statute()
    art = int(cfg["rectification_article"])
    ex = int(cfg["exemption_article"])
    a67 = statute.article(art)
    a68 = statute.article(ex)
    title_law = statute.title
    blocks: list[dict[str, str]] = [
        {
            "t": "p",
            "text": f"我局依据《{title_law}》（以下简称《办法》），对你单位{row.period}年度政务数据共享管理情况进行了评价"
            f"（评价批次 {row.run_id[:8]}）。经查，你单位存在下列问题，属于《办法》{cite_zh(art)}规定的应当整改的情形。"
            f"根据《办法》{cite_zh(art)}“{a67.lead_zh.split('，未在')[0]}”的规定，现通知你单位限期整改。有关事项通知如下：",
        },
        {"t": "h1", "text": "一、存在的问题"},
    ]
    for i, f in enumerate(findings, 1):
        ground = int(f["rectification_ground"])
        ev = f["evidence"][0]
        blocks += [
            {"t": "h2", "text": f"（{_num(i)}）{f['title_zh']}"},
            {"t": "p", "text": f["message_zh"]},
            {
                "t": "p",
                "text": f"依据：《办法》{f['citation_zh']}规定：“{f['article_text_zh']}”"
                f"该问题属于《办法》{cite_zh(art, ground)}“{a67.items[ground].rstrip('；。')}”的情形。",
            },
            {
                "t": "ev",
                "text": f"证据：数据快照 {ev['snapshot'] or '（未入库文件）'}，位置 {ev['pointer']}，记录 {ev['record_id']}。"
                + (f"有关数值：{_values_zh(ev['values'])}。" if ev.get("values") else ""),
            },
        ]
    blocks.append({"t": "h1", "text": "二、整改要求"})
    for i, f in enumerate(findings, 1):
        blocks.append(
            {
                "t": "p",
                "text": f"{i}. 针对第（{_num(i)}）项问题：按照《办法》{f['citation_zh']}的规定整改，做到{f['title_zh']}，"
                "并更新本部门在全县平台报送的相应数据快照。",
            }
        )
    assert row.due_on is not None
    blocks += [
        {"t": "h1", "text": "三、整改时限"},
        {
            "t": "p",
            "text": f"请你单位自本通知下发之日次日起{row.working_days}个工作日内（按国家法定节假日安排计算，"
            f"即{date_zh(row.due_on)}前）完成整改，并向我局报送书面整改报告。",
        },
        {"t": "h1", "text": "四、整改报告内容及联系方式"},
        {"t": "p", "text": "整改报告应当包括以下内容："},
    ]
    for i, c in enumerate(cfg["report_contents_zh"], 1):
        blocks.append({"t": "p", "text": f"{i}. {c}。"})
    contact = cfg["contact"]
    blocks += [
        {
            "t": "p",
            "text": f"整改报告请报送{cfg['issuer_zh']}{contact['office_zh']}。联系人：{contact['person_zh']}，"
            f"联系电话：{contact['phone']}。",
        },
        {
            "t": "p",
            "text": f"你单位已按照规定开展政务数据活动，并已履行监督管理职责、合理注意义务或者存在不可抗力情形的，"
            f"可在整改报告中一并提出免责申请并附证明材料，由我局依照《办法》{cite_zh(ex)}认定"
            f"（{a68.text_zh.split('，不承担')[0].removeprefix('各政务部门')}的，不承担或者免于承担相应责任）。",
        },
        {"t": "h1", "text": "五、逾期未整改的处理"},
        {
            "t": "p",
            "text": f"逾期未完成整改的，我局将依照《办法》{cite_zh(art)}的规定，及时将有关情况上报{cfg['county_government_zh']}，"
            "纳入督查督办并责令改正；情节严重的，由有关部门对直接负责的主管人员和其他直接责任人员依法依规给予处分。",
        },
    ]
    return _frame(
        row, cfg, cfg["notice_title_zh"], row.department_name, blocks, "特此通知。", cfg["copy_to_zh"]
    )


def escalation_document(
    row: NoticeRow, parent: NoticeRow, still: list[dict[str, Any]], cfg: dict[str, Any], reason: str
) -> dict[str, Any]:
    art = int(cfg["rectification_article"])
    a67 = load_statute().article(art)
    assert parent.due_on is not None
    blocks: list[dict[str, str]] = [
        {
            "t": "p",
            "text": f"{date_zh(parent.issued_on)}，我局依照《{load_statute().title}》（以下简称《办法》）{cite_zh(art)}，"
            f"向{parent.department_name}下发《{cfg['notice_title_zh']}》（{parent.number}），要求其于"
            f"{date_zh(parent.due_on)}前完成整改并报送整改报告。截至{date_zh(row.issued_on)}，该单位未在规定的时限内完成整改"
            f"（{reason}）。",
        },
        {
            "t": "p",
            "text": f"《办法》{cite_zh(art)}规定：“{a67.lead_zh.rstrip('：')}。”现将有关情况报告如下：",
        },
        {"t": "h1", "text": "一、未整改的问题"},
    ]
    for i, f in enumerate(still, 1):
        blocks.append(
            {"t": "p", "text": f"{i}. {f['title_zh']}（《办法》{f['citation_zh']}）：{f['message_zh']}"}
        )
    blocks += [
        {"t": "h1", "text": "二、建议"},
        {
            "t": "p",
            "text": f"建议{cfg['county_government_zh']}将{parent.department_name}上述问题纳入督查督办，责令其限期改正；"
            "情节严重的，由有关部门对直接负责的主管人员和其他直接责任人员依法依规给予处分。",
        },
    ]
    title = cfg["escalation_title_zh"].format(department=parent.department_name)
    return _frame(
        row,
        cfg,
        title,
        cfg["county_government_zh"],
        blocks,
        "特此报告。",
        cfg["escalation_copy_to_zh"],
        signer=cfg.get("signer_zh"),
    )


def _frame(
    row: NoticeRow,
    cfg: dict[str, Any],
    title: str,
    addressee: str,
    blocks: list[dict[str, str]],
    closing: str,
    copy_to: list[str],
    signer: str | None = None,
) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "issuer_mark": cfg["issuer_mark_zh"],
        "number": row.number,
        "signer": signer,
        "title": title,
        "addressee": addressee,
        "blocks": blocks,
        "closing": closing,
        "signature": cfg["issuer_zh"],
        "date_zh": date_zh(row.issued_on),
        "copy_to": "，".join(copy_to),
        "printer": cfg["printer_zh"],
        "print_date_zh": date_zh(row.issued_on) + "印发",
    }


def _num(i: int) -> str:
    from evaluator.facts.statute import zh_numeral

    return zh_numeral(i)


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
            except IntegrityError:
                s.rollback()
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


def _write_files(row: NoticeRow, doc: dict[str, Any], out_dir: Path) -> list[str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    kind_zh = "整改通知书" if row.kind == "notice" else "报请督促函"
    stem = f"{row.year}-{row.seq:03d}_{kind_zh}_{_slug(row.department_name or row.department)}"
    docx_path = out_dir / f"{stem}.docx"
    pdf_path = out_dir / f"{stem}.pdf"
    try:
        render_docx(doc, docx_path)
        render_pdf(doc, pdf_path)
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


def issue(
    period: int,
    department: str | None = None,
    *,
    issued_on: dt.date | None = None,
    actor: str = "govshare",
    out_dir: Path | None = None,
    url: str | None = None,
) -> IssueResult:
    """Issue one notice per department with Art. 67 grounds in the latest stored run of ``period``."""
    got = latest_county_run(period, url)
    if got is None:
        raise NoticeError(
            f"{period} 年度没有全县评价结果，请先 govshare evaluate（不带 --department）"
            f" / no county run stored for {period}: run govshare evaluate without --department"
        )
    run, rows = got
    found = grounds([r.data for r in rows])
    issued_on = issued_on or dt.date.today()
    cfg = settings()
    art = cite_zh(int(cfg["rectification_article"]))
    out_dir = out_dir or Path("data") / "notices"
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
        issued.append(
            _produce(
                url,
                cfg,
                template,
                lambda row, fs=fs: notice_document(row, fs, cfg),
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
    on = on or dt.date.today()
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
        rem = remaining(row, url)
        still = row.findings if rem is None else rem[1]
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
            run_id=rem[0] if rem else row.run_id,
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
            lambda r: escalation_document(r, parent, still, cfg, reason),
            out_dir or Path("data") / "notices",
            actor,
            f"报请{cfg['county_government_zh']}督促整改 {row.number} / escalation letter",
            ISSUED,
        )
        reason = f"{reason}（报请督促函 {letter.number}）"
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
