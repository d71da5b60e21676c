"""Security of the web surfaces: response headers on every answer and a rate limit per address.

The Content-Security-Policy allows no script at all (the pages need none), styles and images from the
bot itself (charts are inline ``data:`` PNGs); framing is refused; no Referer ever leaves a page, so a feed
or sign-in token in an address cannot leak to another site.
"""

from __future__ import annotations

import time
from collections import deque

from aiohttp import web
from aiohttp.web_middlewares import Handler

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
WEB_PREFIXES = ("/calendar/", "/signin", "/program", "/meetings", "/surveys", "/participation", "/logout")


def _is_web(path: str) -> bool:
    return path == "/" or path.startswith(WEB_PREFIXES) or path.startswith("/static/")


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The security headers on every web answer, errors included (health and Slack routes untouched)."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        if _is_web(request.path):
            exc.headers.update(HEADERS)
        raise
    if _is_web(request.path):
        response.headers.update(HEADERS)
    return response


class RateLimiter:
    """At most ``limit`` requests per ``window`` seconds per (address, bucket), in this process."""

    def __init__(self, limit: int = 30, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[tuple[str, str], deque[float]] = {}

    def allow(self, address: str, bucket: str) -> bool:
        now = time.monotonic()
        hits = self._hits.setdefault((address, bucket), deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        if len(self._hits) > 10_000:  # forget idle addresses
            for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
                del self._hits[key]
        return True


def check_rate(request: web.Request, limiter: RateLimiter, bucket: str) -> None:
    """Raise 429 when this address went over its limit for ``bucket``."""
    if not limiter.allow(request.remote or "?", bucket):
        raise web.HTTPTooManyRequests(text="Too many requests; try again in a minute.\n")
