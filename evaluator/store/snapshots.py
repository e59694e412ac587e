"""Snapshots in the database: versioned, append-only; an import is one transaction with its audit entry.

The store stores what its caller validated (intake's ``LoadedSnapshot``, or anything of the same shape:
:class:`Validated`); it never validates again. Reading a row back converts an older format on reading
(:func:`evaluator.model.upgrade.upgrade`) and builds the model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import orjson
from sqlalchemy import Column, LargeBinary, UniqueConstraint, and_, func, tuple_
from sqlalchemy import select as sa_select
from sqlmodel import Field, Session, SQLModel, select

from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot
from evaluator.model.upgrade import upgrade
from evaluator.store.audit import append_in, lock
from evaluator.store.db import session
from evaluator.store.digest import row_digest


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


class Validated(Protocol):
    """A snapshot its reader has validated: its canonical JSON, that JSON's SHA-256 and the head fields
    stored beside it (the store never needs the model: a snapshot validated in a worker process arrives
    without one)."""

    @property
    def source(self) -> str: ...
    @property
    def canonical(self) -> bytes: ...
    @property
    def sha256(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def dept(self) -> str | None: ...
    @property
    def name(self) -> str | None:
        """The department's name; None for the platform snapshot."""
        ...

    @property
    def period(self) -> int: ...
    @property
    def as_of(self) -> dt.date: ...


class ImportResult(SQLModel):
    source: str
    kind: str
    dept: str
    period: int
    version: int
    sha256: str
    unchanged: bool


def store_snapshots(
    loaded: Sequence[Validated],
    url: str | None = None,
    before_commit: Callable[[list[ImportResult]], None] | None = None,
) -> list[ImportResult]:
    """Store validated snapshots in one transaction. A snapshot whose content equals its latest stored
    version is not stored again (reported as unchanged); otherwise it becomes the next version.
    ``before_commit`` gets the results inside the transaction (the command prints them there): if it
    raises, nothing is stored."""
    results: list[ImportResult] = []
    added: dict[int, SnapshotRow] = {}
    now = dt.datetime.now(dt.UTC)
    with session(url) as s:
        # the write lock before reading the latest versions: concurrent imports run one after the other
        # (the second waits, then numbers its versions after the first's) instead of colliding
        lock(s, "snapshot")
        # the latest version of everything stored for the batch's periods, in one query without contents
        # (one query a snapshot, each flushing the rows added before it, was most of the insert's time)
        latest: dict[tuple[str, str, int], tuple[int, str]] = {}
        for period in sorted({snap.period for snap in loaded}):
            for head in _latest_heads(s, period):
                latest[(head.kind, head.dept, period)] = (head.version, head.sha256)
        for snap in loaded:
            dept = snap.dept or ""
            key = (snap.kind, dept, snap.period)
            before = latest.get(key)
            unchanged = before is not None and before[1] == snap.sha256
            version = 1 if before is None else before[0] + (0 if unchanged else 1)
            result = ImportResult(
                source=snap.source,
                kind=snap.kind,
                dept=dept,
                period=snap.period,
                version=version,
                sha256=snap.sha256,
                unchanged=unchanged,
            )
            if unchanged:
                results.append(result)
                continue
            latest[key] = (version, snap.sha256)  # a second copy in the same call is its next version
            name = snap.name if snap.name is not None else "全县平台 county platform"
            row = SnapshotRow(
                kind=snap.kind,
                dept=dept,
                name=name,
                period=snap.period,
                version=version,
                as_of=snap.as_of,
                sha256=snap.sha256,
                source=snap.source,
                imported_at=now,
                content=snap.canonical,
            )
            added[len(results)] = row
            results.append(result)
        s.add_all(added.values())  # one flush: the rows go in as one multi-row INSERT
        s.flush()
        recorded = []
        for i, r in enumerate(results):
            rec = r.model_dump(include={"source", "kind", "dept", "period", "version", "sha256", "unchanged"})
            if i in added:  # the stored row's own hash (every column), re-verified before it is evaluated
                rec["row_sha256"] = row_digest(added[i])
            recorded.append(rec)
        append_in(s, "import", {"snapshots": recorded})
        if before_commit is not None:
            before_commit(results)
        s.commit()
    return results


def latest_snapshots(
    period: int, dept: str | None = None, url: str | None = None
) -> tuple[SnapshotRow | None, list[SnapshotRow]]:
    """The latest platform snapshot and the latest version of every department snapshot of a period."""
    with session(url) as s:
        rows = s.exec(select(SnapshotRow).join(*_latest_of(period))).all()
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
        return _latest_heads(s, period)


def latest_stamp(period: int, url: str | None = None) -> tuple[str, int, int]:
    """What changes whenever :func:`latest_index` of ``period`` may: the store, and how many snapshot
    versions the period has and the highest row id among them (versions are only ever added, never
    changed or deleted). One indexed aggregate, for a caller that keeps the index between calls (the
    dashboard's what-if: the index of a province is 10,000 rows)."""
    with session(url) as s:
        conn = s.connection()
        n, top = conn.execute(
            sa_select(func.count(SnapshotRow.id), func.max(SnapshotRow.id)).where(  # type: ignore[arg-type]
                SnapshotRow.period == period  # type: ignore[arg-type]
            )
        ).one()
        return str(conn.engine.url), int(n), int(top or 0)


def _latest_of(period: int) -> tuple[Any, Any]:
    """What to join :class:`SnapshotRow` with to keep the latest version of each snapshot of a period."""
    sub = (
        select(SnapshotRow.kind, SnapshotRow.dept, func.max(SnapshotRow.version).label("v"))
        .where(SnapshotRow.period == period)
        .group_by(SnapshotRow.kind, SnapshotRow.dept)
        .subquery()
    )
    return sub, and_(
        SnapshotRow.kind == sub.c.kind,  # type: ignore[arg-type]
        SnapshotRow.dept == sub.c.dept,  # type: ignore[arg-type]
        SnapshotRow.version == sub.c.v,  # type: ignore[arg-type]
        SnapshotRow.period == period,  # type: ignore[arg-type]
    )


def _latest_heads(s: Session, period: int) -> list[SnapshotHead]:
    cols = (SnapshotRow.kind, SnapshotRow.dept, SnapshotRow.name, SnapshotRow.version, SnapshotRow.sha256)
    found = s.connection().execute(sa_select(*cols).join(*_latest_of(period))).all()  # type: ignore[call-overload]
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


def snapshot_rows(heads: Sequence[SnapshotHead], url: str | None = None) -> list[SnapshotRow]:
    """The stored rows (with their contents) of the versions ``heads`` name, in their order; one query a
    period."""
    order = {(h.kind, h.dept, h.period, h.version): i for i, h in enumerate(heads)}
    rows: list[SnapshotRow] = []
    with session(url) as s:
        for period in sorted({h.period for h in heads}):
            keys = [(h.kind, h.dept, h.version) for h in heads if h.period == period]
            found = s.exec(
                select(SnapshotRow)
                .where(SnapshotRow.period == period)
                .where(tuple_(SnapshotRow.kind, SnapshotRow.dept, SnapshotRow.version).in_(keys))
            ).all()
            for r in found:
                s.expunge(r)
            rows.extend(found)
    return sorted(rows, key=lambda r: order[(r.kind, r.dept, r.period, r.version)])


def snapshot_content(head: SnapshotHead, url: str | None = None) -> bytes | None:
    """The stored content of a version :func:`latest_index` named (None if there is no such row)."""
    with session(url) as s:
        found = s.exec(
            select(SnapshotRow.content).where(
                SnapshotRow.kind == head.kind,
                SnapshotRow.dept == head.dept,
                SnapshotRow.period == head.period,
                SnapshotRow.version == head.version,
            )
        ).first()
    return bytes(found) if found is not None else None


def periods(url: str | None = None) -> list[int]:
    with session(url) as s:
        return sorted(set(s.exec(select(SnapshotRow.period)).all()))
