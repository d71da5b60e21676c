"""focal points per member country, RSVPs per call

Revision ID: 0007_focal_points_rsvps
Revises: 0006_survey_dialogues
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_focal_points_rsvps"
down_revision: str | Sequence[str] | None = "0006_survey_dialogues"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "focal_points",
        sa.Column("member", sa.String(length=80), nullable=False),
        sa.Column("user_key", sa.String(length=255), nullable=False),
        sa.Column("added_by", sa.String(length=255), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member"], ["members.name"], name=op.f("fk_focal_points_member_members")),
        sa.PrimaryKeyConstraint("member", "user_key", name=op.f("pk_focal_points")),
    )
    with op.batch_alter_table("focal_points", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_focal_points_user_key"), ["user_key"], unique=False)
    op.create_table(
        "meeting_rsvps",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("original_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_key", sa.String(length=255), nullable=False),
        sa.Column("answer", sa.String(length=5), nullable=False),
        sa.Column("member", sa.String(length=80), nullable=True),
        sa.Column("call_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["meeting_series.id"],
            name=op.f("fk_meeting_rsvps_series_id_meeting_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("series_id", "original_start", "user_key", name=op.f("pk_meeting_rsvps")),
    )
    with op.batch_alter_table("meeting_rsvps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_rsvps_user_key"), ["user_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_rsvps_updated_at"), ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("meeting_rsvps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_rsvps_updated_at"))
        batch_op.drop_index(batch_op.f("ix_meeting_rsvps_user_key"))
    op.drop_table("meeting_rsvps")
    with op.batch_alter_table("focal_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_focal_points_user_key"))
    op.drop_table("focal_points")
