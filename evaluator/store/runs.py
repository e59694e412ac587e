"""Evaluation runs and their findings in the database: a run and all its findings are one transaction with
its audit entry; "the latest county run" is one function."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary
from sqlmodel import Field, SQLModel, select

from evaluator.model.results import Finding
from evaluator.store.audit import append_in
from evaluator.store.db import session
from evaluator.store.digest import findings_digest, row_digest


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


def save_run(
    run: RunRow,
    findings: Sequence[FindingRow],
    url: str | None = None,
    before_commit: Callable[[], None] | None = None,
) -> None:
    """Store a run and all its findings in one transaction; ``before_commit`` runs inside it (if it
    raises, nothing is stored)."""
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
        if before_commit is not None:
            before_commit()
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


def latest_county_run(period: int, url: str | None = None) -> tuple[RunRow, list[Finding]] | None:
    """The latest county run of ``period`` (see :func:`latest_county_run_id`) with its findings, in the
    order they were stored."""
    run_id = latest_county_run_id(period, url)
    if run_id is None:
        return None
    with session(url) as s:
        run = s.get(RunRow, run_id)
        assert run is not None
        q = select(FindingRow.data).where(FindingRow.run_id == run_id).order_by(FindingRow.id)  # type: ignore[arg-type]
        findings = [Finding.model_validate(data) for data in s.exec(q).all()]
        s.expunge_all()
        return run, findings


def runs(period: int, url: str | None = None, scope: str | None = None) -> list[RunRow]:
    """Every stored run of a period (of one scope when given), the newest first."""
    with session(url) as s:
        q = select(RunRow).where(RunRow.period == period)
        if scope is not None:
            q = q.where(RunRow.scope == scope)
        rows = list(s.exec(q.order_by(RunRow.finished_at.desc())).all())  # type: ignore[attr-defined]
        s.expunge_all()
        return rows
