"""Matrix adapter state: the sync token (saved only after a batch is handled), direct rooms, and the
public halves of the bot's cross-signing keys (the private keys stay in the store path)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class MatrixSyncState(Base):
    """Where the bot's sync resumes: the ``next_batch`` of the last batch whose events were all handled."""

    __tablename__ = "matrix_sync_state"

    account: Mapped[str] = mapped_column(String(255), primary_key=True)
    next_batch: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MatrixDirectRoom(Base):
    """The room the bot uses to talk privately with one user (`bot.adapters.matrix.direct`)."""

    __tablename__ = "matrix_direct_rooms"

    account: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # how it began as a DM: "created" (the bot, with is_direct) or "invited" (the user invited the bot with
    # is_direct); None for rows from before 0015, checked once against the room's state at start
    origin: Mapped[str | None] = mapped_column(String(16), nullable=True)


class MatrixCrossSigning(Base):
    """The public cross-signing keys the bot uploaded for its account (unpadded base64 ed25519)."""

    __tablename__ = "matrix_cross_signing"

    account: Mapped[str] = mapped_column(String(255), primary_key=True)
    master_key: Mapped[str] = mapped_column(String(64))
    self_signing_key: Mapped[str] = mapped_column(String(64))
    user_signing_key: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MatrixSignedDevice(Base):
    """A device of the bot that its self-signing key has signed (and the server accepted)."""

    __tablename__ = "matrix_signed_devices"

    account: Mapped[str] = mapped_column(String(255), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    self_signing_key: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MatrixPoll(Base):
    """A native poll the bot posted for a single-choice question; votes become the question's command."""

    __tablename__ = "matrix_polls"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    account: Mapped[str] = mapped_column(String(255), index=True)
    room_id: Mapped[str] = mapped_column(String(255), index=True)
    question: Mapped[str] = mapped_column(Text)
    answers: Mapped[str] = mapped_column(Text)  # JSON: [[answer id, label, value], ...]
    command: Mapped[str] = mapped_column(Text)  # the command to run for a vote, "{value}" replaced
    max_selections: Mapped[int] = mapped_column(default=1)
    created_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    end_event_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # the message the poll was posted under (a reminder): a reaction or a reply to it answers the poll too
    message_event_id: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)


class MatrixMessageActions(Base):
    """A message the bot sent that offers actions on a reaction (a reminder's Stop): each sign the message
    offers (``stop``) with the command a reaction meaning it runs, as the reacting user."""

    __tablename__ = "matrix_message_actions"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    account: Mapped[str] = mapped_column(String(255), index=True)
    room_id: Mapped[str] = mapped_column(String(255))
    actions: Mapped[str] = mapped_column(Text)  # JSON: {sign: command}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MatrixSurveyDialogue(Base):
    """Before migration 0006_survey_dialogues: Matrix survey dialogues, now in `SurveyDialogue` (every
    platform). The migration copied its rows; the table stays for replicas of the previous release during a
    rolling upgrade and is read by nothing else."""

    __tablename__ = "matrix_survey_dialogues"

    account: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    survey_id: Mapped[int] = mapped_column()
    question: Mapped[int] = mapped_column()  # the number of the question asked now
    visited: Mapped[str] = mapped_column(Text, default="[]")  # JSON: the questions asked before, for `back`
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
