"""Due work: every message the bot sends on its own at a moment (a personal reminder, a check-in DM, ...)
is one row here, claimed, sent and marked by one engine (`handlers.due`).

``kind`` names the module that produced the row and knows how to send it; ``key`` is unique per kind
(the same firing produced twice is one row); ``recipient`` is the fairness lane (a flood in one lane
waits behind the others); ``state`` goes pending -> claimed -> sending -> sent (or retry -> ... -> failed,
missed, dropped). A ``claimed`` row whose ``claim_expires`` has passed belongs to a process that died
before its send: it is taken again. A ``sending`` one's owner died mid-send: it ends ``unknown``, never
sent again (at most once).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

DUE_STATES = ("pending", "claimed", "sending", "retry", "sent", "failed", "missed", "dropped", "unknown")
"""pending/retry: waiting for ``due_at``; claimed: held, not begun; sending: its send began; the rest
are final (unknown: its owner died mid-send, it may have gone out)."""


class DueWork(Base):
    __tablename__ = "due_work"
    __table_args__ = (
        UniqueConstraint("kind", "key"),
        Index("ix_due_work_state_due_at", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(255))
    recipient: Mapped[str] = mapped_column(String(255))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    claim_owner: Mapped[str | None] = mapped_column(String(64))
    claim_expires: Mapped[datetime | None] = mapped_column(UTCDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
