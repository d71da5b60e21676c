"""Web tokens (calendar feeds, sign-in links, dashboard sessions): issued, looked up and spent by hash.

A token is 32 random bytes from `secrets` (256 bits), shown once; only its SHA-256 is stored. A lookup
hashes what was presented and finds the row by that hash (an index lookup on a digest: the secret itself
is never compared), then `hmac.compare_digest` confirms it, so no timing tells how much of a guess was right.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from storage.db import Database
from storage.models import WebToken
from storage.repositories.plain import plain

TOKEN_BYTES = 32


@dataclass(frozen=True, slots=True)
class WebTokenView:
    id: int
    token_hash: str
    kind: str
    user_key: str
    created_at: datetime
    expires_at: datetime | None
    used_at: datetime | None
    revoked_at: datetime | None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh URL-safe token of 256 bits."""
    return secrets.token_urlsafe(TOKEN_BYTES)


class WebTokenRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def issue(
        self, kind: str, user_key: str, *, now: datetime, expires_at: datetime | None = None
    ) -> str:
        """A new token of ``kind`` for ``user_key``; returns the token itself (stored only hashed)."""
        token = new_token()
        async with self.db.transaction() as s:
            s.add(
                WebToken(
                    token_hash=token_hash(token),
                    kind=kind,
                    user_key=user_key,
                    created_at=now,
                    expires_at=expires_at,
                )
            )
        return token

    async def revoke_all(self, kind: str, user_key: str, *, now: datetime) -> int:
        """Revoke every live token of ``kind`` of ``user_key`` (`calendar reset`, `dashboard logout`)."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(WebToken)
                .where(WebToken.kind == kind, WebToken.user_key == user_key, WebToken.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def revoke(self, kind: str, token: str, *, now: datetime) -> None:
        """Revoke one token (a session ended by its logout button)."""
        async with self.db.transaction() as s:
            await s.execute(
                update(WebToken)
                .where(WebToken.kind == kind, WebToken.token_hash == token_hash(token))
                .values(revoked_at=now)
            )

    async def live(self, kind: str, user_key: str, *, now: datetime) -> bool:
        """Whether ``user_key`` holds a live token of ``kind`` (a feed already issued)."""
        query = select(WebToken.id).where(
            WebToken.kind == kind, WebToken.user_key == user_key, WebToken.revoked_at.is_(None)
        )
        async with self.db.transaction() as s:
            return (await s.scalars(query.limit(1))).first() is not None

    async def find(self, kind: str, token: str, *, now: datetime) -> WebTokenView | None:
        """The live (not revoked, not expired, not spent) token of ``kind`` presented as ``token``."""
        if not token or len(token) > 200:
            return None
        digest = token_hash(token)
        async with self.db.transaction() as s:
            row = (await s.scalars(select(WebToken).where(WebToken.token_hash == digest))).first()
            view = plain(WebTokenView, row) if row is not None else None
        if view is None or not hmac.compare_digest(view.token_hash, digest) or view.kind != kind:
            return None
        if view.revoked_at is not None or view.used_at is not None:
            return None
        if view.expires_at is not None and view.expires_at <= now:
            return None
        return view

    async def spend(self, kind: str, token: str, *, now: datetime) -> WebTokenView | None:
        """Use a one-time token: it is marked used in one conditional update, so of two requests with the
        same link only one signs in. Returns the token, or None when it was not live."""
        found = await self.find(kind, token, now=now)
        if found is None:
            return None
        async with self.db.transaction() as s:
            result = await s.execute(
                update(WebToken)
                .where(WebToken.id == found.id, WebToken.used_at.is_(None), WebToken.revoked_at.is_(None))
                .values(used_at=now)
            )
            if int(getattr(result, "rowcount", 0) or 0) != 1:
                return None
        return found
