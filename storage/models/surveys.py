"""Surveys: definitions and lifecycle, audiences, one response per person, reminders sent, bot secrets.

Anonymous surveys keep the audience (user keys, needed for invitations and reminders) apart from the
responses, whose ``respondent_key`` is then a keyed hash; nothing links the two without the key.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

SURVEY_STATUSES = ("draft", "open", "closed")


class Survey(Base):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    template: Mapped[str | None] = mapped_column(String(60))
    activity: Mapped[str | None] = mapped_column(String(8), index=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), index=True, default="draft")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    audience_label: Mapped[str | None] = mapped_column(String(500))
    audience_size: Mapped[int] = mapped_column(Integer, default=0)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str | None] = mapped_column(String(64))  # the zone the deadline was given in
    reminder_minutes: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_by: Mapped[str | None] = mapped_column(String(255))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str | None] = mapped_column(String(20))  # deadline | command
    responses_at_close: Mapped[int | None] = mapped_column(Integer)


class SurveyAudience(Base):
    """Who is asked, and whether their invitation went out. Never touched by answering, so it says
    nothing about who answered."""

    __tablename__ = "survey_audience"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    user_key: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)
    invitation: Mapped[str] = mapped_column(String(10), default="pending")  # pending | sent | failed


class SurveyResponse(Base):
    """One person's answers to one survey: {"<question number>": value}. Unique per respondent."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "respondent_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, so it carries no order
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    respondent_key: Mapped[str] = mapped_column(String(255))  # user key, or HMAC-SHA256 hex if anonymous
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the day only, if anonymous


class SurveyReminder(Base):
    """A reminder claimed before it is sent, so it goes out at most once per person and offset."""

    __tablename__ = "survey_reminders"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    offset_minutes: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    recipient: Mapped[str] = mapped_column(String(255), primary_key=True)  # user key, or a keyed hash
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(10), default="claimed")  # claimed | sent | failed


class BotSecret(Base):
    """Secrets the bot makes for itself when none is configured (the anonymous-survey hash key)."""

    __tablename__ = "bot_secrets"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SurveyDialogue(Base):
    """A survey being answered in a direct chat, one question at a time, on any platform; kept so a
    restart resumes it. One per person (``user_key``, e.g. ``matrix:@bob:example.org``)."""

    __tablename__ = "survey_dialogues"

    user_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    survey_id: Mapped[int] = mapped_column(Integer)
    question: Mapped[int] = mapped_column(Integer)  # the number of the question asked now
    visited: Mapped[str] = mapped_column(Text, default="[]")  # JSON: the questions asked before, for `back`
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
