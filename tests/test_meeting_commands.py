"""Dialogues about meetings: every command with good and bad input; bad input stores nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from handlers.core import ItemList, Status
from handlers.due import TIMER
from tests.support.dialogue import Dialogue
from tests.support.meetings import TROIKA, row_counts, waiting

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _early_january(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)


async def test_new_troika_call_from_the_issue_example(bot: Dialogue) -> None:
    reply = await bot.say(TROIKA)
    assert reply.ok, reply.text
    data = reply.data
    assert data["series"] == 1 and data["kind"] == "troika" and data["activity"] == "3A.2"
    assert data["participants"] == ["Estonia", "Switzerland"]
    assert data["places"] == ["console:console"]  # where it was said
    assert data["reminders"] == ["24h", "1h"]
    assert [o["start"] for o in data["next"]] == [
        "2027-01-12T14:00:00+00:00",
        "2027-02-09T14:00:00+00:00",
        "2027-03-09T14:00:00+00:00",
    ]
    counts = await row_counts(bot)
    assert (counts["meeting_series"], counts["meeting_participants"], counts["meeting_places"]) == (1, 2, 1)
    assert (1, "reminder", 1440) in await waiting(bot.app)  # its first reminder waits for the due-work timer
    assert TIMER in bot.app.timers.job_ids()


async def test_next_lists_utc_iso_starts_and_local_times(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    await bot.say("tz Europe/Tallinn", as_="alice")
    reply = await bot.say("meeting next 1 5", as_="alice")
    assert reply.ok
    starts = [o["start"] for o in reply.data["occurrences"]]
    assert starts == [
        "2027-01-12T14:00:00+00:00",
        "2027-02-09T14:00:00+00:00",
        "2027-03-09T14:00:00+00:00",
        "2027-04-06T13:00:00+00:00",  # Zurich on summer time from 28 March: still 15:00 there
        "2027-05-04T13:00:00+00:00",
    ]
    assert reply.data["occurrences"][3]["local"] == {
        "Estonia": "2027-04-06T16:00:00+03:00",
        "Switzerland": "2027-04-06T15:00:00+02:00",
    }
    first = reply.parts[0]
    assert isinstance(first, ItemList) and first.title is not None
    assert first.title.endswith("your time Tue 12 Jan 16:00 Europe/Tallinn")  # alice's own zone
    assert len((await bot.say("meeting next all")).data["occurrences"]) == 5
    assert len((await bot.say("meeting next all count=2")).data["occurrences"]) == 2


async def test_users_as_participants_show_in_their_own_zone(bot: Dialogue) -> None:
    await bot.say("tz America/New_York", as_="alice")
    await bot.say("tz for console:kadri member=Estonia")
    reply = await bot.say(
        TROIKA.replace("participants=Estonia,Switzerland", "participants=console:alice,console:kadri,bob")
    )
    assert reply.status is Status.USAGE  # `bob` is neither a member nor a user key
    reply = await bot.say(
        TROIKA.replace("participants=Estonia,Switzerland", "participants=console:alice,console:kadri")
    )
    assert reply.ok and reply.data["participants"] == ["console:alice", "console:kadri"]
    local = (await bot.say("meeting next 1 1")).data["occurrences"][0]["local"]
    assert local == {"alice": "2027-01-12T09:00:00-05:00", "kadri": "2027-01-12T16:00:00+02:00"}


async def test_list_show_and_activity_annotation(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    await bot.say(
        'meeting new "Geneva network" kind=network rrule="FREQ=MONTHLY;BYDAY=1TH" start=2027-02-01 at=10:00 '
        'tz=Europe/Zurich participants=all place=slack:C1,matrix:!room:example.org agenda="https://example.org/a"'
        " reminders=2d,30m duration=90"
    )
    listing = await bot.say("meeting list", as_="bob")
    assert [s["title"] for s in listing.data["series"]] == ["Troika call", "Geneva network"]
    shown = await bot.say("meeting show 2", as_="bob")
    assert shown.data["places"] == ["slack:C1", "matrix:!room:example.org"]
    assert shown.data["reminders"] == ["2d", "30m"] and shown.data["duration_minutes"] == 90
    assert len(shown.data["participants"]) == 41
    assert "New Zealand (Pacific/Auckland)" in shown.text
    activity = await bot.say("activity 3A.2")
    assert any("Meeting 1: Troika call" in line for line in activity.data["related"])
    assert any("Meeting 2" in line for line in (await bot.say("activity 1A.1")).data["related"])


async def test_rotation_series(bot: Dialogue) -> None:
    reply = await bot.say(
        'meeting new "Quarterly update" kind=quarterly rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU" '
        "start=2027-01-01 rotation=07:00,21:00 tz=UTC participants=Japan,Mexico,Kenya"
    )
    assert reply.ok and reply.data["slots"] == ["07:00", "21:00"] and reply.data["activity"] == "1B.2"
    starts = [o["start"] for o in (await bot.say("meeting next 1 3")).data["occurrences"]]
    assert starts == ["2027-01-12T07:00:00+00:00", "2027-04-13T21:00:00+00:00", "2027-07-13T07:00:00+00:00"]


async def test_skip_move_cancel_one_occurrence(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    assert (await bot.say("meeting skip 1 2027-02-09")).data["status"] == "skipped"
    moved = await bot.say("meeting move 1 2027-03-09 to=2027-03-10 at=16:00")
    assert moved.ok and moved.data["start"] == "2027-03-10T15:00:00+00:00"
    assert (await bot.say("meeting cancel 1 2027-04-06")).data["status"] == "cancelled"
    starts = [o["start"] for o in (await bot.say("meeting next 1 3")).data["occurrences"]]
    assert starts == ["2027-01-12T14:00:00+00:00", "2027-03-10T15:00:00+00:00", "2027-05-04T13:00:00+00:00"]
    shown = await bot.say("meeting show 1")
    assert [o["action"] for o in shown.data["overrides"]] == ["skip", "move", "cancel"]
    assert (await row_counts(bot))["meeting_overrides"] == 3


async def test_cancel_the_series(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    assert (await bot.say("meeting cancel 1")).data == {"series": 1, "cancelled": True}
    assert (await bot.say("meeting list")).data["series"] == []
    assert (await bot.say("meeting next 1")).data["occurrences"] == []
    assert await waiting(bot.app) == []  # nothing owed any more
    assert (await bot.say("meeting cancel 1")).status is Status.ERROR
    assert (await bot.say("meeting skip 1 2027-02-09")).status is Status.ERROR


async def test_ics_for_the_series_and_one_occurrence_parse_back(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    await bot.say("meeting skip 1 2027-02-09")
    await bot.say("meeting move 1 2027-03-09 to=2027-03-10 at=16:00")
    reply = await bot.say("meeting ics 1", as_="bob")
    (attachment,) = reply.files()
    assert attachment.mimetype == "text/calendar" and attachment.filename == "meeting-1.ics"
    cal = Calendar.from_ical(attachment.content)
    event, moved = cal.walk("VEVENT")  # the master, and the moved call as a RECURRENCE-ID override
    assert str(event["summary"]) == "Troika call"
    assert event["rrule"].to_ical() == b"FREQ=WEEKLY;INTERVAL=4;BYDAY=TU"
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Zurich"
    assert start.replace(tzinfo=None) == datetime(2027, 1, 12, 15, 0)  # noqa: DTZ001
    assert event["dtstart"].params["TZID"] == "Europe/Zurich"
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Zurich"]
    exdates = [d.dt.astimezone(UTC) for d in event["exdate"].dts]
    assert exdates == [datetime(2027, 2, 9, 14, tzinfo=UTC)]  # the skipped call
    assert moved.decoded("recurrence-id").astimezone(UTC) == datetime(2027, 3, 9, 14, tzinfo=UTC)
    assert moved.decoded("dtstart").astimezone(UTC) == datetime(2027, 3, 10, 15, tzinfo=UTC)
    assert str(moved["uid"]) == str(event["uid"])
    one = (await bot.say("meeting ics 1 2027-03-09")).files()[0]
    (single,) = Calendar.from_ical(one.content).walk("VEVENT")
    assert single.decoded("dtstart").astimezone(UTC) == datetime(2027, 3, 10, 15, tzinfo=UTC)
    assert single.decoded("dtend").astimezone(UTC) == datetime(2027, 3, 10, 16, tzinfo=UTC)
    assert "rrule" not in single
    assert (await bot.say("meeting ics 1 2027-02-09")).status is Status.ERROR  # skipped


async def test_ics_of_a_rotated_series_lists_its_dates(bot: Dialogue) -> None:
    await bot.say(
        'meeting new "Rotating" rrule="FREQ=WEEKLY;COUNT=4" start=2027-01-11 rotation=07:00,21:00 tz=UTC '
        "participants=Japan,Mexico"
    )
    (event,) = Calendar.from_ical((await bot.say("meeting ics 1")).files()[0].content).walk("VEVENT")
    assert "rrule" not in event
    starts = [event.decoded("dtstart")] + [d.dt for d in event["rdate"].dts]
    assert [s.astimezone(UTC).hour for s in starts] == [7, 21, 7, 21]


async def test_plan_for_a_series_and_for_all_members(bot: Dialogue) -> None:
    await bot.say(
        'meeting new "Wide" rrule="FREQ=MONTHLY;BYDAY=2TU" start=2027-01-01 at=14:00 tz=UTC '
        'participants="New Zealand,Mexico,Switzerland"'
    )
    plan = await bot.say("meeting plan 1 slots=2", as_="bob")
    assert plan.ok and len(plan.data["slots"]) == 2
    assert plan.data["max_burden"] < plan.data["single_slot"]["max_burden"]
    assert set(plan.data["burden"]) == {"New Zealand", "Mexico", "Switzerland"}
    everyone = await bot.say(
        "meeting plan participants=all rrule=FREQ=MONTHLY;BYDAY=2TU start=2027-01-01 slots=2"
    )
    assert everyone.ok and len(everyone.data["burden"]) == 41
    assert (await row_counts(bot))["meeting_series"] == 1  # planning stores nothing


async def test_plan_never_proposes_a_slot_twice_and_says_when_more_do_not_help(bot: Dialogue) -> None:
    await bot.say(
        'meeting new "Neighbours" rrule="FREQ=MONTHLY;BYDAY=2TU" start=2027-01-01 at=09:00 tz=Europe/Tallinn '
        "participants=Estonia,Finland"
    )
    plan = await bot.say("meeting plan 1 slots=2", as_="bob")
    assert plan.ok, plan.text
    assert len(plan.data["slots"]) == 1  # was "07:00, 07:00 UTC": the fewer slots are proposed
    assert "2 slots do no better than 1 for these zones" in plan.text
    assert plan.data["slots_requested"] == 2 and "do no better" in plan.data["note"]
    wide = await bot.say(
        'meeting plan participants="New Zealand,Mexico,Switzerland" rrule=FREQ=MONTHLY;BYDAY=2TU '
        "start=2027-01-01 slots=2"
    )
    assert wide.ok and "do no better" not in wide.text and len(set(wide.data["slots"])) == 2


async def test_tz_show_set_and_admin_mapping(bot: Dialogue) -> None:
    assert (await bot.say("tz", as_="alice")).data["tz"] == "UTC"
    assert (await bot.say("tz Europe/Tallinn", as_="alice")).data["tz"] == "Europe/Tallinn"
    assert (await bot.say("tz", as_="alice")).data == {
        "user": "console:alice",
        "tz": "Europe/Tallinn",
        "member": None,
        "set": True,
        "source": "user",
    }
    mapped = await bot.say("tz for console:bob member=Estonia")
    assert mapped.data["tz"] == "Europe/Tallinn" and mapped.data["member"] == "Estonia"
    assert mapped.data["source"] == "member" and "(the capital of Estonia)" in mapped.text
    assert (await bot.say("tz for slack:U1 Asia/Tokyo")).data["tz"] == "Asia/Tokyo"
    assert (await bot.say("tz Mars/Olympus", as_="alice")).status is Status.USAGE
    assert (await bot.say("tz", as_="alice")).data["tz"] == "Europe/Tallinn"
    assert (await bot.say("tz for console:bob member=Atlantis")).status is Status.ERROR
    assert (await bot.say("tz for console:carol Europe/Oslo", as_="alice")).status is Status.DENIED
    assert (await bot.say("tz", as_="carol")).data["tz"] == "UTC"


BAD_NEW = [
    ("tz=Mars/Olympus", "unknown time zone"),
    ("start=2027-02-31", "not a start date"),
    ("start=2026-11-01", "in the past"),
    ('rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"', "never fires"),
    ('rrule="every tuesday"', "not an RFC 5545 rule"),
    ("at=25:00", "not a time"),
    ("participants=Atlantis", "neither a member"),
    ("reminders=soon", "not a reminder offset"),
    ("kind=party", "unknown kind"),
    ("activity=9Z.9", "no activity"),
    ("place=nowhere", "not a place"),
    ("duration=long", "not a number"),
    ("colour=red", "is not an option of `meeting new`"),
]


async def test_bad_new_meeting_stores_nothing(bot: Dialogue) -> None:
    before = await row_counts(bot)
    for change, message in BAD_NEW:  # one app for the table: each is checked to store nothing
        key = change.split("=", 1)[0]
        parts = [p for p in TROIKA.split(" ") if not p.startswith(key + "=")]
        if key == "rrule":
            parts = TROIKA.replace('rrule="FREQ=WEEKLY;INTERVAL=4;BYDAY=TU"', change).split(" ")
        else:
            parts.append(change)
        reply = await bot.say(" ".join(parts))
        assert reply.status is Status.USAGE, (change, reply.text)
        assert message.lower() in reply.text.lower(), (change, reply.text)
        # an unknown option is answered with the options there are; any other problem with the usage
        assert ("options: `rrule=`, `start=`" if key == "colour" else "Usage: `meeting new") in reply.text, (
            change
        )
        assert await row_counts(bot) == before, change
        assert bot.app.timers.job_ids() == [], change


async def test_missing_parts_of_new(bot: Dialogue) -> None:
    for text in ("meeting new", 'meeting new "No rule" start=2027-01-12 at=15:00 participants=Estonia'):
        reply = await bot.say(text)
        assert reply.status is Status.USAGE and "meeting new" in reply.text
    assert (await row_counts(bot))["meeting_series"] == 0


BAD_INPUT = [
    ("meeting show 9", Status.ERROR, "no meeting 9"),
    ("meeting show x", Status.ERROR, "no meeting `x`"),
    ("meeting next 9", Status.ERROR, "no meeting 9"),
    ("meeting next soon", Status.ERROR, "no meeting `soon`"),
    ("meeting next 1 soon", Status.USAGE, "meeting next"),
    ("meeting skip 9 2027-02-09", Status.ERROR, "no meeting 9"),
    ("meeting skip 1", Status.USAGE, "meeting skip"),
    ("meeting skip 1 2027-02-10", Status.ERROR, "no call on 2027-02-10"),
    ("meeting skip 1 2027-02-31", Status.USAGE, "not a date"),
    ("meeting skip 1 2027-01-12 extra=1", Status.USAGE, "no options"),
    ("meeting move 1 2027-03-09", Status.USAGE, "to=<YYYY-MM-DD>"),
    ("meeting move 1 2027-03-09 at=16:70", Status.USAGE, "not a time"),
    ("meeting move 1 2027-03-09 to=2027-01-01", Status.USAGE, "in the past"),
    ("meeting cancel 9", Status.ERROR, "no meeting 9"),
    ("meeting ics 9", Status.ERROR, "no meeting 9"),
    ("meeting plan", Status.USAGE, "participants=` is missing"),
    ("meeting plan 1 slots=5", Status.USAGE, "from 1 to 4"),
    ("meeting plan participants=Atlantis rrule=FREQ=WEEKLY start=2027-01-01", Status.USAGE, "neither"),
    ("meeting frobnicate", Status.USAGE, "`meeting frobnicate` is not a `meeting` command"),
]


async def test_bad_input_changes_nothing(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    before = await row_counts(bot)
    for text, status, fragment in BAD_INPUT:  # one app for the table: each is checked to change nothing
        reply = await bot.say(text)
        assert reply.status is status, (text, reply.text)
        assert fragment in reply.text, (text, reply.text)
        assert await row_counts(bot) == before, text


async def test_past_occurrences_cannot_be_changed(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    bot.clock.set(datetime(2027, 1, 20, tzinfo=UTC))
    reply = await bot.say("meeting skip 1 2027-01-12")
    assert reply.status is Status.ERROR and "already" in reply.text
    assert (await row_counts(bot))["meeting_overrides"] == 0


async def test_non_admins_may_look_but_not_change(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    before = await row_counts(bot)
    for text in (
        TROIKA,
        "meeting skip 1 2027-02-09",
        "meeting move 1 2027-03-09 at=16:00",
        "meeting cancel 1",
        "meeting cancel 1 2027-02-09",
    ):
        reply = await bot.say(text, as_="mallory")
        assert reply.status is Status.DENIED, text
        assert "Only admins" in reply.text
    assert await row_counts(bot) == before
    for text in ("meeting list", "meeting next", "meeting show 1", "meeting ics 1", "meeting plan 1"):
        assert (await bot.say(text, as_="mallory")).ok, text


async def test_help_names_the_one_line_syntax_with_the_example(bot: Dialogue) -> None:
    reply = await bot.say("help meeting")
    assert 'meeting new "<title>" rrule=' in reply.text
    assert any(TROIKA in item for part in reply.parts for item in getattr(part, "items", ()))
    assert "meeting" in (await bot.say("help")).data["commands"]
