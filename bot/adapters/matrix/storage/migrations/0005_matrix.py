"""matrix: sync token, direct rooms, cross-signing key references, polls, survey dialogues

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matrix_sync_state",
        sa.Column("account", sa.String(length=255), nullable=False),
        sa.Column("next_batch", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account", name=op.f("pk_matrix_sync_state")),
    )
    op.create_table(
        "matrix_direct_rooms",
        sa.Column("account", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account", "user_id", name=op.f("pk_matrix_direct_rooms")),
    )
    with op.batch_alter_table("matrix_direct_rooms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_matrix_direct_rooms_room_id"), ["room_id"], unique=False)
    op.create_table(
        "matrix_cross_signing",
        sa.Column("account", sa.String(length=255), nullable=False),
        sa.Column("master_key", sa.String(length=64), nullable=False),
        sa.Column("self_signing_key", sa.String(length=64), nullable=False),
        sa.Column("user_signing_key", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account", name=op.f("pk_matrix_cross_signing")),
    )
    op.create_table(
        "matrix_signed_devices",
        sa.Column("account", sa.String(length=255), nullable=False),
        sa.Column("device_id", sa.String(length=255), nullable=False),
        sa.Column("self_signing_key", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account", "device_id", name=op.f("pk_matrix_signed_devices")),
    )
    op.create_table(
        "matrix_polls",
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("account", sa.String(length=255), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("max_selections", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_event_id", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_matrix_polls")),
    )
    with op.batch_alter_table("matrix_polls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_matrix_polls_account"), ["account"], unique=False)
        batch_op.create_index(batch_op.f("ix_matrix_polls_room_id"), ["room_id"], unique=False)
    op.create_table(
        "matrix_survey_dialogues",
        sa.Column("account", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("visited", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account", "user_id", name=op.f("pk_matrix_survey_dialogues")),
    )


def downgrade() -> None:
    op.drop_table("matrix_survey_dialogues")
    with op.batch_alter_table("matrix_polls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matrix_polls_room_id"))
        batch_op.drop_index(batch_op.f("ix_matrix_polls_account"))
    op.drop_table("matrix_polls")
    op.drop_table("matrix_signed_devices")
    op.drop_table("matrix_cross_signing")
    with op.batch_alter_table("matrix_direct_rooms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matrix_direct_rooms_room_id"))
    op.drop_table("matrix_direct_rooms")
    op.drop_table("matrix_sync_state")
