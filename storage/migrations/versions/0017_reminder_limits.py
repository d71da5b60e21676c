"""a check-in round has one participant row per person and country: a focal point of two countries
answers for each (was one row per person)

Revision ID: 0017_reminder_limits
Revises: 0016_web_tokens
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017_reminder_limits"
down_revision: str | Sequence[str] | None = "0016_web_tokens"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkin_participants", schema=None) as batch_op:
        batch_op.drop_constraint("uq_checkin_participants_round_id_user_key", type_="unique")
        batch_op.create_unique_constraint(
            "uq_checkin_participants_round_id_user_key_member", ["round_id", "user_key", "member"]
        )


def downgrade() -> None:
    with op.batch_alter_table("checkin_participants", schema=None) as batch_op:
        batch_op.drop_constraint("uq_checkin_participants_round_id_user_key_member", type_="unique")
        batch_op.create_unique_constraint(
            "uq_checkin_participants_round_id_user_key", ["round_id", "user_key"]
        )
