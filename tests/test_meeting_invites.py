"""Invites that calendars merge (issue 13 #5): one UID per series, RECURRENCE-ID for one call, SEQUENCE
bumped on every change, ORGANIZER without a made-up address, LOCATION, URL and VALARM; parsed back with
icalendar, and series + single call imported into one calendar without a duplicate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event
from sqlalchemy import update

from handlers.core import Status
from storage.models import MeetingSeries
from tests.support.dialogue import Dialogue
from tests.support.meetings import TROIKA

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _early_january(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)


async def _events(bot: Dialogue, text: str) -> list[Event]:
    reply = await bot.say(text, as_="bob")
    assert reply.ok, reply.text
    return list(Calendar.from_ical(reply.files()[0].content).walk("VEVENT"))


def _rid(event: Event) -> datetime | None:
    return event.decoded("recurrence-id").astimezone(UTC) if "recurrence-id" in event else None


def _import(*files: list[Event]) -> dict[tuple[str, datetime | None], Event]:
    """What a calendar keeps: one event per (UID, RECURRENCE-ID), the highest SEQUENCE winning."""
    kept: dict[tuple[str, datetime | None], Event] = {}
    for events in files:
        for event in events:
            key = (str(event["uid"]), _rid(event))
            if key not in kept or int(event["sequence"]) >= int(kept[key]["sequence"]):
                kept[key] = event
    return kept


def _calls(kept: dict[tuple[str, datetime | None], Event], until: datetime) -> list[datetime]:
    """Every call start the calendar shows up to ``until``: masters expanded, overrides in their place."""
    starts: list[datetime] = []
    for (uid, rid), event in kept.items():
        if rid is not None:
            continue
        first = event.decoded("dtstart")
        instances = {first.astimezone(UTC)}
        if "rrule" in event:
            rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=first)
            instances = {d.astimezone(UTC) for d in rule.between(first, until, inc=True)}
        for rdate in event.get("rdate", []) if isinstance(event.get("rdate"), list) else [event.get("rdate")]:
            if rdate is not None:
                instances |= {d.dt.astimezone(UTC) for d in rdate.dts}
        exdates = event.get("exdate")
        for ex in exdates if isinstance(exdates, list) else [exdates] if exdates is not None else []:
            instances -= {d.dt.astimezone(UTC) for d in ex.dts}
        for original in sorted(instances):
            override = kept.get((uid, original))
            starts.append(override.decoded("dtstart").astimezone(UTC) if override else original)
    return sorted(starts)


async def test_one_call_uses_the_series_uid_with_its_original_start_as_recurrence_id(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    (master,) = await _events(bot, "meeting ics 1")
    (single,) = await _events(bot, "meeting ics 1 2027-02-09")
    assert str(single["uid"]) == str(master["uid"]) and str(master["uid"]).endswith("@focbot")
    assert single["recurrence-id"].params["TZID"] == "Europe/Zurich"
    assert single.decoded("recurrence-id").replace(tzinfo=None) == datetime(2027, 2, 9, 15, 0)  # noqa: DTZ001
    assert "rrule" not in single and int(single["sequence"]) == int(master["sequence"]) == 0
    # the calendar shows every call once: series and single call merge
    calls = _calls(_import([master], [single]), datetime(2027, 4, 1, tzinfo=UTC))
    assert calls.count(datetime(2027, 2, 9, 14, tzinfo=UTC)) == 1 and len(calls) == len(set(calls)) == 3


async def test_a_moved_call_merges_and_every_change_bumps_the_sequence(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    (before,) = await _events(bot, "meeting ics 1")
    uid = str(before["uid"])
    assert (await bot.say("meeting move 1 2027-03-09 to=2027-03-10 at=16:00")).ok
    series = await _events(bot, "meeting ics 1")
    master, moved = series
    assert int(master["sequence"]) == int(moved["sequence"]) == 1  # a move bumps it
    assert _rid(moved) == datetime(2027, 3, 9, 14, tzinfo=UTC)
    assert moved.decoded("dtstart").astimezone(UTC) == datetime(2027, 3, 10, 15, tzinfo=UTC)
    single = await _events(bot, "meeting ics 1 2027-03-09")
    assert _rid(single[0]) == datetime(2027, 3, 9, 14, tzinfo=UTC) and str(single[0]["uid"]) == uid
    # importing the old series file, the new one and the single call: one call on 10 March, none on 9 March
    calls = _calls(_import([before], series, single), datetime(2027, 4, 1, tzinfo=UTC))
    assert (
        datetime(2027, 3, 10, 15, tzinfo=UTC) in calls and datetime(2027, 3, 9, 14, tzinfo=UTC) not in calls
    )
    assert len(calls) == len(set(calls)) == 3
    assert (await bot.say("meeting skip 1 2027-02-09")).ok
    master, _ = await _events(bot, "meeting ics 1")
    assert int(master["sequence"]) == 2 and str(master["uid"]) == uid  # the UID never changes
    assert [d.dt.astimezone(UTC) for d in master["exdate"].dts] == [datetime(2027, 2, 9, 14, tzinfo=UTC)]
    assert (await bot.say("meeting cancel 1 2027-04-06")).ok
    assert int((await _events(bot, "meeting ics 1"))[0]["sequence"]) == 3
    assert (await bot.say("meeting ics 1 2027-02-09")).status is Status.ERROR  # skipped: nothing to invite to
    assert (await bot.say("meeting cancel 1")).ok  # the whole series
    cancelled = (await _events(bot, "meeting ics 1"))[0]
    assert str(cancelled["status"]) == "CANCELLED" and int(cancelled["sequence"]) == 4


async def test_organizer_location_link_and_alarms(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    async with bot.app.db.transaction() as s:
        await s.execute(
            update(MeetingSeries).values(location="Room 4, Palais des Nations", link="https://meet.example/x")
        )
    (event,) = await _events(bot, "meeting ics 1 2027-01-12")
    organizer = event["organizer"]
    assert organizer.params["CN"] == "admin" and str(organizer) == "invalid:nomail"  # no address made up
    assert "attendee" not in event  # users have no e-mail address in focbot
    assert str(event["location"]) == "Room 4, Palais des Nations"
    assert str(event["url"]) == "https://meet.example/x"
    alarms = event.walk("VALARM")
    assert [a.decoded("trigger") for a in alarms] == [-timedelta(hours=24), -timedelta(hours=1)]
    assert {str(a["action"]) for a in alarms} == {"DISPLAY"}


async def test_a_rotated_series_merges_with_one_of_its_calls(bot: Dialogue) -> None:
    await bot.say(
        'meeting new "Rotating" rrule="FREQ=WEEKLY;COUNT=4" start=2027-01-11 rotation=07:00,21:00 tz=UTC '
        "participants=Japan,Mexico"
    )
    (master,) = await _events(bot, "meeting ics 1")
    (single,) = await _events(bot, "meeting ics 1 2027-01-18")
    assert _rid(single) == datetime(2027, 1, 18, 21, tzinfo=UTC)
    calls = _calls(_import([master], [single]), datetime(2027, 3, 1, tzinfo=UTC))
    assert [c.date() for c in calls] == [
        date(2027, 1, 11),
        date(2027, 1, 18),
        date(2027, 1, 25),
        date(2027, 2, 1),
    ]


async def test_the_migration_keeps_the_uid_existing_invites_carry(database_url: str) -> None:
    from alembic import command
    from sqlalchemy import text

    from storage.db import Database
    from storage.migrate import alembic_config

    def migrate(connection, revision: str, down: bool = False) -> None:  # type: ignore[no-untyped-def]
        config = alembic_config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)

    db = Database.connect(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(migrate, "0009_user_zone_source", True)
            await conn.execute(
                text(
                    "INSERT INTO meeting_series (id, title, kind, rrule, first_date, start_time, "
                    "duration_minutes, timezone, reminder_offsets, created_by, created_at) VALUES (7, 'Old', "
                    "'custom', 'FREQ=WEEKLY', :day, '15:00', 60, 'UTC', '60', 'console:admin', :at)"
                ),
                {"day": date(2027, 1, 12), "at": JAN_5},
            )
            await conn.run_sync(migrate, "heads")
        async with db.engine.connect() as conn:
            found = await conn.execute(
                text("SELECT ical_uid, ical_sequence FROM meeting_series WHERE id = 7")
            )
            assert tuple(found.one()) == ("focbot-meeting-7@freedomonlinecoalition", 0)
    finally:
        await db.dispose()
