"""Single-choice questions as native polls in rooms, only on an admin's explicit `poll <survey> <n>` and
never for an anonymous survey (a poll shows who chose what): posting, votes run as the question's
command (so the core validates and saves them, a changed vote replacing the earlier one), and ending a
poll with a tally read back from the ``m.reference`` relations."""

from __future__ import annotations

import logging
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
from bot.app import App
from handlers.core import Actor, Choices, Command, Place, Reply
from handlers.surveys.messages import question_prompt
from storage.repositories.matrix_polls import MatrixPollRepository, PollRecord

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
        self.repo = MatrixPollRepository(app.db, str(app.settings.matrix_user_id))

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

    async def post_question(self, room_id: str, survey_id: int, number: int, actor_key: str) -> Reply:
        """A survey's single-choice (or scale) question as a poll; votes answer it as each voter."""
        surveys = self.app.services.surveys
        survey = await surveys.find(survey_id)
        if survey is None:
            return Reply.error(f"There is no survey {survey_id}.")
        if survey.anonymous:
            return Reply.error(
                f"Survey {survey_id} is anonymous: a poll would show who chose what. Answer it in a DM."
            )
        if survey.status != "open":
            return Reply.error(f"Survey {survey_id} is not open.")
        questions = surveys.definition(survey).questions
        if not 1 <= number <= len(questions):
            return Reply.usage(f"Survey {survey_id} has questions 1 to {len(questions)}.")
        question = questions[number - 1]
        choices = question_prompt(survey_id, question)
        if choices is None or not pollable(choices):
            return Reply.usage(
                f"Question {number} is not single-choice; only single-choice questions can be polls."
            )
        event_id = await self.post(room_id, choices, actor_key)
        return Reply(
            f"Poll posted for survey {survey_id}, question {number}. Votes count as answers; "
            "`poll end` ends it.",
            data={"poll": event_id, "survey": survey_id, "question": number},
        )

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

    async def end(self, room_id: str, actor_key: str, is_admin: bool) -> Reply:
        poll = await self.repo.latest_open(room_id)
        if poll is None:
            return Reply.usage("There is no open poll in this room.")
        if not is_admin and poll.created_by != actor_key:
            return Reply.denied("Only an admin or whoever started the poll may end it.")
        votes = await self.votes(poll)
        answers = [PollAnswer(aid, label) for aid, label, _value in poll.answers]
        counts = tally(last_votes(votes, {a.id for a in answers}, poll.max_selections), answers)
        text = summary(poll.question, answers, counts)
        end_id = await self.send(room_id, END, end_content(poll.event_id, text), txn_id(poll.event_id, "end"))
        await self.repo.mark_ended(poll.event_id, end_id, self.app.clock())
        return Reply(text, data={"poll": poll.event_id, "counts": dict(counts)})

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
