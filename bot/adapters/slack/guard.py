"""Request guards that run inside Bolt, after its signature check:

- `replay_guard`: a signed HTTP request seen before (same signature, so same timestamp and body) gets 401;
- `dedupe_events`: an Events API event is handled once, however often Slack retries it (X-Slack-Retry-Num).

Both claim ids in the shared inbox table, so they hold across restarts and replicas.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from handlers.core import Clock
from storage.repositories.inbox import Inbox

log = logging.getLogger("focbot.slack")
Next = Callable[[], Awaitable[BoltResponse]]
Guard = Callable[..., Awaitable[BoltResponse]]
REQUESTS = "slack-request"
EVENTS = "slack"


def _header(req: AsyncBoltRequest, name: str) -> str:
    values = req.headers.get(name) or [""]
    return values[0]


def replay_guard(inbox: Inbox, clock: Clock) -> Guard:
    async def guard(req: AsyncBoltRequest, next_: Next) -> BoltResponse:
        if req.mode == "socket_mode":
            return await next_()
        signature = _header(req, "x-slack-signature")
        if not await inbox.claim(REQUESTS, signature, clock()):
            log.warning("slack request replayed (same signature); refused")
            return BoltResponse(status=401, body={"error": "replayed request"})
        return await next_()

    return guard


def dedupe_events(inbox: Inbox, clock: Clock) -> Guard:
    async def guard(req: AsyncBoltRequest, body: dict[str, Any], next_: Next) -> BoltResponse:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not await inbox.claim(EVENTS, str(event_id), clock()):
            retry = _header(req, "x-slack-retry-num") or "-"
            log.info("slack event %s already handled (retry %s); acknowledged again", event_id, retry)
            return BoltResponse(status=200, body="")
        return await next_()

    return guard
