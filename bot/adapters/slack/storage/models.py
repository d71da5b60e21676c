"""Slack messages the bot owes someone and could not deliver yet: kept until Slack takes them.

Each one's retries are a ``due_work`` row (kind ``slack_outbox``, `bot.adapters.slack.outbox`), stored in
the same transaction; the message is deleted once that row is settled.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class SlackOutboxMessage(Base):
    __tablename__ = "slack_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str | None] = mapped_column(String(64))  # None: the DM of user_id
    user_id: Mapped[str] = mapped_column(String(64))  # who it is for (ephemeral replies go to their DM)
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)  # JSON: rendered messages and base64 files
    reason: Mapped[str | None] = mapped_column(String(200))  # why Slack refused it first
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
