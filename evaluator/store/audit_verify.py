"""Verifying the audit log end to end: the keyed chain, its head outside the database, prune anchors, and
every snapshot, run and finding row the chain covers.

A row is covered by the entry that recorded it: an ``import`` entry lists each stored snapshot's content
hash and row hash, an ``evaluate`` entry the run row's hash and the hash of its findings. A row no kept
entry covers is either older than the last prune (then it is part of the digest that prune recorded) or
was put there behind the log's back. A stored snapshot is re-verified the same way before it is evaluated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from evaluator.store import audit_anchor as anchor
from evaluator.store.audit_log import GENESIS, AuditAnchor, AuditEntry, _digest
from evaluator.store.db import database_url, engine_unchecked, session
from evaluator.store.digest import findings_digest, row_digest
from evaluator.store.errors import CorruptStoreError, IntegrityError
from evaluator.store.runs import FindingRow, RunRow
from evaluator.store.snapshots import SnapshotRow


@dataclass
class VerifyResult:
    ok: bool
    entries: int
    problems: list[str]
    covered: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# snapshot keys


def snapshot_key(kind: str, dept: str, period: int, version: int) -> tuple[str, str, int, int]:
    return (kind, dept or "", int(period), int(version))


def _ref(k: tuple[str, str, int, int]) -> str:
    return f"{k[1] or 'platform'}/{k[2]}/v{k[3]}"


# ---------------------------------------------------------------------------------------------
# what the kept entries cover


@dataclass
class _Coverage:
    snapshots: dict[tuple[str, str, int, int], tuple[int, dict[str, Any]]] = field(default_factory=dict)
    runs: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)


def _coverage(entries: Sequence[AuditEntry]) -> _Coverage:
    cov = _Coverage()
    for e in entries:
        if e.action == "import":
            for x in e.details.get("snapshots") or []:
                if not x.get("unchanged"):
                    k = snapshot_key(x["kind"], x.get("dept") or "", x["period"], x["version"])
                    cov.snapshots[k] = (e.seq, x)
        elif e.action == "evaluate" and e.details.get("run"):
            cov.runs[str(e.details["run"])] = (e.seq, e.details)
    return cov


def _check_rows(s: Session, cov: _Coverage) -> tuple[list[str], list[str], dict[str, int]]:
    """Problems, the uncovered rows (``table:id:digest``) and counts of covered rows."""
    problems: list[str] = []
    uncovered: list[str] = []
    seen: set[tuple[str, str, int, int]] = set()
    counts = {"snapshots": 0, "runs": 0, "findings": 0}
    for row in s.exec(select(SnapshotRow).order_by(SnapshotRow.id)).all():  # type: ignore[arg-type]
        k = snapshot_key(row.kind, row.dept, row.period, row.version)
        seen.add(k)
        actual = hashlib.sha256(row.content).hexdigest()
        if actual != row.sha256:
            problems.append(
                f"快照 {_ref(k)} 的内容与其记录的哈希不符（内容被替换）/ snapshot {_ref(k)}: content replaced"
            )
        if k not in cov.snapshots:
            uncovered.append(f"snapshot:{row.id}:{row_digest(row)}")
            continue
        seq, rec = cov.snapshots[k]
        if rec.get("sha256") != actual or (rec.get("row_sha256") and rec["row_sha256"] != row_digest(row)):
            problems.append(
                f"快照 {_ref(k)} 与第 {seq} 条审计记录（导入）不符（被改动）/ snapshot {_ref(k)} differs "
                f"from audit entry {seq}"
            )
        else:
            counts["snapshots"] += 1
    for k, (seq, _rec) in sorted(cov.snapshots.items()):
        if k not in seen:
            problems.append(
                f"第 {seq} 条审计记录导入的快照 {_ref(k)} 已不在数据库中（被删除）/ snapshot {_ref(k)} deleted"
            )
    findings: dict[str, list[FindingRow]] = {}
    for f in s.exec(select(FindingRow)).all():
        findings.setdefault(f.run_id, []).append(f)
    run_ids: set[str] = set()
    for run in s.exec(select(RunRow).order_by(RunRow.id)).all():
        run_ids.add(run.id)
        mine = findings.get(run.id, [])
        fdig = findings_digest(mine)
        if run.id not in cov.runs:
            uncovered.append(f"run:{run.id}:{row_digest(run)}:{fdig}")
            continue
        seq, rec = cov.runs[run.id]
        bad = []
        if rec.get("row_sha256"):
            if rec["row_sha256"] != row_digest(run):
                bad.append("运行记录 run row")
            if rec.get("findings_sha256") != fdig:
                bad.append("发现项 findings")
        else:  # an entry written before rows were hashed: the report and the number of findings
            if rec.get("report_sha256") != hashlib.sha256(run.report).hexdigest():
                bad.append("报告 report")
            if rec.get("findings") != len(mine):
                bad.append("发现项数 number of findings")
        if bad:
            problems.append(
                f"评价运行 {run.id} 的{'、'.join(bad)}与第 {seq} 条审计记录不符（被改动）/ run {run.id} "
                f"differs from audit entry {seq}"
            )
        else:
            counts["runs"] += 1
            counts["findings"] += len(mine)
    for rid, (seq, _rec) in sorted(cov.runs.items()):
        if rid not in run_ids:
            problems.append(
                f"第 {seq} 条审计记录的评价运行 {rid} 已不在数据库中（被删除）/ run {rid} deleted"
            )
    for rid in sorted(set(findings) - run_ids):
        problems.append(f"发现项属于不存在的评价运行 {rid}（被插入）/ findings of a run that does not exist")
    return problems, uncovered, counts


def _uncovered_doc(uncovered: Sequence[str]) -> dict[str, Any]:
    return {
        "count": len(uncovered),
        "sha256": hashlib.sha256("\n".join(sorted(uncovered)).encode()).hexdigest(),
    }


def uncovered_digest(s: Session) -> dict[str, Any]:
    """Digest of the rows no kept entry covers, for the ``audit.prune`` entry (within its transaction)."""
    entries = list(s.exec(select(AuditEntry).order_by(AuditEntry.seq)).all())  # type: ignore[arg-type]
    _problems, uncovered, _counts = _check_rows(s, _coverage(entries))
    return _uncovered_doc(uncovered)


# ---------------------------------------------------------------------------------------------
# the chain and its head


def _sqlite_integrity(eng: Engine) -> list[str]:
    if eng.dialect.name != "sqlite":
        return []
    try:
        with eng.connect() as c:
            rows = [str(r[0]) for r in c.exec_driver_sql("PRAGMA quick_check").all()]
    except DBAPIError as e:
        return [f"数据库文件已损坏，无法读取 / the database file is corrupt: {e.orig}"]
    if rows == ["ok"]:
        return []
    return [f"数据库文件已损坏 / the database file is corrupt: {'; '.join(rows[:5])}"]


def _chain(
    entries: Sequence[AuditEntry], anc: AuditAnchor | None, legacy_through: int, keyed_ok: bool
) -> list[str]:
    problems: list[str] = []
    prev = anc.last_hash if anc else GENESIS
    expect = (anc.pruned_through + 1) if anc else 1
    for e in entries:
        if e.seq != expect:
            problems.append(
                f"第 {expect} 条至第 {e.seq - 1} 条缺失（被删除）/ entries {expect}..{e.seq - 1} missing"
            )
        if e.prev_hash != prev:
            problems.append(f"第 {e.seq} 条的前序哈希不符（链条断开）/ entry {e.seq}: chain broken")
        at = e.at if e.at.tzinfo else e.at.replace(tzinfo=dt.UTC)
        keyed = e.seq > legacy_through
        if keyed and not keyed_ok:
            problems.append(
                f"第 {e.seq} 条无法校验（缺少审计密钥）/ entry {e.seq}: no audit key to verify it"
            )
        elif not hmac.compare_digest(
            _digest(e.prev_hash, e.seq, at, e.actor, e.action, e.details, keyed=keyed), e.hash
        ):
            problems.append(f"第 {e.seq} 条内容被改动或伪造（哈希不符）/ entry {e.seq} was altered or forged")
        prev = e.hash
        expect = e.seq + 1
    return problems


def _head_problems(
    head: anchor.Head | None,
    entries: Sequence[AuditEntry],
    anc: AuditAnchor | None,
    key_exists: bool,
    where: str,
) -> list[str]:
    problems: list[str] = []
    by_seq = {e.seq: e for e in entries}
    if head is None:
        if key_exists and entries:
            problems.append(
                f"审计链头文件缺失，无法判断日志是否被截短 / the audit head file is missing: {where}"
            )
        return problems
    for n in head.bad_lines:
        problems.append(f"审计链头文件第 {n} 行被改动或伪造 / head file line {n} altered or forged: {where}")
    last = head.last
    if last is not None:
        have = by_seq.get(last.seq)
        top = max(by_seq) if by_seq else 0
        if have is not None:
            if have.hash != last.hash:
                problems.append(
                    f"第 {last.seq} 条与链头文件记录的不同：数据库被替换或日志被重写 / entry {last.seq} differs "
                    f"from the head recorded outside the database: database replaced or log rewritten"
                )
        elif not (anc is not None and anc.pruned_through >= last.seq):
            if not entries and anc is None:
                problems.append(
                    f"数据库中没有审计记录，但链头文件记录已有 {last.seq} 条：数据库被清空或替换 / the database "
                    f"holds no audit entries but {last.seq} were written: emptied or replaced ({where})"
                )
            else:
                problems.append(
                    f"日志被截短：链头文件记录到第 {last.seq} 条，数据库只到第 {top} 条 / log truncated: the head "
                    f"names entry {last.seq}, the database ends at {top}"
                )
    prune = head.last_prune
    legacy_seq = head.legacy.seq if head.legacy else 0
    if prune is not None and (anc is None or (anc.pruned_through, anc.last_hash) != (prune.seq, prune.hash)):
        problems.append(
            f"清理锚点与链头文件记录的不同（锚点被伪造或删除）/ the prune anchor differs from the one recorded "
            f"outside the database (through {prune.seq})"
        )
    elif prune is None and anc is not None and anc.pruned_through > legacy_seq:
        problems.append(
            f"清理锚点（至第 {anc.pruned_through} 条）没有链头文件记录：伪造的锚点 / prune anchor through "
            f"{anc.pruned_through} was never recorded: forged"
        )
    return problems


def _anchor_entry_problems(entries: Sequence[AuditEntry], anc: AuditAnchor | None) -> list[str]:
    if anc is None:
        return []
    for e in reversed(entries):
        if e.action == "audit.prune" and e.details.get("through_seq") == anc.pruned_through:
            if e.details.get("last_hash", anc.last_hash) == anc.last_hash:
                return []
    return [
        f"清理锚点（至第 {anc.pruned_through} 条）没有对应的 audit.prune 审计记录：伪造的锚点 / prune anchor "
        f"through {anc.pruned_through} has no audit.prune entry: forged"
    ]


def _uncovered_problems(
    entries: Sequence[AuditEntry], anc: AuditAnchor | None, uncovered: list[str]
) -> list[str]:
    if not uncovered:
        return []
    prune = next(
        (e for e in reversed(entries) if e.action == "audit.prune" and "uncovered" in e.details), None
    )
    if anc is not None and prune is not None and prune.details["uncovered"] == _uncovered_doc(uncovered):
        return []
    shown = ", ".join(u.split(":")[0] + " " + u.split(":")[1] for u in sorted(uncovered)[:10])
    return [
        f"{len(uncovered)} 行数据没有审计记录（在日志之外被插入或改动）/ {len(uncovered)} row(s) not covered by "
        f"the audit log (inserted or changed behind its back): {shown}"
    ]


def verify(url: str | None = None) -> VerifyResult:
    url = url or database_url()
    try:
        eng = engine_unchecked(url)
    except CorruptStoreError as e:
        return VerifyResult(False, 0, [str(e)])
    problems = _sqlite_integrity(eng)
    if problems:
        return VerifyResult(False, 0, problems)
    try:
        with Session(eng) as s:
            anc = s.exec(select(AuditAnchor).order_by(AuditAnchor.id.desc())).first()  # type: ignore[union-attr]
            entries = list(s.exec(select(AuditEntry).order_by(AuditEntry.seq)).all())  # type: ignore[arg-type]
            row_problems, uncovered, counts = _check_rows(s, _coverage(entries))
    except DBAPIError as e:
        return VerifyResult(False, 0, [f"无法读取数据库 / cannot read the database: {e.orig}"])
    key_exists = anchor.key_path().exists()
    try:
        head = anchor.read(url) if key_exists else None
        if key_exists:
            anchor.key()
    except anchor.AuditKeyError as e:
        return VerifyResult(False, len(entries), [str(e)])
    if head is None and anchor.head_path(url).exists() and not key_exists:
        problems.append(f"审计密钥缺失，链头文件无法校验 / the audit key is missing: {anchor.key_path()}")
    legacy_through = (head.legacy.seq if head and head.legacy else 0) if key_exists else 1 << 62
    problems += _chain(entries, anc, legacy_through, key_exists)
    problems += _head_problems(head, entries, anc, key_exists, anchor.describe(url))
    problems += _anchor_entry_problems(entries, anc)
    problems += row_problems
    problems += _uncovered_problems(entries, anc, uncovered)
    return VerifyResult(not problems, len(entries), problems, counts)


def check_snapshots(rows: Sequence[SnapshotRow], url: str | None = None) -> None:
    """Before a stored snapshot is evaluated: its content is what its import recorded, else IntegrityError."""
    wanted = {snapshot_key(r.kind, r.dept, r.period, r.version): r for r in rows}
    found: dict[tuple[str, str, int, int], tuple[AuditEntry, dict[str, Any]]] = {}
    with session(url) as s:
        imports = s.exec(select(AuditEntry).where(AuditEntry.action == "import")).all()
        for e in imports:
            for x in e.details.get("snapshots") or []:
                if not x.get("unchanged"):
                    k = snapshot_key(x["kind"], x.get("dept") or "", x["period"], x["version"])
                    if k in wanted:
                        found[k] = (e, x)
        has_anchor = s.exec(select(AuditAnchor)).first() is not None
    key_exists = anchor.key_path().exists()
    head = anchor.read(url or _default_url()) if key_exists else None
    legacy_through = (head.legacy.seq if head and head.legacy else 0) if key_exists else 1 << 62
    full: VerifyResult | None = None
    for k, row in sorted(wanted.items()):
        actual = hashlib.sha256(row.content).hexdigest()
        ok = actual == row.sha256
        if ok and k in found:
            e, x = found[k]
            at = e.at if e.at.tzinfo else e.at.replace(tzinfo=dt.UTC)
            keyed = e.seq > legacy_through
            entry_ok = hmac.compare_digest(
                _digest(e.prev_hash, e.seq, at, e.actor, e.action, e.details, keyed=keyed), e.hash
            )
            ok = entry_ok and x.get("sha256") == actual
            if ok and x.get("row_sha256"):
                ok = x["row_sha256"] == row_digest(row)
            if ok and not keyed:  # an unkeyed entry proves nothing by itself: the whole chain must hold
                full = full or verify(url)
                ok = full.ok
        elif ok:  # recorded by an entry pruned since: the digest of the prune must hold
            full = full or verify(url)
            ok = has_anchor and full.ok
        if not ok:
            raise IntegrityError(
                f"已入库快照 {_ref(k)} 与导入时审计记录的内容不符（被改动或替换），拒绝评价；请运行 "
                f"govshare audit verify 查明 / stored snapshot {_ref(k)} does not match what its import "
                "recorded: refused"
            )


def _default_url() -> str:
    return database_url()
