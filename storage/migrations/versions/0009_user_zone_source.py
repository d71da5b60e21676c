"""where a user's stored zone came from: set by the user, or their chat platform's profile

Revision ID: 0009_user_zone_source
Revises: 0008_personal_reminders
Create Date: 2026-11-28

Existing zones are counted as set by the user (NULL reads as "user"), as they were treated before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_user_zone_source"
down_revision: str | Sequence[str] | None = "0008_personal_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone_source", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("timezone_source")
