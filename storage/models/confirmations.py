"""Proposals waiting for a `yes`: what a command would do, kept until its author confirms or drops it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

CONFIRMATION_STATES = ("pending", "confirming", "confirmed", "dropped", "expired", "replaced")


class PendingConfirmation(Base):
    """One proposal (``action``, e.g. ``meeting new``) by ``actor_key`` in ``place_key``: the full parsed
    request as JSON, until ``expires_at``. ``state`` moves once from ``pending`` (a conditional update), so a
    second `yes` or a replayed button finds it decided; ``result_id`` is what the confirmation created."""

    __tablename__ = "pending_confirmations"
    __table_args__ = (Index("ix_pending_confirmations_actor_place", "actor_key", "place_key", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor_key: Mapped[str] = mapped_column(String(255))
    place_key: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(32))
    request: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    result_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
