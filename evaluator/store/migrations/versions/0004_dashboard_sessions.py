"""Dashboard logins kept server-side: ``dashboard_session`` (a login: the SHA-256 of the browser's cookie
token, whose user, when it was started and last used, its idle timeout and lifetime) and
``dashboard_device`` (a browser that has logged in as a user: failed logins from it are counted apart, so
guessing elsewhere cannot lock the owner out). Issue 18; ``evaluator/store/sessions.py``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dashboard_session",
        sa.Column("token_sha256", sa.String(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idle_seconds", sa.Integer(), nullable=False),
        sa.Column("lifetime_seconds", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("token_sha256"),
    )
    op.create_index("ix_dashboard_session_username", "dashboard_session", ["username"])
    op.create_table(
        "dashboard_device",
        sa.Column("token_sha256", sa.String(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_sha256"),
    )
    op.create_index("ix_dashboard_device_username", "dashboard_device", ["username"])


def downgrade() -> None:
    op.drop_index("ix_dashboard_device_username", "dashboard_device")
    op.drop_table("dashboard_device")
    op.drop_index("ix_dashboard_session_username", "dashboard_session")
    op.drop_table("dashboard_session")
