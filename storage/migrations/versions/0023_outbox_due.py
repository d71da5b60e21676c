"""the Slack outbox's retries are due work: a due_work row per kept message

Revision ID: 0023_outbox_due
Revises: 0022_checkin_due
Create Date: 2027-01-12

Each message still waiting in ``slack_outbox`` gets its ``due_work`` row (kind ``slack_outbox``, due at its
``next_attempt_at``, its attempts so far less the first, which was the reply itself, so that the move to
the user's DM after three channel attempts still comes at the same attempt); then the outbox's own
schedule columns go (attempts, next attempt: the row's), and ``last_error`` becomes ``reason`` (why Slack
refused it first). Downgrade puts the waiting rows' schedule back.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_outbox_due"
down_revision: str | Sequence[str] | None = "0022_checkin_due"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND = "slack_outbox"
WHEN = sa.DateTime(timezone=True)
outbox = sa.table(
    "slack_outbox",
    sa.column("id", sa.Integer()),
    sa.column("user_id", sa.String()),
    sa.column("attempts", sa.Integer()),
    sa.column("last_error", sa.String()),
    sa.column("created_at", WHEN),
    sa.column("next_attempt_at", WHEN),
)
due_work = sa.table(
    "due_work",
    sa.column("kind", sa.String()),
    sa.column("key", sa.String()),
    sa.column("recipient", sa.String()),
    sa.column("due_at", WHEN),
    sa.column("state", sa.String()),
    sa.column("attempts", sa.Integer()),
    sa.column("last_error", sa.Text()),
    sa.column("payload", sa.JSON()),
    sa.column("created_at", WHEN),
)


def upgrade() -> None:
    bind = op.get_bind()
    waiting = bind.execute(sa.select(outbox).order_by(outbox.c.id)).mappings().all()
    if waiting:
        op.bulk_insert(
            due_work,
            [
                {
                    "kind": KIND,
                    "key": f"{row['id']}@0023",
                    "recipient": f"slack:{row['user_id']}",
                    "due_at": row["next_attempt_at"],
                    "state": "retry",
                    "attempts": max((row["attempts"] or 1) - 1, 0),
                    "last_error": row["last_error"],
                    "payload": {"message": row["id"]},
                    "created_at": row["created_at"],
                }
                for row in waiting
            ],
        )
    with op.batch_alter_table("slack_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_outbox_next_attempt_at"))
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("attempts")
        batch_op.alter_column("last_error", new_column_name="reason", existing_type=sa.String(length=200))


def downgrade() -> None:
    with op.batch_alter_table("slack_outbox", schema=None) as batch_op:
        batch_op.alter_column("reason", new_column_name="last_error", existing_type=sa.String(length=200))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("next_attempt_at", WHEN, nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(due_work.c.payload, due_work.c.due_at, due_work.c.attempts).where(
            due_work.c.kind == KIND, due_work.c.state.in_(("pending", "retry", "claimed", "sending"))
        )
    ).all()
    for payload, due_at, attempts in rows:
        bind.execute(
            outbox.update()
            .where(outbox.c.id == int(payload["message"]))
            .values(next_attempt_at=due_at, attempts=attempts + 1)
        )
    # a message whose row is settled (sent, or may have been) is not kept: never sent twice
    bind.execute(outbox.delete().where(outbox.c.next_attempt_at.is_(None)))
    bind.execute(due_work.delete().where(due_work.c.kind == KIND))
    with op.batch_alter_table("slack_outbox", schema=None) as batch_op:
        batch_op.alter_column("next_attempt_at", existing_type=WHEN, nullable=False)
        batch_op.create_index(batch_op.f("ix_slack_outbox_next_attempt_at"), ["next_attempt_at"])
