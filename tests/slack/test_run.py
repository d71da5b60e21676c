"""`focbot run` as a real process in Slack HTTP mode: /healthz and signed /slack/events on one server."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.slack.conftest import SIGNING_SECRET, post_slash_command
from tests.slack.fake_slack import TOKEN, running_fake_slack

pytestmark = pytest.mark.slow  # runs focbot run as a real process

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def wait_healthy(session: aiohttp.ClientSession, url: str, within: float = 60.0) -> None:
    async with asyncio.timeout(within):
        while True:
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)


async def test_focbot_run_serves_slack_events_and_health(tmp_path: Path) -> None:
    port = free_port()
    async with running_fake_slack() as fake, aiohttp.ClientSession() as session:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FOCBOT_", "SLACK_", "MATRIX_"))}
        env |= {
            "FOCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
            "FOCBOT_HTTP_PORT": str(port),
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.api_url,
            "PYTHONPATH": str(REPO),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await wait_healthy(session, f"http://127.0.0.1:{port}/healthz")
            status = await post_slash_command(
                session,
                f"http://127.0.0.1:{port}",
                text="activity 3B.3",
                user_id="U1",
                user_name="alice",
                response_url=fake.response_url("run"),
                trigger_id=fake.new_trigger(),
            )
            assert status == 200
            await fake.wait_for("response:run", within=10)
            assert "3B.3" in fake.of("response:run")[0].args["text"]
            async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
                health = await r.json()
            assert health["platforms"]["slack"]["connected"] is True and health["role"] == "leader"
            async with session.get(f"http://127.0.0.1:{port}/metrics") as r:
                assert 'focbot_commands_total{name="activity",outcome="ok"} 1.0' in await r.text()
        finally:
            process.send_signal(signal.SIGINT)
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode in (0, 130), stderr.decode()
        assert TOKEN not in stderr.decode() and SIGNING_SECRET not in stderr.decode()
