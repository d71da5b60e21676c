"""Replayed requests and retried events, recognised so that nothing is handled twice.

Bolt checks the signature and the timestamp (at most 5 minutes old) of every HTTP request first. Then:

- `ReplayGuard.middleware`: a request whose signature (so timestamp and body) this process saw in the last
  5 minutes gets 401 at once, before any listener runs;
- `claim`: after the ack, before any work, the event's id (the same on every Events API retry,
  X-Slack-Retry-Num, and in a replayed body), or the request's signature when it has no id, is claimed in
  the shared inbox table (one write), so that a replay sent to another replica, or after a restart, and every
  retried event, is dropped there: its work never runs.

The claim is kept off the ack path on purpose: it is a database write, and Slack wants the ack within 3 s.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from handlers.core import Clock
from storage.repositories.inbox import Inbox

log = logging.getLogger("focbot.slack")
Next = Callable[[], Awaitable[BoltResponse]]
REQUESTS = "slack-request"
EVENTS = "slack"
SIGNATURE_KEY = "focbot_signature"
WINDOW = 300.0  # Bolt refuses older timestamps, so older signatures need not be remembered


class ReplayGuard:
    def __init__(self, inbox: Inbox, clock: Clock, window: float = WINDOW) -> None:
        self.inbox = inbox
        self.clock = clock
        self.window = window
        self._seen: dict[str, float] = {}  # signature -> when it may be forgotten (monotonic)

    async def middleware(self, req: AsyncBoltRequest, next_: Next) -> BoltResponse:
        if req.mode == "socket_mode":
            return await next_()
        values = req.headers.get("x-slack-signature") or [""]
        signature = values[0]
        now = time.monotonic()
        if signature in self._seen and self._seen[signature] > now:
            log.warning("slack request replayed (same signature); refused")
            return BoltResponse(status=401, body={"error": "replayed request"})
        self._forget_expired(now)
        self._seen[signature] = now + self.window
        req.context[SIGNATURE_KEY] = signature
        return await next_()

    def _forget_expired(self, now: float) -> None:
        """Drop the oldest entries while expired (insertion order is expiry order: the window is fixed)."""
        while self._seen:
            oldest = next(iter(self._seen))
            if self._seen[oldest] > now:
                return
            del self._seen[oldest]

    async def claim(self, context: Mapping[str, Any], event_id: str | None = None) -> bool:
        """True when this request (and event) is new everywhere: the work may run. False for a replay another
        replica took, or a retried event: it is logged and dropped.

        One write per request: the event's id when it has one (a replay carries the same body, so the same
        id, and every retry of an event too), else the request's signature."""
        signature = context.get(SIGNATURE_KEY)
        if event_id:
            if not await self.inbox.claim(EVENTS, event_id, self.clock()):
                log.info("slack event %s already handled (a retry or a replay); dropped", event_id)
                return False
        elif signature and not await self.inbox.claim(REQUESTS, str(signature), self.clock()):
            log.warning("slack request replayed (seen by another process); dropped")
            return False
        return True
