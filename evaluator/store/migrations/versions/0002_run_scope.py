"""Runs record their scope: ``county`` (every department's latest stored snapshots), ``department`` (one of
them: ``evaluate --department``) or ``files`` (snapshot files evaluated directly), and the department.

Before this, "the latest run" could be a run of one department, and a notice for another department was
moved to 已整改 because that run did not find its problems (issue 14). Existing runs are classified from
what they stored: the report's ``run.department`` (a one-department run), else a snapshot without a
stored version (files given directly), else the county.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_run = sa.table(
    "run",
    sa.column("id", sa.String()),
    sa.column("snapshots", sa.JSON()),
    sa.column("report", sa.LargeBinary()),
    sa.column("scope", sa.String()),
    sa.column("department", sa.String()),
)


def _scope(snapshots: list[dict[str, Any]] | None, report: bytes | None) -> tuple[str, str | None]:
    run = orjson.loads(report).get("run", {}) if report else {}
    if run.get("department"):
        return "department", str(run["department"])
    if any(s.get("version") is None for s in snapshots or []):
        return "files", None
    return "county", None


def upgrade() -> None:
    with op.batch_alter_table("run") as batch:
        batch.add_column(sa.Column("scope", sa.String(), nullable=True))
        batch.add_column(sa.Column("department", sa.String(), nullable=True))
    conn = op.get_bind()
    for run_id, snapshots, report in conn.execute(sa.select(_run.c.id, _run.c.snapshots, _run.c.report)):
        scope, dept = _scope(snapshots, report)
        conn.execute(_run.update().where(_run.c.id == run_id).values(scope=scope, department=dept))
    with op.batch_alter_table("run") as batch:
        batch.alter_column("scope", existing_type=sa.String(), nullable=False)
        batch.create_index("ix_run_scope", ["scope"])


def downgrade() -> None:
    with op.batch_alter_table("run") as batch:
        batch.drop_index("ix_run_scope")
        batch.drop_column("department")
        batch.drop_column("scope")
