"""Benchmark: Matrix round trip of focbot against a bare nio echo bot, same Synapse, same run.

A user sends `!foc activity 3B.3` and waits until it sees the reply; the same user does the same with a
bare matrix-nio bot that echoes every text as a notice. Both bots run as their own processes (focbot as
`python -m bot run`), on one Synapse started for the run. Prints p50/p95 of each and their ratio
(goal: focbot/echo p50 at most 1.3). Rounds alternate between the two bots.

Usage, from the repository root: .venv/bin/python bench/matrix.py [--rounds 60] [--encrypted]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/ itself must not be on the path: bench/schedules.py would shadow the `schedules` package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.matrix.clients import Human, reply_to  # noqa: E402
from tests.matrix.synapse import Synapse, User, free_port  # noqa: E402

Bots = tuple[User, User, list[subprocess.Popen[bytes]]]


async def echo_bot(homeserver: str, user_id: str, token: str, device: str, store: str) -> None:
    """The baseline: a bare nio bot that answers every text with the same text as a notice."""
    from nio import AsyncClient, AsyncClientConfig, InviteMemberEvent, MatrixRoom, RoomMessageText

    client = AsyncClient(
        homeserver,
        user_id,
        store_path=store,
        config=AsyncClientConfig(encryption_enabled=True, max_timeout_retry_wait_time=1),
    )
    client.restore_login(user_id, device, token)

    async def on_text(room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender != user_id:
            content = {
                "msgtype": "m.notice",
                "body": event.body,
                "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}},
            }
            await client.room_send(room.room_id, "m.room.message", content, ignore_unverified_devices=True)

    async def on_invite(room: MatrixRoom, event: InviteMemberEvent) -> None:
        if event.state_key == user_id and event.membership == "invite":
            await client.join(room.room_id)

    client.add_event_callback(on_text, RoomMessageText)  # type: ignore[arg-type]
    client.add_event_callback(on_invite, InviteMemberEvent)  # type: ignore[arg-type]
    await client.sync_forever(timeout=30_000)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def round_trip(human: Human, room: str, bot_id: str, text: str) -> float:
    start = time.perf_counter()
    asked = await human.say(room, text)
    await human.wait_for(reply_to(room, asked, bot_id), within=30)
    return (time.perf_counter() - start) * 1000


def start_bots(synapse: Synapse, tmp: Path) -> Bots:
    """focbot (`python -m bot run`) and the echo bot, each its own process."""
    focbot, echo = synapse.register(), synapse.register()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOCBOT_", "MATRIX_", "SLACK_"))}
    focbot_env = env | {
        "PYTHONPATH": str(ROOT),
        "FOCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'bench.db'}",
        "FOCBOT_LOG_LEVEL": "WARNING",
        "MATRIX_HOMESERVER": synapse.url,
        "MATRIX_USER_ID": focbot.user_id,
        "MATRIX_PASSWORD": focbot.password,
        "MATRIX_STORE_PATH": str(tmp / "focbot-store"),
        "FOCBOT_HTTP_PORT": str(free_port()),
    }
    echo_cmd = [
        sys.executable,
        __file__,
        "--echo",
        synapse.url,
        echo.user_id,
        echo.access_token,
        echo.device_id,
    ]
    (tmp / "echo-store").mkdir()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=tmp, env=focbot_env, stdin=subprocess.DEVNULL
        ),
        subprocess.Popen([*echo_cmd, str(tmp / "echo-store")], cwd=tmp, env=env | {"PYTHONPATH": str(ROOT)}),
    ]
    return focbot, echo, processes


async def measure(synapse: Synapse, tmp: Path, rounds: int, encrypted: bool, bots: Bots) -> None:
    focbot, echo, _ = bots
    alice = synapse.register()
    human = Human(synapse, alice, tmp / "alice")
    try:
        await human.sync(0)
        rooms = {}
        for bot in (focbot, echo):
            rooms[bot.user_id] = await human.create_room([bot.user_id], encrypted=encrypted)
            await human.wait_joined(rooms[bot.user_id], bot.user_id, within=60)
        for bot in (focbot, echo):  # warm up: keys shared, caches filled
            for _ in range(3):
                await round_trip(human, rooms[bot.user_id], bot.user_id, "!foc activity 3B.3")
        timings: dict[str, list[float]] = {focbot.user_id: [], echo.user_id: []}
        for _ in range(rounds):
            for bot in (focbot, echo):
                ms = await round_trip(human, rooms[bot.user_id], bot.user_id, "!foc activity 3B.3")
                timings[bot.user_id].append(ms)
        report(timings[focbot.user_id], timings[echo.user_id], encrypted)
    finally:
        await human.close()


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def report(focbot: list[float], echo: list[float], encrypted: bool) -> None:
    kind = "encrypted room" if encrypted else "unencrypted room"
    print(f"Matrix round trip, {kind}, {len(focbot)} rounds each (ms)")
    print(f"{'':8} {'p50':>8} {'p95':>8} {'mean':>8}")
    for name, values in (("focbot", focbot), ("echo", echo)):
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(f"{name:8} {p50:8.1f} {p95:8.1f} {statistics.fmean(values):8.1f}")
    ratio50 = percentile(focbot, 0.5) / percentile(echo, 0.5)
    ratio95 = percentile(focbot, 0.95) / percentile(echo, 0.95)
    print(f"ratio focbot/echo: p50 {ratio50:.2f}, p95 {ratio95:.2f} (goal: p50 at most 1.3)")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--echo":
        asyncio.run(echo_bot(*sys.argv[2:7]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--encrypted", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="focbot-bench-") as tmp:
        synapse = Synapse(Path(tmp) / "synapse")
        synapse.start()
        try:
            bots = start_bots(synapse, Path(tmp))
            try:
                asyncio.run(measure(synapse, Path(tmp), args.rounds, args.encrypted, bots))
            finally:
                stop(bots[2])
        finally:
            synapse.stop()


if __name__ == "__main__":
    main()
