"""One open rectification notice per department and period, enforced by the database.

Two ``notices issue`` for one department at the same moment both passed the "is one open?" check and
both issued (issue 19). A partial unique index on ``notice(department, period)`` over the open states
(:data:`evaluator.store.notices.OPEN_NOTICE_STATES`) makes the second insert fail, on SQLite and PostgreSQL
alike. A database that already holds two open notices for one department and period is not upgraded:
the upgrade stops, names them and changes nothing (which of them stands is the authority's decision).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from evaluator.store.notices import OPEN_NOTICE_WHERE
    from evaluator.store.schema import SchemaError

    dupes = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT department, period, COUNT(*) FROM notice "
                f"WHERE {OPEN_NOTICE_WHERE} GROUP BY department, period HAVING COUNT(*) > 1"
            )
        )
        .all()
    )
    if dupes:
        listed = "；".join(f"{d} {p} 年度 {n} 份" for d, p, n in dupes)
        raise SchemaError(
            f"数据库中同一部门同一年度有多份未办结的整改通知书（{listed}），无法加上“每部门每年度只有一份"
            "未办结通知书”的约束；未做任何改动，请主管部门决定保留哪一份后再运行 / several open notices for "
            "one department and period: not upgraded, nothing changed"
        )
    where = sa.text(OPEN_NOTICE_WHERE)
    op.create_index(
        "uq_open_notice",
        "notice",
        ["department", "period"],
        unique=True,
        sqlite_where=where,
        postgresql_where=where,
    )


def downgrade() -> None:
    op.drop_index("uq_open_notice", table_name="notice")
