"""Invites from allowed and other users; the bot's cross-signed device as other clients see it."""

from __future__ import annotations

import stat
from pathlib import Path
from urllib.parse import quote

from signedjson.key import decode_verify_key_base64
from signedjson.sign import verify_signed_json

from tests.matrix.clients import humans, reply_to, running_bot, until
from tests.matrix.synapse import Synapse


def membership(synapse: Synapse, token: str, room_id: str, user_id: str) -> str | None:
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/state/m.room.member/{quote(user_id)}"
    status, body = synapse.request("GET", path, token=token)
    return body.get("membership") if status == 200 else None


async def test_joins_allowed_inviters_and_declines_others(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, boss, alice = synapse.register(), synapse.register(), synapse.register()
    allow = f"{boss.user_id}, example.org"
    async with (
        running_bot(
            synapse, bot, database_url, tmp_path / "bot", matrix_settings={"allow": allow}
        ) as adapter,
        humans(synapse, tmp_path, boss, alice) as (b, a),
    ):
        refused = await a.create_room([bot.user_id])
        accepted = await b.create_room([bot.user_id])
        await b.wait_joined(accepted, bot.user_id)
        await until(
            lambda: membership(synapse, alice.access_token, refused, bot.user_id) == "leave",
            what="the invite from a user not allowed was declined",
        )
        asked = await b.say(accepted, "!foc troika")
        await b.wait_for(reply_to(accepted, asked, bot.user_id))
        assert refused not in adapter.session.client.rooms


def signed_master(synapse: Synapse, token: str, user_id: str, device_id: str) -> str:
    """Through /keys/query: the device is signed by the self-signing key, which the master key signed.
    Returns the master public key."""
    status, keys = synapse.request(
        "POST", "/_matrix/client/v3/keys/query", {"device_keys": {user_id: []}}, token
    )
    assert status == 200
    master = keys["master_keys"][user_id]
    ssk = keys["self_signing_keys"][user_id]
    device = keys["device_keys"][user_id][device_id]
    ((master_id, master_public),) = master["keys"].items()
    ((ssk_id, ssk_public),) = ssk["keys"].items()
    master_key = decode_verify_key_base64("ed25519", master_id.split(":", 1)[1], master_public)
    ssk_key = decode_verify_key_base64("ed25519", ssk_id.split(":", 1)[1], ssk_public)
    verify_signed_json(ssk, user_id, master_key)  # raises unless the master key signed the SSK
    verify_signed_json(device, user_id, ssk_key)  # raises unless the device carries the SSK's signature
    assert master["usage"] == ["master"] and ssk["usage"] == ["self_signing"]
    return str(master_public)


async def test_bot_device_is_signed_by_its_self_signing_key(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    store = tmp_path / "bot"
    async with running_bot(synapse, bot, database_url, store) as adapter:
        device_id = str(adapter.session.client.device_id)
        master = signed_master(synapse, alice.access_token, bot.user_id, device_id)
        key_file = store / "cross_signing.json"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert stat.S_IMODE((store / "session.json").stat().st_mode) == 0o600
        stored = await adapter.repo.cross_signing()
        assert stored is not None and stored.master_key == master
        assert await adapter.repo.device_signed(device_id, stored.self_signing_key)
    async with running_bot(synapse, bot, database_url, store) as again:  # same device, same keys
        assert str(again.session.client.device_id) == device_id
        assert signed_master(synapse, alice.access_token, bot.user_id, device_id) == master
