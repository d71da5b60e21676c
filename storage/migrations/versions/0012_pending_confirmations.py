"""pending confirmations: proposals (a `meeting new` in words) waiting for their author's `yes`

Revision ID: 0012_pending_confirmations
Revises: 0011_meeting_groups
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_pending_confirmations"
down_revision: str | Sequence[str] | None = "0011_meeting_groups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_confirmations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("actor_key", sa.String(length=255), nullable=False),
        sa.Column("place_key", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_confirmations")),
    )
    op.create_index(
        "ix_pending_confirmations_actor_place",
        "pending_confirmations",
        ["actor_key", "place_key", "state"],
    )


def downgrade() -> None:
    op.drop_index("ix_pending_confirmations_actor_place", table_name="pending_confirmations")
    op.drop_table("pending_confirmations")
