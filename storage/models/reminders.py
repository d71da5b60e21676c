"""Personal reminders (`remind me ...`). Each firing is a ``due_work`` row (`storage.models.due_work`,
kind ``personal_reminder``); the old delivery table went in 0024_drop_reminder_deliveries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class PersonalReminder(Base):
    """``target`` is a user key (sent by DM) or, with ``to_place``, a place key (sent there)."""

    __tablename__ = "personal_reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_by: Mapped[str] = mapped_column(String(255), index=True)
    creator_name: Mapped[str] = mapped_column(String(255))  # shown when reminding someone else
    target: Mapped[str] = mapped_column(String(255), index=True)
    to_place: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(String(64))
    weekday: Mapped[int | None] = mapped_column(Integer)  # weekly on this weekday (0 = Monday)
    wall_time: Mapped[str | None] = mapped_column(String(5))  # "HH:MM" in `timezone` when weekly
    next_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # None: done or cancelled
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
