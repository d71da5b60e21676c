"""Where a Matrix command goes: the core dispatcher (which also runs the survey dialogue of a direct chat,
`handlers.surveys.dialogue`, and `poll`, through the platform's native polls: `RoomPolls`)."""

from __future__ import annotations

from bot.adapters.matrix.pollroom import PollRoom
from bot.app import App
from handlers.core import Command, Reply
from handlers.surveys.dialogue import SurveyDialogue


class CommandRouter:
    def __init__(self, app: App, polls: PollRoom, dialogue: SurveyDialogue) -> None:
        self.app = app
        self.polls = polls
        self.dialogue = dialogue

    async def run(self, command: Command, *, prefixed: bool) -> list[Reply]:
        """The replies to ``command``, in order (none when the bot stays silent). ``prefixed``
        (``!foc ...``) changes nothing in a direct chat: a known command runs there, dialogue or not."""
        reply = await self.app.handle(command)
        return [reply] if reply is not None else []
