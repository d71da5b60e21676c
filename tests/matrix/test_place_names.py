"""Places are named by the room's name in Matrix (the adapter names them through the core's port,
`handlers.places.place_name`), not by their ids: `meeting new`, `meeting show`, a check-in's digest place;
a room the bot does not know keeps its id. Against a real Synapse."""

from __future__ import annotations

from pathlib import Path

from handlers.places import place_name
from tests.matrix.clients import humans, reply_to, running_bot
from tests.matrix.synapse import Synapse

EXACT = (
    'meeting new "Troika call" rrule="FREQ=WEEKLY;INTERVAL=4;BYDAY=TU" start=2099-01-13 at=15:00 '
    "tz=Europe/Zurich participants=Estonia,Switzerland"
)


async def test_places_are_shown_by_the_rooms_name(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    admin = f"matrix:{alice.user_id}"
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", admins=admin) as adapter,
        humans(synapse, tmp_path, alice) as (a,),
    ):
        room = await a.create_room([bot.user_id], name="FOC Troika")
        await a.wait_joined(room, bot.user_id)

        async def said(text: str) -> str:
            asked = await a.say(room, "!foc " + text)
            return str((await a.wait_for(reply_to(room, asked, bot.user_id))).source["content"]["body"])

        created = await said(EXACT)
        assert "to FOC Troika (Matrix)." in created and room not in created, created
        shown = await said("meeting show 1")
        assert "Reminders: 24h, 1h before, to FOC Troika (Matrix)" in shown and room not in shown, shown
        assert "is now a focal point of Japan" in await said(f"focal Japan add {alice.user_id}")
        made = await said("checkin new quarterly-update to=Japan digest=here")
        assert made.startswith("Check-in 1"), made
        listed = await said("checkin show 1")
        assert "Digest to FOC Troika (Matrix)." in listed, listed

        services = adapter.app.services
        unknown = "matrix:!unknown:localhost"
        assert await place_name(services, unknown) == unknown  # not a room the bot knows: the id
        assert await place_name(services, "console:sc-room") == "console:sc-room"  # no namer: the key
