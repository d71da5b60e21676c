"""Reminders aimed at a room by its id on a real Synapse (issue 18 items 3 and 6): a room version 12 id
(``!`` and the room's hash, no ``:server``) is a place like any other. A member of the room may remind it
from another room; someone who is not in it is refused and nothing is saved; the reminder arrives there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from nio import RoomCreateResponse

from tests.matrix.clients import from_the_bot_directly, humans, reply_to, running_bot
from tests.matrix.synapse import Synapse
from tests.matrix.test_reaction_stop import bot_messages
from tests.support.clock import FakeClock

START = datetime(2027, 1, 6, 12, 0, tzinfo=UTC)


async def test_a_room_version_12_id_is_a_reminder_target_for_its_members_only(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, mallory = (synapse.register() for _ in range(3))
    clock = FakeClock(START)
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", clock=clock) as adapter,
        humans(synapse, tmp_path, alice, mallory) as (a, m),
    ):
        made = await a.client.room_create(invite=[bot.user_id], room_version="12")
        assert isinstance(made, RoomCreateResponse), made
        target = str(made.room_id)
        assert target.startswith("!") and ":" not in target, target  # a version 12 id: no server part
        shared = await a.create_room([bot.user_id, mallory.user_id])
        await m.accept(shared)
        await a.wait_joined(target, bot.user_id)
        for user in (bot, mallory):
            await a.wait_joined(shared, user.user_id)
        reminders = adapter.app.services.reminders

        refused = await m.say(shared, f"!foc remind {target} in 2 minutes to leave the room")
        await m.wait_for(reply_to(shared, refused, bot.user_id))  # refused (privately: a pointer here)
        assert await reminders.get(1) is None  # mallory is not in the room: nothing saved
        dm = await adapter.repo.direct_room(mallory.user_id)
        assert "only when you are in it" in await from_the_bot_directly(
            m, dm, bot.user_id, "Nothing was saved"
        )

        asked = await a.say(shared, f"!foc remind {target} in 2 minutes to water the plants")
        await a.wait_for(reply_to(shared, asked, bot.user_id))
        row = await reminders.get(1)
        assert row is not None and row.to_place and row.target == f"matrix:{target}"
        assert row.created_by == f"matrix:{alice.user_id}"

        clock.set(START + timedelta(minutes=2))
        await adapter.app.services.due.changed("personal_reminder")
        (delivered,) = await a.wait_for(lambda _e: bot_messages(a, target, bot.user_id, "water the plants"))
        assert alice.user_id in delivered.source["content"]["body"]  # who set it, by Matrix id
        assert bot_messages(a, shared, bot.user_id, "water the plants") == []
