"""Matrix: a meeting reminder in a room carries Going / Not going / Maybe as a native poll; a vote is the
voter's RSVP (run as `meeting rsvp` by the existing poll path), a changed vote changes it, and `!foc
meeting rsvp` typed in the room works too."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.adapters.matrix.polls import START
from storage.db import Database
from storage.models import MeetingRsvp
from tests.matrix.clients import Human, humans, reply_to, running_bot, until
from tests.matrix.synapse import Synapse
from tests.matrix.test_polls import events_of, vote
from tests.support.clock import FakeClock
from tests.support.meetings import deliver

MEETING = (
    '!foc meeting new "Troika call" kind=troika rrule="FREQ=WEEKLY;INTERVAL=4;BYDAY=TU" start=2027-01-12 '
    "at=15:00 tz=Europe/Zurich participants=Estonia,Switzerland reminders=24h"
)
FIRST = datetime(2027, 1, 12, 14, 0, tzinfo=UTC)


async def answers(db: Database) -> list[tuple[datetime, str, str, str | None]]:
    async with db.transaction() as s:
        rows = (await s.scalars(select(MeetingRsvp).order_by(MeetingRsvp.original_start))).all()
    return [(r.original_start, r.user_key, r.answer, r.member) for r in rows]


async def until_answers(db: Database, expected: list[Any], within: float = 10.0) -> None:
    for _ in range(int(within / 0.05)):
        if await answers(db) == expected:
            return
        await asyncio.sleep(0.05)
    assert await answers(db) == expected


@dataclass
class Posted:
    """A room of three (alice, an admin mapped to Estonia, and bob) where the troika call's 24 h reminder,
    with its poll (``start``), has just been posted."""

    bot: Any
    alice: Any
    bob: Any
    adapter: Any
    a: Human
    b: Human
    room: str
    start: Any


@asynccontextmanager
async def reminder_posted(synapse: Synapse, database_url: str, tmp_path: Path) -> AsyncIterator[Posted]:
    bot, alice, bob = synapse.register(), synapse.register(), synapse.register()
    clock = FakeClock(datetime(2027, 1, 5, 9, 0, tzinfo=UTC))
    admins = f"matrix:{alice.user_id}"
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", clock=clock, admins=admins) as adapter,
        humans(synapse, tmp_path, alice, bob) as (a, b),
    ):
        room = await a.create_room([bot.user_id, bob.user_id])  # three members: a room, not a DM
        await b.client.join(room)
        await a.wait_joined(room, bot.user_id)
        await a.wait_joined(room, bob.user_id)
        await until(lambda: room in adapter.session.client.rooms, what="the bot synced the room")
        for command in (f"!foc tz for matrix:{alice.user_id} member=Estonia", MEETING):
            asked = await a.say(room, command)
            await a.wait_for(reply_to(room, asked, bot.user_id))
        clock.set(datetime(2027, 1, 11, 14, 0, tzinfo=UTC))  # 24 h before the call
        await deliver(adapter.app)  # what the due-work timer runs
        (start,) = await a.wait_for(events_of(START, room))
        yield Posted(bot, alice, bob, adapter, a, b, room, start)


async def test_a_vote_on_the_reminder_poll_is_an_rsvp(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    async with reminder_posted(synapse, database_url, tmp_path) as posted:
        bot, alice, a, room, start = posted.bot, posted.alice, posted.a, posted.room, posted.start
        adapter = posted.adapter
        labels = [x["org.matrix.msc1767.text"] for x in start.source["content"][START]["answers"]]
        assert labels == ["Going", "Not going", "Maybe"]
        db = adapter.app.db
        key = f"matrix:{alice.user_id}"
        await vote(a, room, start.event_id, "1")
        await until_answers(db, [(FIRST, key, "yes", "Estonia")])
        await vote(a, room, start.event_id, "3")
        await until_answers(db, [(FIRST, key, "maybe", "Estonia")])

        typed = await a.say(room, "!foc meeting rsvp 1 2027-01-12 no")
        saved = await a.wait_for(reply_to(room, typed, bot.user_id))
        # an RSVP's confirmation is private: the room sees only the pointer to the DM (issue 10)
        assert saved.source["content"]["body"] == "I've sent you the answer in a direct message."
        assert await answers(db) == [(FIRST, key, "no", "Estonia")]


async def send(human: Any, room: str, kind: str, content: dict[str, Any]) -> str:
    if room not in human.client.rooms:
        await human.sync(0)
    response = await human.client.room_send(room, kind, content, ignore_unverified_devices=True)
    return str(response.event_id)


async def react(human: Any, room: str, target: str, key: str) -> str:
    relates = {"rel_type": "m.annotation", "event_id": target, "key": key}
    return await send(human, room, "m.reaction", {"m.relates_to": relates})


async def test_a_reaction_or_a_reply_to_the_reminder_is_an_rsvp(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    """✅ ❌ ❔ (and variants) on the reminder or its poll, or a reply "maybe" to the reminder, are the
    sender's RSVP; a reaction elsewhere changes nothing; a removed reaction is not an answer."""
    async with reminder_posted(synapse, database_url, tmp_path) as posted:
        bot, alice, bob, a, b = posted.bot, posted.alice, posted.bob, posted.a, posted.b
        adapter, room, start = posted.adapter, posted.room, posted.start
        # the reminder: the bot's message the poll was posted under (the last one before it)
        reminder = max(
            (
                e
                for r, e in a.events
                if r == room
                and getattr(e, "sender", None) == bot.user_id
                and e.source.get("type") == "m.room.message"
                and e.source["origin_server_ts"] <= start.source["origin_server_ts"]
            ),
            key=lambda e: e.source["origin_server_ts"],
        )
        assert "Troika call" in reminder.source["content"]["body"]
        db = adapter.app.db
        alice_key, bob_key = f"matrix:{alice.user_id}", f"matrix:{bob.user_id}"

        unrelated = await a.say(room, "good morning")
        await react(b, room, unrelated, "✅")  # not on a reminder: bob's answer is not recorded
        await react(a, room, reminder.event_id, "✅")
        await until_answers(db, [(FIRST, alice_key, "yes", "Estonia")])
        cross = await react(a, room, start.event_id, "✖️")  # on the poll itself, a variant: not going
        await until_answers(db, [(FIRST, alice_key, "no", "Estonia")])
        await a.client.room_redact(room, cross)  # removing the reaction does not answer anything
        await react(a, room, reminder.event_id, "🎉")  # not an answer
        maybe = await send(
            b,
            room,
            "m.room.message",
            {
                "msgtype": "m.text",
                "body": f"> <{bot.user_id}> reminder\n\nmaybe",
                "m.relates_to": {"m.in_reply_to": {"event_id": reminder.event_id}},
            },
        )
        await b.wait_for(reply_to(room, maybe, bot.user_id))  # answered (privately, a pointer here)
        await until_answers(db, [(FIRST, alice_key, "no", "Estonia"), (FIRST, bob_key, "maybe", None)])
