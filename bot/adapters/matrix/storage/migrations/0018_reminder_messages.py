"""a Matrix message can offer actions on a reaction: a delivered reminder's Stop (🛑 ❌ ✋) runs
`reminder stop <id>` as whoever reacted

Revision ID: 0018_reminder_messages
Revises: 0017_reminder_limits
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_reminder_messages"
down_revision: str | Sequence[str] | None = "0017_reminder_limits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matrix_message_actions",
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("account", sa.String(length=255), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_matrix_message_actions")),
    )
    op.create_index("ix_matrix_message_actions_account", "matrix_message_actions", ["account"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_matrix_message_actions_account", table_name="matrix_message_actions")
    op.drop_table("matrix_message_actions")
