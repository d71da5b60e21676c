"""Never lose, never repeat, never storm: restarts of the bot and of the homeserver, a revoked token,
and Synapse's real rate limits."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.matrix.client import MatrixStopped
from bot.adapters.matrix.runner import MatrixAdapter
from bot.app import build_app
from handlers.core import Place, Reply
from tests.matrix.clients import WAIT_S, humans, reply_to, running_bot, until
from tests.matrix.synapse import Synapse, User, free_port
from tests.matrix.test_invites_and_keys import signed_master
from tests.support.dialogue import started
from tests.support.dialogue import test_settings as settings_for

REPO = Path(__file__).resolve().parents[2]


@contextmanager
def bot_process(
    synapse: Synapse, bot: User, database_url: str, store: Path, **env: str
) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m bot run` with MATRIX_* in its environment; killed at the end whatever happens."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FOCBOT_", "SLACK_", "MATRIX_"))}
    environment |= {
        "PYTHONPATH": str(REPO),
        "FOCBOT_DATABASE_URL": database_url,
        "MATRIX_HOMESERVER": synapse.url,
        "MATRIX_USER_ID": bot.user_id,
        "MATRIX_PASSWORD": bot.password,
        "MATRIX_STORE_PATH": str(store),
        "FOCBOT_HTTP_PORT": str(free_port()),  # `run` serves /healthz too: never a fixed port in tests
        **env,
    }
    log = open(store.parent / f"bot-{store.name}.log", "ab")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=store.parent,
        env=environment,
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        log.close()


def answers(events: list[tuple[str, Any]], room: str, bot_id: str) -> dict[str, int]:
    """How many replies the bot sent to each event id in ``room``."""
    counts: dict[str, int] = {}
    for r, e in events:
        relates = ((e.source.get("content") or {}).get("m.relates_to") or {}).get("m.in_reply_to") or {}
        if r == room and getattr(e, "sender", None) == bot_id and relates.get("event_id"):
            counts[relates["event_id"]] = counts.get(relates["event_id"], 0) + 1
    return counts


async def test_bot_process_killed_and_restarted_answers_each_command_once(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    store = tmp_path / "bot"
    async with humans(synapse, tmp_path, alice) as (a,):
        room = await a.create_room([bot.user_id])
        with bot_process(synapse, bot, database_url, store) as first:
            await a.wait_joined(room, bot.user_id)
            answered = [await a.say(room, f"!foc activity 3B.{n}") for n in (1, 2, 3)]
            await a.wait_for(lambda e: all(answers(e, room, bot.user_id).get(i) for i in answered))
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        while_down = [await a.say(room, f"!foc activity 1A.{n}") for n in (1, 2, 3)]
        with bot_process(synapse, bot, database_url, store):
            asked = answered + while_down
            await a.wait_for(lambda e: all(answers(e, room, bot.user_id).get(i) for i in asked), within=60)
            last = await a.say(room, "!foc troika")
            await a.wait_for(reply_to(room, last, bot.user_id))
            await a.sync(500)
        counts = answers(a.events, room, bot.user_id)
        assert [counts.get(i) for i in [*asked, last]] == [1] * 7
    logged = (tmp_path / "bot-bot.log").read_text()
    token = json.loads((store / "session.json").read_text())["access_token"]
    assert "command name=activity platform=matrix outcome=ok" in logged
    assert bot.password not in logged and token not in logged  # secrets never in the logs


async def test_answers_within_seconds_after_the_homeserver_returns(
    killable_synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    synapse = killable_synapse
    bot, alice = synapse.register(), synapse.register()
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot") as adapter,
        humans(synapse, tmp_path, alice) as (a,),
    ):
        room = await a.create_room([bot.user_id])
        await a.wait_joined(room, bot.user_id)
        synapse.kill()
        await until(lambda: not adapter.app.platforms.all_connected, what="the bot saw the homeserver go")
        await asyncio.sleep(1)  # past the first quick retries: the backoff is at its cap now
        requests_while_down = adapter.session.requests
        await asyncio.sleep(2)
        assert adapter.session.requests - requests_while_down <= 4  # about one attempt a second at most
        await asyncio.to_thread(synapse.start)
        back = time.monotonic()
        asked = await a.say(room, "!foc activity 3B.3")
        await a.wait_for(reply_to(room, asked, bot.user_id), within=WAIT_S)
        assert time.monotonic() - back < 5.0


async def test_revoked_token_leads_to_one_new_login_on_a_signed_device(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot") as adapter,
        humans(synapse, tmp_path, alice) as (a,),
    ):
        room = await a.create_room([bot.user_id])
        await a.wait_joined(room, bot.user_id)
        old_device = str(adapter.session.client.device_id)
        requests = adapter.session.requests
        status, _ = synapse.request(
            "POST", "/_matrix/client/v3/logout", {}, adapter.session.client.access_token
        )
        assert status == 200
        asked = await a.say(room, "!foc troika")
        await a.wait_for(reply_to(room, asked, bot.user_id))
        assert adapter.session.logins == 2
        assert adapter.session.requests - requests <= 30  # a relogin, keys and signatures: no loop
        new_device = str(adapter.session.client.device_id)
        assert new_device != old_device
        signed_master(synapse, alice.access_token, bot.user_id, new_device)


async def test_revoked_token_without_password_stops_clearly(
    synapse: Synapse, database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bot = synapse.register()
    settings = settings_for(
        database_url,
        matrix={
            "homeserver": synapse.url,
            "user_id": bot.user_id,
            "access_token": bot.access_token,
            "device_id": bot.device_id,
            "store_path": tmp_path / "bot",
        },
    )
    app = build_app(settings)
    adapter = MatrixAdapter(app, settings.matrix, settings.secret_key)
    async with started(app):
        task = asyncio.create_task(adapter.run())
        await until(lambda: adapter.loop.ready.is_set() or task.done(), what="first sync")
        synapse.request("POST", "/_matrix/client/v3/logout", {}, bot.access_token)
        with pytest.raises(MatrixStopped, match="M_UNKNOWN_TOKEN"):
            await asyncio.wait_for(task, timeout=WAIT_S)
    assert adapter.loop.syncs <= 3 and adapter.session.requests <= 15
    assert "matrix" not in app.notifier.platforms


def test_process_with_a_rejected_token_exits_with_a_clear_message(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot = synapse.register()
    store = tmp_path / "bot"
    store.mkdir()
    with bot_process(
        synapse, bot, database_url, store, MATRIX_PASSWORD="", MATRIX_ACCESS_TOKEN="syt_not_a_token"
    ) as p:
        p.wait(timeout=WAIT_S)
    assert p.returncode != 0
    assert "MATRIX_ACCESS_TOKEN was rejected" in (tmp_path / "bot-bot.log").read_text()


async def test_real_rate_limits_delay_but_lose_nothing(
    synapse: Synapse, database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bot, alice = synapse.register(), synapse.register()
    synapse.limit_messages(bot, per_second=1, burst=10)  # Synapse's limiter, refilling in a second, not 5
    caplog.set_level(logging.WARNING, logger="nio")
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot") as adapter,
        humans(synapse, tmp_path, alice) as (a,),
    ):
        room = await a.create_room([bot.user_id])
        await a.wait_joined(room, bot.user_id)
        await until(lambda: room in adapter.session.client.rooms, what="the bot synced the room")
        texts = [f"notice {n}" for n in range(11)]  # one past the burst of 10: a real 429, then all
        for text in texts:
            await adapter.app.notifier.send(Place("matrix", room), Reply(text))

        def seen(events: list[tuple[str, Any]]) -> list[str]:
            return [
                e.source["content"]["body"]
                for r, e in events
                if r == room
                and getattr(e, "sender", None) == bot.user_id
                and e.source.get("type") == "m.room.message"
            ]

        await a.wait_for(lambda e: len(seen(e)) >= len(texts), within=90)
        assert seen(a.events) == texts
        assert any("429" in r.getMessage() for r in caplog.records)


async def test_more_missed_commands_than_a_sync_returns_are_all_answered(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    store = tmp_path / "bot"

    def short_timeline(adapter: MatrixAdapter) -> None:
        adapter.loop.sync_filter["room"]["timeline"]["limit"] = 3

    async with humans(synapse, tmp_path, alice) as (a,):
        room = await a.create_room([bot.user_id])
        async with running_bot(synapse, bot, database_url, store):
            await a.wait_joined(room, bot.user_id)
        asked = [await a.say(room, f"!foc activity 3B.{n}") for n in range(1, 9)]
        async with running_bot(synapse, bot, database_url, store, tweak=short_timeline) as adapter:
            await a.wait_for(lambda e: all(answers(e, room, bot.user_id).get(i) for i in asked))
            assert adapter.handler.handled == len(asked)
        assert [answers(a.events, room, bot.user_id).get(i) for i in asked] == [1] * len(asked)


async def test_a_room_where_the_bot_may_not_post_does_not_block_the_others(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot") as adapter,
        humans(synapse, tmp_path, alice) as (a,),
    ):
        muted = await a.create_room([bot.user_id], power={"events_default": 50})
        open_room = await a.create_room([bot.user_id])
        await a.wait_joined(muted, bot.user_id)
        await a.wait_joined(open_room, bot.user_id)
        await a.say(muted, "!foc troika")  # the bot cannot answer here (M_FORBIDDEN): it must move on
        asked = await a.say(open_room, "!foc troika")
        await a.wait_for(reply_to(open_room, asked, bot.user_id))
        await until(lambda: adapter.handler.handled >= 2, what="both commands counted")  # after the reply
        assert adapter.handler.handled == 2
