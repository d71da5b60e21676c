"""check-in rounds, closes, reminders and digests are due work: a generation on each check-in's schedule
and on each round's opening, so the due-work keys of a schedule resumed or a round reopened are new
(a key dropped while paused or closed is never reused)

Revision ID: 0022_checkin_due
Revises: 0020_meeting_due
Create Date: 2027-01-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_checkin_due"
down_revision: str | Sequence[str] | None = "0020_meeting_due"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(sa.Column("schedule_version", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("checkin_rounds") as batch:
        batch.add_column(sa.Column("opening", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("checkin_rounds") as batch:
        batch.drop_column("opening")
    with op.batch_alter_table("checkins") as batch:
        batch.drop_column("schedule_version")
