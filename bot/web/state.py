"""Keys under which the web routes find the bot and their rate limiter on the aiohttp application."""

from __future__ import annotations

from aiohttp import web

from bot.app import App
from bot.web.security import RateLimiter

WEB_APP = web.AppKey("focbot-web", App)
LIMITER_KEY = web.AppKey("focbot-web-limiter", RateLimiter)
