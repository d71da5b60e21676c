"""Users: time zone, member country and the admin flag set with `admin add`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.db import Database
from storage.models import User
from storage.repositories.plain import plain


@dataclass(frozen=True, slots=True)
class UserView:
    """A user as a plain value (the ``users`` row's attribute names)."""

    key: str  # platform-qualified: slack:U123
    display_name: str | None
    timezone: str | None
    timezone_source: str | None  # "user" (tz), "platform" (profile)
    member: str | None
    is_admin: bool
    admin_added_by: str | None
    created_at: datetime
    updated_at: datetime


class UserRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, key: str) -> UserView | None:
        async with self.db.transaction() as s:
            row = await s.get(User, key)
            return plain(UserView, row) if row is not None else None

    async def many(self, keys: Sequence[str]) -> dict[str, UserView]:
        if not keys:
            return {}
        async with self.db.transaction() as s:
            users = (await s.scalars(select(User).where(User.key.in_(list(keys))))).all()
        return {u.key: plain(UserView, u) for u in users}

    async def update(
        self,
        key: str,
        *,
        at: datetime,
        display_name: str | None = None,
        timezone: str | None = None,
        member: str | None = None,
        is_admin: bool | None = None,
        admin_added_by: str | None = None,
    ) -> UserView:
        """Create the user if new, then set the given fields: one INSERT ... ON CONFLICT DO UPDATE, so that
        several first commands of a new user at once (Slack sends them in parallel) all succeed."""
        changes: dict[str, object] = {"updated_at": at}
        if display_name is not None:
            changes["display_name"] = display_name
        if timezone is not None:
            changes["timezone"] = timezone
            changes["timezone_source"] = "user"
        if member is not None:
            changes["member"] = member
        if is_admin is not None:
            changes["is_admin"] = is_admin
            changes["admin_added_by"] = admin_added_by
        insert = postgresql_insert if self.db.engine.dialect.name == "postgresql" else sqlite_insert
        statement = (
            insert(User)
            .values({"key": key, "is_admin": False, "created_at": at} | changes)
            .on_conflict_do_update(index_elements=[User.key], set_=changes)
        )
        async with self.db.transaction() as s:
            await s.execute(statement)
            user = await s.get(User, key, populate_existing=True)
            assert user is not None  # just written, in this transaction
            return plain(UserView, user)

    async def set_platform_zone(
        self, key: str, *, at: datetime, zone: str | None, display_name: str | None = None
    ) -> UserView:
        """Store the zone of the user's chat platform profile (and a missing display name), created if new.
        A zone the user set (`update(timezone=...)`) is kept: the profile only fills or refreshes its own."""
        insert = postgresql_insert if self.db.engine.dialect.name == "postgresql" else sqlite_insert
        values: dict[str, object] = {"key": key, "is_admin": False, "created_at": at, "updated_at": at}
        if display_name is not None:
            values["display_name"] = display_name
        if zone is not None:
            values |= {"timezone": zone, "timezone_source": "platform"}
        statement = insert(User).values(values)
        changes: dict[str, object] = {"updated_at": at}
        if display_name is not None:
            changes["display_name"] = func.coalesce(User.display_name, statement.excluded.display_name)
        if zone is not None:
            theirs = or_(User.timezone.is_(None), User.timezone_source == "platform")
            changes["timezone"] = case((theirs, statement.excluded.timezone), else_=User.timezone)
            changes["timezone_source"] = case((theirs, "platform"), else_=User.timezone_source)
        statement = statement.on_conflict_do_update(index_elements=[User.key], set_=changes)
        async with self.db.transaction() as s:
            await s.execute(statement)
            user = await s.get(User, key, populate_existing=True)
            assert user is not None  # just written, in this transaction
            return plain(UserView, user)

    async def admin_keys(self) -> set[str]:
        async with self.db.transaction() as s:
            return set((await s.scalars(select(User.key).where(User.is_admin.is_(True)))).all())

    async def find_by_name(self, name: str, platform: str | None = None) -> list[UserView]:
        """Users whose display name, key or platform id equals ``name`` (case-insensitive)."""
        lowered = name.lower()
        query = select(User).where(
            or_(
                func.lower(User.display_name) == lowered,
                func.lower(User.key) == lowered,
                func.lower(User.key).endswith(":" + lowered, autoescape=True),
            )
        )
        if platform is not None:
            query = query.where(User.key.startswith(platform + ":", autoescape=True))
        async with self.db.transaction() as s:
            return [plain(UserView, u) for u in await s.scalars(query.order_by(User.key))]

    async def with_member_country(self) -> list[str]:
        """Keys of the users linked to a member country (the audience ``to=members`` of a survey)."""
        async with self.db.transaction() as s:
            query = select(User.key).where(User.member.is_not(None)).order_by(User.key)
            return list((await s.scalars(query)).all())
