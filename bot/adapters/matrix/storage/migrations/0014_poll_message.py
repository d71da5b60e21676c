"""a Matrix poll remembers the message it was posted under (a reminder), so that a reaction (✅ ❌ ❔) or
a reply to that message answers the poll

Revision ID: 0014_poll_message
Revises: 0013_invites_survey_zone
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_poll_message"
down_revision: str | Sequence[str] | None = "0013_invites_survey_zone"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("matrix_polls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_event_id", sa.String(length=255), nullable=True))
        batch_op.create_index("ix_matrix_polls_message_event_id", ["message_event_id"])


def downgrade() -> None:
    with op.batch_alter_table("matrix_polls", schema=None) as batch_op:
        batch_op.drop_index("ix_matrix_polls_message_event_id")
        batch_op.drop_column("message_event_id")
