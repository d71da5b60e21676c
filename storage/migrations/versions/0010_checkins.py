"""recurring check-ins: definitions, rounds, and one row per participant and round (the delivery claim)

Revision ID: 0010_checkins
Revises: 0009_user_zone_source
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_checkins"
down_revision: str | Sequence[str] | None = "0009_user_zone_source"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("template", sa.String(length=60), nullable=True),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("audience_kind", sa.String(length=10), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("rule", sa.String(length=500), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("wall_time", sa.String(length=5), nullable=False),
        sa.Column("deadline_days", sa.Integer(), nullable=False),
        sa.Column("reminder_minutes", sa.JSON(), nullable=False),
        sa.Column("digest_place", sa.String(length=255), nullable=True),
        sa.Column("before_series", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("next_round_on", sa.Date(), nullable=True),
        sa.Column("next_round_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
    )
    op.create_index(op.f("ix_checkins_status"), "checkins", ["status"])
    op.create_index(op.f("ix_checkins_next_round_at"), "checkins", ["next_round_at"])
    op.create_table(
        "checkin_rounds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("round_date", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=255), nullable=True),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_reason", sa.String(length=20), nullable=True),
        sa.Column("digest", sa.String(length=10), nullable=False),
        sa.Column("digest_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("digest_attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkins.id"],
            name=op.f("fk_checkin_rounds_checkin_id_checkins"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_rounds")),
        sa.UniqueConstraint("checkin_id", "round_date", name=op.f("uq_checkin_rounds_checkin_id_round_date")),
    )
    op.create_index(op.f("ix_checkin_rounds_checkin_id"), "checkin_rounds", ["checkin_id"])
    op.create_index(op.f("ix_checkin_rounds_deadline_at"), "checkin_rounds", ["deadline_at"])
    op.create_table(
        "checkin_participants",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_key", sa.String(length=255), nullable=False),
        sa.Column("member", sa.String(length=80), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent", sa.String(length=10), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("reminded", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["checkin_rounds.id"],
            name=op.f("fk_checkin_participants_round_id_checkin_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_participants")),
        sa.UniqueConstraint("round_id", "user_key", name=op.f("uq_checkin_participants_round_id_user_key")),
    )
    op.create_index(op.f("ix_checkin_participants_round_id"), "checkin_participants", ["round_id"])
    op.create_index(op.f("ix_checkin_participants_user_key"), "checkin_participants", ["user_key"])
    op.create_index(op.f("ix_checkin_participants_due_at"), "checkin_participants", ["due_at"])
    op.create_index(op.f("ix_checkin_participants_answered_at"), "checkin_participants", ["answered_at"])


def downgrade() -> None:
    op.drop_table("checkin_participants")
    op.drop_table("checkin_rounds")
    op.drop_table("checkins")
