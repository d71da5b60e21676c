"""Which room is a user's direct chat (DM) with the bot, checked each time it matters.

A DM with a user is a room the bot created with ``is_direct`` for that user, or was invited to with
``is_direct`` by that user (`MatrixRepository.remember_direct_room`, nothing else), that has only that user
and the bot as members (joined or invited). A member count alone never makes a DM: a room of two that
Alice made with the bot and then opened to Bob and Carol is a shared room, and so is a room of three that
dropped to two. The membership is read again from the homeserver before each private send (`verified`).

A DM the user left, rejected or was kicked from is dead: the bot leaves it and the next private send
opens a fresh one, but only for a user who shares a (joined) room with the bot, and no more than
`NEW_ROOMS_PER_HOUR` new DMs an hour (`NEW_ROOMS_PER_USER_PER_HOUR` for one user). A send that cannot
reach the user raises `MatrixSendError`, so nothing undelivered is counted sent."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from nio import RoomCreateResponse, RoomGetStateResponse, RoomPreset
from nio.rooms import MatrixRoom

from bot.adapters.matrix.client import MatrixSession
from bot.adapters.matrix.storage.repository import MatrixRepository
from handlers.core import Clock

log = logging.getLogger("focbot.matrix")

NEW_ROOMS_PER_HOUR = 200
NEW_ROOMS_PER_USER_PER_HOUR = 5
HOUR_S = 3600.0
MEMBERS = ("join", "invite")


class DirectRoomError(RuntimeError):
    """No DM can be used or opened for a user. ``permanent``: trying again later cannot help (the user
    shares no room with the bot, or the hourly bound is reached); otherwise the homeserver failed."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


def members_of(state: list[dict[str, Any]]) -> set[str]:
    """The users joined or invited, from a room's state events."""
    return {
        str(event.get("state_key"))
        for event in state
        if event.get("type") == "m.room.member" and (event.get("content") or {}).get("membership") in MEMBERS
    }


def refused(response: object) -> bool:
    """A 4xx answer other than 401 and 429: the bot may not read the room (left, kicked, unknown)."""
    transport = getattr(response, "transport_response", None)
    status = int(getattr(transport, "status", 0) or 0)
    return 400 <= status < 500 and status not in (401, 429)


def began_as_dm(state: list[dict[str, Any]], bot_id: str, user_id: str) -> str | None:
    """How a room began as a DM between the bot and ``user_id``, from its state: ``created`` (the bot made
    it: it makes no other rooms), ``invited`` (``user_id`` made it and invited the bot with is_direct, as the
    bot's membership event still shows), else None."""
    creator = next((e.get("sender") for e in state if e.get("type") == "m.room.create"), None)
    if creator == bot_id:
        return "created"
    if creator != user_id:
        return None
    for event in state:
        if event.get("type") == "m.room.member" and event.get("state_key") == bot_id:
            unsigned = event.get("unsigned") or {}
            before = unsigned.get("prev_content") or {}
            if (
                before.get("membership") == "invite"
                and before.get("is_direct") is True
                and unsigned.get("prev_sender") == user_id
            ):
                return "invited"
    return None


def local_members(room: MatrixRoom) -> set[str]:
    """The joined and invited users nio knows of (``users`` holds both)."""
    return set(room.users)


class DirectRooms:
    """The DMs of one bot account: ``rooms`` maps room id -> user for the rooms that began as a DM."""

    def __init__(
        self,
        session: MatrixSession,
        repo: MatrixRepository,
        clock: Clock,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.repo = repo
        self.clock = clock
        self.monotonic = monotonic
        self.rooms: dict[str, str] = {}
        self.per_hour, self.per_user_per_hour = NEW_ROOMS_PER_HOUR, NEW_ROOMS_PER_USER_PER_HOUR
        self._opened: deque[tuple[float, str]] = deque()  # (when, user) of the DMs opened this hour

    async def load(self) -> None:
        """The remembered DMs; a row from before their origin was kept (some came from a member count of
        two alone) is kept only if the room's state shows it began as a DM, else forgotten."""
        self.rooms.clear()
        self.rooms.update(await self.repo.direct_rooms())
        for room_id, user_id in (await self.repo.unchecked_direct_rooms()).items():
            response = await self.session.client.room_get_state(room_id)
            if not isinstance(response, RoomGetStateResponse):
                if refused(response):
                    await self.forget(room_id)
                else:  # not used this run; checked again at the next start
                    self.rooms.pop(room_id, None)
                continue
            origin = began_as_dm(response.events, self.session.user_id, user_id)
            if origin is None:
                log.info("matrix: a room remembered as a DM did not begin as one; it is a shared room")
                await self.forget(room_id)
            else:
                await self.repo.set_direct_room_origin(room_id, origin)

    async def remember(self, user_id: str, room_id: str, origin: str) -> None:
        """``room_id`` began as a DM with ``user_id``: ``created`` by the bot with is_direct, or the bot was
        ``invited`` with is_direct by that user."""
        self.rooms = {r: u for r, u in self.rooms.items() if u != user_id}
        self.rooms[room_id] = user_id
        await self.repo.remember_direct_room(user_id, room_id, self.clock(), origin)

    async def forget(self, room_id: str) -> None:
        if self.rooms.pop(room_id, None) is not None:
            await self.repo.forget_direct_room(room_id)

    # -- checks ----------------------------------------------------------------------------
    def user_of(self, room_id: str) -> str | None:
        """The user whose DM ``room_id`` is now, from what the bot has synced; None for any other room."""
        user_id = self.rooms.get(room_id)
        room = self.session.client.rooms.get(room_id)
        if user_id is None or room is None:
            return None
        return user_id if local_members(room) == {self.session.user_id, user_id} else None

    async def members(self, room_id: str) -> set[str]:
        """The joined and invited members of ``room_id``, read from the homeserver now (none when the bot
        may not read the room any more). Raises `DirectRoomError` when the homeserver did not answer."""
        response = await self.session.client.room_get_state(room_id)
        if isinstance(response, RoomGetStateResponse):
            return members_of(response.events)
        if refused(response):
            return set()
        raise DirectRoomError(
            f"could not read a direct room's members: {getattr(response, 'message', response)}",
            permanent=False,
        )

    async def verified(self, room_id: str, user_id: str) -> bool:
        """``room_id`` is ``user_id``'s DM, its members read from the homeserver now."""
        if self.rooms.get(room_id) != user_id or room_id not in self.session.client.rooms:
            return False
        return await self.members(room_id) == {self.session.user_id, user_id}

    def shares_a_room(self, user_id: str) -> bool:
        """``user_id`` has joined a room the bot is in (an invite alone does not count)."""
        me = self.session.user_id
        return any(
            me in room.users and user_id in room.users and user_id not in room.invited_users
            for room in self.session.client.rooms.values()
        )

    # -- the DM to send to -----------------------------------------------------------------
    async def room_for(self, user_id: str) -> str:
        """``user_id``'s DM, checked on the homeserver; a dead or grown one is given up and a fresh one
        opened (and the user invited). Raises `DirectRoomError` when none can be used."""
        known = await self.repo.direct_room(user_id)
        if known is not None:
            members = await self.members(known) if known in self.session.client.rooms else set()
            if members == {self.session.user_id, user_id} and self.rooms.get(known) == user_id:
                return known
            await self._give_up(known, user_id, members)
        return await self._open(user_id)

    async def _give_up(self, room_id: str, user_id: str, members: set[str]) -> None:
        """Forget a DM that is one no more; leave it when the user is gone (left, rejected, kicked), so
        nothing is ever "sent" into a room no one reads. A room that grew stays a shared room."""
        await self.forget(room_id)
        await self.repo.forget_direct_room(room_id)
        if user_id in members:
            log.info("matrix: a direct room has other members now; it is a shared room from now on")
            return
        client = self.session.client
        if room_id in client.rooms:
            await client.room_leave(room_id)
            await client.room_forget(room_id)  # nio keeps a left room (and its members) until forgotten
        log.info("matrix: gave up a direct room its user left; a new one is opened when needed")

    def _within_bounds(self, user_id: str) -> bool:
        now = self.monotonic()
        while self._opened and now - self._opened[0][0] > HOUR_S:
            self._opened.popleft()
        if len(self._opened) >= self.per_hour:
            return False
        return sum(1 for _, u in self._opened if u == user_id) < self.per_user_per_hour

    async def _open(self, user_id: str) -> str:
        if user_id == self.session.user_id:
            raise DirectRoomError("the bot opens no direct room with itself", permanent=True)
        if not self.shares_a_room(user_id):
            raise DirectRoomError(
                "no direct room: the user shares no room with the bot (direct rooms are opened only "
                "for people in a room with it)",
                permanent=True,
            )
        if not self._within_bounds(user_id):
            # permanent for this reply: a replayed batch would only meet the bound again
            raise DirectRoomError("no direct room: too many new direct rooms this hour", permanent=True)
        client = self.session.client
        response = await client.room_create(
            is_direct=True,
            preset=RoomPreset.trusted_private_chat,
            invite=[user_id],
            initial_state=[
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                },
                # someone invited later reads nothing from before their invite
                {
                    "type": "m.room.history_visibility",
                    "state_key": "",
                    "content": {"history_visibility": "invited"},
                },
            ],
        )
        if not isinstance(response, RoomCreateResponse):
            raise DirectRoomError(
                f"could not open a direct room: {getattr(response, 'message', response)}", permanent=False
            )
        self._opened.append((self.monotonic(), user_id))
        room_id = str(response.room_id)
        # nio learns of the room at the next sync; register it now so the first message is encrypted
        # and its key is shared with the invited user.
        room = MatrixRoom(room_id, client.user_id, encrypted=True)
        room.add_member(client.user_id, None, None)
        room.add_member(user_id, None, None, invited=True)
        client.rooms[room_id] = room
        client.encrypted_rooms.add(room_id)
        await self.remember(user_id, room_id, "created")
        log.info("matrix: opened a direct room with a user")
        return room_id
