"""Plain questions on Matrix, against a real Synapse: `!foc <question>`, a mention of the bot, a DM; room
chatter that does not address the bot is never answered."""

from __future__ import annotations

from pathlib import Path

from tests.matrix.clients import humans, reply_to, running_bot
from tests.matrix.synapse import Synapse


async def test_questions_in_a_room_and_a_direct_chat(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    localpart = bot.user_id[1:].split(":", 1)[0]
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot"),
        humans(synapse, tmp_path, alice) as (a,),
    ):
        room = await a.create_room([bot.user_id, "@someone:localhost"])
        await a.wait_joined(room, bot.user_id)
        prefixed = await a.say(room, "!foc who chaired the FOC in 2022?")
        chatter = await a.say(room, "who chaired the FOC in 2022?")
        mention = await a.say(room, f"{localpart}: which countries joined in 2024")
        answer = (await a.wait_for(reply_to(room, prefixed, bot.user_id))).source["content"]
        assert "Canada" in answer["body"]
        joined = (await a.wait_for(reply_to(room, mention, bot.user_id))).source["content"]
        for country in ("Armenia", "Cabo Verde", "Colombia", "Slovenia"):
            assert country in joined["body"]
        assert reply_to(room, chatter, bot.user_id)(a.events) is None

        direct = await a.create_room([bot.user_id], direct=True)
        await a.wait_joined(direct, bot.user_id)
        asked = await a.say(direct, "what's goal 2")
        goal = (await a.wait_for(reply_to(direct, asked, bot.user_id))).source["content"]
        assert "country-level" in goal["body"]
