"""A waiver names the one finding it covers by the finding's key (``lib.finding.keyed``: rule, department,
period, record and variant), in the new column ``waiver.finding_key``.

Before this, a waiver named rule, department, period and record only, so one waiver on an A45 refusal
without reasons that was also late marked both findings of that record (issue 14). Existing waivers keep
meaning what they meant: each is matched with the findings it covered, those of the latest county run of
its period that found that rule, department and record (the variant computed from the stored finding as
the release computing it does: the evidence pointer with its array indexes as ``*``, and ``#reasons`` for
the A45/A46 refusal without reasons or basis). A waiver that covered one finding gets that finding's key;
one that covered several (the defect) becomes one waiver a finding, the same grant copied, so nothing waived
before is unwaived by the upgrade; one whose finding was never made keeps an empty key and covers nothing
(docs/decisions/0014-finding-key.md).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COPIED = (
    "rule_id", "department", "period", "subject", "ground", "grantor", "granted_on", "evidence",
    "created_at", "revoked_at", "revoked_by", "revoke_reason",
)  # fmt: skip

_waiver = sa.table("waiver", sa.column("id", sa.Integer()), sa.column("finding_key", sa.String()),
                   *(sa.column(c) for c in _COPIED))  # fmt: skip
_run = sa.table(
    "run",
    sa.column("id", sa.String()),
    sa.column("period", sa.Integer()),
    sa.column("scope", sa.String()),
    sa.column("started_at", sa.DateTime()),
    sa.column("finished_at", sa.DateTime()),
)
_finding = sa.table(
    "finding",
    sa.column("run_id", sa.String()),
    sa.column("rule_id", sa.String()),
    sa.column("dept", sa.String()),
    sa.column("subject", sa.String()),
    sa.column("data", sa.JSON()),
)


def variant(rule_id: str, data: dict[str, Any]) -> str:
    """The variant ``lib.finding.keyed`` gives a finding stored before keys existed (frozen here: a later
    change of the Rego does not change what this migration did)."""
    evidence = (data.get("evidence") or [{}])[0]
    shape = re.sub(r"/[0-9]+\b", "/*", str(evidence.get("pointer", "")))
    if rule_id in ("A45", "A46") and "reasons_given" in (evidence.get("values") or {}):
        shape += "#reasons"
    return shape


def _variants(conn: sa.Connection, w: Any) -> list[str]:
    """The variants of the findings the waiver covered: those of the latest county run of its period that
    found its rule, department and record."""
    runs = conn.execute(
        sa.select(_run.c.id)
        .where(_run.c.period == w.period, _run.c.scope == "county")
        .order_by(_run.c.finished_at.desc(), _run.c.started_at.desc(), _run.c.id.desc())
    ).scalars()
    for run_id in runs:
        rows = conn.execute(
            sa.select(_finding.c.data).where(
                _finding.c.run_id == run_id,
                _finding.c.rule_id == w.rule_id,
                _finding.c.dept == w.department,
                _finding.c.subject == w.subject,
            )
        ).scalars()
        found = sorted({variant(w.rule_id, data) for data in rows})
        if found:
            return found
    return []


def upgrade() -> None:
    with op.batch_alter_table("waiver") as batch:
        batch.add_column(sa.Column("finding_key", sa.String(), nullable=False, server_default=""))
        batch.create_index("ix_waiver_finding_key", ["finding_key"])
    conn = op.get_bind()
    for w in list(conn.execute(sa.select(_waiver))):
        keys = [f"{w.rule_id}|{w.department}|{w.period}|{w.subject}|{v}" for v in _variants(conn, w)]
        if not keys:
            continue
        conn.execute(_waiver.update().where(_waiver.c.id == w.id).values(finding_key=keys[0]))
        for key in keys[1:]:
            conn.execute(_waiver.insert().values(finding_key=key, **{c: getattr(w, c) for c in _COPIED}))


def downgrade() -> None:
    with op.batch_alter_table("waiver") as batch:
        batch.drop_index("ix_waiver_finding_key")
        batch.drop_column("finding_key")
