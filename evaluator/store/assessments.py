"""Assessment results (Art. 58-59, 9, 61) in the database: one row per scoring of a stored run."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel, select

from evaluator.store.db import session
from evaluator.store.runs import RunRow  # noqa: F401  (the table "run" its foreign key names)


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
