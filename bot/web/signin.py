"""Signing in to the dashboard with the one-time link `dashboard` gives, and signing out.

Opening the link shows a Sign in button: the link is spent by that POST, not by the GET, so a link
previewer (a chat unfurling the address) cannot use it up. A used or expired link signs nobody in.
"""

from __future__ import annotations

from aiohttp import web

from bot.app import App
from bot.web.render import page
from bot.web.security import check_rate
from bot.web.sessions import check_csrf, current_session, end_cookie, start_session
from bot.web.state import LIMITER_KEY, WEB_APP
from handlers.web.commands import SESSION, SIGNIN


async def explainer(request: web.Request) -> web.Response:
    """How to sign in; shows no data."""
    return page("explainer.html", title="Sign in", session=None)


async def link(request: web.Request) -> web.Response:
    check_rate(request, request.app[LIMITER_KEY], "signin")
    app: App = request.app[WEB_APP]
    token = request.match_info["token"]
    found = await app.services.web_tokens.find(SIGNIN, token, now=app.clock())
    if found is None:
        return page("expired.html", status=404, title="Link not valid", session=None)
    return page("signin.html", title="Sign in", session=None, action=f"/signin/{token}")


async def spend(request: web.Request) -> web.StreamResponse:
    check_rate(request, request.app[LIMITER_KEY], "signin")
    app: App = request.app[WEB_APP]
    found = await app.services.web_tokens.spend(SIGNIN, request.match_info["token"], now=app.clock())
    if found is None:
        return page("expired.html", status=404, title="Link not valid", session=None)
    response = web.Response(status=303, headers={"Location": "/"})
    await start_session(app, found.user_key, response)
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    app: App = request.app[WEB_APP]
    session = await current_session(request)
    if session is not None:
        check_csrf(session, (await request.post()).get("csrf"))
        await app.services.web_tokens.revoke(SESSION, session.token, now=app.clock())
    response = web.Response(status=303, headers={"Location": "/signin"})
    end_cookie(response)
    return response


def add_routes(http: web.Application) -> None:
    http.router.add_get("/signin", explainer)
    http.router.add_get("/signin/{token}", link)
    http.router.add_post("/signin/{token}", spend)
    http.router.add_post("/logout", logout)
