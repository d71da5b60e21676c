"""Who belongs to each diplomatic network (New York, Geneva, Paris, Vienna), kept by admins in chat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class NetworkMember(Base):
    __tablename__ = "network_members"

    network_key: Mapped[str] = mapped_column(ForeignKey("networks.key", ondelete="CASCADE"), primary_key=True)
    user_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    added_by: Mapped[str] = mapped_column(String(255))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
