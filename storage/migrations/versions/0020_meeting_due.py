"""meeting reminders and minutes are due work: meeting_deliveries moves into due_work (issue 21 item 1)

Each delivery row becomes the ``due_work`` row of kind ``meeting_reminder`` or ``meeting_minutes`` with
the same unique key (``series<id>:<call start>:<reminder|minutes>:<offset>:<place>``), so nothing sent
or recorded missed is owed again: sent -> sent, missed -> missed, failed with a retry time -> retry at
that time, failed for good -> failed, sending (its process died mid-send) -> unknown (never resent).

Revision ID: 0020_meeting_due
Revises: 0019_due_work
Create Date: 2026-12-21
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0020_meeting_due"
down_revision: str | Sequence[str] | None = "0019_due_work"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = {"reminder": "meeting_reminder", "minutes": "meeting_minutes"}

due_work = sa.table(
    "due_work",
    sa.column("id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("key", sa.String()),
    sa.column("recipient", sa.String()),
    sa.column("due_at", sa.DateTime(timezone=True)),
    sa.column("state", sa.String()),
    sa.column("attempts", sa.Integer()),
    sa.column("last_error", sa.Text()),
    sa.column("payload", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("done_at", sa.DateTime(timezone=True)),
)
deliveries = sa.table(
    "meeting_deliveries",
    sa.column("series_id", sa.Integer()),
    sa.column("occurrence_start", sa.DateTime(timezone=True)),
    sa.column("kind", sa.String()),
    sa.column("offset_minutes", sa.Integer()),
    sa.column("place", sa.String()),
    sa.column("status", sa.String()),
    sa.column("attempts", sa.Integer()),
    sa.column("due_at", sa.DateTime(timezone=True)),
    sa.column("claimed_at", sa.DateTime(timezone=True)),
    sa.column("sent_at", sa.DateTime(timezone=True)),
    sa.column("retry_at", sa.DateTime(timezone=True)),
    sa.column("error", sa.String()),
)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _row(d: Any) -> dict[str, Any]:
    """One meeting_deliveries row as its due_work row (`handlers.meetings.firings.Firing`)."""
    start, due, claimed = _utc(d.occurrence_start), _utc(d.due_at), _utc(d.claimed_at)
    state, due_at, error = d.status, due, d.error
    done_at: datetime | None = claimed
    if d.status == "sent":
        done_at = _utc(d.sent_at) if d.sent_at is not None else claimed
    elif d.status == "sending":
        state, error = "unknown", "its owner died mid-send"
    elif d.status == "failed" and d.retry_at is not None:
        state, due_at, done_at = "retry", _utc(d.retry_at), None
    elif d.status not in ("missed", "failed"):
        state = "failed"
    return {
        "kind": KINDS[d.kind],
        "key": f"series{d.series_id}:{start.isoformat()}:{d.kind}:{d.offset_minutes}:{d.place}",
        "recipient": d.place,
        "due_at": due_at,
        "state": state,
        "attempts": d.attempts,
        "last_error": error,
        "payload": {
            "series": d.series_id,
            "start": start.isoformat(),
            "kind": d.kind,
            "offset": d.offset_minutes,
            "place": d.place,
            "at": due.isoformat(),
        },
        "created_at": claimed,
        "done_at": done_at,
    }


def upgrade() -> None:
    bind = op.get_bind()
    rows = [_row(d) for d in bind.execute(sa.select(deliveries))]
    for start in range(0, len(rows), 500):
        bind.execute(sa.insert(due_work), rows[start : start + 500])
    with op.batch_alter_table("meeting_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_deliveries_status"))
        batch_op.drop_index(batch_op.f("ix_meeting_deliveries_retry_at"))
    op.drop_table("meeting_deliveries")


def downgrade() -> None:
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
    bind = op.get_bind()
    states = {"sent": "sent", "missed": "missed", "failed": "failed", "retry": "failed", "unknown": "sending"}
    series = {r[0] for r in bind.execute(sa.text("SELECT id FROM meeting_series"))}
    rows = []
    for item in bind.execute(sa.select(due_work).where(due_work.c.kind.in_(list(KINDS.values())))):
        p = item.payload
        if item.state not in states or p["series"] not in series:  # waiting: made again at start
            continue
        rows.append(
            {
                "series_id": p["series"],
                "occurrence_start": datetime.fromisoformat(p["start"]),
                "kind": p["kind"],
                "offset_minutes": p["offset"],
                "place": p["place"],
                "status": states[item.state],
                "attempts": item.attempts,
                "due_at": datetime.fromisoformat(p["at"]),
                "claimed_at": item.created_at,
                "sent_at": item.done_at if item.state == "sent" else None,
                "retry_at": item.due_at if item.state == "retry" else None,
                "error": (item.last_error or "")[:500] or None,
            }
        )
    for start in range(0, len(rows), 500):
        bind.execute(sa.insert(deliveries), rows[start : start + 500])
    bind.execute(sa.delete(due_work).where(due_work.c.kind.in_(list(KINDS.values()))))
