"""The web surfaces served by the bot's own HTTP server beside /healthz: personal calendar feeds
(`feeds`), the dashboard's sign-in and sessions (`signin`, `sessions`) and its pages (`pages`), with the
security headers and rate limits of `security`. Pages are server-rendered Jinja2 (`render`), no script."""

from __future__ import annotations

from aiohttp import web

from bot.app import App
from bot.web import feeds, pages, signin
from bot.web.render import STATIC_DIR
from bot.web.security import RateLimiter, security_headers
from bot.web.state import LIMITER_KEY, WEB_APP


def add_web_routes(http: web.Application, app: App) -> None:
    """Add the feed, sign-in and dashboard routes (and their security middleware) to ``http``."""
    http[WEB_APP] = app
    http[LIMITER_KEY] = RateLimiter()
    http.middlewares.append(security_headers)
    http.router.add_static("/static/", STATIC_DIR)
    feeds.add_routes(http)
    signin.add_routes(http)
    pages.add_routes(http)
