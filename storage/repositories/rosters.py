"""The people of each diplomatic network: listed, added and removed by admins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select

from storage.db import Database
from storage.models import NetworkMember


class RosterRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def members(self, network_key: str) -> list[str]:
        query = select(NetworkMember.user_key).where(NetworkMember.network_key == network_key)
        async with self.db.transaction() as s:
            return list((await s.scalars(query.order_by(NetworkMember.user_key))).all())

    async def add(self, network_key: str, user_keys: Sequence[str], *, by: str, at: datetime) -> list[str]:
        """Add the users not yet listed; returns those added."""
        async with self.db.transaction() as s:
            present = set(
                (
                    await s.scalars(
                        select(NetworkMember.user_key).where(
                            NetworkMember.network_key == network_key, NetworkMember.user_key.in_(user_keys)
                        )
                    )
                ).all()
            )
            new = [key for key in dict.fromkeys(user_keys) if key not in present]
            s.add_all(
                NetworkMember(network_key=network_key, user_key=k, added_by=by, added_at=at) for k in new
            )
            return new

    async def remove(self, network_key: str, user_keys: Sequence[str]) -> int:
        async with self.db.transaction() as s:
            result = await s.execute(
                delete(NetworkMember).where(
                    NetworkMember.network_key == network_key, NetworkMember.user_key.in_(list(user_keys))
                )
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]
