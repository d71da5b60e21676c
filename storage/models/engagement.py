"""Who speaks for each member country (focal points) and who comes to each call (RSVPs).

A focal point is a platform user named for a member country with `focal <country> add`; users mapped to
a country with `tz for ... member=` count too (they are read from `users`, not copied here). An RSVP is one
user's answer for one call, keyed by the call's rule start (`original_start`, stable when a call is moved)
and kept with the member country the user spoke for when they answered, so history does not shift when a
focal point changes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

RSVP_ANSWERS = ("yes", "no", "maybe")


class FocalPoint(Base):
    __tablename__ = "focal_points"

    member: Mapped[str] = mapped_column(ForeignKey("members.name"), primary_key=True)
    user_key: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)
    added_by: Mapped[str] = mapped_column(String(255))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MeetingRsvp(Base):
    __tablename__ = "meeting_rsvps"

    series_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="CASCADE"), primary_key=True
    )
    original_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)
    answer: Mapped[str] = mapped_column(String(5))  # yes | no | maybe
    member: Mapped[str | None] = mapped_column(String(80))  # the country the user spoke for, if any
    call_start: Mapped[datetime] = mapped_column(UTCDateTime)  # where the call was held when answered
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
