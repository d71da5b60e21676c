"""`meeting new` in words in Matrix: the proposal in a direct chat and a room, answered with a plain `yes`
(direct chat) or `!foc no` (room) by the admin who made it, against a real Synapse."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from storage.models import MeetingSeries
from tests.matrix.clients import humans, reply_to, running_bot
from tests.matrix.synapse import Synapse

WORDED = (
    'meeting new "Troika call" every second Tuesday at 15:00 Zurich time participants=Estonia,Switzerland'
)


async def test_a_plain_yes_in_the_direct_chat_confirms_and_no_in_a_room_drops(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    admin = f"matrix:{alice.user_id}"
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", admins=admin) as adapter,
        humans(synapse, tmp_path, alice) as (a,),
    ):
        direct = await a.create_room([bot.user_id], direct=True)
        await a.wait_joined(direct, bot.user_id)
        asked = await a.say(direct, WORDED)
        proposal = (await a.wait_for(reply_to(direct, asked, bot.user_id))).source["content"]
        assert "every 2 weeks on Tuesday at 15:00 (Europe/Zurich)" in proposal["body"]
        assert "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" in proposal["body"]
        assert "Series time (Europe/Zurich)" in proposal["formatted_body"]
        yes = await a.say(direct, "yes")
        created = (await a.wait_for(reply_to(direct, yes, bot.user_id))).source["content"]
        assert created["body"].startswith("Meeting 1 created: Troika call"), created["body"]

        room = await a.create_room([bot.user_id, "@someone:localhost"])
        await a.wait_joined(room, bot.user_id)
        asked = await a.say(room, "!foc " + WORDED.replace("Troika call", "Network call"))
        await a.wait_for(reply_to(room, asked, bot.user_id))
        no = await a.say(room, "!foc no")
        dropped = (await a.wait_for(reply_to(room, no, bot.user_id))).source["content"]
        assert "Dropped proposal 2" in dropped["body"]

        async with adapter.app.db.transaction() as s:
            assert await s.scalar(select(func.count()).select_from(MeetingSeries)) == 1


async def test_a_plain_yes_or_monthly_in_a_room_answers_only_the_proposers_own_proposal(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob = synapse.register(), synapse.register(), synapse.register()
    admins = f"matrix:{alice.user_id},matrix:{bob.user_id}"
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", admins=admins) as adapter,
        humans(synapse, tmp_path, alice, bob) as (a, b),
    ):
        room = await a.create_room([bot.user_id, bob.user_id])
        await b.accept(room)
        await a.wait_joined(room, bot.user_id)
        asked = await a.say(room, "!foc " + WORDED)
        proposal = (await a.wait_for(reply_to(room, asked, bot.user_id))).source["content"]["body"]
        assert "Say `yes`" in proposal and "say `monthly`" in proposal, proposal

        others = await b.say(room, "yes")  # another admin's plain yes: chatter, not an answer
        monthly = await a.say(room, "monthly")  # the proposal's own word, unprefixed, from its author
        made = (await a.wait_for(reply_to(room, monthly, bot.user_id))).source["content"]["body"]
        assert made.startswith("Meeting 1 created: Troika call"), made
        assert not reply_to(room, others, bot.user_id)(a.events)

        again = await a.say(room, "yes")  # decided: a later plain yes in the room stays chatter
        asked = await a.say(room, "!foc meeting list")
        await a.wait_for(reply_to(room, asked, bot.user_id))
        assert not reply_to(room, again, bot.user_id)(a.events)

        async with adapter.app.db.transaction() as s:
            rules = list(await s.scalars(select(MeetingSeries.rrule)))
        assert rules == ["FREQ=MONTHLY;BYDAY=2TU"]
