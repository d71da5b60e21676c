"""`focbot run` with Slack and Matrix configured: one process, one database, both platforms answering."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from tests.matrix.clients import humans, reply_to
from tests.matrix.synapse import Synapse, free_port
from tests.matrix.test_resilience import bot_process
from tests.slack.conftest import SIGNING_SECRET, post_slash_command
from tests.slack.fake_slack import TOKEN, running_fake_slack
from tests.slack.test_run import wait_healthy


async def test_matrix_and_slack_in_one_process_share_the_database(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    store, port = tmp_path / "bot", free_port()
    async with (
        running_fake_slack() as fake,
        aiohttp.ClientSession() as session,
        humans(synapse, tmp_path, alice) as (a,),
    ):
        slack_env = {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.api_url,
            "FOCBOT_HTTP_PORT": str(port),
            "FOCBOT_ADMINS": f"matrix:{alice.user_id}",
        }
        with bot_process(synapse, bot, database_url, store, **slack_env) as process:
            room = await a.create_room([bot.user_id])
            await a.wait_joined(room, bot.user_id)
            changed = await a.say(room, "!foc activity 3B.3 status done")
            answer = await a.wait_for(reply_to(room, changed, bot.user_id))
            assert "done" in answer.source["content"]["body"]
            await wait_healthy(session, f"http://127.0.0.1:{port}/healthz")
            status = await post_slash_command(
                session,
                f"http://127.0.0.1:{port}",
                text="activity 3B.3",
                user_id="U1",
                user_name="bob",
                response_url=fake.response_url("both"),
                trigger_id=fake.new_trigger(),
            )
            assert status == 200
            await fake.wait_for("response:both", within=30)
            assert (
                "Status: done" in fake.of("response:both")[0].args["text"]
            )  # set from Matrix, read on Slack
            assert process.poll() is None
