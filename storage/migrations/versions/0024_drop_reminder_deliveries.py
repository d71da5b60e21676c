"""drop personal_reminder_deliveries: personal reminders are due work (``due_work``, since 0019)

The table held the old personal-reminder engine's claims; nothing has read or written it since the
``personal_reminder`` kind replaced that engine (a sent reminder's ``next_at`` moved on, so nothing in it
is owed). The downgrade makes the table again, empty.

Revision ID: 0024_drop_reminder_deliveries
Revises: 0023_outbox_due
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_drop_reminder_deliveries"
down_revision: str | Sequence[str] | None = "0023_outbox_due"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("personal_reminder_deliveries")


def downgrade() -> None:
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
