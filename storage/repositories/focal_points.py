"""Focal points: the users who speak for each member country.

Two sources, read together: rows added with `focal <country> add` and users mapped to a country with
`tz for ... member=`. The facts of a focal point's zone are returned as they are stored; which zone
reaches them is the core's rule (`handlers.focal.focal_points_of`, the audience other features use:
recurring check-ins, "focal points of all members" or "of named members").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from storage.db import Database
from storage.models import FocalPoint, Member, User


@dataclass(frozen=True)
class FocalPointView:
    member: str
    user_key: str
    display_name: str | None
    own_zone: str | None  # the zone stored for the user (set by them, or their platform profile's)
    own_zone_source: str | None  # "user" | "platform" (None: set by the user, before sources were kept)
    capital_zone: str | None  # the capital's zone of `member`
    via: str  # "focal" (focal <country> add) | "member" (tz for ... member=)

    @property
    def label(self) -> str:
        return self.display_name or self.user_key.split(":", 1)[1]


class FocalPointRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, member: str, user_key: str, *, by: str, at: datetime) -> bool:
        """Name ``user_key`` a focal point of ``member``; False when they already were one (by a row)."""
        async with self.db.transaction() as s:
            if await s.get(FocalPoint, (member, user_key)) is not None:
                return False
            s.add(FocalPoint(member=member, user_key=user_key, added_by=by, added_at=at))
            return True

    async def remove(self, member: str, user_key: str) -> bool:
        async with self.db.transaction() as s:
            result = await s.execute(
                delete(FocalPoint).where(FocalPoint.member == member, FocalPoint.user_key == user_key)
            )
            return bool(getattr(result, "rowcount", 0))

    async def of_members(self, members: Sequence[str] | None = None) -> list[FocalPointView]:
        """Focal points of these member countries (None: of every member), by country then user key."""
        wanted = None if members is None else sorted(set(members))
        if wanted == []:
            return []
        rows = select(FocalPoint.member, FocalPoint.user_key)
        mapped = select(User.member, User.key).where(User.member.is_not(None))
        if wanted is not None:
            rows = rows.where(FocalPoint.member.in_(wanted))
            mapped = mapped.where(User.member.in_(wanted))
        async with self.db.transaction() as s:
            pairs: dict[tuple[str, str], str] = {}
            for member, key in (await s.execute(mapped)).all():
                pairs[(str(member), str(key))] = "member"
            for member, key in (await s.execute(rows)).all():
                pairs[(str(member), str(key))] = "focal"
            keys = sorted({key for _, key in pairs})
            users = (
                {u.key: u for u in (await s.scalars(select(User).where(User.key.in_(keys)))).all()}
                if keys
                else {}
            )
            capitals = (
                dict(
                    (
                        await s.execute(
                            select(Member.name, Member.timezone).where(
                                Member.name.in_(sorted({m for m, _ in pairs}))
                            )
                        )
                    ).all()
                )
                if pairs
                else {}
            )
        found = []
        for (member, key), via in sorted(pairs.items()):
            user = users.get(key)
            found.append(
                FocalPointView(
                    member=member,
                    user_key=key,
                    display_name=user.display_name if user is not None else None,
                    own_zone=user.timezone if user is not None else None,
                    own_zone_source=user.timezone_source if user is not None else None,
                    capital_zone=capitals.get(member),
                    via=via,
                )
            )
        return found

    async def countries_of(self, user_keys: Iterable[str] | None = None) -> dict[str, list[str]]:
        """Per user key, the member countries they speak for (their `tz for` country first).

        None: every user who speaks for a country."""
        keys = None if user_keys is None else sorted(set(user_keys))
        if keys == []:
            return {}
        mapped = select(User.key, User.member).where(User.member.is_not(None))
        rows = select(FocalPoint.user_key, FocalPoint.member)
        if keys is not None:
            mapped = mapped.where(User.key.in_(keys))
            rows = rows.where(FocalPoint.user_key.in_(keys))
        found: dict[str, list[str]] = {}
        async with self.db.transaction() as s:
            for key, member in (await s.execute(mapped)).all():
                found.setdefault(str(key), []).append(str(member))
            for key, member in (await s.execute(rows.order_by(FocalPoint.member))).all():
                countries = found.setdefault(str(key), [])
                if member not in countries:
                    countries.append(str(member))
        return found
