"""Meeting series, their participants and places, and per-occurrence changes.

Datetimes are aware UTC (`UTCDateTime`); a series keeps its own IANA zone so that wall-clock times
(15:00 Geneva) survive DST. What a series sends (reminders, minutes) is due work (``due_work`` rows,
`handlers.meetings.delivery`): their unique key makes sending exactly-once across restarts and replicas.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime

MEETING_KINDS = ("troika", "network", "quarterly", "strategy", "custom")
OVERRIDE_ACTIONS = ("skip", "cancel", "move")


class MeetingSeries(Base):
    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    activity_id: Mapped[str | None] = mapped_column(ForeignKey("activities.id"), index=True)
    rrule: Mapped[str] = mapped_column(String(500))
    first_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5))  # "HH:MM" wall-clock time in `timezone`
    duration_minutes: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    rotation: Mapped[str | None] = mapped_column(String(100))  # "HH:MM,HH:MM" in `timezone`, or None
    agenda: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(500))  # where the call is held (a room, a city)
    link: Mapped[str | None] = mapped_column(String(1000))  # the video link (URL in invites)
    # `meeting edit`: the settings stored apply to calls ending after this instant; earlier calls (and their
    # deliveries) belong to the settings before the edit and are never re-sent. None: never edited.
    effective_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_offsets: Mapped[str] = mapped_column(String(200))  # minutes before the start: "1440,60"
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by: Mapped[str | None] = mapped_column(String(255))
    ical_uid: Mapped[str | None] = mapped_column(String(255))  # the UID of every invite of the series
    ical_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # +1 per change

    participants: Mapped[list[MeetingParticipant]] = relationship(
        order_by="MeetingParticipant.position", cascade="all, delete-orphan", lazy="selectin"
    )
    places: Mapped[list[MeetingPlace]] = relationship(
        order_by="MeetingPlace.position", cascade="all, delete-orphan", lazy="selectin"
    )
    overrides: Mapped[list[MeetingOverride]] = relationship(
        order_by="MeetingOverride.original_start", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def offsets(self) -> list[int]:
        return [int(part) for part in self.reminder_offsets.split(",") if part]

    @property
    def slots(self) -> list[str]:
        return self.rotation.split(",") if self.rotation else [self.start_time]


class MeetingParticipant(Base):
    """A member government (``kind='member'``, ``ref`` its name), a user (``ref`` its key), or a group
    resolved at each call (``kind='group'``, ``ref`` ``troika``, ``members`` or ``network:<key>``)."""

    __tablename__ = "meeting_participants"

    series_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="CASCADE"), primary_key=True
    )
    ref: Mapped[str] = mapped_column(String(255), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)


class MeetingPlace(Base):
    """Where reminders and minutes go: a platform-qualified place key (``slack:C123``)."""

    __tablename__ = "meeting_places"

    series_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="CASCADE"), primary_key=True
    )
    place: Mapped[str] = mapped_column(String(255), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class MeetingOverride(Base):
    """One occurrence skipped, cancelled or moved; keyed by the start the rule gave it (UTC)."""

    __tablename__ = "meeting_overrides"

    series_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="CASCADE"), primary_key=True
    )
    original_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    action: Mapped[str] = mapped_column(String(10))
    moved_to: Mapped[datetime | None] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
