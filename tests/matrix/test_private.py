"""Private means private on Matrix: a private reply to a command said in a shared room goes to the user's
direct room with the bot (opened once, then reused) and the room gets a pointer that names no answer; an
anonymous survey never becomes a room poll. Read by a second member of the room, as an attacker would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.adapters.matrix.polls import START
from tests.matrix.clients import humans, reply_to, running_bot
from tests.matrix.synapse import Synapse
from tests.matrix.test_surveys import last_from

ANONYMOUS = (
    "!foc survey import {title: Staffing, questions: ["
    "{text: 'Enough staff?', type: single, options: [Yes, No]}, "
    "{text: 'Why?', type: text, required: false}]}"
)
SECRET = "swordfish tuesday"
POINTER = "I've sent you the answer in a direct message."


def bot_events(events: list[tuple[str, Any]], room: str, bot_id: str) -> list[Any]:
    return [e for r, e in events if r == room and getattr(e, "sender", None) == bot_id]


async def test_private_replies_in_a_room_go_to_the_dm_and_anonymous_surveys_are_never_polls(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob = synapse.register(), synapse.register(), synapse.register()
    admins = f"matrix:{alice.user_id}"
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", admins=admins) as adapter,
        humans(synapse, tmp_path, alice, bob) as (a, b),
    ):
        room = await a.create_room([bot.user_id, bob.user_id])
        await b.accept(room)
        await a.wait_joined(room, bot.user_id)
        await a.wait_joined(room, bob.user_id)
        for text in (ANONYMOUS, "!foc survey open 1 here anonymous"):
            asked = await a.say(room, text)
            await a.wait_for(reply_to(room, asked, bot.user_id))
        # bob's invitation DM is opened by `survey open`: it is the one his private replies reuse
        dm = await adapter.repo.direct_room(bob.user_id)
        assert dm is not None

        said = {}
        for text in (
            "!foc survey answer 1",  # the first question: never a poll in the room
            f'!foc survey answer 1 1=2 2="{SECRET}"',
            "!foc survey list",  # bob's own progress: "complete"
            "!foc survey nonsense",  # a usage reply is private too
        ):
            said[text] = await b.say(room, text)
            pointer = await a.wait_for(reply_to(room, said[text], bot.user_id))
            assert pointer.source["content"]["body"] == POINTER
        shown = await b.say(room, "!foc survey show 1")  # not private: answered in the room
        assert (
            "Enough staff?"
            in (await a.wait_for(reply_to(room, shown, bot.user_id))).source["content"]["body"]
        )
        await a.sync(300)

        # alice, reading the room, sees no poll and nothing of bob's answers or progress
        seen = bot_events(a.events, room, bot.user_id)
        assert not [e for e in seen if e.source.get("type") in (START, "m.poll.start")]
        bodies = "\n".join(str((e.source.get("content") or {}).get("body", "")) for e in seen)
        for leak in (SECRET, "Your answers", "Saved your answer", "complete", "to answer", "1. No"):
            assert leak not in bodies, leak

        # bob finds every answer in his DM with the bot: the same room each time
        assert await adapter.repo.direct_room(bob.user_id) == dm
        await b.accept(dm)
        in_dm = last_from(bot.user_id, dm)
        await b.wait_for(lambda e: any("is not a `survey` command" in m for m in in_dm(e)))  # the last one
        messages = "\n".join(in_dm(b.events))
        assert "question 1 of 2" in messages  # `survey answer 1` started the one-question dialogue there
        assert "Saved your answers to 1, 2." in messages
        assert SECRET in messages and "1 open surveys for you" in messages and "complete" in messages
        assert not [e for _, e in b.events if e.source.get("type") in (START, "m.poll.start")]
        invited_to = set(b.client.rooms) | set(b.client.invited_rooms)
        assert invited_to == {room, dm}  # one DM, reused
