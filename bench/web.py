"""Benchmark: server time of the dashboard's `/program` and `/` and of a personal calendar feed, at the seed
data plus 200 meeting series (a quarter each with the troika, every member, Estonia, Finland).

The real aiohttp application serves on 127.0.0.1; each request is timed from sending to the last byte read
over loopback (an upper bound of the server's time). Estonia's focal point signs in and fetches their
feed. Prints p50/p95 per path; the goal is p95 under 50 ms each.

Baseline: each request is followed by the same request with the web caches off (every feed's VEVENTs
written afresh, `FeedCache.enabled = False`; the active series read afresh, `keep_active = False`), so
both see the same machine load; the ratio is baseline p50 / p50. `--profile` prints the cProfile of
the cached requests per path (top 25 by cumulative time).

Usage, from the repository root: .venv/bin/python bench/web.py [--series 200] [--requests 100] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import pstats
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiohttp import test_utils  # noqa: E402

from bot.app import App, build_app, lifespan  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.http import build_http_app  # noqa: E402
from bot.timers import SchedulerTimers  # noqa: E402
from bot.web.security import RateLimiter  # noqa: E402
from bot.web.state import LIMITER_KEY  # noqa: E402
from handlers.core import Actor, Command, Place, Reply  # noqa: E402
from handlers.web.feed import FEED_CACHE  # noqa: E402

PLACE = Place("console", "bench", is_direct=True)
NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
GROUPS = ("troika", "members", "Estonia", "Finland")


async def say(app: App, user: str, line: str) -> Reply:
    reply = await app.handle(Command(Actor("console", user, user), PLACE, line))
    assert reply is not None and reply.ok, (line, reply and reply.text)
    return reply


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def caching(app: App, on: bool) -> None:
    FEED_CACHE.enabled = on
    app.services.meetings.keep_active = on


async def timed(
    client: test_utils.TestClient,
    app: App,
    path: str,
    cookie: str | None,
    count: int,
    profile: cProfile.Profile | None = None,
) -> tuple[list[float], list[float]]:
    """``count`` times: the request with the caches on, then the same with them off (ms each)."""
    headers = {"Cookie": f"focbot_session={cookie}"} if cookie else {}
    cached: list[float] = []
    baseline: list[float] = []
    for _ in range(count):
        for on, times in ((True, cached), (False, baseline)):
            caching(app, on)
            if profile is not None and on:
                profile.enable()
            started = time.perf_counter()
            response = await client.get(path, headers=headers, allow_redirects=False)
            await response.read()
            times.append((time.perf_counter() - started) * 1000)
            if profile is not None and on:
                profile.disable()
            assert response.status == 200, (path, response.status)
    caching(app, True)
    return cached, baseline


async def main(series: int, requests: int, profile: bool = False) -> None:
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, database_url=f"sqlite+aiosqlite:///{folder}/bench.db", admins="console:admin"
        )
        app = build_app(settings, clock=lambda: NOW, elect=False, timers=SchedulerTimers(fire=False))
        async with lifespan(app):
            await say(app, "admin", "troika set year=2027 past=Germany current=Estonia next=Switzerland")
            await say(app, "admin", "focal Estonia add console:kadri")
            for i in range(series):
                await say(
                    app,
                    "admin",
                    f'meeting new "Call {i}" rrule="FREQ=WEEKLY;BYDAY=TU" start=2027-01-12 '
                    f"at={8 + i % 10:02d}:00 tz=Europe/Zurich participants={GROUPS[i % 4]}",
                )
            feed = urlsplit((await say(app, "kadri", "calendar")).data["url"]).path
            link = urlsplit((await say(app, "kadri", "dashboard")).data["url"]).path
            http = build_http_app(app)
            http[LIMITER_KEY] = RateLimiter(limit=10**9)  # the bench is one address asking many times
            server = test_utils.TestServer(http)
            async with test_utils.TestClient(server) as client:
                signed = await client.post(link, allow_redirects=False)
                cookie = signed.cookies["focbot_session"].value
                print(f"seed data + {series} series, {requests} requests each (after 5 warm-ups), ms:")
                print(f"  {'path':24} {'p50':>6} {'p95':>6}   baseline {'p50':>6} {'p95':>6}   ratio")
                for path in ("/program", "/", feed):
                    await timed(client, app, path, cookie, 5)
                    profiler = cProfile.Profile() if profile else None
                    times, baseline = await timed(client, app, path, cookie, requests, profiler)
                    shown = "/calendar/<token>.ics" if path == feed else path
                    p50, p95 = statistics.median(times), percentile(times, 0.95)
                    b50, b95 = statistics.median(baseline), percentile(baseline, 0.95)
                    print(
                        f"  {shown:24} {p50:6.1f} {p95:6.1f}   baseline {b50:6.1f} {b95:6.1f}"
                        f"   {b50 / p50:5.1f}x  {'ok' if p95 < 50 else 'OVER 50 ms'}"
                    )
                    if profiler is not None:
                        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=200)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--profile", action="store_true", help="print cProfile of the cached requests")
    options = parser.parse_args()
    asyncio.run(main(options.series, options.requests, options.profile))
