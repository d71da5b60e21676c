"""Dashboard sessions: a cookie holding a session token (stored hashed), and the CSRF token of forms."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from aiohttp import web

from bot.app import App
from bot.web.state import WEB_APP
from handlers.web.commands import SESSION, SESSION_HOURS

COOKIE = "focbot_session"


@dataclass(frozen=True)
class Session:
    user_key: str
    token: str
    is_admin: bool
    display_name: str

    @property
    def csrf(self) -> str:
        return csrf_of(self.token)


def csrf_of(token: str) -> str:
    """The forms' CSRF token: derived from the session token, which only the cookie's holder knows."""
    return hmac.new(token.encode(), b"focbot-csrf", hashlib.sha256).hexdigest()


def check_csrf(session: Session, presented: object) -> None:
    if not isinstance(presented, str) or not hmac.compare_digest(presented, session.csrf):
        raise web.HTTPForbidden(text="The form has expired; reload the page and try again.\n")


async def current_session(request: web.Request) -> Session | None:
    """The signed-in person, rights read afresh (a demoted admin loses admin pages at once)."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    app: App = request.app[WEB_APP]
    found = await app.services.web_tokens.find(SESSION, token, now=app.clock())
    if found is None:
        return None
    user = await app.services.users.get(found.user_key)
    name = user.display_name if user and user.display_name else found.user_key.split(":", 1)[-1]
    return Session(found.user_key, token, await app.services.is_admin(found.user_key), name)


async def start_session(app: App, user_key: str, response: web.StreamResponse) -> None:
    now = app.clock()
    token = await app.services.web_tokens.issue(
        SESSION, user_key, now=now, expires_at=now + timedelta(hours=SESSION_HOURS)
    )
    response.set_cookie(
        COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="Lax",
        secure=app.settings.public_base.startswith("https://"),
        path="/",
    )


def end_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path="/")
