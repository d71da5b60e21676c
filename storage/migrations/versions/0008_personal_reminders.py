"""personal reminders (`remind me ...`) and their exactly-once delivery claims

Revision ID: 0008_personal_reminders
Revises: 0007_focal_points_rsvps
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_personal_reminders"
down_revision: str | Sequence[str] | None = "0007_focal_points_rsvps"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "personal_reminders",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("creator_name", sa.String(length=255), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("to_place", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("wall_time", sa.String(length=5), nullable=True),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_reminders")),
    )
    op.create_index(op.f("ix_personal_reminders_created_by"), "personal_reminders", ["created_by"])
    op.create_index(op.f("ix_personal_reminders_target"), "personal_reminders", ["target"])
    op.create_index(op.f("ix_personal_reminders_next_at"), "personal_reminders", ["next_at"])
    op.create_table(
        "personal_reminder_deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reminder_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reminder_id"],
            ["personal_reminders.id"],
            name=op.f("fk_personal_reminder_deliveries_reminder_id_personal_reminders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_reminder_deliveries")),
        sa.UniqueConstraint(
            "reminder_id", "due_at", name=op.f("uq_personal_reminder_deliveries_reminder_id_due_at")
        ),
    )


def downgrade() -> None:
    op.drop_table("personal_reminder_deliveries")
    op.drop_table("personal_reminders")
