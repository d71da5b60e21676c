"""Reminders and minutes: due at the right moment, sent once, retried on failure, caught up after downtime."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import text

from bot.app import build_app, lifespan
from bot.timers import SchedulerTimers
from handlers.core import Table
from handlers.due import TIMER
from tests.support.clock import FakeClock
from tests.support.dialogue import Dialogue, open_dialogue
from tests.support.dialogue import test_settings as settings_for
from tests.support.meetings import TROIKA, deliver, deliveries

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
FIRST = datetime(2027, 1, 12, 14, 0, tzinfo=UTC)  # 15:00 Zurich


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 1, day, hour, minute, tzinfo=UTC)


async def _rows(bot: Dialogue) -> list[tuple[str, int, str, int]]:
    rows = await deliveries(bot.app)
    return [(r.kind, r.offset_minutes, r.status, r.attempts) for r in rows]


async def _tick(bot: Dialogue, when: datetime) -> None:
    bot.clock.set(when)
    await deliver(bot.app)


async def test_reminders_and_minutes_are_sent_once_at_their_time(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    await bot.say("tz for console:kadri member=Estonia")
    await bot.say(TROIKA)
    job = bot.app.timers.scheduler.get_job(TIMER)
    assert job is not None and job.next_run_time == at(11, 14)  # 24 h before the first call
    await _tick(bot, at(11, 13, 59))
    assert bot.notifier.sent == []
    await _tick(bot, at(11, 14))
    await _tick(bot, at(11, 14, 1))  # a second wake-up finds the claim and sends nothing
    assert len(bot.notifier.sent) == 1
    notice = bot.notifier.sent[0]
    assert notice.target == "console:console"
    assert "Troika call" in notice.reply.text and "starts in 24h" in notice.reply.text
    assert "Estonia Tue 16:00 (Europe/Tallinn)" in notice.reply.text
    assert "Switzerland Tue 15:00 (Europe/Zurich)" in notice.reply.text
    assert notice.reply.mentions == ("console:kadri",)
    assert notice.reply.data["start"] == "2027-01-12T14:00:00+00:00"
    table = notice.reply.parts[0]
    assert isinstance(table, Table) and ("Estonia", "Europe/Tallinn", "Tue 12 Jan 16:00") in table.rows
    assert bot.app.timers.scheduler.get_job(TIMER).next_run_time == at(12, 13)
    await _tick(bot, at(12, 13))
    assert "starts in 1h" in bot.notifier.sent[1].reply.text
    await _tick(bot, at(12, 15))  # the call ends: the minutes template
    minutes = bot.notifier.sent[2].reply
    assert minutes.text.startswith("*Minutes: Troika call*")
    for heading in (
        "Date: Tuesday 12 January 2027, 15:00-16:00 Europe/Zurich",
        "Attendees: Estonia, Switzerland",
        "Decisions:",
        "Actions (owner, what, due date):",
    ):
        assert heading in minutes.text
    await _tick(bot, at(12, 16))
    assert len(bot.notifier.sent) == 3
    assert await _rows(bot) == [
        ("reminder", 1440, "sent", 1),
        ("reminder", 60, "sent", 1),
        ("minutes", 0, "sent", 1),
    ]
    assert bot.app.timers.scheduler.get_job(TIMER).next_run_time == datetime(2027, 2, 8, 14, tzinfo=UTC)


async def test_every_place_gets_its_own_delivery(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    await bot.say(TROIKA + " place=console:a,console:b")
    await _tick(bot, at(11, 14))
    assert sorted(n.target for n in bot.notifier.sent) == ["console:a", "console:b"]
    assert len(await _rows(bot)) == 2


async def test_skipped_cancelled_and_moved_occurrences(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    await bot.say(TROIKA)
    await bot.say("meeting skip 1 2027-01-12")
    assert bot.app.timers.scheduler.get_job(TIMER).next_run_time == datetime(2027, 2, 8, 14, tzinfo=UTC)
    await _tick(bot, at(11, 14))
    assert bot.notifier.sent == []
    await bot.say("meeting move 1 2027-02-09 to=2027-02-10 at=09:00")
    await _tick(bot, datetime(2027, 2, 9, 8, tzinfo=UTC))  # 24 h before the moved call (08:00 UTC)
    assert len(bot.notifier.sent) == 1 and bot.notifier.sent[0].reply.data["status"] == "moved"
    await bot.say("meeting cancel 1")
    await _tick(bot, datetime(2027, 2, 10, 7, tzinfo=UTC))
    assert len(bot.notifier.sent) == 1
    assert bot.app.timers.job_ids() == []


async def test_a_failed_send_is_retried_then_given_up(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    await bot.say(TROIKA)
    bot.notifier.fail = True
    await _tick(bot, at(11, 14))
    rows = await deliveries(bot.app)
    assert [(r.status, r.attempts) for r in rows] == [("retry", 1)]
    assert rows[0].due_at == at(11, 14, 1) and "notifier down" in (rows[0].error or "")
    assert bot.app.timers.scheduler.get_job(TIMER).next_run_time == at(11, 14, 1)
    await _tick(bot, at(11, 14, 1))
    assert (await _rows(bot)) == [("reminder", 1440, "retry", 2)]  # the engine's backoff: 1, 2, 4... min
    bot.notifier.fail = False
    await _tick(bot, at(11, 14, 3))
    assert (await _rows(bot)) == [("reminder", 1440, "sent", 3)]
    assert len(bot.notifier.sent) == 1
    # bounded: a platform that stays down gets five attempts, then the row stays failed
    bot.notifier.fail = True
    for minute in range(0, 30):
        await _tick(bot, at(12, 13, minute))
    (row,) = [r for r in await deliveries(bot.app) if r.offset_minutes == 60]
    assert (row.status, row.attempts) == ("failed", 5)
    assert bot.app.timers.scheduler.get_job(TIMER).next_run_time == at(12, 15)  # the minutes, not a retry


async def test_reminders_due_while_down_are_sent_at_start_if_the_call_has_not_begun(
    database_url: str,
) -> None:
    clock = FakeClock(JAN_5)
    async with open_dialogue(database_url, clock) as bot:
        await bot.say(TROIKA)
    clock.set(at(12, 13, 30))  # both reminders fell due while the bot was down; the call is at 14:00
    async with open_dialogue(database_url, clock) as bot:
        assert sorted(n.reply.data["offset_minutes"] for n in bot.notifier.sent) == [60, 1440]
        assert sorted(await _rows(bot)) == [("reminder", 60, "sent", 1), ("reminder", 1440, "sent", 1)]
    async with open_dialogue(database_url, clock) as bot:  # another restart sends nothing again
        assert bot.notifier.sent == []


async def test_reminders_due_while_down_are_missed_once_the_call_has_begun(database_url: str) -> None:
    clock = FakeClock(JAN_5)
    async with open_dialogue(database_url, clock) as bot:
        await bot.say(TROIKA)
    clock.set(at(12, 14, 30))
    async with open_dialogue(database_url, clock) as bot:
        assert bot.notifier.sent == []
        assert sorted(await _rows(bot)) == [("reminder", 60, "missed", 1), ("reminder", 1440, "missed", 1)]
        assert bot.app.timers.scheduler.get_job(TIMER).next_run_time == at(12, 15)  # the minutes
        await _tick(bot, at(12, 15))
        assert [n.reply.data["kind"] for n in bot.notifier.sent] == ["meeting_minutes"]


async def test_two_replicas_waking_together_send_once(database_url: str) -> None:
    clock = FakeClock(JAN_5)
    async with open_dialogue(database_url, clock) as one, open_dialogue(database_url, clock) as two:
        await one.say(TROIKA)
        clock.set(at(11, 14))
        await asyncio.gather(*(deliver(b.app) for b in (one, two, one, two)))
        assert len(one.notifier.sent) + len(two.notifier.sent) == 1
        assert len(await deliveries(one.app)) == 1


async def test_a_process_without_platforms_leaves_deliveries_to_the_bot(database_url: str) -> None:
    """`focbot ask` or `db upgrade` run the start-up hooks too, but must not claim (and so lose) reminders."""
    clock = FakeClock(JAN_5)
    async with open_dialogue(database_url, clock) as bot:
        await bot.say(TROIKA)
    clock.set(at(12, 13, 30))
    app = build_app(settings_for(database_url), clock=clock, timers=SchedulerTimers(fire=False))
    async with lifespan(app):
        assert await deliveries(app) == []  # rows made from the series, none claimed
        assert app.timers.job_ids() == []
    async with open_dialogue(database_url, clock) as bot:
        assert len(bot.notifier.sent) == 2


async def test_moving_a_call_after_its_reminder_reminds_again_for_the_new_time(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    await bot.say(TROIKA)
    await _tick(bot, at(11, 14))
    assert len(bot.notifier.sent) == 1
    await bot.say("meeting move 1 2027-01-12 to=2027-01-13")  # same time, a day later
    await _tick(bot, at(12, 13))  # the old 1 h reminder time: nothing, the call is not there any more
    assert len(bot.notifier.sent) == 1
    await _tick(bot, at(12, 14))  # 24 h before the new time
    await _tick(bot, at(13, 13))
    texts = [n.reply.data["start"] for n in bot.notifier.sent]
    assert texts == ["2027-01-12T14:00:00+00:00", "2027-01-13T14:00:00+00:00", "2027-01-13T14:00:00+00:00"]
    assert [n.reply.data["offset_minutes"] for n in bot.notifier.sent] == [1440, 1440, 60]


async def test_a_database_failure_during_a_wake_up_is_retried_later(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    await bot.say(TROIKA)

    async def rename(old: str, new: str) -> None:  # a real failure: the table is briefly not there
        async with bot.app.db.transaction() as s:
            await s.execute(text(f"ALTER TABLE {old} RENAME TO {new}"))

    await rename("meeting_series", "meeting_series_away")
    try:
        await _tick(bot, at(11, 14))
    finally:
        await rename("meeting_series_away", "meeting_series")
    assert bot.notifier.sent == []
    assert bot.app.timers.scheduler.get_job(TIMER).next_run_time == at(11, 14, 1)
    await _tick(bot, at(11, 14, 1))
    assert len(bot.notifier.sent) == 1
