"""The Program of Action and the FOC directory: seeded reference text plus the fields admins edit."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime

ACTIVITY_STATUSES = ("planned", "in progress", "done", "dropped")


class Goal(Base):
    __tablename__ = "goals"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(Text)
    statement: Mapped[str | None] = mapped_column(Text)

    objectives: Mapped[list[Objective]] = relationship(back_populates="goal", order_by="Objective.id")


class Objective(Base):
    __tablename__ = "objectives"

    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    goal_number: Mapped[int] = mapped_column(ForeignKey("goals.number"))
    text: Mapped[str] = mapped_column(Text)

    goal: Mapped[Goal] = relationship(back_populates="objectives")
    activities: Mapped[list[Activity]] = relationship(back_populates="objective", order_by="Activity.number")


class Activity(Base):
    __tablename__ = "activities"

    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    objective_id: Mapped[str] = mapped_column(ForeignKey("objectives.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # Operational fields, edited by admins in chat; unknown until someone sets them.
    status: Mapped[str | None] = mapped_column(String(20))
    lead: Mapped[str | None] = mapped_column(String(200))
    due: Mapped[date | None] = mapped_column(Date)
    updated_by: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    objective: Mapped[Objective] = relationship(back_populates="activities")
    notes: Mapped[list[ActivityNote]] = relationship(
        back_populates="activity", order_by="ActivityNote.created_at"
    )


class ActivityNote(Base):
    __tablename__ = "activity_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    activity_id: Mapped[str] = mapped_column(ForeignKey("activities.id"), index=True)
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    activity: Mapped[Activity] = relationship(back_populates="notes")


class Topic(Base):
    """A priority policy topic of the Program of Action."""

    __tablename__ = "topics"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class ContextSection(Base):
    """Other prose of the Program of Action (mission, background), kept for reference and search."""

    __tablename__ = "context_sections"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class TaskForce(Base):
    __tablename__ = "task_forces"

    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    period: Mapped[str | None] = mapped_column(Text)
    launched: Mapped[str | None] = mapped_column(Text)
    chairs: Mapped[str | None] = mapped_column(Text)
    focus: Mapped[str | None] = mapped_column(Text)
    output: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class Statement(Base):
    """A joint statement of the coalition."""

    __tablename__ = "statements"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    year: Mapped[str] = mapped_column(String(12), index=True)
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)


class Network(Base):
    """A diplomatic network of the coalition; its point of contact is set by admins."""

    __tablename__ = "networks"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    city: Mapped[str] = mapped_column(String(80))
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    poc: Mapped[str | None] = mapped_column(String(200))
    poc_updated_by: Mapped[str | None] = mapped_column(String(200))
    poc_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Member(Base):
    """A member government or an observer, with its capital's time zone."""

    __tablename__ = "members"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default="member")  # member | observer
    joined: Mapped[str | None] = mapped_column(String(20))
    left: Mapped[str | None] = mapped_column(String(20))
    timezone: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)

    @property
    def is_current(self) -> bool:
        return self.kind == "member" and self.left is None


class Chair(Base):
    __tablename__ = "chairs"

    year: Mapped[str] = mapped_column(String(12), primary_key=True)
    chair: Mapped[str | None] = mapped_column(String(120))
    source: Mapped[str | None] = mapped_column(Text)


class Troika(Base):
    """The troika as set by an admin for a given year; without a row it is derived from the chairs."""

    __tablename__ = "troika"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    past: Mapped[str | None] = mapped_column(String(120))
    current: Mapped[str | None] = mapped_column(String(120))
    next: Mapped[str | None] = mapped_column(String(120))
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Structure(Base):
    """Descriptions of the coalition's bodies (Support Unit, Advisory Network, ...)."""

    __tablename__ = "structure"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
