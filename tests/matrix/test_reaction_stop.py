"""A reminder set for someone else offers a Stop on Matrix as a reaction (issue 18 item 3): 🛑 ❌ ✋ (and
their variants) on the delivered message run `reminder stop <id>` as whoever reacted, so the core decides
who may (the person reminded, or a member of the room reminded). A reaction elsewhere, on another message
or meaning nothing changes nothing; a stopped weekly reminder is not sent again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nio import RoomSendError

from bot.adapters.matrix.reactions import meanings
from tests.matrix.clients import Human, humans, reply_to, running_bot
from tests.matrix.synapse import Synapse
from tests.matrix.test_rsvp_polls import react
from tests.support.clock import FakeClock

START = datetime(2027, 1, 6, 12, 0, tzinfo=UTC)  # a Wednesday


def bot_messages(human: Human, room: str, bot_id: str, needle: str) -> list[Any]:
    return [
        e
        for r, e in human.events
        if r == room
        and getattr(e, "sender", None) == bot_id
        and e.source.get("type") == "m.room.message"
        and needle in str((e.source.get("content") or {}).get("body", ""))
    ]


def test_which_reactions_mean_stop() -> None:
    for key in ("🛑", "🛑\ufe0f", "❌", "✖️", "✋", "✋🏽", "🖐🏿", "⛔", " 🤚 "):
        assert "stop" in meanings(key), key
    for key in ("🎉", "👍", "✅", "", "stop", "🛑🛑"):
        assert "stop" not in meanings(key), key
    assert meanings("❌") == {"stop", "no"}  # which one counts is the message's to say (`offered`)


async def cross_room_reaction(adapter: Any, human: Human, room: str, target: str) -> None:
    """``human`` reacts 🛑 in ``room`` to ``target``, a message in another room: the homeserver refuses it,
    and the same reaction handed to the bot as if it had arrived runs nothing."""
    relates = {"rel_type": "m.annotation", "event_id": target, "key": "🛑"}
    sent = await human.client.room_send(room, "m.reaction", {"m.relates_to": relates})
    assert isinstance(sent, RoomSendError), sent
    source = {
        "type": "m.reaction",
        "sender": human.user_id,
        "event_id": "$forged-" + room,
        "content": {"m.relates_to": relates},
    }
    assert await adapter.notifier.actions.on_reaction(room, source, None, is_direct=False) is None


async def set_reminder(human: Human, room: str, text: str, bot_id: str) -> str:
    said = await human.say(room, text)
    answer = await human.wait_for(reply_to(room, said, bot_id))
    return str(answer.source["content"]["body"])


async def test_bob_stops_the_weekly_reminder_alice_set_for_him_with_a_reaction(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob, mallory = (synapse.register() for _ in range(4))
    clock = FakeClock(START)
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", clock=clock) as adapter,
        humans(synapse, tmp_path, alice, bob, mallory) as (a, b, m),
    ):
        room = await a.create_room([bot.user_id, bob.user_id, mallory.user_id])
        await b.accept(room)
        await m.accept(room)
        for user in (bot, bob, mallory):
            await a.wait_joined(room, user.user_id)
        said = await set_reminder(
            a, room, f"!foc remind {bob.user_id} every Monday at 9:00 to file it", bot.user_id
        )
        assert said  # answered (the confirmation of a reminder for someone is private: a pointer here)
        reminders = adapter.app.services.reminders
        row = await reminders.get(1)
        assert row is not None and row.next_at is not None and row.weekday is not None
        assert row.target == f"matrix:{bob.user_id}"
        due = row.next_at

        clock.set(due)
        await adapter.app.services.due.changed("personal_reminder")
        dm = await adapter.repo.direct_room(bob.user_id)
        assert dm is not None
        await b.accept(dm)
        (delivered,) = await b.wait_for(lambda _e: bot_messages(b, dm, bot.user_id, "file it"))
        content = delivered.source["content"]
        assert alice.user_id in content["body"]  # who set it, by Matrix id
        assert "React 🛑 to stop this reminder." in content["body"] and "reminder stop 1" in content["body"]

        # mallory, in the shared room, reacts to bob's reminder: Synapse refuses a relation across rooms, and
        # were one to arrive (from another server, say) it would act on nothing; typed, the core refuses her
        await cross_room_reaction(adapter, m, room, delivered.event_id)
        refused = await set_reminder(m, room, "!foc reminder stop 1", bot.user_id)
        assert "no active reminder 1 of yours" in refused or refused.startswith("I've sent you"), refused
        # bob reacts with something that means nothing: nothing happens either
        await react(b, dm, delivered.event_id, "🎉")
        assert (await reminders.get(1)).next_at is not None  # type: ignore[union-attr]

        stop = await react(b, dm, delivered.event_id, "🛑")
        confirmed = await b.wait_for(reply_to(dm, stop, bot.user_id))
        assert confirmed.source["content"]["body"] == "Reminder 1 stopped."
        stopped = await reminders.get(1)
        assert stopped is not None and stopped.next_at is None and stopped.cancelled_at is not None
        assert reply_to(room, stop, bot.user_id)(a.events) is None

        # the next Monday comes: nothing is sent
        clock.set(due + timedelta(days=7, minutes=1))
        await adapter.app.services.due.changed("personal_reminder")
        rows = await adapter.app.services.due_work.items("personal_reminder")
        sent = [i for i in rows if i.state == "sent"]
        assert [i.key.split("@")[0] for i in sent] == ["1"]  # the first Monday's, and no other
        await b.say(dm, "!foc troika")  # a command answered after the wake-up: the DM is synced past it
        await b.sync(500)
        assert len(bot_messages(b, dm, bot.user_id, "file it")) == 1


async def test_a_member_of_the_room_reminded_stops_it_with_a_reaction(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    """Alice reminds the room every week; Mallory is a member of the room reminded, so by the core's rule
    (whoever a reminder reminds may stop it) her ✋🏽 stops it. A reaction to the message from another room
    does not."""
    bot, alice, mallory = (synapse.register() for _ in range(3))
    clock = FakeClock(START)
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", clock=clock) as adapter,
        humans(synapse, tmp_path, alice, mallory) as (a, m),
    ):
        room = await a.create_room([bot.user_id, mallory.user_id])
        await m.accept(room)
        for user in (bot, mallory):
            await a.wait_joined(room, user.user_id)
        elsewhere = await m.create_room([bot.user_id])  # mallory's own room with the bot
        await m.wait_joined(elsewhere, bot.user_id)
        said = await set_reminder(
            a, room, "!foc remind here every Monday at 9:00 to file the minutes", bot.user_id
        )
        assert said
        reminders = adapter.app.services.reminders
        row = await reminders.get(1)
        assert row is not None and row.next_at is not None and row.to_place
        clock.set(row.next_at)
        await adapter.app.services.due.changed("personal_reminder")
        (delivered,) = await m.wait_for(lambda _e: bot_messages(m, room, bot.user_id, "file the minutes"))
        assert "React 🛑 to stop this reminder." in delivered.source["content"]["body"]

        await cross_room_reaction(adapter, m, elsewhere, delivered.event_id)
        assert (await reminders.get(1)).next_at is not None  # type: ignore[union-attr]

        stop = await react(m, room, delivered.event_id, "✋🏽")
        await m.wait_for(reply_to(room, stop, bot.user_id))
        stopped = await reminders.get(1)
        assert stopped is not None and stopped.next_at is None and stopped.cancelled_at is not None
