"""The store: snapshots (versioned, append-only), evaluation runs and their findings.

SQLite file by default (``data/govshare.db`` in the project), PostgreSQL when ``GOVSHARE_DATABASE_URL``
names one. Each import and each run is one transaction: a failure leaves nothing half-written.
See docs/decisions/0003-storage.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint, and_, func, text
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlmodel import Field, Session, SQLModel, create_engine, select

from evaluator import settings
from evaluator.intake.files import LoadedSnapshot
from evaluator.model.redact import redact
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot
from evaluator.model.upgrade import upgrade
from evaluator.store import schema


class StoreError(Exception):
    """The database could not be reached or written; the message is Chinese first."""


class CorruptStoreError(StoreError):
    """The database file is not a database, or is truncated or malformed."""


class SnapshotRow(SQLModel, table=True):
    __tablename__ = "snapshot"
    __table_args__ = (UniqueConstraint("kind", "dept", "period", "version", name="uq_snapshot_version"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    dept: str = Field(index=True, description="部门代码；平台快照为空串 / '' for the platform snapshot")
    name: str
    period: int = Field(index=True)
    version: int
    as_of: dt.date
    sha256: str = Field(index=True)
    source: str
    imported_at: dt.datetime
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))

    def snapshot(self) -> DepartmentSnapshot | PlatformSnapshot:
        data = upgrade(orjson.loads(self.content))  # stored before format 1.1: converted on reading
        if self.kind == "department":
            return DepartmentSnapshot.model_validate(data)
        return PlatformSnapshot.model_validate(data)

    @property
    def ref(self) -> str:
        who = self.dept or "platform"
        return f"{who}/{self.period}/v{self.version}"


class RunRow(SQLModel, table=True):
    __tablename__ = "run"

    id: str = Field(primary_key=True)
    started_at: dt.datetime
    finished_at: dt.datetime
    period: int = Field(index=True)
    opa_version: str
    bundle_hash: str
    snapshots: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    findings_count: int
    status: str = Field(description="ok | error")
    errors: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    report: bytes = Field(sa_column=Column(LargeBinary, nullable=False), description="the report JSON")
    out_of_scope: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    scope: str = Field(
        index=True,
        description="county 全县（已入库的最新快照）| department 一个部门（evaluate --department）| files 直接评价的文件",
    )
    department: str | None = Field(default=None, description="scope 为 department 时的部门代码")


#: what a run evaluated: the whole county's latest stored snapshots, one department of them, or given files
RUN_SCOPES = ("county", "department", "files")


class FindingRow(SQLModel, table=True):
    __tablename__ = "finding"

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(foreign_key="run.id", index=True)
    rule_id: str = Field(index=True)
    dept: str = Field(index=True)
    period: int
    subject: str
    severity: str
    dimension: str
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


def data_dir() -> Path:
    return settings.data_dir()


def database_url() -> str:
    url = settings.database_url_setting()
    if url:
        return url
    d = data_dir()
    d.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{d / 'govshare.db'}"


_ENGINES: dict[str, Engine] = {}


_ENGINES_LOCK = threading.Lock()


def engine(url: str | None = None) -> Engine:
    """The engine of a store, opened once per process; an emptied, truncated or replaced database where an
    audit chain existed is refused (:func:`evaluator.store.audit_verify.check_open`)."""
    url = url or database_url()
    eng = _ENGINES.get(url)
    if eng is not None and url in _CHECKED:
        return eng
    eng = engine_unchecked(url)
    from evaluator.store.audit_verify import check_open

    with _ENGINES_LOCK:
        if url not in _CHECKED:
            try:
                check_open(eng, url)
            except DBAPIError as e:
                raise StoreError(
                    f"无法读取数据库 {redact(url)} / cannot read the database: {redact(str(e.orig))}"
                ) from e
            _CHECKED.add(url)
    return eng


_CHECKED: set[str] = set()


def forget_engines() -> None:
    """Close every engine and forget the checks (the next open is a fresh one, as in a new process)."""
    with _ENGINES_LOCK:
        for eng in _ENGINES.values():
            eng.dispose()
        _ENGINES.clear()
        _CHECKED.clear()


def engine_unchecked(url: str | None = None) -> Engine:
    """The engine without the audit-head check (``audit verify`` reports what the check would refuse)."""
    url = url or database_url()
    eng = _ENGINES.get(url)
    if eng is not None:
        return eng
    with _ENGINES_LOCK:  # the first open of a database creates its tables once, even from threads
        return _engine_locked(url)


def _engine_locked(url: str) -> Engine:
    eng = _ENGINES.get(url)
    if eng is None:
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 5}
        else:
            kwargs["pool_pre_ping"] = True
            kwargs["connect_args"] = {"connect_timeout": 5}
        try:
            eng = create_engine(url, **kwargs)
        except (ArgumentError, ValueError) as e:
            raise StoreError(f"数据库地址无效 {redact(url)} / invalid database URL: {redact(str(e))}") from e
        try:
            schema.upgrade(eng)
        except OperationalError as e:  # locked, unreachable, refused
            raise StoreError(
                f"无法连接或初始化数据库 {redact(url)} / cannot open the database: {redact(str(e.orig))}"
            ) from e
        except DBAPIError as e:  # not a database (garbage header), truncated or malformed
            raise CorruptStoreError(
                f"数据库文件已损坏或不是数据库 {redact(url)}，未写入任何内容 / the database is corrupt or not a "
                f"database: {redact(str(e.orig))}"
            ) from e
        except schema.SchemaError as e:
            raise StoreError(str(e)) from e
        _ENGINES[url] = eng
    return eng


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    eng = engine(url)
    try:
        with Session(eng) as s:
            yield s
    except DBAPIError as e:
        # any database failure (locked, server gone, a constraint or trigger refusing a row) rolls the
        # transaction back and is an error (exit 2), never an uncaught exception that exits 1 = "findings"
        raise StoreError(
            f"数据库操作失败，未写入任何内容 / database operation failed, nothing written: {redact(str(e.orig))}"
        ) from e


class ImportResult(SQLModel):
    source: str
    kind: str
    dept: str
    period: int
    version: int
    sha256: str
    unchanged: bool


def store_snapshots(loaded: Sequence[LoadedSnapshot], url: str | None = None) -> list[ImportResult]:
    """Store validated snapshots in one transaction. A snapshot whose content equals its latest stored
    version is not stored again (reported as unchanged); otherwise it becomes the next version."""
    from evaluator.store.audit import append_in, lock
    from evaluator.store.audit_verify import row_digest

    results: list[ImportResult] = []
    added: dict[int, SnapshotRow] = {}
    now = dt.datetime.now(dt.UTC)
    with session(url) as s:
        # the write lock before reading the latest versions: concurrent imports run one after the other
        # (the second waits, then numbers its versions after the first's) instead of colliding
        lock(s, "snapshot")
        for snap in loaded:
            dept = snap.dept or ""
            latest = s.exec(
                select(SnapshotRow)
                .where(SnapshotRow.kind == snap.kind, SnapshotRow.dept == dept)
                .where(SnapshotRow.period == snap.snapshot.period)
                .order_by(SnapshotRow.version.desc())  # type: ignore[attr-defined]
            ).first()
            if latest is not None and latest.sha256 == snap.sha256:
                results.append(
                    ImportResult(
                        source=snap.source,
                        kind=snap.kind,
                        dept=dept,
                        period=snap.snapshot.period,
                        version=latest.version,
                        sha256=snap.sha256,
                        unchanged=True,
                    )
                )
                continue
            version = (latest.version + 1) if latest else 1
            name = (
                snap.snapshot.department.name
                if isinstance(snap.snapshot, DepartmentSnapshot)
                else "全县平台 county platform"
            )
            row = SnapshotRow(
                kind=snap.kind,
                dept=dept,
                name=name,
                period=snap.snapshot.period,
                version=version,
                as_of=snap.snapshot.as_of,
                sha256=snap.sha256,
                source=snap.source,
                imported_at=now,
                content=snap.canonical,
            )
            s.add(row)
            added[len(results)] = row
            results.append(
                ImportResult(
                    source=snap.source,
                    kind=snap.kind,
                    dept=dept,
                    period=snap.snapshot.period,
                    version=version,
                    sha256=snap.sha256,
                    unchanged=False,
                )
            )
        s.flush()
        recorded = []
        for i, r in enumerate(results):
            rec = r.model_dump(include={"source", "kind", "dept", "period", "version", "sha256", "unchanged"})
            if i in added:  # the stored row's own hash (every column), re-verified before it is evaluated
                rec["row_sha256"] = row_digest(added[i])
            recorded.append(rec)
        append_in(s, "import", {"snapshots": recorded})
        s.commit()
    return results


def latest_snapshots(
    period: int, dept: str | None = None, url: str | None = None
) -> tuple[SnapshotRow | None, list[SnapshotRow]]:
    """The latest platform snapshot and the latest version of every department snapshot of a period."""
    with session(url) as s:
        sub = (
            select(SnapshotRow.kind, SnapshotRow.dept, func.max(SnapshotRow.version).label("v"))
            .where(SnapshotRow.period == period)
            .group_by(SnapshotRow.kind, SnapshotRow.dept)
            .subquery()
        )
        rows = s.exec(
            select(SnapshotRow).join(
                sub,
                and_(
                    SnapshotRow.kind == sub.c.kind,  # type: ignore[arg-type]
                    SnapshotRow.dept == sub.c.dept,  # type: ignore[arg-type]
                    SnapshotRow.version == sub.c.v,  # type: ignore[arg-type]
                    SnapshotRow.period == period,  # type: ignore[arg-type]
                ),
            )
        ).all()
        platform = next((r for r in rows if r.kind == "platform"), None)
        depts = sorted((r for r in rows if r.kind == "department"), key=lambda r: r.dept)
        if dept is not None:
            depts = [r for r in depts if r.dept == dept]
        for r in [platform, *depts]:
            if r is not None:
                s.expunge(r)
        return platform, depts


@dataclasses.dataclass(frozen=True)
class SnapshotHead:
    """A stored snapshot version without its content: who, which version, its hash."""

    kind: str
    dept: str
    name: str
    period: int
    version: int
    sha256: str

    @property
    def ref(self) -> str:
        return f"{self.dept or 'platform'}/{self.period}/v{self.version}"


def latest_index(period: int, url: str | None = None) -> list[SnapshotHead]:
    """The latest version of every snapshot of a period (platform and departments), without reading
    their contents: for a caller that needs the names and hashes of all and the content of one or two."""
    with session(url) as s:
        sub = (
            select(SnapshotRow.kind, SnapshotRow.dept, func.max(SnapshotRow.version).label("v"))
            .where(SnapshotRow.period == period)
            .group_by(SnapshotRow.kind, SnapshotRow.dept)
            .subquery()
        )
        cols = (SnapshotRow.kind, SnapshotRow.dept, SnapshotRow.name, SnapshotRow.version, SnapshotRow.sha256)
        found = (
            s.connection()
            .execute(
                sa_select(*cols).join(  # type: ignore[call-overload]
                    sub,
                    and_(
                        SnapshotRow.kind == sub.c.kind,  # type: ignore[arg-type]
                        SnapshotRow.dept == sub.c.dept,  # type: ignore[arg-type]
                        SnapshotRow.version == sub.c.v,  # type: ignore[arg-type]
                        SnapshotRow.period == period,  # type: ignore[arg-type]
                    ),
                )
            )
            .all()
        )
    return sorted(
        (SnapshotHead(str(k), str(d), str(n), period, int(v), str(h)) for k, d, n, v, h in found),
        key=lambda r: (r.kind, r.dept),
    )


def snapshot_version(head: SnapshotHead, url: str | None = None) -> SnapshotRow | None:
    """The stored row (with its content) of a snapshot version :func:`latest_index` named."""
    with session(url) as s:
        row = s.exec(
            select(SnapshotRow).where(
                SnapshotRow.kind == head.kind,
                SnapshotRow.dept == head.dept,
                SnapshotRow.period == head.period,
                SnapshotRow.version == head.version,
            )
        ).first()
        if row is not None:
            s.expunge(row)
        return row


def periods(url: str | None = None) -> list[int]:
    with session(url) as s:
        return sorted(set(s.exec(select(SnapshotRow.period)).all()))


def save_run(run: RunRow, findings: Sequence[FindingRow], url: str | None = None) -> None:
    """Store a run and all its findings in one transaction."""
    from evaluator.store.audit import append_in
    from evaluator.store.audit_verify import findings_digest, row_digest

    with session(url) as s:
        s.add(run)
        s.flush()
        for f in findings:
            s.add(f)
        s.flush()
        append_in(
            s,
            "evaluate",
            {
                "run": run.id,
                "period": run.period,
                "status": run.status,
                "bundle_hash": run.bundle_hash,
                "opa_version": run.opa_version,
                "snapshots": [{"ref": x.get("ref"), "sha256": x.get("sha256")} for x in run.snapshots],
                "findings": run.findings_count,
                "report_sha256": hashlib.sha256(run.report).hexdigest(),
                "row_sha256": row_digest(run),
                "findings_sha256": findings_digest(findings),
            },
        )
        s.commit()


def latest_county_run_id(period: int, url: str | None = None) -> str | None:
    """The id of the latest county run of ``period``: the newest run over the whole county's stored
    snapshots. A run of one department (``evaluate --department``) or of files given directly is never it:
    it says nothing about the other departments."""
    with session(url) as s:
        return s.exec(
            select(RunRow.id)
            .where(RunRow.period == period, RunRow.scope == "county")
            .order_by(RunRow.finished_at.desc(), RunRow.started_at.desc(), RunRow.id.desc())  # type: ignore[attr-defined]
        ).first()


def latest_county_run(period: int, url: str | None = None) -> tuple[RunRow, list[FindingRow]] | None:
    """The latest county run of ``period`` (see :func:`latest_county_run_id`) with its findings."""
    run_id = latest_county_run_id(period, url)
    if run_id is None:
        return None
    with session(url) as s:
        run = s.get(RunRow, run_id)
        assert run is not None
        findings = list(s.exec(select(FindingRow).where(FindingRow.run_id == run_id)).all())
        s.expunge_all()
        return run, findings


# ---------------------------------------------------------------------------------------------
# Art. 68 waivers (免责) and Art. 67 rectification notices (整改通知书). See docs/decisions/0005-notices.md.


class WaiverRow(SQLModel, table=True):
    """One waived finding, named by its key (rule + department + period + record + variant, made by
    ``lib.finding.keyed``), never a blanket. Revoked, never deleted."""

    __tablename__ = "waiver"

    id: int | None = Field(default=None, primary_key=True)
    finding_key: str = Field(
        default="",
        index=True,
        description="所免责发现项的 key / the key of the one finding waived (lib.finding.keyed)",
    )
    rule_id: str = Field(index=True)
    department: str = Field(index=True)
    period: int = Field(index=True)
    subject: str = Field(description="发现项指向的记录编号 / the record id of the finding")
    ground: str = Field(description="免责事由：尽职 | 不可抗力 / due diligence or force majeure")
    grantor: str
    granted_on: dt.date
    evidence: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None

    def as_input(self) -> dict[str, Any]:
        """The waiver as OPA reads it in ``input.waivers``."""
        return {
            "id": self.id,
            "key": self.finding_key,
            "rule_id": self.rule_id,
            "department": self.department,
            "period": self.period,
            "subject": self.subject,
            "ground": self.ground,
            "grantor": self.grantor,
            "granted_on": self.granted_on.isoformat(),
            "evidence": self.evidence,
        }


def active_waivers(period: int, url: str | None = None) -> list[WaiverRow]:
    """The waivers of a period that are not revoked, oldest first."""
    with session(url) as s:
        rows = list(
            s.exec(
                select(WaiverRow)
                .where(WaiverRow.period == period, WaiverRow.revoked_at == None)  # noqa: E711
                .order_by(WaiverRow.id)  # type: ignore[arg-type]
            ).all()
        )
        s.expunge_all()
        return rows


#: the states in which a rectification notice is open (not yet 已整改, 移送 or 作废); the database allows
#: one open notice per department and period (index ``uq_open_notice``, migration 0003)
OPEN_NOTICE_STATES = ("草拟", "已下发", "已反馈", "逾期", "已报请督促")
OPEN_NOTICE_WHERE = "kind = 'notice' AND state IN (" + ", ".join(f"'{x}'" for x in OPEN_NOTICE_STATES) + ")"


class NoticeRow(SQLModel, table=True):
    """A numbered document: a rectification notice (kind notice) or an escalation letter (escalation).

    The number (year, seq) is allocated in the transaction that inserts the row; it is never reused:
    a document whose files could not be written stays, in state 作废 with the reason."""

    __tablename__ = "notice"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_notice_number"),
        Index(
            "uq_open_notice",
            "department",
            "period",
            unique=True,
            sqlite_where=text(OPEN_NOTICE_WHERE),
            postgresql_where=text(OPEN_NOTICE_WHERE),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True, description="notice 整改通知书 | escalation 报请督促函")
    year: int
    seq: int
    number: str = Field(index=True, description="发文字号，如 内数据〔2026〕12号")
    parent_id: int | None = Field(default=None, description="报请督促函所针对的整改通知书")
    department: str = Field(index=True)
    department_name: str
    period: int = Field(index=True)
    run_id: str
    issued_on: dt.date
    due_on: dt.date | None = None
    working_days: int | None = None
    state: str = Field(index=True)
    findings: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    files: list[str] = Field(sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime


class NoticeEventRow(SQLModel, table=True):
    """One transition of a notice: who, when, why (append-only)."""

    __tablename__ = "notice_event"

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    from_state: str | None
    to_state: str
    actor: str
    at: dt.datetime
    reason: str


# ---------------------------------------------------------------------------------------------
# Assessment results (Art. 58-59, 9, 61): one row per scoring of a stored run


class AssessmentRow(SQLModel, table=True):
    __tablename__ = "assessment"

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(foreign_key="run.id", index=True, description="被计分的评价运行 / the run scored")
    period: int = Field(index=True)
    created_at: dt.datetime
    indicator_version: str = Field(description="评价指标体系版本 / indicator system version")
    indicator_hash: str = Field(description="policies/assessment/data.yaml 的 SHA-256")
    bundle_hash: str = Field(description="计分所用策略包 / the bundle that scored it")
    result: bytes = Field(sa_column=Column(LargeBinary, nullable=False), description="the assessment JSON")


def save_assessment(row: AssessmentRow, url: str | None = None) -> int:
    with session(url) as s:
        s.add(row)
        s.commit()
        s.refresh(row)
        assert row.id is not None
        return row.id


def assessments(period: int, url: str | None = None) -> list[AssessmentRow]:
    """Every stored assessment of a period, the newest first."""
    with session(url) as s:
        rows = list(
            s.exec(
                select(AssessmentRow)
                .where(AssessmentRow.period == period)
                .order_by(AssessmentRow.created_at.desc(), AssessmentRow.id.desc())  # type: ignore[attr-defined,union-attr]
            ).all()
        )
        s.expunge_all()
        return rows


def runs(period: int, url: str | None = None, scope: str | None = None) -> list[RunRow]:
    """Every stored run of a period (of one scope when given), the newest first."""
    with session(url) as s:
        q = select(RunRow).where(RunRow.period == period)
        if scope is not None:
            q = q.where(RunRow.scope == scope)
        rows = list(s.exec(q.order_by(RunRow.finished_at.desc())).all())  # type: ignore[attr-defined]
        s.expunge_all()
        return rows
