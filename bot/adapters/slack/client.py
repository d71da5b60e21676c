"""The Slack Web API client: one AsyncWebClient with retry handlers for 429, 5xx and dropped connections."""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.slack.settings import SlackSettings

log = logging.getLogger("focbot.slack")

DEFAULT_API_URL = "https://slack.com/api/"


class LoggedRateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """Respects 429 + Retry-After (sleeps, then retries) and says so in the log."""

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        retry_after = (
            response.headers.get("retry-after", response.headers.get("Retry-After")) if response else None
        )
        log.warning("slack rate limited: %s, retrying after %s s", _method(request), retry_after)
        await super().prepare_for_next_attempt_async(
            state=state, request=request, response=response, error=error
        )


class LoggedServerErrorRetry(AsyncServerErrorRetryHandler):
    """Retries a 500/503 from Slack, with a warning in the log."""

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        status = response.status_code if response else "-"
        log.warning("slack server error %s on %s, retrying", status, _method(request))
        await super().prepare_for_next_attempt_async(
            state=state, request=request, response=response, error=error
        )


def _method(request: HttpRequest) -> str:
    """The API method of a request (never its query string, which could hold a token)."""
    return request.url.split("?", 1)[0].rsplit("/", 1)[-1]


def retry_handlers(*, rate_limits: bool = True) -> list[AsyncRetryHandler]:
    """Retries of dropped connections and 5xx; of 429s (sleeping Retry-After) unless ``rate_limits`` is
    False (the outbox's sends: the due-work engine waits Retry-After instead of a held claim)."""
    handlers: list[AsyncRetryHandler] = [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        LoggedServerErrorRetry(max_retry_count=2),
    ]
    if rate_limits:
        handlers.insert(1, LoggedRateLimitRetry(max_retry_count=3))
    return handlers


def build_client(settings: SlackSettings) -> AsyncWebClient:
    """The Web API client from settings: the bot token, and SLACK_API_URL when set (tests)."""
    token = settings.bot_token.get_secret_value() if settings.bot_token else None
    base_url = settings.api_url or DEFAULT_API_URL
    return AsyncWebClient(token=token, base_url=base_url, retry_handlers=retry_handlers(), timeout=15)


def build_webhook(url: str, session: aiohttp.ClientSession | None = None) -> AsyncWebhookClient:
    """A client for one response_url, with the same retries (on ``session``'s connections when given)."""
    return AsyncWebhookClient(url, retry_handlers=retry_handlers(), timeout=15, session=session)
