"""foundation: knowledge base and users

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "processed_events",
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "event_id", name=op.f("pk_processed_events")),
    )
    with op.batch_alter_table("processed_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_processed_events_received_at"), ["received_at"], unique=False)
    op.create_table(
        "chairs",
        sa.Column("year", sa.String(length=12), nullable=False),
        sa.Column("chair", sa.String(length=120), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_chairs")),
    )
    op.create_table(
        "context_sections",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_context_sections")),
    )
    op.create_table(
        "goals",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_goals")),
    )
    op.create_table(
        "members",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("joined", sa.String(length=20), nullable=True),
        sa.Column("left", sa.String(length=20), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_members")),
    )
    op.create_table(
        "networks",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("city", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("poc", sa.String(length=200), nullable=True),
        sa.Column("poc_updated_by", sa.String(length=200), nullable=True),
        sa.Column("poc_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_networks")),
    )
    op.create_table(
        "statements",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("year", sa.String(length=12), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_statements")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statements_year"), ["year"], unique=False)

    op.create_table(
        "structure",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_structure")),
    )
    op.create_table(
        "task_forces",
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("period", sa.Text(), nullable=True),
        sa.Column("launched", sa.Text(), nullable=True),
        sa.Column("chairs", sa.Text(), nullable=True),
        sa.Column("focus", sa.Text(), nullable=True),
        sa.Column("output", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_task_forces")),
    )
    op.create_table(
        "topics",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_topics")),
    )
    op.create_table(
        "troika",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("past", sa.String(length=120), nullable=True),
        sa.Column("current", sa.String(length=120), nullable=True),
        sa.Column("next", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_troika")),
    )
    op.create_table(
        "objectives",
        sa.Column("id", sa.String(length=8), nullable=False),
        sa.Column("goal_number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_number"], ["goals.number"], name=op.f("fk_objectives_goal_number_goals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objectives")),
    )
    op.create_table(
        "users",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("member", sa.String(length=80), nullable=True),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("admin_added_by", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member"], ["members.name"], name=op.f("fk_users_member_members")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_users")),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.String(length=8), nullable=False),
        sa.Column("objective_id", sa.String(length=8), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("lead", sa.String(length=200), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["objective_id"], ["objectives.id"], name=op.f("fk_activities_objective_id_objectives")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_objective_id"), ["objective_id"], unique=False)

    op.create_table(
        "activity_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("activity_id", sa.String(length=8), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_activity_notes_activity_id_activities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_notes")),
    )
    with op.batch_alter_table("activity_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_notes_activity_id"), ["activity_id"], unique=False)


def downgrade() -> None:
    op.drop_table("processed_events")
    with op.batch_alter_table("activity_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_notes_activity_id"))

    op.drop_table("activity_notes")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_objective_id"))

    op.drop_table("activities")
    op.drop_table("users")
    op.drop_table("objectives")
    op.drop_table("troika")
    op.drop_table("topics")
    op.drop_table("task_forces")
    op.drop_table("structure")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statements_year"))

    op.drop_table("statements")
    op.drop_table("networks")
    op.drop_table("members")
    op.drop_table("goals")
    op.drop_table("context_sections")
    op.drop_table("chairs")
