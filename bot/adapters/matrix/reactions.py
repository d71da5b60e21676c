"""Messages that offer actions on a reaction: one mechanism for any reply whose choices carry a sign
(`handlers.core.Choice.sign`), such as a delivered reminder's "Stop this reminder".

When the bot posts such a message it remembers, under the message's event id, the command each sign runs
(``stop`` -> ``reminder stop 12``). A reaction to that message, in the same room, whose key means one of
those signs (🛑 ❌ ✋ and their variants mean ``stop``) runs the command as the reacting user, like a typed
command: the core decides whether they may (a reaction by someone who may not changes nothing but a
refusal). Any other reaction, or one on another message or in another room, does nothing."""

from __future__ import annotations

import logging
from typing import Any

from bot.adapters.matrix import PLATFORM
from bot.adapters.matrix.client import MatrixSession
from bot.adapters.matrix.events import annotation
from bot.adapters.matrix.polls import REACTION_VALUES
from bot.adapters.matrix.storage.actions import MatrixActionsRepository
from bot.app import App
from handlers.core import Actor, Choices, Command, Place, Reply

log = logging.getLogger("focbot.matrix")
_MODIFIERS = {chr(c) for c in range(0x1F3FB, 0x1F400)} | {"\ufe0f", "\ufe0e"}  # skin tones, variation


def normalised(key: str) -> str:
    """A reaction key without variation selectors and skin tones: "✋🏽" and "✋" are one reaction."""
    return "".join(c for c in key.strip() if c not in _MODIFIERS)


# What a reaction may mean, its key normalised (`normalised`): stop, and the RSVP answers of `polls`.
STOP = frozenset({"🛑", "⛔", "❌", "✖", "❎", "✋", "🤚", "🖐"})
SIGNS: dict[str, frozenset[str]] = {
    "stop": STOP,
    **{
        value: frozenset(normalised(k) for k, v in REACTION_VALUES.items() if v == value)
        for value in sorted(set(REACTION_VALUES.values()))
    },
}
HINTS = {"stop": "🛑"}  # the reaction named in the message


def meanings(key: str) -> set[str]:
    """The signs a reaction key may mean (❌ is both ``stop`` and the RSVP's ``no``)."""
    plain = normalised(key)
    return {sign for sign, keys in SIGNS.items() if plain in keys}


def offered(reply: Reply) -> dict[str, str]:
    """Each sign the reply's choices offer, with the command a reaction meaning it runs (the first
    choice of a sign wins)."""
    actions: dict[str, str] = {}
    for part in reply.parts:
        if isinstance(part, Choices):
            for option in part.options:
                if option.sign is not None and option.sign not in actions:
                    actions[option.sign] = part.command.replace("{value}", option.value)
    return actions


def hint(reply: Reply) -> str | None:
    """The line that tells the reader which reaction does what ("React 🛑 to stop this reminder.")."""
    lines = []
    for part in reply.parts:
        if isinstance(part, Choices):
            lines += [
                f"React {HINTS[o.sign]} to {o.label[0].lower()}{o.label[1:]}."
                for o in part.options
                if o.sign in HINTS
            ]
    return " ".join(dict.fromkeys(lines)) or None


class ReactionActions:
    def __init__(self, app: App, session: MatrixSession) -> None:
        self.app = app
        self.session = session
        self.repo = MatrixActionsRepository(app.db, str(session.settings.user_id))

    async def offer(self, room_id: str, event_id: str, reply: Reply) -> None:
        """Remember what reactions to the message ``event_id`` (``reply``, just sent) may do. The message
        is out already: a failure here is logged, not raised (a retry would send it twice), and the typed
        command under it still works."""
        actions = offered(reply)
        if not actions:
            return
        try:
            await self.repo.add(event_id, room_id, actions, self.app.clock())
        except Exception:
            log.exception(
                "matrix: the actions of a message could not be remembered; reactions to it do nothing"
            )

    async def on_reaction(
        self, room_id: str, source: dict[str, Any], display_name: str | None, *, is_direct: bool
    ) -> Reply | None:
        """Run the action a reaction asks for, as the reacting user; None when it asks for none (not on
        a message that offers actions, in another room, a key meaning none of its signs, a repeat)."""
        found = annotation(source)
        sender, event_id = str(source.get("sender", "")), str(source.get("event_id", ""))
        if found is None or not event_id or sender == self.session.client.user_id:
            return None
        target, key = found
        message = await self.repo.get(target)
        if message is None or message.room_id != room_id:
            return None
        signs = sorted(meanings(key) & message.actions.keys())
        if len(signs) != 1:
            return None
        if not await self.app.services.inbox.claim(PLATFORM, event_id, self.app.clock()):
            return None
        actor = Actor(PLATFORM, sender, display_name=display_name or sender)
        place = Place(PLATFORM, room_id, is_direct=is_direct)
        return await self.app.handle(Command(actor, place, message.actions[signs[0]], event_id=event_id))
