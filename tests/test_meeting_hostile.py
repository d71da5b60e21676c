"""Hostile schedules, dates and zones through the real dispatcher (issue 10, findings 3, 10, 11, 12, 14).

Each gets a clear reply and stores nothing; a series already stored that turns bad is skipped with one
log line, at start-up and in listings, and never blocks start-up or `meeting list/next/show`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, update

from handlers.core import Status, Table
from handlers.due import TIMER
from storage.models import MeetingParticipant, MeetingSeries, User
from tests.support.clock import FakeClock
from tests.support.dialogue import Dialogue, open_dialogue
from tests.support.meetings import TROIKA, row_counts, waiting
from tests.support.watchdog import within

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _early_january(clock: FakeClock) -> None:
    clock.set(JAN_5)


def _with_rule(rule: str) -> str:
    return TROIKA.replace('rrule="FREQ=WEEKLY;INTERVAL=4;BYDAY=TU"', f'rrule="{rule}"')


@pytest.mark.parametrize(
    ("rule", "part"),
    [
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL"),
        ("FREQ=WEEKLY;INTERVAL=-1;BYDAY=TU", "INTERVAL"),
        ("FREQ=WEEKLY;COUNT=-3;BYDAY=TU", "COUNT"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY"),
        ("FREQ=WEEKLY;BYDAY=TU;COLOUR=RED", "COLOUR"),
        ("FREQ=WEEKLY;UNTIL=99991231", "UNTIL"),
    ],
)
async def test_bad_rule_parts_are_refused_by_name_and_store_nothing(
    bot: Dialogue, rule: str, part: str
) -> None:
    before = await row_counts(bot)
    reply = await bot.say(_with_rule(rule))
    assert reply.status is Status.USAGE, reply.text
    assert part in reply.text and "Usage: `meeting new" in reply.text
    assert await row_counts(bot) == before
    assert bot.app.timers.job_ids() == []


@pytest.mark.parametrize(
    "text",
    [
        "meeting move 1 2027-01-12 to=9999-12-31",
        "meeting move 1 2027-01-12 to=0001-01-01",
        "meeting skip 1 9999-12-31",
        "meeting skip 1 0001-01-01",
        "meeting cancel 1 9999-12-31",
        "meeting ics 1 9999-12-31",
        "meeting ics 1 0001-01-01",
        "meeting plan participants=Estonia rrule=FREQ=YEARLY start=9999-12-31",
        "meeting plan participants=Estonia rrule=FREQ=YEARLY start=0001-01-01",
        TROIKA.replace("start=2027-01-12", "start=9999-12-31"),
        TROIKA.replace("start=2027-01-12", "start=0001-01-01"),
    ],
)
async def test_dates_outside_1970_2200_get_a_clear_reply_and_store_nothing(bot: Dialogue, text: str) -> None:
    await bot.say(TROIKA)
    before = await row_counts(bot)
    reply = await bot.say(text)
    assert reply.status in (Status.USAGE, Status.ERROR), reply.text
    assert "1970" in reply.text and "2200" in reply.text, reply.text
    assert "failed on my side" not in reply.text
    assert await row_counts(bot) == before
    assert [o["start"] for o in (await bot.say("meeting next 1 1")).data["occurrences"]] == [
        "2027-01-12T14:00:00+00:00"
    ]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("tz Europe", "region"),
        ("tz America", "region"),
        ("tz " + "A" * 256, "too long"),
        ("tz for console:bob Europe", "region"),
        ("tz for console:bob " + "x" * 256, "too long"),
        (TROIKA.replace("tz=Europe/Zurich", "tz=Europe"), "region"),
    ],
)
async def test_folders_and_long_names_are_not_zones(bot: Dialogue, text: str, fragment: str) -> None:
    before = await row_counts(bot)
    reply = await bot.say(text)
    assert reply.status is Status.USAGE, reply.text
    assert fragment in reply.text and "failed on my side" not in reply.text
    assert len(reply.text) < 600  # a 256-character name is not echoed whole
    assert await row_counts(bot) == before
    assert (await bot.say("tz", as_="bob")).data["tz"] == "UTC"


async def test_a_zone_in_any_case_is_stored_under_its_iana_name(bot: Dialogue) -> None:
    assert (await bot.say("tz europe/tallinn", as_="alice")).data["tz"] == "Europe/Tallinn"


async def test_a_yearly_series_far_ahead_shows_its_next_call(bot: Dialogue) -> None:
    created = await bot.say(_with_rule("FREQ=YEARLY").replace("start=2027-01-12", "start=2150-03-01"))
    assert created.ok, created.text
    assert "Next: Sun 01 Mar 2150 15:00-16:00 Europe/Zurich" in created.text
    shown = await bot.say("meeting show 1")
    assert shown.data["next"][0]["start"] == "2150-03-01T14:00:00+00:00"
    assert "Next: Sun 01 Mar 2150" in shown.text
    listing = await bot.say("meeting list")
    table = listing.parts[0]
    assert isinstance(table, Table) and table.rows[0][4] == "2150-03-01 14:00 UTC"
    assert (await bot.say("meeting next 1 2")).data["occurrences"][1]["start"].startswith("2151-03-01")


async def test_a_series_with_no_call_left_says_so(bot: Dialogue) -> None:
    assert (await bot.say(_with_rule("FREQ=WEEKLY;COUNT=2;BYDAY=TU"))).ok
    bot.clock.set(datetime(2027, 3, 1, tzinfo=UTC))
    shown = await bot.say("meeting show 1")
    assert "Next: none" in shown.text and "2200" in shown.text


def _skip_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if " skipped: " in r.getMessage()]


async def _stored_bad_series(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    clock.set(JAN_5)
    async with open_dialogue(database_url, clock) as bot:
        for title in ("Bad rule", "Good", "Bad zone", "Bad date"):
            assert (await bot.say(TROIKA.replace("Troika call", title))).ok
        async with bot.app.db.transaction() as s:  # turned bad behind the bot's back
            await s.execute(
                update(MeetingSeries)
                .where(MeetingSeries.id == 1)
                .values(rrule="FREQ=WEEKLY;INTERVAL=0", first_date=date(2027, 1, 1))
            )
            await s.execute(update(MeetingSeries).where(MeetingSeries.id == 3).values(timezone="Europe"))
            await s.execute(
                update(MeetingSeries).where(MeetingSeries.id == 4).values(first_date=date(9999, 12, 28))
            )
    clock.set(datetime(2027, 1, 9, tzinfo=UTC))
    caplog.clear()
    async with open_dialogue(database_url, clock) as bot:  # a restart: start-up must not hang
        assert {series for series, *_ in await waiting(bot.app)} == {2}  # the good one is due work
        assert bot.app.timers.job_ids() == [TIMER]
        at_start = _skip_lines(caplog)  # one line for each bad series
        assert sorted(line.split(" skipped")[0] for line in at_start) == [
            "meeting 1",
            "meeting 3",
            "meeting 4",
        ]
        assert "INTERVAL" in at_start[0] and "region" in at_start[1] and "1970-2200" in at_start[2]
        caplog.clear()
        listing = await bot.say("meeting list", as_="bob")
        assert listing.ok and [s["title"] for s in listing.data["series"]] == [
            "Bad rule",
            "Good",
            "Bad zone",
            "Bad date",
        ]
        nxt = await bot.say("meeting next all", as_="bob")
        assert {o["series"] for o in nxt.data["occurrences"]} == {2}
        for series_id in (1, 3, 4):
            shown = await bot.say(f"meeting show {series_id}", as_="bob")
            assert shown.ok and "cannot be used" in shown.text, shown.text
            assert (await bot.say(f"meeting next {series_id}", as_="bob")).ok
        assert (await bot.say("activity 3A.2")).ok
        # each listing that meets a bad series skips it with one line: `meeting list`, `meeting next` and
        # the series under `activity 3A.2` (show and next <n> say why in the reply instead)
        lines = [line.split(" skipped")[0] for line in _skip_lines(caplog)]
        assert sorted(lines) == sorted(["meeting 1", "meeting 3", "meeting 4"] * 3)


def test_a_stored_series_that_turned_bad_is_skipped_without_blocking_start_up(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="focbot.meetings")
    within(120, lambda: asyncio.run(_stored_bad_series(database_url, caplog)))


async def test_a_plan_for_ten_thousand_people_groups_them_by_zone(bot: Dialogue) -> None:
    zones = ["Europe/Zurich", "Asia/Tokyo", "America/Mexico_City", "Pacific/Auckland"]
    assert (await bot.say(TROIKA.replace("participants=Estonia,Switzerland", "participants=console:u0"))).ok
    async with bot.app.db.transaction() as s:
        await s.execute(
            insert(User),
            [
                {
                    "key": f"console:u{i}",
                    "display_name": f"u{i}",
                    "timezone": zones[i % 4],
                    "created_at": JAN_5,
                    "updated_at": JAN_5,
                }
                for i in range(10_000)
            ],
        )
        await s.execute(
            insert(MeetingParticipant),
            [
                {"series_id": 1, "kind": "user", "ref": f"console:u{i}", "position": i}
                for i in range(1, 10_000)
            ],
        )
    reply = await bot.say("meeting plan 1 slots=2")
    assert reply.ok, reply.text
    assert len(reply.data["burden"]) == 10_000
    few = await bot.say(
        "meeting plan participants=console:u0,console:u1,console:u2,console:u3 "
        "rrule=FREQ=WEEKLY;INTERVAL=4;BYDAY=TU start=2027-01-12 slots=2"
    )
    assert reply.data["slots"] == few.data["slots"]
    assert reply.data["max_burden"] == few.data["max_burden"]
    assert reply.data["burden"]["u9998"] == few.data["burden"]["u2"]  # the same labels either way
    table = reply.parts[0]
    assert isinstance(table, Table) and len(table.rows) == 4  # one row per zone, not 10,000
    assert "2,500" in table.rows[0][0]
    assert (await row_counts(bot))["meeting_overrides"] == 0  # planning stores nothing


def test_an_iana_folder_as_the_default_zone_is_a_clear_startup_error(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FOCBOT_", "SLACK_", "MATRIX_"))}
    environment |= {
        "FOCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "FOCBOT_TIMEZONE": "Europe",
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "bad setting" in result.stderr and "region" in result.stderr
