"""Web tokens: calendar-feed tokens, one-time sign-in links and dashboard sessions, stored hashed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

WEB_TOKEN_KINDS = ("feed", "signin", "session")


class WebToken(Base):
    """One token of ``kind`` for ``user_key``: only its SHA-256 (``token_hash``) is stored, so the database
    alone opens no feed and no session. ``used_at`` marks a sign-in link spent; ``revoked_at`` a feed
    replaced by `calendar reset` or a session ended by `dashboard logout`."""

    __tablename__ = "web_tokens"
    __table_args__ = (Index("ix_web_tokens_user_kind", "user_key", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    user_key: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
