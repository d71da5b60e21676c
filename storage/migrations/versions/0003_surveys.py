"""surveys: definitions, audiences, responses (one per person), reminders, bot secrets, network rosters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bot_secrets",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_bot_secrets")),
    )
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("template", sa.String(length=60), nullable=True),
        sa.Column("activity", sa.String(length=8), nullable=True),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("audience_label", sa.String(length=500), nullable=True),
        sa.Column("audience_size", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminder_minutes", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=255), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_reason", sa.String(length=20), nullable=True),
        sa.Column("responses_at_close", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
    )
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_surveys_activity"), ["activity"], unique=False)
        batch_op.create_index(batch_op.f("ix_surveys_status"), ["status"], unique=False)

    op.create_table(
        "survey_audience",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("user_key", sa.String(length=255), nullable=False),
        sa.Column("invitation", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_audience_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "user_key", name=op.f("pk_survey_audience")),
    )
    with op.batch_alter_table("survey_audience", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_audience_user_key"), ["user_key"], unique=False)

    op.create_table(
        "survey_reminders",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_reminders_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "offset_minutes", "recipient", name=op.f("pk_survey_reminders")),
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("respondent_key", sa.String(length=255), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_responses_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint(
            "survey_id", "respondent_key", name=op.f("uq_survey_responses_survey_id_respondent_key")
        ),
    )

    op.create_table(
        "network_members",
        sa.Column("network_key", sa.String(length=40), nullable=False),
        sa.Column("user_key", sa.String(length=255), nullable=False),
        sa.Column("added_by", sa.String(length=255), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_key"],
            ["networks.key"],
            name=op.f("fk_network_members_network_key_networks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("network_key", "user_key", name=op.f("pk_network_members")),
    )


def downgrade() -> None:
    op.drop_table("network_members")
    op.drop_table("survey_responses")
    op.drop_table("survey_reminders")
    with op.batch_alter_table("survey_audience", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_audience_user_key"))

    op.drop_table("survey_audience")
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surveys_status"))
        batch_op.drop_index(batch_op.f("ix_surveys_activity"))

    op.drop_table("surveys")
    op.drop_table("bot_secrets")
