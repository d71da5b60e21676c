"""Native polls in rooms (the core's capability `handlers.ports.NativePolls`: the `poll` command of
`handlers.surveys.poll` decides what is posted and who may end it): posting, votes run as the question's
command (so the core validates and saves them, a changed vote replacing the earlier one), and ending a
poll with a tally read back from the ``m.reference`` relations."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from nio import MegolmEvent
from nio.api import RelationshipType

from bot.adapters.matrix import PLATFORM
from bot.adapters.matrix.client import MatrixSession, txn_id
from bot.adapters.matrix.polls import (
    END,
    START,
    PollAnswer,
    Vote,
    end_content,
    last_votes,
    reaction_of,
    reply_value,
    start_content,
    summary,
    tally,
    vote_of,
)
from bot.adapters.matrix.storage.polls import MatrixPollRepository, PollRecord
from bot.app import App
from handlers.core import Actor, Choices, Command, Place, Reply
from handlers.ports import EndedPoll, OpenPoll

log = logging.getLogger("focbot.matrix.polls")


MAX_ANSWERS = 20  # MSC3381


def pollable(choices: Choices) -> bool:
    """A single-choice question a native poll can carry."""
    return not choices.multiple and 2 <= len(choices.options) <= MAX_ANSWERS


def public_choice(reply: Reply) -> Choices | None:
    """The show of hands in ``reply`` (an RSVP: `Choices.public`) that a room may see as a native poll.
    Survey questions are never public: only an admin's explicit `poll` posts one of those."""
    for part in reply.parts:
        if isinstance(part, Choices) and part.public and pollable(part):
            return part
    return None


class PollRoom:
    def __init__(self, app: App, session: MatrixSession, send: Any) -> None:
        self.app = app
        self.session = session
        self.send = send  # the notifier's send_event(room_id, type, content, tx) -> event id
        self.repo = MatrixPollRepository(app.db, str(session.settings.user_id))

    async def post(
        self,
        room_id: str,
        choices: Choices,
        created_by: str | None,
        tx: str = "",
        message_event_id: str | None = None,
    ) -> str:
        """Post ``choices`` as a poll; a reaction or reply to ``message_event_id`` (the message it is
        posted under) answers it too."""
        answers = [PollAnswer(str(i), option.label) for i, option in enumerate(choices.options, 1)]
        event_id = await self.send(room_id, START, start_content(choices.prompt, answers), tx)
        await self.repo.add(
            event_id,
            room_id,
            choices.prompt,
            [(a.id, a.label, o.value) for a, o in zip(answers, choices.options, strict=True)],
            choices.command,
            created_by,
            self.app.clock(),
            message_event_id=message_event_id,
        )
        return event_id

    async def on_vote(self, room_id: str, source: dict[str, Any], display_name: str | None) -> Reply | None:
        """Run the vote's command as the voter; None when the vote is not for an open poll of ours."""
        vote = vote_of(source)
        if vote is None or vote.sender == self.session.client.user_id:
            return None
        poll = await self.repo.get(vote.poll_id)
        if poll is None or poll.ended_at is not None or len(vote.answers) != 1:
            return None
        value = poll.value_of(vote.answers[0])
        if value is None:
            return None
        if not await self.app.services.inbox.claim(PLATFORM, vote.event_id, self.app.clock()):
            return None
        actor = Actor(PLATFORM, vote.sender, display_name=display_name or vote.sender)
        text = poll.command.replace("{value}", value)
        return await self.app.handle(Command(actor, Place(PLATFORM, room_id), text, event_id=vote.event_id))

    async def on_reaction(
        self, room_id: str, source: dict[str, Any], display_name: str | None
    ) -> Reply | None:
        """A reaction (✅ ❌ ❔ and their variants) to a poll or to the message it was posted under runs the
        poll's command with that value as the reactor; None when it answers no open poll of ours. Removing
        a reaction changes nothing: the latest reaction or vote is the answer."""
        found = reaction_of(source)
        if found is None:
            return None
        target, value = found
        return await self._answer(room_id, target, value, source, display_name)

    async def on_reply(
        self, room_id: str, target: str, text: str, source: dict[str, Any], display_name: str | None
    ) -> Reply | None:
        """A one-word reply ("yes", "not going", "maybe") to a poll or the message it was posted under,
        as its answer; None when the reply is not one (it is then read as usual)."""
        value = reply_value(text)
        return await self._answer(room_id, target, value, source, display_name) if value else None

    async def _answer(
        self, room_id: str, target: str, value: str, source: dict[str, Any], display_name: str | None
    ) -> Reply | None:
        sender, event_id = str(source.get("sender", "")), str(source.get("event_id", ""))
        if sender == self.session.client.user_id or not event_id:
            return None
        poll = await self.repo.answered_by(target)
        if poll is None or poll.room_id != room_id or poll.ended_at is not None:
            return None
        if value not in {v for _aid, _label, v in poll.answers}:
            return None
        if not await self.app.services.inbox.claim(PLATFORM, event_id, self.app.clock()):
            return None
        actor = Actor(PLATFORM, sender, display_name=display_name or sender)
        text = poll.command.replace("{value}", value)
        return await self.app.handle(Command(actor, Place(PLATFORM, room_id), text, event_id=event_id))

    async def end(self, room_id: str) -> EndedPoll | None:
        """End the room's latest open poll with a tally read back from its relations (who may is the core's
        rule: `handlers.surveys.poll`)."""
        poll = await self.repo.latest_open(room_id)
        if poll is None:
            return None
        votes = await self.votes(poll)
        answers = [PollAnswer(aid, label) for aid, label, _value in poll.answers]
        counts = tally(last_votes(votes, {a.id for a in answers}, poll.max_selections), answers)
        text = summary(poll.question, answers, counts)
        end_id = await self.send(room_id, END, end_content(poll.event_id, text), txn_id(poll.event_id, "end"))
        await self.repo.mark_ended(poll.event_id, end_id, self.app.clock())
        return EndedPoll(poll.event_id, text, dict(counts))

    async def votes(self, poll: PollRecord) -> list[Vote]:
        """Every vote related to the poll, decrypted where needed."""
        client = self.session.client
        votes: list[Vote] = []
        async for event in client.room_get_event_relations(
            poll.room_id, poll.event_id, RelationshipType.reference
        ):
            if isinstance(event, MegolmEvent):
                try:
                    event = client.decrypt_event(event)
                except Exception:
                    log.warning("a poll vote could not be decrypted; it is not counted")
                    continue
            vote = vote_of(getattr(event, "source", {}) or {})
            if vote is not None and vote.poll_id == poll.event_id:
                votes.append(vote)
        return votes


class RoomPolls:
    """The core's capability "native polls" (`handlers.ports.NativePolls`) on Matrix: the `poll` command
    posts, finds and ends polls in a room through it."""

    max_answers = MAX_ANSWERS

    def __init__(self, room: Callable[[], PollRoom]) -> None:
        self._room = room  # the current connection's (a fresh one at each election)

    async def post(self, place: Place, choices: Choices, created_by: str) -> str:
        return await self._room().post(place.channel_id, choices, created_by)

    async def latest_open(self, place: Place) -> OpenPoll | None:
        poll = await self._room().repo.latest_open(place.channel_id)
        return OpenPoll(poll.event_id, poll.created_by, poll.question) if poll is not None else None

    async def end(self, place: Place) -> EndedPoll | None:
        return await self._room().end(place.channel_id)
