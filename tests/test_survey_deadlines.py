"""Deadlines and reminders with the injected clock: closing at the deadline, reminders exactly once, both
rows of the one due-work engine (`handlers.surveys.due`), made from the database at start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers.core import Status
from handlers.due.engine import TIMER
from tests.support.clock import FakeClock
from tests.support.dialogue import Dialogue, open_dialogue
from tests.support.surveys import FULL_ANSWERS, invitations, open_survey, responses, rows

START = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
DEADLINE = datetime(2027, 1, 16, 0, 0, tzinfo=UTC)  # deadline=2027-01-15: the end of that day (UTC)


@pytest.fixture(autouse=True)
def _january(bot: Dialogue) -> None:
    bot.clock.set(START)


async def fire(bot: Dialogue) -> None:
    """Run the due-work timer's callback now, as APScheduler would when its time comes."""
    job = bot.app.timers.scheduler.get_job(TIMER)
    assert job is not None, f"no due-work timer; armed: {bot.app.timers.job_ids()}"
    await job.func()


def next_run(bot: Dialogue) -> datetime | None:
    job = bot.app.timers.scheduler.get_job(TIMER)
    return None if job is None else job.next_run_time


async def due_rows(bot: Dialogue, survey_id: int | None = None) -> list[tuple[str, str, str]]:
    """The survey rows of due work: (kind, key, state)."""
    found = await rows(
        bot, "SELECT kind, key, state FROM due_work WHERE kind LIKE 'survey_%' ORDER BY due_at, key"
    )
    return [
        (r["kind"], r["key"], r["state"])
        for r in found
        if survey_id is None or r["key"].startswith(f"survey{survey_id}:")
    ]


def reminders_to(bot: Dialogue) -> list[str]:
    return sorted(invitations(bot, kind="survey_reminder"))


async def test_a_command_after_the_deadline_finds_the_survey_closed(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice,bob deadline=2027-01-15")
    assert (await bot.say(f"survey status {survey_id}")).data["deadline"] == DEADLINE.isoformat()
    assert (await bot.say(f"survey answer {survey_id} 6=1", as_="alice")).ok
    bot.clock.set(DEADLINE - timedelta(seconds=1))
    assert (await bot.say(f"survey answer {survey_id} 6=2", as_="alice")).ok
    bot.clock.set(DEADLINE)
    late = await bot.say(f"survey answer {survey_id} 6=3", as_="bob")
    assert late.status is Status.ERROR and "closed" in late.text
    assert [r["respondent_key"] for r in await responses(bot, survey_id)] == ["console:alice"]
    assert (await responses(bot, survey_id))[0]["answers"] == {"6": 2}
    stored = await rows(bot, "SELECT status, close_reason FROM surveys WHERE id = :s", s=survey_id)
    assert stored == [{"status": "closed", "close_reason": "deadline"}]
    assert (await bot.say(f"survey status {survey_id}")).data["status"] == "closed"
    closing = invitations(bot, kind="survey_closed")
    assert closing == ["console:admin"]  # whoever opened it is told, once


async def test_the_deadline_timer_closes_the_survey(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice deadline=2027-01-15T17:30")
    at = datetime(2027, 1, 15, 17, 30, tzinfo=UTC)
    assert next_run(bot) == at  # the one due-work timer, at the deadline's row
    close = ("survey_deadline", f"survey{survey_id}:close@{at.isoformat()}")
    assert await due_rows(bot) == [(*close, "pending")]
    await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_="alice")
    await fire(bot)  # woken early (the clock says 10 January): the row is not due yet
    assert (await rows(bot, "SELECT status FROM surveys"))[0]["status"] == "open"
    bot.clock.set(at)
    await fire(bot)
    assert (await rows(bot, "SELECT status, responses_at_close FROM surveys")) == [
        {"status": "closed", "responses_at_close": 1}
    ]
    assert await due_rows(bot) == [(*close, "sent")]
    assert invitations(bot, kind="survey_closed") == ["console:admin"]  # whoever opened it, once
    await bot.app.services.due.changed("survey_deadline")  # produced again: nothing more
    assert next_run(bot) is None and invitations(bot, kind="survey_closed") == ["console:admin"]
    activity = await bot.say("activity 3B.3")
    assert any("1/1 responded (100%)" in line for line in activity.data["related"])


async def test_reminders_go_once_to_those_who_have_not_answered(bot: Dialogue) -> None:
    await bot.app.services.users.update("console:carol", at=START, timezone="Asia/Tokyo")
    survey_id = await open_survey(bot, "to=alice,bob,carol deadline=2027-01-15 reminders=3d,1d")
    assert [(kind, key.split("@")[0]) for kind, key, _ in await due_rows(bot)] == [
        ("survey_reminder", f"survey{survey_id}:remind:4320"),
        ("survey_reminder", f"survey{survey_id}:remind:1440"),
        ("survey_deadline", f"survey{survey_id}:close"),
    ]
    assert next_run(bot) == DEADLINE - timedelta(days=3)
    await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_="alice")
    await bot.say(f"survey answer {survey_id} 6=1", as_="bob")  # partial: still reminded

    await fire(bot)
    assert reminders_to(bot) == []  # too early
    bot.clock.set(DEADLINE - timedelta(days=3))
    await fire(bot)
    await fire(bot)  # a second wake-up sends nothing more
    assert next_run(bot) == DEADLINE - timedelta(days=1)
    assert reminders_to(bot) == ["console:bob", "console:carol"]
    assert "closes in 3 days" in bot.notifier.sent[-1].reply.text
    sent = [n for n in bot.notifier.sent if n.reply.data.get("kind") == "survey_reminder"]
    texts = {n.target: n.reply.text for n in sent}
    assert "(Fri 2027-01-15, end of day (UTC))" in texts["console:bob"]  # each in their own zone
    assert "(Sat 2027-01-16 09:00 JST)" in texts["console:carol"]

    await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_="carol")
    bot.clock.set(DEADLINE - timedelta(days=1, minutes=-5))
    await fire(bot)
    assert reminders_to(bot) == ["console:bob", "console:bob", "console:carol"]
    claimed = await rows(
        bot,
        "SELECT offset_minutes, recipient, outcome FROM survey_reminders ORDER BY offset_minutes, recipient",
    )
    assert claimed == [
        {"offset_minutes": 1440, "recipient": "console:bob", "outcome": "sent"},
        {"offset_minutes": 4320, "recipient": "console:bob", "outcome": "sent"},
        {"offset_minutes": 4320, "recipient": "console:carol", "outcome": "sent"},
    ]


async def test_timers_are_rebuilt_at_start_and_missed_work_is_caught_up(database_url: str) -> None:
    clock = FakeClock(START)
    async with open_dialogue(database_url, clock) as bot:
        first = await open_survey(bot, "to=alice,bob deadline=2027-01-15 reminders=1d anonymous")
        second = await open_survey(bot, "to=alice deadline=2027-01-20")
        await bot.say(f"survey answer {first} {FULL_ANSWERS}", as_="alice")
    # the bot is down while the 1-day reminder of the first survey falls due
    clock.set(DEADLINE - timedelta(hours=20))
    async with open_dialogue(database_url, clock) as bot:
        assert reminders_to(bot) == ["console:bob"]  # sent at start: late, but before the deadline
        recipients = await rows(bot, "SELECT recipient FROM survey_reminders")
        assert len(recipients) == 1 and "bob" not in recipients[0]["recipient"]  # anonymous: a keyed hash
        assert [(kind, state) for kind, _, state in await due_rows(bot)] == [
            ("survey_reminder", "sent"),
            ("survey_deadline", "pending"),
            ("survey_deadline", "pending"),
        ]
        assert next_run(bot) == DEADLINE
        dump = repr(await rows(bot, "SELECT * FROM due_work"))
        assert "bob" not in dump and "alice" not in dump  # who was reminded is nowhere in clear
    clock.set(datetime(2027, 1, 21, tzinfo=UTC))  # down again, past both deadlines
    async with open_dialogue(database_url, clock) as bot:
        assert reminders_to(bot) == []  # nothing twice
        statuses = await rows(bot, "SELECT id, status, close_reason FROM surveys ORDER BY id")
        assert statuses == [
            {"id": first, "status": "closed", "close_reason": "deadline"},
            {"id": second, "status": "closed", "close_reason": "deadline"},
        ]
        assert invitations(bot, kind="survey_closed") == ["console:admin", "console:admin"]
        assert {state for _, _, state in await due_rows(bot)} == {"sent"}
        assert next_run(bot) is None
    async with open_dialogue(database_url, clock) as bot:
        assert bot.notifier.sent == []  # a third start: nothing again


async def test_a_reminder_that_cannot_be_delivered_is_tried_again_and_sent_once(bot: Dialogue) -> None:
    """The engine's one retry policy: the failed reminder is claimed again a minute later (the ones that
    went out are not), and delivered once."""
    survey_id = await open_survey(bot, "to=alice,bob deadline=2027-01-15 reminders=1d")
    await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_="alice")
    bot.clock.set(DEADLINE - timedelta(hours=12))
    bot.notifier.fail = True
    await fire(bot)
    assert reminders_to(bot) == []
    assert await rows(bot, "SELECT outcome FROM survey_reminders") == [{"outcome": "failed"}]
    (row,) = [r for r in await due_rows(bot) if r[0] == "survey_reminder"]
    assert row[2] == "retry" and next_run(bot) == DEADLINE - timedelta(hours=12, minutes=-1)
    bot.notifier.fail = False
    await fire(bot)  # not due yet
    assert reminders_to(bot) == []
    bot.clock.set(DEADLINE - timedelta(hours=12, minutes=-1))
    await fire(bot)
    await fire(bot)
    assert reminders_to(bot) == ["console:bob"]
    assert await rows(bot, "SELECT outcome FROM survey_reminders") == [{"outcome": "sent"}]


async def test_only_the_latest_missed_reminder_is_sent(database_url: str) -> None:
    clock = FakeClock(START)
    async with open_dialogue(database_url, clock) as bot:
        survey_id = await open_survey(bot, "to=alice deadline=2027-01-15 reminders=3d,1d,2h")
    clock.set(DEADLINE - timedelta(hours=10))  # 3d and 1d both fell due while the bot was down
    async with open_dialogue(database_url, clock) as bot:
        assert reminders_to(bot) == ["console:alice"]
        outcomes = await rows(
            bot,
            "SELECT offset_minutes, outcome FROM survey_reminders WHERE survey_id = :s ORDER BY 1",
            s=survey_id,
        )
        assert outcomes == [
            {"offset_minutes": 1440, "outcome": "sent"},
            {"offset_minutes": 4320, "outcome": "skipped"},
        ]
        clock.set(DEADLINE - timedelta(hours=2))
        await fire(bot)
        assert reminders_to(bot) == ["console:alice", "console:alice"]


@pytest.mark.parametrize(
    ("deadline", "utc"),
    [
        ("2027-03-27", datetime(2027, 3, 27, 23, 0, tzinfo=UTC)),  # end of Saturday, still CET (+01:00)
        ("2027-03-28T12:00", datetime(2027, 3, 28, 10, 0, tzinfo=UTC)),  # Sunday noon, CEST (+02:00)
        ("2027-10-31T12:00", datetime(2027, 10, 31, 11, 0, tzinfo=UTC)),  # back to CET
    ],
)
async def test_deadlines_are_read_in_the_bot_zone_across_dst(
    database_url: str, deadline: str, utc: datetime
) -> None:
    async with open_dialogue(database_url, FakeClock(START), timezone="Europe/Zurich") as bot:
        survey_id = await open_survey(bot, f"to=alice deadline={deadline}")
        assert (await bot.say(f"survey status {survey_id}")).data["deadline"] == utc.isoformat()


async def test_a_deadline_in_the_spring_gap_is_refused(database_url: str) -> None:
    async with open_dialogue(database_url, FakeClock(START), timezone="Europe/Zurich") as bot:
        reply = await bot.say("survey new support-unit")
        bad = await bot.say(f"survey open {reply.data['survey']} to=alice deadline=2027-03-28T02:30")
        assert bad.status is Status.USAGE and "does not exist in Europe/Zurich" in bad.text


async def test_invitations_a_crash_left_pending_go_out_once_at_start(database_url: str) -> None:
    clock = FakeClock(START)
    async with open_dialogue(database_url, clock) as bot:
        survey_id = await new_survey_id(bot)
        # the survey is opened in the database, then the process dies before any invitation is sent
        opened = await bot.app.services.surveys.repo.open(
            survey_id,
            audience=["console:alice", "console:bob", "slack:U9"],
            audience_label="to=alice,bob,slack:U9",
            anonymous=False,
            deadline=None,
            reminder_minutes=[],
            by="console:admin",
            at=START,
        )
        assert opened is not None
        assert invitations(bot) == []
        assert (await bot.say(f"survey status {survey_id}")).data["invitations"] == {"pending": 3}
    async with open_dialogue(database_url, clock) as bot:
        assert sorted(invitations(bot)) == ["console:alice", "console:bob"]  # no slack adapter running
        status = await bot.say(f"survey status {survey_id}")
        assert status.data["invitations"] == {"sent": 2, "failed": 1}
        assert "1 failed" in status.text
    async with open_dialogue(database_url, clock) as bot:
        assert invitations(bot) == []  # never twice


async def new_survey_id(bot: Dialogue) -> int:
    reply = await bot.say("survey new support-unit")
    return int(reply.data["survey"])


async def test_deadline_is_the_end_of_the_day_in_the_openers_zone_and_shown_in_each_readers(
    bot: Dialogue,
) -> None:
    users = bot.app.services.users
    await users.update("console:admin", at=START, timezone="Europe/Zurich")
    await users.update("console:alice", at=START, timezone="Asia/Tokyo")
    await users.update("console:bob", at=START, member="Canada")  # no zone of his own: Ottawa's
    # 2027-03-28 is the day Zurich moves to summer time: its end is 00:00 CEST, 22:00 UTC
    survey_id = await open_survey(bot, "to=alice,bob deadline=2027-03-28")
    stored = await rows(bot, "SELECT deadline FROM surveys WHERE id = :s", s=survey_id)
    assert _aware(stored[0]["deadline"]) == datetime(2027, 3, 28, 22, 0, tzinfo=UTC)
    sent = {
        n.target: n.reply.text for n in bot.notifier.sent if n.reply.data.get("kind") == "survey_invitation"
    }
    assert "Deadline: Mon 2027-03-29 07:00 JST." in sent["console:alice"]
    assert "Deadline: Sun 2027-03-28 18:00 EDT." in sent["console:bob"]  # New York/Ottawa already on EDT
    assert all("00:00" not in text and "UTC" not in text for text in sent.values())
    shown = await bot.say(f"survey show {survey_id}")  # the asker's zone: the admin's
    assert "Sun 2027-03-28, end of day (CEST)" in shown.text
    listed = await bot.say("survey list", as_="alice")
    assert listed.parts[0].rows[0][2] == "Mon 2027-03-29 07:00 JST"


async def test_deadline_in_a_given_zone_and_a_bad_zone(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice deadline=2027-01-15 tz=America/New_York")
    stored = await rows(bot, "SELECT deadline FROM surveys WHERE id = :s", s=survey_id)
    assert _aware(stored[0]["deadline"]) == datetime(2027, 1, 16, 5, 0, tzinfo=UTC)
    draft = (await bot.say("survey new support-unit")).data["survey"]
    bad = await bot.say(f"survey open {draft} to=alice deadline=2027-01-15 tz=Mars/Olympus")
    assert bad.status is Status.USAGE and "not a time zone" in bad.text
    assert (await rows(bot, "SELECT status FROM surveys WHERE id = :s", s=draft)) == [{"status": "draft"}]


def _aware(value: datetime | str) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@pytest.mark.parametrize("deadline", ["9999-12-31", "9999-12-30T23:00", "2201-01-01", "1969-12-31"])
async def test_a_deadline_outside_1970_2200_is_refused(bot: Dialogue, deadline: str) -> None:
    """Issue 18 item 6: 9999-12-31 was stored and crashed `survey list/show/answer` east of UTC."""
    reply = await bot.say("survey new support-unit")
    await bot.refuses(
        f"survey open {reply.data['survey']} to=alice deadline={deadline}",
        status=Status.USAGE,
        words="outside the supported dates (1970-2200)",
        field="deadline",
        unchanged=("survey_audience",),
    )
    await bot.say("tz Asia/Tokyo", as_="alice")
    for command in ("survey list", f"survey show {reply.data['survey']}"):
        assert "failed on my side" not in (await bot.say(command, as_="alice")).text


async def test_the_last_day_of_the_window_is_a_deadline_east_of_utc(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice deadline=2200-12-31")
    await bot.say("tz Pacific/Kiritimati", as_="alice")  # UTC+14
    for command in ("survey list", f"survey show {survey_id}", f"survey answer {survey_id} 1=x"):
        assert "failed on my side" not in (await bot.say(command, as_="alice")).text
