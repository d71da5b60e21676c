"""web tokens: calendar-feed tokens, one-time dashboard sign-in links and dashboard sessions (hashed)

Revision ID: 0016_web_tokens
Revises: 0015_matrix_direct_rooms
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_web_tokens"
down_revision: str | Sequence[str] | None = "0015_matrix_direct_rooms"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("user_key", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_tokens_token_hash")),
    )
    op.create_index("ix_web_tokens_user_kind", "web_tokens", ["user_key", "kind"])


def downgrade() -> None:
    op.drop_index("ix_web_tokens_user_kind", table_name="web_tokens")
    op.drop_table("web_tokens")
