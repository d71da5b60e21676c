"""a Matrix direct room remembers how it began as one (``created`` by the bot with is_direct, or ``invited``:
the user invited the bot with is_direct); rows from before have none and are checked once at start, since
some were remembered from a member count of two alone

Revision ID: 0015_matrix_direct_rooms
Revises: 0014_poll_message
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_matrix_direct_rooms"
down_revision: str | Sequence[str] | None = "0014_poll_message"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("matrix_direct_rooms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("matrix_direct_rooms", schema=None) as batch_op:
        batch_op.drop_column("origin")
