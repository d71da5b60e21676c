"""Check-ins in Matrix, against a real Synapse: a focal point gets the round's DM in their direct chat with
the bot, answers there with `checkin answer`, and the answer shows in `checkin results`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handlers.core import Actor, Command, Place
from tests.matrix.clients import humans, reply_to, running_bot
from tests.matrix.synapse import Synapse


def bot_text(room: str, sender: str, *words: str):  # type: ignore[no-untyped-def]
    def find(events: list[tuple[str, Any]]) -> Any:
        for r, e in events:
            body = (e.source.get("content") or {}).get("body", "")
            if r == room and getattr(e, "sender", None) == sender and all(w in body for w in words):
                return e
        return None

    return find


async def test_a_focal_point_gets_the_round_in_the_direct_chat_and_answers_there(
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
        for command in (f"focal Japan add {alice.user_id}", "checkin new quarterly-update to=Japan"):
            asked = await a.say(direct, command)
            await a.wait_for(reply_to(direct, asked, bot.user_id))
        await a.say(direct, "checkin open 1")
        dm = await a.wait_for(bot_text(direct, bot.user_id, "Quarterly update", "checkin answer 1"))
        assert "for Japan" in dm.source["content"]["body"]

        answered = await a.say(direct, 'checkin answer 1 1=1 2="Cyber norms with the mission"')
        saved = (await a.wait_for(reply_to(direct, answered, bot.user_id))).source["content"]["body"]
        assert saved.startswith("Saved your answers to 1, 2"), saved

        command = Command(
            Actor("matrix", alice.user_id), Place("matrix", direct, is_direct=True), "checkin results 1"
        )
        results = await adapter.app.handle(command)
        assert results is not None and results.ok
        japan = results.data["countries"]["Japan"]
        assert japan["answered"] is True and "Cyber norms with the mission" in str(japan)
