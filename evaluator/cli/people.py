"""Words for the person reading a command's table: Chinese dates, Beijing time, departments by name,
audit actions in Chinese. ``--format json`` never goes through here: it stays machine-readable.

A table never shows a snapshot's record id, a JSON pointer, a machine key or a UTC ISO time; a message
stored by an older run (ISO dates, credit codes) is worded as the notices word it (``plain``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from evaluator.consumers.notices.words import plain
from evaluator.model.results import Finding
from evaluator.store import snapshots
from evaluator.store.reads import department_names

BEIJING = ZoneInfo("Asia/Shanghai")


def date_zh(d: dt.date | str | None) -> str:
    """2026年3月2日; "—" for none; a value that is not a date as it is."""
    if d is None or d == "":
        return "—"
    if isinstance(d, str):
        try:
            day = dt.date.fromisoformat(d[:10])
        except ValueError:
            return d
    else:
        day = d
    return f"{day.year}年{day.month}月{day.day}日"


def due_zh(d: dt.date | str | None) -> str:
    """A time limit's last day, unambiguous: 2026年12月22日（含当日）."""
    return f"{date_zh(d)}（含当日）" if d else "—"


def time_zh(t: dt.datetime | None) -> str:
    """A moment in Beijing time, 2026年3月2日 10:15:03 (stored times are UTC; naive ones too)."""
    if t is None:
        return "—"
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    b = t.astimezone(BEIJING)
    return f"{date_zh(b.date())} {b:%H:%M:%S}"


def names(period: int | None = None) -> dict[str, str]:
    """Department code → name, from the stored snapshots (one period, or every period)."""
    periods = [period] if period is not None else snapshots.periods()
    out: dict[str, str] = {}
    for p in periods:
        out.update(department_names(p, None))
    return out


def words(message: str, known: dict[str, str]) -> str:
    """A finding's message as a person reads it (an older run's ISO dates and codes worded)."""
    return plain(message, known)


def run_zh(run: dict[str, Any]) -> str:
    """An evaluation's header as a county user reads it: the year, how many departments, when (Beijing
    time), how many snapshots, and the one department a ``--department`` run lists. The run id, the OPA
    version and the bundle hash are for machines: ``--format json`` and the audit log keep them."""
    snapshots = run.get("snapshots", [])
    depts = {s.get("dept") for s in snapshots if s.get("kind") == "department"}
    finished = dt.datetime.fromisoformat(run["finished_at"]) if run.get("finished_at") else None
    words_ = [
        f"评价年度 {run['period']}",
        f"部门数 {len(depts)}",
        f"评价时间 {time_zh(finished)}（北京时间）",
        f"快照 {len(snapshots)} 份",
    ]
    if run.get("department"):
        code = str(run["department"])
        words_.append(f"只列出{names(int(run['period'])).get(code, code)}的发现项")
    return " · ".join(words_)


def finding_zh(f: Finding | Mapping[str, Any], known: dict[str, str]) -> str:
    """《办法》citation and the message: 第十四条：向内乡县自然资源局申请资源… A finding of a run, or one
    as a notice or the assessment's result holds it (JSON)."""
    if isinstance(f, Finding):
        citation, message = f.citation_zh or f.rule_id, f.message_zh
    else:
        citation, message = f.get("citation_zh") or f["rule_id"], str(f.get("message_zh", ""))
    return f"{citation}：{words(message, known)}"


# the audit log's actions (evaluator/store/audit.py callers), in Chinese
ACTIONS = {
    "import": "导入快照",
    "evaluate": "评价",
    "export": "导出",
    "notice.number": "通知书取号",
    "notice.issue": "下发整改通知书",
    "notice.transition": "通知书状态变更",
    "notice.void": "作废文号",
    "waiver.add": "认定免责",
    "waiver.revoke": "撤销免责",
    "login.success": "登录",
    "login.failure": "登录失败",
    "login.blocked": "登录被暂停",
    "logout": "退出登录",
    "user.add": "新增用户",
    "user.delete": "删除用户",
    "user.password_change": "修改密码",
    "policy.keygen": "生成签名密钥",
    "policy.adopt": "采纳策略",
    "policy.publish": "发布策略包",
    "calendar.add_year": "补充工作日历",
    "audit.prune": "清理审计记录",
    "authority.set_indicators": "提交评价指标体系",
    "authority.set_notices": "提交通知书发文设置",
    "authority.set_settings": "提交主管部门的设定",
    "authority.set_dashboard": "提交仪表盘登录设置",
}

# what an entry's details say, in words; hashes, run and record ids stay in the log (audit verify reads them)
_DETAIL_WORDS = {
    "period": "年度",
    "department": "部门",
    "dept": "部门",
    "rule_id": "规则",
    "ground": "事由",
    "grantor": "认定人",
    "granted_on": "认定日期",
    "revoke_reason": "撤销理由",
    "findings": "发现项",
    "status": "状态",
    "command": "命令",
    "format": "格式",
    "number": "文号",
    "from": "从",
    "to": "到",
    "state": "状态",
    "reason": "理由",
    "kind": "类别",
    "username": "用户",
    "role": "角色",
    "year": "年份",
    "notice": "依据",
    "holidays": "放假日数",
    "version": "版本",
    "key_id": "密钥",
    "file": "文件",
    "effective_from": "生效日期",
    "before": "清理日期",
    "removed": "删除条数",
    "url": "地址",
    "out": "目录",
}
_STATUS = {"ok": "完成", "error": "未完成（有错误）"}


def audit_summary(details: dict[str, Any], known: dict[str, str]) -> str:
    parts: list[str] = []
    for key, label in _DETAIL_WORDS.items():
        v = details.get(key)
        if v is None or v == "" or isinstance(v, dict):
            continue
        if key in ("department", "dept"):
            v = known.get(str(v), v)
        elif key in ("granted_on", "effective_from", "before"):
            v = date_zh(str(v))
        elif key == "status":
            v = _STATUS.get(str(v), v)
        elif isinstance(v, list):
            v = "、".join(str(x) for x in v)
        parts.append(f"{label} {v}")
    for key, label in (("snapshots", "快照"), ("files", "文件")):
        if isinstance(details.get(key), list):
            parts.append(f"{label} {len(details[key])} 份")
    return "；".join(parts) or "—"
