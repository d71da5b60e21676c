"""Encrypted DMs readable on a new device, on a real Synapse: the DM's user signs in on a second device (a
new nio client and store) after the bot wrote to them, asks the bot for the room key of that earlier
message (the bot gives it unasked when it sees the new device, and again when asked) and decrypts it;
another user's device asking for the same key gets nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nio import AsyncClient, LoginResponse, MegolmEvent, RoomMessageNotice

from handlers.core import Reply
from tests.matrix.clients import Human, from_the_bot_directly, humans, running_bot, until
from tests.matrix.synapse import Synapse, User

SECRET = "the venue changes to the embassy annex"


async def second_device(synapse: Synapse, user: User, store: Path) -> Human:
    """``user`` signed in again: a new device with a new, empty crypto store."""
    login = AsyncClient(synapse.url, user.user_id)
    response = await login.login(user.password, device_name="second")
    await login.close()
    assert isinstance(response, LoginResponse), response
    again = User(user.user_id, user.password, response.access_token, response.device_id)
    human = Human(synapse, again, store)
    await human.sync(0)
    return human


def undecryptable(room: str):  # type: ignore[no-untyped-def]
    def find(events: list[tuple[str, Any]]) -> list[MegolmEvent]:
        return [e for r, e in events if r == room and isinstance(e, MegolmEvent)]

    return find


async def test_a_new_device_of_the_dm_user_gets_the_key_and_another_users_device_nothing(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, bob, carol = (synapse.register() for _ in range(3))
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot") as adapter,
        humans(synapse, tmp_path, bob, carol) as (b, c),
    ):
        # bob and carol share an encrypted room with the bot: it knows both users' devices
        room = await b.create_room([bot.user_id, carol.user_id], encrypted=True)
        await c.accept(room)
        await b.wait_joined(room, bot.user_id)
        await until(lambda: adapter.notifier.dms.shares_a_room(bob.user_id), what="the bot saw bob")
        await adapter.app.notifier.send_direct(f"matrix:{bob.user_id}", Reply(SECRET))
        dm = await adapter.repo.direct_room(bob.user_id)
        assert SECRET in await from_the_bot_directly(b, dm, bot.user_id, SECRET)

        second = await second_device(synapse, bob, tmp_path / "bob-second")
        try:
            (earlier,) = await second.wait_for(undecryptable(dm))  # the message came before the device
            olm = second.client.olm
            assert olm is not None

            def has_key(_events: object) -> bool:
                return olm.inbound_group_store.get(dm, earlier.sender_key, earlier.session_id) is not None

            # unasked: the bot saw bob's new device in his device list and gave it the DM's key
            await second.wait_for(has_key)
            decrypted = second.client.decrypt_event(earlier)
            assert isinstance(decrypted, RoomMessageNotice) and SECRET in decrypted.body
            given = adapter.keys.shared
            assert given >= 1

            # asked: the device's key request (addressed to the bot's device) is answered as well
            olm.inbound_group_store = type(olm.inbound_group_store)()  # forget the key, then ask for it
            assert not has_key(None)
            request = earlier.as_key_request(
                bot.user_id, second.client.device_id, device_id=earlier.device_id
            )
            await second.client.to_device(request)
            await second.wait_for(has_key)
            assert adapter.keys.shared == given + 1

            # carol's device asks for the same key: refused, and nothing reaches her
            stolen = earlier.as_key_request(
                bot.user_id, str(c.client.device_id), request_id="carol", device_id=earlier.device_id
            )
            await c.client.to_device(stolen)
            await until(lambda: adapter.keys.refused >= 1, what="the bot refused carol's request")
            await c.sync(300)
            assert c.client.olm is not None
            assert c.client.olm.inbound_group_store.get(dm, earlier.sender_key, earlier.session_id) is None
            assert adapter.keys.shared == given + 1
        finally:
            await second.close()
