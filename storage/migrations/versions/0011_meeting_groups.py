"""meeting series: location and video link; the instant from which an edited series' settings apply

Revision ID: 0011_meeting_groups
Revises: 0010_checkins
Create Date: 2026-11-28

Participant groups (troika, members, network:<key>) need no schema change: they are participant rows of
kind ``group``, resolved at each call.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_meeting_groups"
down_revision: str | Sequence[str] | None = "0010_checkins"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.add_column(sa.Column("location", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("link", sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column("effective_from", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.drop_column("effective_from")
        batch_op.drop_column("link")
        batch_op.drop_column("location")
