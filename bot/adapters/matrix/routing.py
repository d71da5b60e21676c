"""Where a Matrix command goes: the adapter's poll commands in a room, else the core dispatcher (which
also runs the survey dialogue of a direct chat, `handlers.surveys.dialogue`)."""

from __future__ import annotations

import re

from bot.adapters.matrix.pollroom import PollRoom
from bot.app import App
from handlers.core import Command, Reply
from handlers.surveys.dialogue import SurveyDialogue

POLL_END = frozenset({"poll end", "poll close"})
POLL_QUESTION = re.compile(r"^poll\s+(\d+)\s+(\d+)\s*$", re.IGNORECASE)
POLL_USAGE = (
    "Usage: `poll <survey> <question>` posts a single-choice survey question as a poll here; "
    "`poll end` ends it."
)


class CommandRouter:
    def __init__(self, app: App, polls: PollRoom, dialogue: SurveyDialogue) -> None:
        self.app = app
        self.polls = polls
        self.dialogue = dialogue

    async def run(self, command: Command, *, prefixed: bool) -> list[Reply]:
        """The replies to ``command``, in order (none when the bot stays silent). ``prefixed``
        (``!foc ...``) changes nothing in a direct chat: a known command runs there, dialogue or not."""
        if command.place.is_direct:
            reply = await self.app.handle(command)
            return [reply] if reply is not None else []
        lowered = command.text.lower().strip()
        if lowered in POLL_END or lowered == "poll" or POLL_QUESTION.match(lowered):
            return [await self._poll(command, lowered)]
        reply = await self.app.handle(command)
        return [reply] if reply is not None else []

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
