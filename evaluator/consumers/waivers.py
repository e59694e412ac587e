"""Art. 68 waivers (免责): one finding each, with its ground, grantor, date and evidence. A waived
finding stays visible and marked; it does not count in scoring, funding or notices (the evaluation reads
the waivers in force, ``lib/waiver.rego``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from evaluator.consumers.notices.policy import load_lifecycle
from evaluator.consumers.notices.words import date_zh
from evaluator.errors import NoticeError
from evaluator.store import waivers as store
from evaluator.store.runs import latest_county_run
from evaluator.store.waivers import WaiverRow

# the Art. 68 grounds are data: policies/notices/lifecycle.yaml
WAIVER_GROUNDS = load_lifecycle().grounds


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
    variant: str | None = None,
    url: str | None = None,
    actor: str | None = None,
    before_commit: Callable[[WaiverRow], None] | None = None,
) -> WaiverRow:
    """Record a waiver of one finding; ``actor`` is who entered it (default: the grantor); ``before_commit``
    runs inside the transaction that stores it (the command prints there: unprintable, not stored). The finding is
    the one of the latest county run with that rule, department and record, and ``variant`` when the rule
    found more than one thing on the record (refused without it then: one waiver covers one finding)."""
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
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()  # Beijing: the latest date a record may carry
    if granted_on > today:
        raise NoticeError(
            f"认定日期（{date_zh(granted_on)}）晚于今天（{date_zh(today)}，北京时间），不能预填未来的日期 / "
            f"{granted_on.isoformat()} is in the future",
            refused=True,
        )
    key = finding_key(rule_id, department, period, subject, variant, url)
    row = WaiverRow(
        finding_key=key,
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
    return store.insert(row, actor or grantor, url, before_commit)


def finding_key(
    rule_id: str, department: str, period: int, subject: str, variant: str | None, url: str | None
) -> str:
    """The key of the one finding a waiver is for. A waiver is the authority's finding about one finding
    that was made: the latest county run of the period must hold it. A waiver typed for a rule, department
    or record that was never found would otherwise be stored and wait to switch off a future finding nobody
    has seen; one typed for a record where the rule found two things must say which (``variant``). A run
    stored before keys existed reads with the keys the result builder gives its findings now."""
    latest = latest_county_run(period, url)
    if latest is None:
        raise NoticeError(
            f"{period} 年度尚无全县评价，无从认定免责；请先 govshare evaluate --period {period} / "
            "no county run of this period: evaluate first",
            refused=True,
        )
    run, findings = latest
    found = [
        f for f in findings if f.rule_id == rule_id and f.department == department and f.subject == subject
    ]
    if not found:
        raise NoticeError(
            f"最近一次全县评价（{run.id[:8]}）中没有该发现项：规则 {rule_id}、部门 {department}、记录 {subject}；"
            "免责只能针对已发现的一个问题，请核对后重试（govshare evaluate --period 年度 --format json 列出全部发现项）/ "
            "no such finding in the latest county run",
            refused=True,
        )
    chosen = [f for f in found if variant is None or f.variant == variant]
    if len(chosen) != 1:
        options = "；".join(f"--variant {f.variant}（{f.message_zh}）" for f in found)
        raise NoticeError(
            f"规则 {rule_id} 在记录 {subject} 上有 {len(found)} 个发现项，免责只针对其中一个，请指明：{options} / "
            "the rule found more than one thing on this record: name the variant",
            refused=True,
        )
    return chosen[0].key


def list_waivers(period: int | None = None, url: str | None = None, *, all_: bool = False) -> list[WaiverRow]:
    return store.list_waivers(period, url, all_=all_)


def revoke_waiver(
    waiver_id: int,
    *,
    actor: str,
    reason: str,
    url: str | None = None,
    before_commit: Callable[[WaiverRow], None] | None = None,
) -> WaiverRow:
    if not actor.strip() or not reason.strip():
        raise NoticeError("须写明撤销人和理由 / who and why are required", refused=True)
    return store.revoke(waiver_id, actor=actor, reason=reason, url=url, before_commit=before_commit)
