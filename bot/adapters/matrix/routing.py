"""Where a Matrix command goes: the survey dialogue in a direct chat, the adapter's poll commands in a
room, else the core dispatcher. `survey answer <id>` starts the one-question-at-a-time dialogue, in the
direct chat even when said in a room (its replies are private: the handler sends them there)."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.adapters.matrix.dialogue import RESUME, SurveyDialogue
from bot.adapters.matrix.pollroom import PollRoom
from bot.app import App
from handlers.core import Choices, Command, Reply

POLL_END = frozenset({"poll end", "poll close"})
POLL_QUESTION = re.compile(r"^poll\s+(\d+)\s+(\d+)\s*$", re.IGNORECASE)
POLL_USAGE = (
    "Usage: `poll <survey> <question>` posts a single-choice survey question as a poll here; "
    "`poll end` ends it."
)


def without_choices(reply: Reply) -> Reply:
    return replace(reply, parts=tuple(p for p in reply.parts if not isinstance(p, Choices)))


class CommandRouter:
    def __init__(self, app: App, polls: PollRoom, dialogue: SurveyDialogue) -> None:
        self.app = app
        self.polls = polls
        self.dialogue = dialogue

    async def run(self, command: Command, *, prefixed: bool) -> list[Reply]:
        """The replies to ``command``, in order (none when the bot stays silent)."""
        if command.place.is_direct:
            return await self._direct(command, prefixed)
        lowered = command.text.lower().strip()
        if lowered in POLL_END or lowered == "poll" or POLL_QUESTION.match(lowered):
            return [await self._poll(command, lowered)]
        reply = await self.app.handle(command)
        if reply is None:
            return []
        return await self._resumed(command, reply) if reply.private else [reply]

    async def _direct(self, command: Command, prefixed: bool) -> list[Reply]:
        if not prefixed:
            state = await self.dialogue.active(command.actor.user_id)
            if state is not None:
                return [await self.dialogue.reply(state, command.text)]
        reply = await self.app.handle(command)
        return [] if reply is None else await self._resumed(command, reply)

    async def _resumed(self, command: Command, reply: Reply) -> list[Reply]:
        """After `survey answer <id>`: the reply without its choices, then the dialogue's next question."""
        resume = RESUME.match(command.text.strip())
        if resume is None or not reply.ok:
            return [reply]
        question = await self.dialogue.start(command.actor.user_id, int(resume[1]))
        if question is None:
            return [reply]
        return [without_choices(reply), replace(question, private=True)]

    async def _poll(self, command: Command, lowered: str) -> Reply:
        room_id, actor = command.place.channel_id, command.actor.key
        is_admin = await self.app.services.is_admin(actor)
        if lowered in POLL_END:
            return await self.polls.end(room_id, actor, is_admin)
        match = POLL_QUESTION.match(lowered)
        if match is None:
            return Reply.usage(POLL_USAGE)
        if not is_admin:
            return Reply.denied("Only admins may post survey questions as polls.")
        return await self.polls.post_question(room_id, int(match[1]), int(match[2]), actor)
