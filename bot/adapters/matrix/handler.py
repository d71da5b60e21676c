"""One sync batch, handled: invites accepted or declined, messages turned into commands and answered,
each command exactly once (the shared inbox), its reply sent before the batch counts as handled.

A private reply (`Reply.private`: survey answers, errors, ...) to a command said in a shared room goes
to the user's direct room with the bot (the known one, else a new one, then reused), and the room gets
only `POINTER`, which names no answer; in a direct room it is answered there."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import replace
from typing import Any

from nio import JoinResponse, MegolmEvent, SyncResponse

from bot.adapters.matrix import PLATFORM
from bot.adapters.matrix.client import MatrixSession
from bot.adapters.matrix.events import Message, command_text, message_of, strip_reply_fallback, to_command
from bot.adapters.matrix.gaps import missed_events
from bot.adapters.matrix.invites import InvitePolicy, invite_of
from bot.adapters.matrix.notifier import MatrixNotifier, MatrixSendError, refused_for_good
from bot.adapters.matrix.polls import RESPONSE_TYPES
from bot.adapters.matrix.routing import CommandRouter
from bot.app import App
from handlers.core import Command, Place, Reply
from handlers.meetings.confirm import answers_proposal
from storage.repositories.matrix import MatrixRepository

log = logging.getLogger("focbot.matrix")
POINTER = "I've sent you the answer in a direct message."
NO_DIRECT_ROOM = (
    "I could not open a direct message with you, so my answer is not shown here. "
    "Start a direct chat with me and ask there."
)


def stripped_state(event: Any) -> dict[str, Any]:
    """An invite-state event as a dict (nio pops ``content`` out of ``source``)."""
    source = dict(getattr(event, "source", {}) or {})
    content = getattr(event, "content", None)
    if isinstance(content, dict):
        source["content"] = content
    return source


class BatchHandler:
    def __init__(
        self,
        app: App,
        session: MatrixSession,
        notifier: MatrixNotifier,
        repo: MatrixRepository,
        policy: InvitePolicy,
        router: CommandRouter,
    ) -> None:
        self.app = app
        self.session = session
        self.notifier = notifier
        self.repo = repo
        self.policy = policy
        self.prefix = app.settings.matrix_prefix
        self.direct = notifier.direct  # room id -> the other user, for the known direct rooms
        self.router = router
        self.polls, self.dialogue = router.polls, router.dialogue
        self.handled = 0

    async def load(self) -> None:
        self.direct.clear()
        self.direct.update(await self.repo.direct_rooms())

    async def handle(self, response: SyncResponse, *, history: bool, since_ms: int | None = None) -> None:
        """Handle a batch. ``history`` (the first sync ever) skips the timeline: those came before us.
        ``since_ms``: when the previous batch was saved; a room whose timeline was cut short (``limited``)
        gets the events in between fetched, so none is missed."""
        for room_id, info in response.rooms.invite.items():
            await self.on_invite(room_id, [stripped_state(e) for e in info.invite_state])
        for room_id in response.rooms.leave:
            if room_id in self.direct:
                self.direct.pop(room_id)
                await self.repo.forget_direct_room(room_id)
        if history:
            return
        for room_id, info in response.rooms.join.items():
            events = self.after_own_join(info.timeline.events)
            if info.timeline.limited and since_ms is not None and len(events) == len(info.timeline.events):
                missed = await missed_events(self.session.client, room_id, info.timeline.prev_batch, since_ms)
                known = {getattr(e, "event_id", None) for e in events}
                events = [e for e in missed if getattr(e, "event_id", None) not in known] + events
            for event in events:
                await self.on_event(room_id, event)

    def after_own_join(self, events: list[Any]) -> list[Any]:
        """The events after the bot's own join when it joined in this batch: what came before is history."""
        me = self.session.client.user_id
        for index in range(len(events) - 1, -1, -1):
            source = getattr(events[index], "source", {}) or {}
            content = source.get("content") or {}
            prev = (source.get("unsigned") or {}).get("prev_content") or {}
            if (
                source.get("type") == "m.room.member"
                and source.get("state_key") == me
                and content.get("membership") == "join"
                and prev.get("membership") != "join"
            ):
                return events[index + 1 :]
        return events

    # -- invites --------------------------------------------------------------------------
    async def on_invite(self, room_id: str, invite_state: list[dict[str, Any]]) -> None:
        client = self.session.client
        invite = invite_of(room_id, invite_state, client.user_id)
        if invite is None:
            return
        if not self.policy.allows(invite.sender):
            log.info("matrix: declined an invite from a user not allowed (%s)", invite.sender)
            await client.room_leave(room_id)
            return
        response = await client.join(room_id)
        if not isinstance(response, JoinResponse):
            if not refused_for_good(response):
                raise MatrixSendError(f"join {room_id} failed: {getattr(response, 'message', response)}")
            log.warning(
                "matrix: could not join a room it was invited to: %s", getattr(response, "message", "")
            )
            return
        log.info("matrix: joined a room on an invite from %s", invite.sender)
        if invite.is_direct:
            self.direct[room_id] = invite.sender
            await self.repo.remember_direct_room(invite.sender, room_id, self.app.clock())

    # -- messages -------------------------------------------------------------------------
    async def on_event(self, room_id: str, event: Any) -> None:
        if isinstance(event, MegolmEvent):
            log.warning("matrix: could not decrypt event %s in %s", event.event_id, room_id)
            return
        client = self.session.client
        room = client.rooms.get(room_id)
        name = room.user_name(event.sender) if room else None
        kind = (event.source or {}).get("type")
        if kind in RESPONSE_TYPES:
            await self.relay(room_id, event.source, self.polls.on_vote(room_id, event.source, name))
            return
        if kind == "m.reaction":
            await self.relay(room_id, event.source, self.polls.on_reaction(room_id, event.source, name))
            return
        message = message_of(event.source, room_id)
        if message is None:
            return
        replied_to = (message.relates_to.get("m.in_reply_to") or {}).get("event_id")
        if isinstance(replied_to, str) and replied_to:
            text = strip_reply_fallback(message.body)
            answered = self.polls.on_reply(room_id, replied_to, text, event.source, name)
            if await self.relay(room_id, event.source, answered, every_reply=True):
                return
        is_direct = self.notifier.is_direct(room_id)
        command = to_command(
            message,
            bot_user_id=client.user_id,
            prefix=self.prefix,
            is_direct=is_direct,
            display_name=room.user_name(message.sender) if room else None,
        )
        if command is None and not is_direct:
            command = await self.plain_answer(message, room.user_name(message.sender) if room else None)
        if command is None:
            return
        if is_direct and room_id not in self.direct:
            self.direct[room_id] = message.sender
            await self.repo.remember_direct_room(message.sender, room_id, self.app.clock())
        prefixed = command_text(strip_reply_fallback(message.body), self.prefix, False) is not None
        await self.answer(message, command, prefixed)

    async def plain_answer(self, message: Message, display_name: str | None) -> Command | None:
        """An unaddressed room message that is its author's plain answer (`yes`, `no`, `monthly`) to their
        own proposal waiting in this room (`handlers.meetings.confirm.answers_proposal`), as a command."""
        spoken = to_command(
            message,
            bot_user_id=self.session.client.user_id,
            prefix=self.prefix,
            is_direct=True,
            display_name=display_name,
        )
        if spoken is None or not await answers_proposal(
            self.app.services,
            spoken.actor.key,
            f"{PLATFORM}:{message.room_id}",
            spoken.text,
            self.app.clock(),
        ):
            return None
        return replace(spoken, place=Place(PLATFORM, message.room_id, is_direct=False))

    async def relay(
        self,
        room_id: str,
        source: dict[str, Any],
        answering: Awaitable[Reply | None],
        *,
        every_reply: bool = False,
    ) -> bool:
        """A poll vote, a reaction or a one-word reply answering a poll runs the poll's command as its
        sender (`PollRoom`); only a refusal is answered, or with ``every_reply`` (a reply, which is a
        conversation) every reply. False when the event answered no poll."""
        event_id = str(source.get("event_id", ""))
        try:
            reply = await answering
            if reply is not None and (every_reply or not reply.ok):
                sender = str(source.get("sender", ""))
                await self.deliver(room_id, sender, [reply], event_id, self.notifier.is_direct(room_id))
        except MatrixSendError as exc:
            if not exc.permanent:
                await self.repo.release_event(event_id)
                raise
            log.warning("matrix: a reply to a vote or reaction cannot be delivered; dropped: %s", exc)
            return True
        except BaseException:
            await self.repo.release_event(event_id)
            raise
        return reply is not None

    async def answer(self, message: Message, command: Command, prefixed: bool) -> None:
        """Claim, dispatch, reply; a reply that cannot be sent releases the claim and fails the batch."""
        if not await self.app.services.inbox.claim(PLATFORM, message.event_id, self.app.clock()):
            return
        try:
            replies = await self.router.run(command, prefixed=prefixed)
            await self.deliver(
                message.room_id, message.sender, replies, message.event_id, command.place.is_direct
            )
        except MatrixSendError as exc:
            if not exc.permanent:
                await self.repo.release_event(message.event_id)
                raise
            log.warning("matrix: a reply can never be delivered, so it is dropped: %s", exc)
        except BaseException:
            await self.repo.release_event(message.event_id)
            raise
        self.handled += 1

    async def deliver(
        self, room_id: str, sender: str, replies: list[Reply], event_id: str, is_direct: bool
    ) -> None:
        """Each reply in the room, in reply to ``event_id``, except a private one in a shared room: that
        goes to the sender's direct room, and the room gets one pointer after it was sent. Transaction ids
        derive from ``event_id``, so a replay after a crash is stored once by the homeserver."""
        pointer: str | None = None
        for index, reply in enumerate(replies):
            key = f"{event_id}#{index}" if index else event_id
            if not reply.private or is_direct:
                await self.notifier.post(room_id, reply, in_reply_to=event_id, key=key)
            elif pointer != NO_DIRECT_ROOM:
                try:
                    direct_room = await self.notifier.direct_room_for(sender)
                    await self.notifier.post(direct_room, reply, key=f"{key}#direct")
                    pointer = POINTER
                except MatrixSendError as exc:
                    if not exc.permanent:
                        raise
                    log.warning("matrix: no direct room for a private reply; the room is told so")
                    pointer = NO_DIRECT_ROOM
        if pointer is not None:
            await self.notifier.post(room_id, Reply(pointer), in_reply_to=event_id, key=f"{event_id}#pointer")
