"""calendar invites that merge (a stored UID and SEQUENCE per series) and
each survey's zone

Revision ID: 0013_invites_survey_zone
Revises: 0012_pending_confirmations
Create Date: 2026-11-28

Existing series keep the UID their invites already carried (``focbot-meeting-<id>@freedomonlinecoalition``),
so calendars that imported them merge the new files with the old ones. Existing surveys have no stored zone
(NULL reads as the bot's default zone, which is what their deadlines were read in).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_invites_survey_zone"
down_revision: str | Sequence[str] | None = "0012_pending_confirmations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ical_uid", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("ical_sequence", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE meeting_series SET ical_uid = 'focbot-meeting-' || CAST(id AS VARCHAR(20)) "
        "|| '@freedomonlinecoalition' WHERE ical_uid IS NULL"
    )
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_column("timezone")
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.drop_column("ical_sequence")
        batch_op.drop_column("ical_uid")
