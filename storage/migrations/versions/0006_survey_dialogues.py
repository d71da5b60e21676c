"""survey dialogues on every platform: survey_dialogues keyed by user key, Matrix rows copied

The Matrix-only table matrix_survey_dialogues is kept (replicas of the previous release still use it
during a rolling upgrade); its rows are copied with ``matrix:`` before the user id, the latest row per
user where several bot accounts had one.

Revision ID: 0006_survey_dialogues
Revises: 0005
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_survey_dialogues"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "survey_dialogues",
        sa.Column("user_key", sa.String(length=255), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("visited", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_key", name=op.f("pk_survey_dialogues")),
    )
    op.execute(
        "INSERT INTO survey_dialogues (user_key, survey_id, question, visited, updated_at) "
        "SELECT 'matrix:' || d.user_id, d.survey_id, d.question, d.visited, d.updated_at "
        "FROM matrix_survey_dialogues d "
        "WHERE NOT EXISTS (SELECT 1 FROM matrix_survey_dialogues n WHERE n.user_id = d.user_id AND "
        "(n.updated_at > d.updated_at OR (n.updated_at = d.updated_at AND n.account > d.account)))"
    )


def downgrade() -> None:
    op.drop_table("survey_dialogues")
