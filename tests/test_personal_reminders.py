"""Personal reminders through the real dispatcher, on SQLite and PostgreSQL, with the injected clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bot.app import build_app, lifespan
from bot.timers import SchedulerTimers
from handlers.core import Actor, Command, Reply
from handlers.due import DueEngine
from handlers.reminders.delivery import TIMER, PersonalReminderKind
from storage.db import Database
from tests.support.clock import FakeClock
from tests.support.dialogue import CONSOLE, Dialogue, RecordingNotifier, open_dialogue
from tests.support.dialogue import test_settings as settings_for
from tests.support.shifted_console import AheadTimers

NOW = datetime(2027, 1, 11, 10, 0, tzinfo=UTC)  # a Monday


def _delivery(bot: Dialogue) -> DueEngine:
    """Another replica's engine (its own claim owner) on the same database."""
    return DueEngine(bot.app.services, bot.clock, [PersonalReminderKind(bot.app.services)])


async def _fire(bot: Dialogue, when: datetime) -> None:
    bot.clock.set(when)
    await _delivery(bot).wake()


def _next_run(bot: Dialogue) -> datetime | None:
    assert isinstance(bot.app.timers, SchedulerTimers)
    job = bot.app.timers.scheduler.get_job(TIMER)
    return None if job is None else job.next_run_time


async def _statuses(url: str) -> list[tuple[int, str]]:
    db = Database.connect(url)
    try:
        async with db.transaction() as s:
            rows = await s.execute(
                text("SELECT key, state FROM due_work WHERE kind = 'personal_reminder' ORDER BY id")
            )
            return [(int(r[0].split("@")[0]), r[1]) for r in rows]
    finally:
        await db.dispose()


async def test_remind_me_in_2_minutes_fires_once(bot: Dialogue, database_url: str) -> None:
    bot.clock.set(NOW)
    reply = await bot.say("remind me in 2 minutes to call Accra", as_="kadri")
    assert reply.ok and "Reminder 1" in reply.text and "call Accra" in reply.text
    assert _next_run(bot) == datetime(2027, 1, 11, 10, 2, tzinfo=UTC)
    await _fire(bot, datetime(2027, 1, 11, 10, 1, 59, tzinfo=UTC))
    assert bot.notifier.sent == []
    await _fire(bot, datetime(2027, 1, 11, 10, 2, tzinfo=UTC))
    await _fire(bot, datetime(2027, 1, 11, 10, 2, 1, tzinfo=UTC))
    assert [(n.target, n.reply.text) for n in bot.notifier.sent] == [
        ("console:kadri", "⏰ Reminder: call Accra")
    ]
    assert bot.notifier.sent[0].reply.mentions == ("console:kadri",)
    assert await _statuses(database_url) == [(1, "sent")]
    assert _next_run(bot) is None
    assert "no reminders" in (await bot.say("reminders", as_="kadri")).text


async def test_fires_once_across_a_restart(database_url: str) -> None:
    clock = FakeClock(NOW)
    async with open_dialogue(database_url, clock) as bot:
        assert (await bot.say("remind me in 2 minutes to call Accra", as_="kadri")).ok
    clock.set(datetime(2027, 1, 11, 10, 5, tzinfo=UTC))  # due while down: sent at start, late, with a note
    async with open_dialogue(database_url, clock) as bot:
        assert len(bot.notifier.sent) == 1
        assert "call Accra" in bot.notifier.sent[0].reply.text and "late" in bot.notifier.sent[0].reply.text
    async with open_dialogue(database_url, clock) as bot:  # another restart (or replica): nothing again
        await _fire(bot, datetime(2027, 1, 11, 10, 6, tzinfo=UTC))
        assert bot.notifier.sent == []
    assert await _statuses(database_url) == [(1, "sent")]


async def test_two_replicas_claim_once(bot: Dialogue, database_url: str) -> None:
    bot.clock.set(NOW)
    await bot.say("remind me in 2 minutes to call Accra", as_="kadri")
    bot.clock.set(datetime(2027, 1, 11, 10, 2, tzinfo=UTC))
    one, two = _delivery(bot), _delivery(bot)
    sent = await one.process(bot.clock()) + await two.process(bot.clock())
    assert sent == 1 and len(bot.notifier.sent) == 1


async def test_missed_beyond_grace_is_recorded_not_sent(database_url: str) -> None:
    clock = FakeClock(NOW)
    async with open_dialogue(database_url, clock) as bot:
        await bot.say("remind me in 2 minutes to call Accra", as_="kadri")
    clock.set(datetime(2027, 1, 12, 10, 0, tzinfo=UTC))
    async with open_dialogue(database_url, clock) as bot:
        assert bot.notifier.sent == []
    assert await _statuses(database_url) == [(1, "missed")]


async def test_weekly_follows_dst_in_europe(bot: Dialogue) -> None:
    bot.clock.set(datetime(2027, 3, 22, 12, tzinfo=UTC))  # Monday before the change (28 March)
    await bot.say("tz Europe/Berlin", as_="kadri")
    reply = await bot.say("remind me every Monday at 9:00 to send the report", as_="kadri")
    assert reply.ok and "Mon 29 Mar 2027 09:00 Europe/Berlin" in reply.text
    assert _next_run(bot) == datetime(2027, 3, 29, 7, tzinfo=UTC)  # CEST
    await _fire(bot, datetime(2027, 3, 29, 7, tzinfo=UTC))
    assert _next_run(bot) == datetime(2027, 4, 5, 7, tzinfo=UTC)
    assert len(bot.notifier.sent) == 1


async def test_weekly_follows_dst_in_america(bot: Dialogue) -> None:
    bot.clock.set(datetime(2027, 10, 26, 12, tzinfo=UTC))  # US clocks go back on 7 November 2027
    await bot.say("tz America/New_York", as_="ana")
    await bot.say("remind me every Monday at 9:00 to plan the week", as_="ana")
    assert _next_run(bot) == datetime(2027, 11, 1, 13, tzinfo=UTC)  # EDT
    await _fire(bot, datetime(2027, 11, 1, 13, tzinfo=UTC))
    assert _next_run(bot) == datetime(2027, 11, 8, 14, tzinfo=UTC)  # EST, still 9:00 local


async def test_zone_named_in_phrase_overrides(bot: Dialogue) -> None:
    bot.clock.set(NOW)
    reply = await bot.say("remind me on 2027-01-12 at 14:00 Tokyo to join the call", as_="kadri")
    assert reply.ok and "Tue 12 Jan 2027 14:00 Asia/Tokyo" in reply.text
    assert _next_run(bot) == datetime(2027, 1, 12, 5, tzinfo=UTC)


async def test_member_capital_is_the_default_zone(bot: Dialogue) -> None:
    bot.clock.set(NOW)
    await bot.say("tz for console:kadri member=Estonia")
    reply = await bot.say("remind me tomorrow 9:00 stand-up", as_="kadri")
    assert "Tue 12 Jan 2027 09:00 Europe/Tallinn" in reply.text
    assert _next_run(bot) == datetime(2027, 1, 12, 7, tzinfo=UTC)


async def test_phrasings(bot: Dialogue) -> None:
    bot.clock.set(NOW)
    for phrase, expected in [
        ("in 2 hours to call", "Mon 11 Jan 2027 12:00 UTC"),
        ("in 3 days to call", "Thu 14 Jan 2027 10:00 UTC"),
        ("in 90 min to call", "Mon 11 Jan 2027 11:30 UTC"),
        ("next Friday at 10 to call", "Fri 15 Jan 2027 10:00 UTC"),
        ("next Monday at 10 to call", "Mon 18 Jan 2027 10:00 UTC"),
        ("tomorrow at 3pm to call", "Tue 12 Jan 2027 15:00 UTC"),
        ("today at 17:30 to call", "Mon 11 Jan 2027 17:30 UTC"),
        ("on 2027-02-01 at 8:05 Europe/Zurich to call", "Mon 01 Feb 2027 08:05 Europe/Zurich"),
    ]:
        reply = await bot.say(f"remind me {phrase}")
        assert reply.ok and expected in reply.text, (phrase, reply.text)


async def test_bad_input_is_refused_and_nothing_stored(bot: Dialogue, database_url: str) -> None:
    bot.clock.set(NOW)
    for phrase, says in [
        ("remind me sometime to call", "E.g. `remind me in 2 hours"),
        ("remind me to call Accra", "could not read when"),
        ("remind me in 2 minutes", "about what"),
        ("remind me today at 9:00 to call", "already past"),
        ("remind me on 2026-01-01 at 9:00 to call", "already past"),
        ("remind me on 2027-01-12 at 9:00 Mars/Olympus to call", "Unknown time zone"),
        ("remind me on 2300-01-12 at 9:00 to call", "outside the supported dates"),
        ("remind me tomorrow at 25:00 to call", "not a time"),
        ("remind me in 2 fortnights to call", "not a unit"),
        ("remind me in 2 minutes to " + "x" * 600, "too long"),
        ("remind", "Usage"),
    ]:
        reply = await bot.say(phrase)
        assert not reply.ok and says in reply.text, (phrase, reply.text)
    assert "no reminders" in (await bot.say("reminders")).text
    assert _next_run(bot) is None


async def test_list_cancel_snooze_and_who_may(bot: Dialogue) -> None:
    bot.clock.set(NOW)
    bot.place_people("console:console", "kadri", "ana")
    bot.place_people("console:general", "kadri")
    await bot.say("tz Europe/Berlin", as_="kadri")
    await bot.say("remind me in 2 hours to call Accra", as_="kadri")
    await bot.say("remind @ana tomorrow 9:00 to send the minutes", as_="kadri")
    await bot.say("remind #general in 1 hour to join the call", as_="kadri")
    listed = await bot.say("reminders", as_="kadri")
    assert listed.private and listed.data == {"ids": [3, 1, 2]}
    assert "Mon 11 Jan 2027 13:00: call Accra" in listed.text
    assert "2. Tue 12 Jan 2027 09:00 for console:ana: send the minutes" in listed.text
    assert (await bot.say("reminders", as_="ana")).data == {"ids": [2]}
    refused = await bot.say("reminder cancel 1", as_="ana")  # not hers: as if it did not exist
    assert not refused.ok and refused.text.startswith("There is no active reminder 1 of yours")
    assert "kadri" not in refused.text
    assert (await bot.say("reminder cancel 3", as_="admin")).ok  # an admin may
    snoozed = await bot.say("reminder snooze 2 1h", as_="ana")  # the reminded person may snooze
    assert snoozed.ok and "11:00 UTC" in snoozed.text
    assert (await bot.say("reminder cancel 1", as_="kadri")).ok
    assert not (await bot.say("reminder cancel 1", as_="kadri")).ok
    assert not (await bot.say("reminder snooze 2 soon", as_="ana")).ok
    await _fire(bot, datetime(2027, 1, 11, 11, tzinfo=UTC))
    assert [(n.target, n.reply.text) for n in bot.notifier.sent] == [
        ("console:ana", "⏰ Reminder: send the minutes (from kadri)")
    ]


async def test_channel_reminder_names_its_creator(bot: Dialogue) -> None:
    bot.clock.set(NOW)
    bot.place_people("console:general", "kadri")
    await bot.say("remind #general in 1 hour to join the call", as_="kadri")
    await _fire(bot, datetime(2027, 1, 11, 11, tzinfo=UTC))
    assert [(n.target, n.reply.text) for n in bot.notifier.sent] == [
        ("console:general", "⏰ Reminder: join the call (set by kadri)")
    ]
    assert bot.notifier.sent[0].reply.mentions == ("console:kadri",)


async def test_here_reminds_the_place_it_was_said_in(bot: Dialogue) -> None:
    bot.clock.set(NOW)
    assert (await bot.say("remind here in 10 minutes to start the call", as_="kadri")).ok
    await _fire(bot, datetime(2027, 1, 11, 10, 10, tzinfo=UTC))
    assert [n.target for n in bot.notifier.sent] == ["console:console"]


async def test_a_failed_send_is_retried_then_sent_once(bot: Dialogue, database_url: str) -> None:
    bot.clock.set(NOW)
    await bot.say("remind me in 2 minutes to call Accra", as_="kadri")
    bot.notifier.fail = True
    await _fire(bot, datetime(2027, 1, 11, 10, 2, tzinfo=UTC))
    assert bot.notifier.sent == [] and await _statuses(database_url) == [(1, "retry")]
    assert _next_run(bot) == datetime(2027, 1, 11, 10, 3, tzinfo=UTC)  # a minute later
    bot.notifier.fail = False
    await _fire(bot, datetime(2027, 1, 11, 10, 3, tzinfo=UTC))
    await _fire(bot, datetime(2027, 1, 11, 10, 4, tzinfo=UTC))
    assert [n.reply.text for n in bot.notifier.sent] == ["⏰ Reminder: call Accra"]
    assert await _statuses(database_url) == [(1, "sent")]
    assert _next_run(bot) is None


async def test_snooze_until_tomorrow_keeps_the_time_of_day(bot: Dialogue) -> None:
    bot.clock.set(NOW)
    await bot.say("tz Europe/Berlin", as_="kadri")
    await bot.say("remind me today at 15:00 to call Accra", as_="kadri")
    reply = await bot.say("reminder snooze 1 tomorrow", as_="kadri")
    assert reply.ok and "Tue 12 Jan 15:00 Europe/Berlin" in reply.text
    assert _next_run(bot) == datetime(2027, 1, 12, 14, tzinfo=UTC)


class _SlowNotifier(RecordingNotifier):
    """Each send takes a while, as a real platform's does, so work falls due while a wake-up runs."""

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        await asyncio.sleep(0.25)
        await super().send_direct(user_key, reply)


async def test_every_reminder_due_in_the_same_second_is_delivered_once(database_url: str) -> None:
    """Issue 21: four `remind me in 1 minute` typed one after another (three by one user, one by
    another) on the real scheduler; the fourth fell due while the wake-up sending the first three ran,
    and its re-arm was skipped ("maximum number of running instances reached")."""
    timers = AheadTimers(timedelta(0))

    def clock() -> datetime:
        return datetime.now(UTC) + timers.ahead

    app = build_app(settings_for(database_url), clock=clock, elect=False, timers=timers)
    notifier = _SlowNotifier()
    app.notifier.register("console", notifier)
    async with lifespan(app, migrate=True):
        for user in ("kadri", "kadri", "kadri"):
            reply = await app.handle(Command(Actor("console", user), CONSOLE, "remind me in 1 minute to a"))
            assert reply is not None and reply.ok
        await asyncio.sleep(0.4)
        reply = await app.handle(Command(Actor("console", "ana"), CONSOLE, "remind me in 1 minute to b"))
        assert reply is not None and reply.ok
        timers.ahead = timedelta(seconds=59)  # jump the minute: the first three come due in 0.6 s
        await app.services.due.changed("personal_reminder")  # re-arm on the jumped clock (nothing due yet)
        assert notifier.sent == []
        for _ in range(80):
            if len(notifier.sent) >= 4:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
    assert sorted(n.target for n in notifier.sent) == ["console:ana"] + ["console:kadri"] * 3
    assert await _statuses(database_url) == [(1, "sent"), (2, "sent"), (3, "sent"), (4, "sent")]


async def test_one_failing_reminder_does_not_hold_back_the_next(bot: Dialogue) -> None:
    bot.clock.set(NOW)
    await bot.say("remind me in 2 minutes to call Accra", as_="kadri")
    bot.clock.set(datetime(2027, 1, 11, 10, 1, 30, tzinfo=UTC))
    await bot.say("remind me in 1 minute to call Lima", as_="ana")  # due 10:02:30
    bot.notifier.fail = True
    await _fire(bot, datetime(2027, 1, 11, 10, 2, tzinfo=UTC))
    assert _next_run(bot) == datetime(2027, 1, 11, 10, 2, 30, tzinfo=UTC)  # not 10:03
    bot.notifier.fail = False
    await _fire(bot, datetime(2027, 1, 11, 10, 2, 30, tzinfo=UTC))
    assert [n.target for n in bot.notifier.sent] == ["console:ana"]
    assert _next_run(bot) == datetime(2027, 1, 11, 10, 3, tzinfo=UTC)  # the failed one's retry
    await _fire(bot, datetime(2027, 1, 11, 10, 3, tzinfo=UTC))
    assert [n.target for n in bot.notifier.sent] == ["console:ana", "console:kadri"]


async def test_one_users_flood_waits_behind_everyone_else(database_url: str) -> None:
    clock = FakeClock(NOW)
    async with open_dialogue(database_url, clock, reminders_per_minute=100) as bot:
        for n in range(30):
            assert (await bot.say(f"remind me in 2 minutes to flood {n}", as_="mallory")).ok
        assert (await bot.say("remind me in 2 minutes to call Accra", as_="ana")).ok
        await _fire(bot, datetime(2027, 1, 11, 10, 2, tzinfo=UTC))
        targets = [n.target for n in bot.notifier.sent]
        assert len(targets) == 31 and targets.index("console:ana") == 1  # one per creator per round
