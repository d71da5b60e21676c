"""Real nio clients playing the humans in Matrix tests, and the bot run in-process on a real app."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from nio import AsyncClient, AsyncClientConfig, RoomCreateResponse, RoomSendResponse, SyncResponse

from bot.adapters.matrix.runner import MatrixAdapter, MatrixPlatform
from bot.app import build_app
from bot.timers import SchedulerTimers
from handlers.core import Clock
from tests.matrix.synapse import Synapse, User
from tests.support.dialogue import started, test_settings

TIMELINE = {"room": {"timeline": {"limit": 500}}}
WAIT_S = 30.0  # generous on 2 shared cores; every wait is bounded


class Human:
    """A logged-in nio client (encryption on) that records every timeline event it syncs."""

    def __init__(self, synapse: Synapse, user: User, store: Path) -> None:
        store.mkdir(parents=True, exist_ok=True)
        self.user = user
        self.client = AsyncClient(
            synapse.url,
            user.user_id,
            store_path=str(store),
            config=AsyncClientConfig(encryption_enabled=True, max_timeout_retry_wait_time=0.5),
        )
        self.client.restore_login(user.user_id, user.device_id, user.access_token)
        self.events: list[tuple[str, Any]] = []  # (room id, event)

    @property
    def user_id(self) -> str:
        return self.user.user_id

    async def sync(self, timeout_ms: int = 500) -> None:
        response = await self.client.sync(
            timeout=timeout_ms, since=self.client.next_batch, sync_filter=TIMELINE
        )
        if isinstance(response, SyncResponse):
            for room_id, info in response.rooms.join.items():
                self.events.extend((room_id, event) for event in info.timeline.events)
        client = self.client
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        await client.send_to_device_messages()

    async def create_room(
        self,
        invite: list[str],
        *,
        encrypted: bool = False,
        direct: bool = False,
        power: dict[str, Any] | None = None,
        name: str | None = None,
    ) -> str:
        state = (
            [{"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}]
            if encrypted
            else []
        )
        response = await self.client.room_create(
            invite=invite, initial_state=state, is_direct=direct, power_level_override=power, name=name
        )
        assert isinstance(response, RoomCreateResponse), response
        await self.sync(0)
        return str(response.room_id)

    async def accept(self, room_id: str, within: float = WAIT_S) -> None:
        """Wait for the invite to ``room_id``, join, and sync until the room is known."""
        await self.wait_for(
            lambda _e: room_id in self.client.invited_rooms or room_id in self.client.rooms, within
        )
        await self.client.join(room_id)
        await self.wait_for(lambda _e: room_id in self.client.rooms, within)

    async def say(self, room_id: str, text: str) -> str:
        if room_id not in self.client.rooms:
            await self.sync(0)
        response = await self.client.room_send(
            room_id, "m.room.message", {"msgtype": "m.text", "body": text}, ignore_unverified_devices=True
        )
        assert isinstance(response, RoomSendResponse), response
        return str(response.event_id)

    def notices(self, room_id: str, sender: str) -> list[Any]:
        return [
            e
            for r, e in self.events
            if r == room_id
            and getattr(e, "sender", None) == sender
            and e.source.get("type") == "m.room.message"
            and (e.source.get("content") or {}).get("msgtype") == "m.notice"
        ]

    async def wait_for(
        self, predicate: Callable[[list[tuple[str, Any]]], Any], within: float = WAIT_S
    ) -> Any:
        """Sync until ``predicate(events)`` is truthy; returns its value, fails after ``timeout``."""
        deadline = time.monotonic() + within
        while True:
            found = predicate(self.events)
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"not seen within {within} s; saw {len(self.events)} events")
            await self.sync(300)

    async def wait_joined(self, room_id: str, user_id: str, within: float = WAIT_S) -> None:
        deadline = time.monotonic() + within
        while True:
            room = self.client.rooms.get(room_id)
            if room is not None and user_id in room.users and user_id not in room.invited_users:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{user_id} did not join {room_id} within {within} s")
            await self.sync(300)

    async def close(self) -> None:
        await self.client.close()


async def until(condition: Callable[[], Any], within: float = WAIT_S, what: str = "condition") -> Any:
    """Poll ``condition`` every 50 ms until truthy; fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {within} s")
        await asyncio.sleep(0.05)


def reply_to(room_id: str, event_id: str, bot_id: str) -> Callable[[list[tuple[str, Any]]], Any]:
    """Predicate: the bot's notice in ``room_id`` that answers ``event_id``."""

    def find(events: list[tuple[str, Any]]) -> Any:
        for r, e in events:
            content = e.source.get("content") or {}
            relates = (content.get("m.relates_to") or {}).get("m.in_reply_to") or {}
            if r == room_id and getattr(e, "sender", None) == bot_id and relates.get("event_id") == event_id:
                return e
        return None

    return find


@asynccontextmanager
async def running_bot(
    synapse: Synapse,
    bot: User,
    database_url: str,
    store: Path,
    tweak: Callable[[MatrixAdapter], None] | None = None,
    clock: Clock | None = None,
    matrix_settings: dict[str, Any] | None = None,
    **overrides: Any,
) -> AsyncIterator[MatrixAdapter]:
    """The real app with the Matrix adapter running in this event loop, ready (first sync done);
    ``matrix_settings``: fields of its `MatrixSettings` besides the account's (``allow``); ``overrides``: the
    other settings (``admins``). ``database_url`` is a copy of the migrated and seeded template (the
    `database_url` fixture): not migrated again, and the `ask` index built from it is shared."""
    matrix = {
        "homeserver": synapse.url,
        "user_id": bot.user_id,
        "password": bot.password,
        "store_path": store,
    }
    values: dict[str, Any] = {"admins": "console:admin", **overrides}
    settings = test_settings(database_url, matrix=matrix | (matrix_settings or {}), **values)
    app = build_app(settings, clock=clock, timers=SchedulerTimers(fire=False))

    def connect() -> MatrixAdapter:
        adapter = MatrixAdapter(app, settings.matrix, settings.secret_key)
        if tweak is not None:
            tweak(adapter)
        return adapter

    platform = MatrixPlatform(app, settings.matrix, connect=connect)
    app.add_platform(platform)
    async with started(app):  # this app leads: the Matrix sync runs as its leader-only runner
        adapter = platform.connection
        assert adapter is not None and app.duty is not None
        ready = asyncio.create_task(adapter.loop.ready.wait())
        failed = asyncio.create_task(app.duty.failed.wait())
        try:
            done, _ = await asyncio.wait({failed, ready}, timeout=WAIT_S, return_when=asyncio.FIRST_COMPLETED)
            if failed in done and app.duty.failure is not None:
                raise app.duty.failure
            assert ready in done, "the bot did not finish its first sync in time"
            yield adapter
        finally:
            for waiter in (ready, failed):
                waiter.cancel()


@asynccontextmanager
async def humans(synapse: Synapse, tmp: Path, *users: User) -> AsyncIterator[list[Human]]:
    people = [Human(synapse, u, tmp / f"store-{u.localpart}") for u in users]
    try:
        for person in people:
            await person.sync(0)
        yield people
    finally:
        for person in people:
            await person.close()


async def from_the_bot_directly(human: Human, direct_room: str | None, bot_id: str, needle: str) -> str:
    """The bot's message containing ``needle`` in ``human``'s direct room with it (joined if need be)."""
    assert direct_room is not None, "the bot opened no direct room"
    if direct_room not in human.client.rooms:
        await human.accept(direct_room)

    def find(events: list[tuple[str, Any]]) -> str | None:
        for r, e in events:
            body = str((e.source.get("content") or {}).get("body", ""))
            if r == direct_room and getattr(e, "sender", None) == bot_id and needle in body:
                return body
        return None

    return str(await human.wait_for(find))
