"""POST /slack/events on the bot's shared aiohttp server (bot/http.py), handed to Bolt as it came.

Before the signature, nothing: the body's size is bounded by the server (``client_max_size``: 413), then
the timestamp and the signature are checked on the raw bytes (Slack's v0 HMAC, at most 5 minutes old), and
only then is the body decoded and parsed. What is not signed gets a bare 401 that explains nothing and costs
one HMAC; a signed body Bolt could not handle (not an object, nested too deep to parse) gets a 400."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier

from bot.adapters.base import RouteContributor
from bot.adapters.slack.shape import malformed
from bot.adapters.slack.tasks import Background

EVENTS_PATH = "/slack/events"
TIMESTAMP = "X-Slack-Request-Timestamp"
SIGNATURE = "X-Slack-Signature"
STAMP_DIGITS = 12  # seconds since 1970 have 10 digits until the year 2286


def signed(verifier: SignatureVerifier | None, raw: bytes, headers: Mapping[str, str]) -> bool:
    """True when ``raw`` carries Slack's signature, made less than 5 minutes ago (Bolt's own rule)."""
    stamp = headers.get(TIMESTAMP) or ""
    signature = headers.get(SIGNATURE) or ""
    if verifier is None or not signature:
        return False
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= STAMP_DIGITS):
        return False
    return verifier.is_valid(raw, stamp, signature)


def slack_routes(
    bolt: AsyncApp, signing_secret: str, background: Background | None = None
) -> RouteContributor:
    """A route contributor for `bot.http.build_http_app`. The signature is checked here, before anything
    is parsed (and by Bolt again). With ``background``, work started after acks lets the requests in flight
    be acked first."""
    verifier = SignatureVerifier(signing_secret) if signing_secret.strip() else None

    async def events(request: web.Request) -> web.Response:
        raw = await request.read()
        if not signed(verifier, raw, request.headers):
            return web.Response(status=401)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return web.Response(status=400, text="malformed Slack payload: the body is not UTF-8")
        problem = malformed(text, request.headers.get("Content-Type", ""))
        if problem is not None:
            return web.Response(status=400, text=f"malformed Slack payload: {problem}")
        bolt_request = await to_bolt_request(request)
        if background is None:
            response = await bolt.async_dispatch(bolt_request)
        else:
            with background.request():
                response = await bolt.async_dispatch(bolt_request)
        return await to_aiohttp_response(response)

    def contribute(http: web.Application) -> None:
        http.router.add_post(EVENTS_PATH, events)

    return contribute
