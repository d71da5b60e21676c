"""Recurring check-ins (`checkin ...`): the definition, its rounds, and one row per participant and round.

A participant row is the claim on that participant's DM and reminders: sending flips ``sent`` from
``pending`` to ``sending`` (compare-and-set, one replica wins) before the message goes out, and each
reminder moves ``reminded`` from k to k+1 the same way. A round is claimed by its unique (check-in,
round date); its close and its digest by compare-and-set on ``closed_at`` and ``digest``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class Checkin(Base):
    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    template: Mapped[str | None] = mapped_column(String(60))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)  # a survey definition (question kinds)
    audience_kind: Mapped[str] = mapped_column(String(10))  # members | countries | network | users
    audience: Mapped[list[str]] = mapped_column(JSON, default=list)  # countries, network key or user keys
    rule: Mapped[str] = mapped_column(String(500))  # RFC 5545 (dates only)
    first_date: Mapped[date] = mapped_column(Date)
    wall_time: Mapped[str] = mapped_column(String(5))  # "HH:MM", each participant's own wall clock
    deadline_days: Mapped[int] = mapped_column(Integer)
    reminder_minutes: Mapped[list[int]] = mapped_column(JSON, default=list)  # before the deadline
    digest_place: Mapped[str | None] = mapped_column(String(255))
    before_series: Mapped[int | None] = mapped_column(Integer)  # digest a set time before its next call
    status: Mapped[str] = mapped_column(String(10), default="active", index=True)  # active | paused
    next_round_on: Mapped[date | None] = mapped_column(Date)  # the next scheduled round's date
    next_round_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # when it is created
    schedule_version: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0"
    )  # +1 per pause/resume
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CheckinRound(Base):
    __tablename__ = "checkin_rounds"
    __table_args__ = (UniqueConstraint("checkin_id", "round_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    round_date: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_by: Mapped[str | None] = mapped_column(String(255))  # None: the schedule
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str | None] = mapped_column(String(20))  # deadline | command
    digest: Mapped[str] = mapped_column(String(10), default="none")  # none|pending|sending|sent|failed
    digest_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    digest_attempts: Mapped[int] = mapped_column(Integer, default=0)
    opening: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # +1 per reopen


class CheckinParticipant(Base):
    """One participant of one round: whom, for which country, in which zone, when the DM is due, whether
    it went out, their answers ({"<question number>": value}) and when they last answered."""

    __tablename__ = "checkin_participants"
    __table_args__ = (UniqueConstraint("round_id", "user_key", "member"),)  # a row per person and country

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("checkin_rounds.id", ondelete="CASCADE"), index=True)
    user_key: Mapped[str] = mapped_column(String(255), index=True)
    member: Mapped[str | None] = mapped_column(String(80))
    timezone: Mapped[str] = mapped_column(String(64))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    sent: Mapped[str] = mapped_column(String(10), default="pending")  # pending|sending|sent|failed
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reminded: Mapped[int] = mapped_column(Integer, default=0)  # reminders sent so far
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
