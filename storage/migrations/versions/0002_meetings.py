"""meetings: series, participants, places, occurrence overrides and deliveries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_series",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("activity_id", sa.String(length=8), nullable=True),
        sa.Column("rrule", sa.String(length=500), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("rotation", sa.String(length=100), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("reminder_offsets", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_meeting_series_activity_id_activities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_series")),
    )
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_series_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "meeting_deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["meeting_series.id"],
            name=op.f("fk_meeting_deliveries_series_id_meeting_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_deliveries")),
        sa.UniqueConstraint(
            "series_id",
            "occurrence_start",
            "kind",
            "offset_minutes",
            "place",
            name="uq_meeting_deliveries_key",
        ),
    )
    with op.batch_alter_table("meeting_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_deliveries_retry_at"), ["retry_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_deliveries_status"), ["status"], unique=False)

    op.create_table(
        "meeting_overrides",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("original_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("moved_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("by", sa.String(length=255), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["meeting_series.id"],
            name=op.f("fk_meeting_overrides_series_id_meeting_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("series_id", "original_start", name=op.f("pk_meeting_overrides")),
    )
    op.create_table(
        "meeting_participants",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["meeting_series.id"],
            name=op.f("fk_meeting_participants_series_id_meeting_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("series_id", "ref", name=op.f("pk_meeting_participants")),
    )
    op.create_table(
        "meeting_places",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=255), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["meeting_series.id"],
            name=op.f("fk_meeting_places_series_id_meeting_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("series_id", "place", name=op.f("pk_meeting_places")),
    )


def downgrade() -> None:
    op.drop_table("meeting_places")
    op.drop_table("meeting_participants")
    op.drop_table("meeting_overrides")
    with op.batch_alter_table("meeting_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_deliveries_status"))
        batch_op.drop_index(batch_op.f("ix_meeting_deliveries_retry_at"))

    op.drop_table("meeting_deliveries")
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_series_activity_id"))

    op.drop_table("meeting_series")
