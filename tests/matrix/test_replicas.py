"""Several replicas on PostgreSQL: one holds the Matrix sync (the leader), the others stand by; when the
leader dies, a standby takes the sync over from the saved token and nothing is answered twice or missed."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.adapters.matrix.runner import STANDBY, MatrixPlatform
from bot.app import build_app
from bot.notify import UnroutableError
from handlers.core import Place, Reply
from tests.matrix.clients import humans, reply_to
from tests.matrix.synapse import Synapse, User
from tests.matrix.test_resilience import answers
from tests.support.dialogue import test_settings as settings_for
from tests.support.processes import BotProcess


def matrix_replica(name: str, synapse: Synapse, bot: User, database_url: str, tmp_path: Path) -> BotProcess:
    """`focbot run` with Matrix only, its own store (device) and /healthz on a free port."""
    return BotProcess.headless(
        name,
        database_url,
        tmp_path,
        MATRIX_HOMESERVER=synapse.url,
        MATRIX_USER_ID=bot.user_id,
        MATRIX_PASSWORD=bot.password,
        MATRIX_STORE_PATH=str(tmp_path / f"{name}-store"),
    )


def handled(replica: BotProcess) -> int:
    """How many Matrix commands this replica handled (its one log line per command)."""
    return replica.stderr().count("platform=matrix outcome=ok")


async def test_one_replica_holds_the_sync_and_a_standby_takes_over_when_it_dies(
    synapse: Synapse, pg_database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    first = matrix_replica("first", synapse, bot, pg_database_url, tmp_path)
    second: BotProcess | None = None
    try:
        await asyncio.to_thread(first.wait_role, "leader")
        second = matrix_replica("second", synapse, bot, pg_database_url, tmp_path)
        await asyncio.to_thread(second.wait_role, "standby")
        health = second.healthz()
        assert health is not None and health["status"] == "ok", health
        assert health["platforms"] == {"matrix": {"state": "standby", "connected": False, "detail": STANDBY}}
        async with humans(synapse, tmp_path, alice) as (a,):
            room = await a.create_room([bot.user_id])
            await a.wait_joined(room, bot.user_id)
            asked = await a.say(room, "!foc activity 3B.3")
            await a.wait_for(reply_to(room, asked, bot.user_id))
            assert (handled(first), handled(second)) == (1, 0)
            assert not (tmp_path / "second-store" / "session.json").exists()  # never logged in: no client

            first.kill()  # kill -9: no goodbye, the advisory lock goes with its connection
            await asyncio.to_thread(second.wait_role, "leader", 15)
            after = await a.say(room, "!foc troika")
            await a.wait_for(reply_to(room, after, bot.user_id), within=60)
            await a.sync(500)
            counts = answers(a.events, room, bot.user_id)
            assert [counts.get(asked), counts.get(after)] == [1, 1]  # each once, whoever answered
            assert handled(second) == 1  # the new leader resumed after the first command, not before it
            assert (tmp_path / "second-store" / "session.json").exists()
        assert "Traceback" not in second.stderr()
    finally:
        first.close()
        if second is not None:
            second.close()


async def test_a_standby_has_no_matrix_client_and_says_so(database_url: str) -> None:
    app = build_app(settings_for(database_url))
    # before election (a standby: for as long as another replica leads)
    app.add_platform(MatrixPlatform(app, app.settings.matrix))
    assert "matrix" not in app.notifier.platforms
    assert app.platforms.snapshot() == {"matrix": {"state": "standby", "connected": False, "detail": STANDBY}}
    assert app.platforms.all_connected  # a standby is not a degraded replica
    with pytest.raises(UnroutableError, match="standby: another replica holds the Matrix sync"):
        await app.notifier.send(Place("matrix", "!room:example.org", False), Reply("reminder"))
    with pytest.raises(UnroutableError, match="standby"):
        await app.notifier.send_direct("matrix:@alice:example.org", Reply("reminder"))
    await app.db.dispose()
