"""Sending rendered replies: chat.postMessage, chat.postEphemeral, response_url, DMs and file uploads."""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.client import build_webhook, retry_handlers
from bot.adapters.slack.render import Block, Decoration, Rendered, render_reply
from handlers.core import FileAttachment, Reply

log = logging.getLogger("focbot.slack")


class DeliveryError(RuntimeError):
    """A post that Slack refused (the message is not lost: the caller retries or falls back)."""


class Delivery:
    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._dm_channels: dict[str, str] = {}
        self.decorations: list[Decoration] = []
        self._http: aiohttp.ClientSession | None = None
        self._siblings: list[AsyncWebClient] = []

    def without_rate_limit_waits(self) -> Delivery:
        """This delivery on a client that raises a 429 at once instead of sleeping its Retry-After, on the
        same connections and DM cache: for due work, whose sends hold a claim (the engine waits instead)."""
        client = AsyncWebClient(
            token=self.client.token,
            base_url=self.client.base_url,
            timeout=self.client.timeout,
            retry_handlers=retry_handlers(rate_limits=False),
        )
        other = Delivery(client)
        other._dm_channels = self._dm_channels
        self._siblings.append(client)
        if self._http is not None:
            client.session = self._http
        return other

    def open(self) -> None:
        """One HTTP connection pool for every Slack call, Web API and response_url alike (in the running
        loop, from the adapter's `start`): without it the SDK opens a new connection, and on Slack a TLS
        handshake, for every call and every answer."""
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession()
            for client in (self.client, *self._siblings):
                client.session = self._http

    async def close(self) -> None:
        if self._http is not None:
            for client in (self.client, *self._siblings):
                client.session = None
            await self._http.close()
            self._http = None

    def render(self, reply: Reply) -> Rendered:
        extra: list[Block] = [block for decorate in self.decorations for block in decorate(reply)]
        return render_reply(reply, extra=extra)

    async def dm_channel(self, user_id: str) -> str:
        """The id of the bot's DM with ``user_id`` (conversations.open, cached)."""
        channel = self._dm_channels.get(user_id)
        if channel is None:
            response = await self.client.conversations_open(users=user_id)
            channel = str(response["channel"]["id"])
            self._dm_channels[user_id] = channel
        return channel

    async def post(self, channel: str, reply: Reply, *, thread_ts: str | None = None) -> None:
        """Every message of ``reply`` to ``channel``, then its files. Raises on failure."""
        await self.post_rendered(channel, self.render(reply), thread_ts=thread_ts)

    async def post_rendered(self, channel: str, rendered: Rendered, *, thread_ts: str | None = None) -> None:
        for message in rendered.messages:
            await self.client.chat_postMessage(
                channel=channel, text=message.text, blocks=message.blocks, thread_ts=thread_ts
            )
        await self.upload(channel, rendered.files, thread_ts=thread_ts)

    async def post_ephemeral(self, channel: str, user_id: str, reply: Reply) -> None:
        """Only ``user_id`` sees it; files (never ephemeral in Slack) go to their DM."""
        rendered = self.render(reply)
        for message in rendered.messages:
            await self.client.chat_postEphemeral(
                channel=channel, user=user_id, text=message.text, blocks=message.blocks
            )
        if rendered.files:
            await self.upload(await self.dm_channel(user_id), rendered.files)

    async def direct(self, user_id: str, reply: Reply) -> None:
        await self.post(await self.dm_channel(user_id), reply)

    async def respond(self, response_url: str, reply: Reply, *, user_id: str, channel: str) -> None:
        """Answer a slash command or action through its response_url: ephemeral when the reply is private.
        Files go to the channel when public and the bot may post there, else to the user's DM."""
        rendered = self.render(reply)
        kind = "ephemeral" if reply.private else "in_channel"
        webhook = build_webhook(response_url, self._http)
        for message in rendered.messages:
            result = await webhook.send(
                text=message.text, blocks=message.blocks, response_type=kind, replace_original=False
            )
            if result.status_code != 200:
                raise DeliveryError(f"response_url answered {result.status_code}")
        if rendered.files:
            await self._upload_somewhere(rendered, user_id, channel, private=reply.private)

    async def _upload_somewhere(
        self, rendered: Rendered, user_id: str, channel: str, *, private: bool
    ) -> None:
        if not private:
            try:
                await self.upload(channel, rendered.files)
                return
            except SlackApiError as exc:
                log.info(
                    "slack upload to %s refused (%s); sending to the DM", channel, exc.response.get("error")
                )
        await self.upload(await self.dm_channel(user_id), rendered.files)

    async def upload(
        self, channel: str, files: list[FileAttachment], *, thread_ts: str | None = None
    ) -> None:
        """files_upload_v2, one call for all files (charts, .ics invites, long answers)."""
        if not files:
            return
        uploads = [
            {"content": f.content, "filename": f.filename, "title": f.title or f.filename} for f in files
        ]
        await self.client.files_upload_v2(file_uploads=uploads, channel=channel, thread_ts=thread_ts)
