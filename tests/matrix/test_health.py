"""/healthz of `focbot run` tells Matrix's real state: connected with a working homeserver; with one that
cannot be reached, "degraded" and Matrix reconnecting with the last error (and no secret in it)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.adapters.matrix.settings import MatrixSettings
from bot.adapters.matrix.status import MatrixHealth
from bot.health import ERROR_LIMIT, PlatformStatus
from tests.matrix.synapse import Synapse, free_port
from tests.support.databases import SqliteTemplate
from tests.support.processes import BotProcess, wait_for


def matrix_state(process: BotProcess, state: str) -> dict[str, Any] | None:
    process.assert_alive()
    body = process.healthz()
    matrix = (body or {}).get("platforms", {}).get("matrix") or {}
    return body if matrix.get("state") == state else None


async def test_healthz_shows_matrix_connected_or_reconnecting_with_the_last_error(
    synapse: Synapse, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    bot = synapse.register()
    down_port = free_port()  # nothing listens there
    processes: list[BotProcess] = []
    try:
        for name, homeserver in (("up", synapse.url), ("down", f"http://127.0.0.1:{down_port}")):
            (tmp_path / name).mkdir()
            processes.append(
                BotProcess.headless(
                    name,
                    sqlite_template.copy(tmp_path / name),
                    tmp_path / name,
                    MATRIX_HOMESERVER=homeserver,
                    MATRIX_USER_ID=bot.user_id,
                    MATRIX_PASSWORD=bot.password,
                    MATRIX_STORE_PATH=str(tmp_path / name / "store"),
                )
            )
        up, down = processes
        healthy = await asyncio.to_thread(wait_for, lambda: matrix_state(up, "connected"), 30, "connected")
        assert healthy["status"] == "ok"
        assert healthy["platforms"]["matrix"]["connected"] is True

        degraded = await asyncio.to_thread(
            wait_for, lambda: matrix_state(down, "reconnecting"), 30, "reconnecting"
        )
        assert degraded["status"] == "degraded" and degraded["database"] is True
        matrix = degraded["platforms"]["matrix"]
        assert matrix["connected"] is False
        assert f"127.0.0.1:{down_port}" in matrix["last_error"]
        assert bot.password not in json.dumps(degraded)
    finally:
        for process in processes:
            process.close()


def test_the_last_error_is_cut_short_and_has_no_secret() -> None:
    platforms = PlatformStatus()
    settings = MatrixSettings(
        homeserver="https://bot:urlpassword@matrix.example.org",
        user_id="@focbot:example.org",
        password=SecretStr("correct-horse-battery"),
    )
    health = MatrixHealth(platforms, settings)
    health.connecting()
    assert platforms.snapshot()["matrix"]["state"] == "connecting" and not platforms.all_connected
    health.failed("login refused for correct-horse-battery with syt_Zm9jYm90_abcdefghijkl " + "x" * 1000)
    matrix = platforms.snapshot()["matrix"]
    text = json.dumps(matrix)
    assert matrix["state"] == "reconnecting" and not platforms.all_connected
    for secret in ("correct-horse-battery", "syt_Zm9jYm90", "urlpassword"):
        assert secret not in text
    assert "matrix.example.org" in text and len(str(matrix["last_error"])) <= ERROR_LIMIT
    health.synced()
    assert platforms.snapshot() == {"matrix": {"state": "connected", "connected": True}}
    assert platforms.all_connected
