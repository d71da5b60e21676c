"""People the bot knows: their time zone, member country and admin flag."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class User(Base):
    __tablename__ = "users"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)  # platform-qualified: slack:U123
    display_name: Mapped[str | None] = mapped_column(String(200))
    timezone: Mapped[str | None] = mapped_column(String(64))
    timezone_source: Mapped[str | None] = mapped_column(String(16))  # "user" (tz), "platform" (profile)
    member: Mapped[str | None] = mapped_column(ForeignKey("members.name"))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    admin_added_by: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
