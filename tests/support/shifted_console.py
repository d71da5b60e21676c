"""`focbot console --json` on a clock ahead of the real one by TEST_CLOCK_AHEAD_SECONDS, as if the
process started that much later: a restart test jumps over the downtime instead of sleeping through it.

Run: ``python -m tests.support.shifted_console`` with FOCBOT_* settings in the environment. Everything but the
clock is the real console process; its timers fire on the real clock when the shifted one reaches them.
"""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta

from bot.app import build_app
from bot.cli import _console
from bot.config import Settings
from bot.logging_setup import configure_logging
from bot.redact import settings_secrets
from bot.timers import SchedulerTimers
from handlers.ports import TimerCallback

AHEAD_ENV = "TEST_CLOCK_AHEAD_SECONDS"


class AheadTimers(SchedulerTimers):
    """Wake-ups asked for on the shifted clock, armed on the real one."""

    def __init__(self, ahead: timedelta) -> None:
        super().__init__()
        self.ahead = ahead

    def arm(self, job_id: str, at: datetime, callback: TimerCallback) -> None:
        super().arm(job_id, at - self.ahead, callback)


def main() -> None:
    ahead = timedelta(seconds=float(os.environ.get(AHEAD_ENV, "0")))
    settings = Settings()
    configure_logging("WARNING", settings_secrets(settings))

    def clock() -> datetime:
        return datetime.now(UTC) + ahead

    app = build_app(settings, clock=clock, timers=AheadTimers(ahead))
    asyncio.run(_console(app, "admin", json_mode=True))


if __name__ == "__main__":
    main()
