"""Baseline: the schema of release 0.1.0 (the tables ``create_all`` made before migrations existed).

A database made by that release has these tables and no ``alembic_version``: upgrading it runs this
revision, which creates only the tables it lacks (for example ``audit_anchor`` before the first prune, or
the dashboard's user tables before the first login) and leaves every existing table and row as it is.
A new database gets all of them. The column types are those the release's models declared.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _str(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=nullable)


def _int(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _time(name: str, nullable: bool = False) -> sa.Column[dt.datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _date(name: str, nullable: bool = False) -> sa.Column[dt.date]:
    return sa.Column(name, sa.Date(), nullable=nullable)


def _json(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.JSON(), nullable=False)


def _blob(name: str) -> sa.Column[bytes]:
    return sa.Column(name, sa.LargeBinary(), nullable=False)


def _snapshot() -> None:
    op.create_table(
        "snapshot",
        _int("id"),
        _str("kind"),
        _str("dept"),
        _str("name"),
        _int("period"),
        _int("version"),
        _date("as_of"),
        _str("sha256"),
        _str("source"),
        _time("imported_at"),
        _blob("content"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "dept", "period", "version", name="uq_snapshot_version"),
    )
    for col in ("dept", "kind", "period", "sha256"):
        op.create_index(f"ix_snapshot_{col}", "snapshot", [col])


def _run() -> None:
    op.create_table(
        "run",
        _str("id"),
        _time("started_at"),
        _time("finished_at"),
        _int("period"),
        _str("opa_version"),
        _str("bundle_hash"),
        _json("snapshots"),
        _int("findings_count"),
        _str("status"),
        _json("errors"),
        _blob("report"),
        _json("out_of_scope"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_run_period", "run", ["period"])


def _finding() -> None:
    op.create_table(
        "finding",
        _int("id"),
        _str("run_id"),
        _str("rule_id"),
        _str("dept"),
        _int("period"),
        _str("subject"),
        _str("severity"),
        _str("dimension"),
        _json("data"),
        sa.ForeignKeyConstraint(["run_id"], ["run.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for col in ("dept", "rule_id", "run_id"):
        op.create_index(f"ix_finding_{col}", "finding", [col])


def _waiver() -> None:
    op.create_table(
        "waiver",
        _int("id"),
        _str("rule_id"),
        _str("department"),
        _int("period"),
        _str("subject"),
        _str("ground"),
        _str("grantor"),
        _date("granted_on"),
        _str("evidence"),
        _time("created_at"),
        _time("revoked_at", nullable=True),
        _str("revoked_by", nullable=True),
        _str("revoke_reason", nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    for col in ("department", "period", "rule_id"):
        op.create_index(f"ix_waiver_{col}", "waiver", [col])


def _notice() -> None:
    op.create_table(
        "notice",
        _int("id"),
        _str("kind"),
        _int("year"),
        _int("seq"),
        _str("number"),
        _int("parent_id", nullable=True),
        _str("department"),
        _str("department_name"),
        _int("period"),
        _str("run_id"),
        _date("issued_on"),
        _date("due_on", nullable=True),
        _int("working_days", nullable=True),
        _str("state"),
        _json("findings"),
        _json("files"),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "seq", name="uq_notice_number"),
    )
    for col in ("department", "kind", "number", "period", "state"):
        op.create_index(f"ix_notice_{col}", "notice", [col])


def _notice_event() -> None:
    op.create_table(
        "notice_event",
        _int("id"),
        _int("notice_id"),
        _str("from_state", nullable=True),
        _str("to_state"),
        _str("actor"),
        _time("at"),
        _str("reason"),
        sa.ForeignKeyConstraint(["notice_id"], ["notice.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_notice_event_notice_id", "notice_event", ["notice_id"])


def _assessment() -> None:
    op.create_table(
        "assessment",
        _int("id"),
        _str("run_id"),
        _int("period"),
        _time("created_at"),
        _str("indicator_version"),
        _str("indicator_hash"),
        _str("bundle_hash"),
        _blob("result"),
        sa.ForeignKeyConstraint(["run_id"], ["run.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for col in ("period", "run_id"):
        op.create_index(f"ix_assessment_{col}", "assessment", [col])


def _audit_log() -> None:
    op.create_table(
        "audit_log",
        _int("seq"),
        _time("at"),
        _str("actor"),
        _str("action"),
        _json("details"),
        _str("prev_hash"),
        _str("hash"),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index("ix_audit_log_action", "audit_log", ["action"])


def _audit_anchor() -> None:
    op.create_table(
        "audit_anchor",
        _int("id"),
        _int("pruned_through"),
        _str("last_hash"),
        _time("at"),
        sa.PrimaryKeyConstraint("id"),
    )


def _dashboard_user() -> None:
    op.create_table(
        "dashboard_user",
        _str("username"),
        _str("role"),
        _str("dept", nullable=True),
        _str("password_hash"),
        sa.Column("must_change", sa.Boolean(), nullable=False),
        _time("created_at"),
        _time("password_changed_at", nullable=True),
        sa.PrimaryKeyConstraint("username"),
    )


def _dashboard_login_throttle() -> None:
    op.create_table(
        "dashboard_login_throttle",
        _str("username"),
        _int("failures"),
        _time("last_failure", nullable=True),
        _time("blocked_until", nullable=True),
        sa.PrimaryKeyConstraint("username"),
    )


#: in an order that creates a table before any table that refers to it
TABLES: dict[str, Callable[[], None]] = {
    "snapshot": _snapshot,
    "run": _run,
    "finding": _finding,
    "waiver": _waiver,
    "notice": _notice,
    "notice_event": _notice_event,
    "assessment": _assessment,
    "audit_log": _audit_log,
    "audit_anchor": _audit_anchor,
    "dashboard_user": _dashboard_user,
    "dashboard_login_throttle": _dashboard_login_throttle,
}


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in TABLES.items():
        if name not in existing:
            create()


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
