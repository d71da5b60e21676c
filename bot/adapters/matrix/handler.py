"""One sync batch, handled: invites accepted or declined, messages turned into commands and answered,
each command exactly once (the shared inbox), its reply sent before the batch counts as handled.

A private reply (`Reply.private`: survey answers, errors, ...) to a command said in a shared room goes
to the user's direct room with the bot (the known one while it still is one, else a new one, then
reused: `direct.DirectRooms`), and the room gets only `POINTER`, which names no answer; in the user's
own direct room (checked on the homeserver before the send) it is answered there. An anonymous survey's
answers typed in a shared room get a warning there, and the message is redacted where the bot may."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import replace
from typing import Any

from nio import JoinResponse, MegolmEvent, RoomRedactResponse, SyncResponse

from bot.adapters.matrix import PLATFORM
from bot.adapters.matrix.client import MatrixSession
from bot.adapters.matrix.direct import DirectRoomError
from bot.adapters.matrix.events import Message, command_text, message_of, strip_reply_fallback, to_command
from bot.adapters.matrix.exposure import exposed_anonymous_answer, warning
from bot.adapters.matrix.gaps import missed_events
from bot.adapters.matrix.invites import InvitePolicy, invite_of
from bot.adapters.matrix.notifier import MatrixNotifier, MatrixSendError, refused_for_good
from bot.adapters.matrix.polls import RESPONSE_TYPES
from bot.adapters.matrix.routing import CommandRouter
from bot.adapters.matrix.storage.repository import MatrixRepository
from bot.app import App
from handlers.core import Command, Place, Reply
from handlers.meetings.confirm import answers_proposal
from handlers.visibility import POINTER

log = logging.getLogger("focbot.matrix")
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
        self.prefix = session.settings.prefix
        self.dms = notifier.dms  # each user's direct room with the bot, checked before each use
        self.router = router
        self.polls, self.dialogue = router.polls, router.dialogue
        self.handled = 0

    async def load(self) -> None:
        await self.dms.load()

    async def handle(self, response: SyncResponse, *, history: bool, since_ms: int | None = None) -> None:
        """Handle a batch. ``history`` (the first sync ever) skips the timeline: those came before us.
        ``since_ms``: when the previous batch was saved; a room whose timeline was cut short (``limited``)
        gets the events in between fetched, so none is missed."""
        for room_id, info in response.rooms.invite.items():
            await self.on_invite(room_id, [stripped_state(e) for e in info.invite_state])
        for room_id in response.rooms.leave:
            await self.dms.forget(room_id)
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
            await self.dms.remember(invite.sender, room_id, "invited")

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
            if await self.relay(room_id, event.source, self.polls.on_reaction(room_id, event.source, name)):
                return
            if self.notifier.actions is not None:  # a message that offers actions (a reminder's Stop)
                is_direct = self.dms.user_of(room_id) == event.sender
                acting = self.notifier.actions.on_reaction(room_id, event.source, name, is_direct=is_direct)
                await self.relay(room_id, event.source, acting, every_reply=True)
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
        # the sender's own DM with the bot (never a member count alone); anywhere else only prefixed or
        # addressed messages are commands, and private replies go to the sender's DM
        is_direct = self.dms.user_of(room_id) == message.sender
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
        sender (`PollRoom`), a reaction to a message that offers actions its action (`ReactionActions`);
        only a refusal is answered, or with ``every_reply`` (a reply, which is a conversation; an action,
        which says what it did) every reply. False when the event answered nothing."""
        event_id = str(source.get("event_id", ""))
        try:
            reply = await answering
            if reply is not None and (every_reply or not reply.ok):
                sender = str(source.get("sender", ""))
                is_direct = self.dms.user_of(room_id) == sender
                await self.deliver(room_id, sender, [reply], event_id, is_direct)
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
            if not command.place.is_direct and await exposed_anonymous_answer(self.app, command.text):
                await self.warn_exposed(message)
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
        if is_direct and any(reply.private for reply in replies):
            try:  # the room must still be the sender's DM now, on the homeserver
                is_direct = await self.dms.verified(room_id, sender)
            except DirectRoomError as exc:
                raise MatrixSendError(str(exc)) from exc
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

    async def warn_exposed(self, message: Message) -> None:
        """Answers to an anonymous survey were typed where others read them: redact the message where the
        bot has the power to, and say so in the room (naming no answer)."""
        client = self.session.client
        room = client.rooms.get(message.room_id)
        redacted = False
        if room is not None and room.power_levels.can_user_redact(client.user_id):
            response = await client.room_redact(
                message.room_id, message.event_id, reason="an anonymous survey's answers"
            )
            redacted = isinstance(response, RoomRedactResponse)
            if not redacted:
                log.warning("matrix: could not redact an anonymous answer typed in a shared room")
        await self.notifier.post(
            message.room_id,
            Reply(warning(redacted)),
            in_reply_to=message.event_id,
            key=f"{message.event_id}#exposed",
        )
