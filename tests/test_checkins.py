"""Recurring check-ins through the real dispatcher (SQLite and PostgreSQL) with the injected clock: each
focal point's DM at their own 10:00, answers, the close and the digest by country, DST on both sides of the
Atlantic and in the southern hemisphere, exactly-once sending, and every bad input refused with nothing
stored."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from bot.timers import SchedulerTimers
from handlers.checkins.delivery import DIGEST_KIND, checkin_kinds
from handlers.core import Status
from handlers.due import TIMER as DUE_TIMER
from handlers.due import DueEngine
from schedules.checkins import round_starts_at
from storage.models import Checkin, CheckinParticipant, CheckinRound
from tests.support.clock import FakeClock
from tests.support.dialogue import Dialogue, open_dialogue
from tests.support.meetings import TROIKA, deliver

MAR_14 = datetime(2027, 3, 14, 12, 0, tzinfo=UTC)
DIGEST_ROOM = "console:sc-room"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


async def wake(bot: Dialogue, at: datetime) -> None:
    """The one due-work timer fires at ``at`` (every check-in step is a kind of due work)."""
    bot.clock.set(at)
    assert bot.app.due is not None
    await bot.app.due.wake()


def dms(bot: Dialogue, kind: str = "checkin") -> list[str]:
    return [
        n.target
        for n in bot.notifier.sent
        if isinstance(n.reply.data, dict) and n.reply.data.get("kind") == kind
    ]


def next_run(bot: Dialogue) -> datetime | None:
    """The next wake-up for check-in work: the one due-work timer."""
    assert isinstance(bot.app.timers, SchedulerTimers)
    job = bot.app.timers.scheduler.get_job(DUE_TIMER)
    return job.next_run_time if job is not None else None


async def counts(bot: Dialogue) -> tuple[int, int, int]:
    async with bot.app.db.transaction() as s:
        return (
            int(await s.scalar(select(func.count()).select_from(Checkin)) or 0),
            int(await s.scalar(select(func.count()).select_from(CheckinRound)) or 0),
            int(await s.scalar(select(func.count()).select_from(CheckinParticipant)) or 0),
        )


async def three_countries(bot: Dialogue) -> int:
    bot.clock.set(MAR_14)
    for country, user in (("Japan", "aiko"), ("Canada", "claire"), ("Ghana", "kofi")):
        assert (await bot.say(f"focal {country} add {user}")).ok
    reply = await bot.say(
        f"checkin new quarterly-update to=Japan,Canada,Ghana start=2027-03-15 digest={DIGEST_ROOM}"
    )
    assert reply.ok, reply.text
    return int(reply.data["checkin"])


async def test_done_when_each_focal_point_at_their_local_10_two_answer_digest_by_country(
    bot: Dialogue,
) -> None:
    checkin = await three_countries(bot)
    created = await bot.say("checkin show 1")
    assert created.ok and "Quarterly update" in created.text
    assert (await counts(bot)) == (1, 0, 0)
    assert next_run(bot) == utc(2027, 3, 14, 19, 0)  # an hour before 10:00 on 15 March at UTC+14
    await wake(bot, utc(2027, 3, 14, 19, 0))  # the round is created; no DM is due yet
    assert (await counts(bot)) == (1, 1, 3)
    assert dms(bot) == []
    assert next_run(bot) == utc(2027, 3, 15, 1, 0)  # 10:00 in Tokyo (UTC+9)

    await wake(bot, utc(2027, 3, 15, 0, 59))
    assert dms(bot) == []
    await wake(bot, utc(2027, 3, 15, 1, 0))
    assert dms(bot) == ["console:aiko"]
    assert next_run(bot) == utc(2027, 3, 15, 10, 0)  # 10:00 in Accra (UTC+0)
    await wake(bot, utc(2027, 3, 15, 10, 0))
    assert dms(bot) == ["console:aiko", "console:kofi"]
    await wake(bot, utc(2027, 3, 15, 13, 59))
    assert len(dms(bot)) == 2
    await wake(bot, utc(2027, 3, 15, 14, 0))  # 10:00 in Ottawa: EDT (UTC-4) since 14 March
    assert dms(bot) == ["console:aiko", "console:kofi", "console:claire"]

    first = bot.notifier.sent[0].reply
    assert "Check-in 1 (Quarterly update), round 1 of 2027-03-15" in first.text and "for Japan" in first.text
    assert "embassies and missions" in first.text and "Strategy and Coordination" in first.text
    assert f'checkin answer {checkin} 1=1 2="..." 3="..." 4=1 5="..." 6="..."`' in first.text
    assert "Mon 22 Mar 2027" in first.text or "Tue 23 Mar 2027" in first.text

    bot.clock.set(utc(2027, 3, 16, 9, 0))
    saved = await bot.say(
        'checkin answer 1 1=1 2="cyber norms with the mission in Geneva" 3="a joint statement" 4=3',
        as_="aiko",
    )
    assert saved.ok, saved.text
    assert saved.data["saved"] is True and saved.data["missing"] == []
    changed = await bot.say('checkin answer 1 3="a joint statement and a demarche"', as_="aiko")
    assert changed.ok and changed.data["answers"]["3"] == "a joint statement and a demarche"
    assert (
        await bot.say('checkin answer 1 1=2 2="internet shutdowns" 3="a side event" 4=1', as_="claire")
    ).ok

    closed = await bot.say("checkin close 1")
    assert closed.ok, closed.text
    countries = closed.data["countries"]
    assert set(countries) == {"Japan", "Canada", "Ghana"}
    assert countries["Japan"]["answered"] is True and countries["Canada"]["answered"] is True
    assert countries["Ghana"]["answered"] is False and countries["Ghana"]["not_answered"] == ["console:kofi"]
    assert countries["Japan"]["answers"]["1"] == "Yes, a call"
    assert countries["Japan"]["answers"]["3"] == "a joint statement and a demarche"
    assert countries["Japan"]["answers"]["4"] == "From the Support Unit"
    assert countries["Canada"]["answers"]["2"] == "internet shutdowns"
    assert "Not answered:* Ghana (console:kofi)" in closed.text
    assert closed.text.index("*Canada*") < closed.text.index("*Japan*") < closed.text.index("Not answered")

    digests = [n for n in bot.notifier.sent if n.target == DIGEST_ROOM]
    assert len(digests) == 1 and closed.text.startswith(digests[0].reply.text)
    assert closed.data["digest_at"] == "now"
    await wake(bot, utc(2027, 3, 30, 0, 0))  # past the deadline: nothing more, the digest went once
    assert len([n for n in bot.notifier.sent if n.target == DIGEST_ROOM]) == 1

    results = await bot.say("checkin results 1")
    assert results.data["countries"]["Ghana"]["answered"] is False
    assert results.data["answered"] == ["Canada", "Japan"] and results.data["not_answered"] == ["Ghana"]


async def test_answer_after_close_and_bad_answers_store_nothing(bot: Dialogue) -> None:
    await three_countries(bot)
    await wake(bot, utc(2027, 3, 15, 14, 0))
    bad = await bot.say("checkin answer 1 1=7", as_="aiko")
    assert bad.status is Status.ERROR and bad.data["field"] == "answers"
    assert "nothing was stored" in bad.text and "1:" in bad.text
    assert (await bot.say("checkin answer 1 9=yes", as_="aiko")).data["field"] == "answers"
    assert (await bot.say("checkin answer 1 hello", as_="aiko")).status is Status.USAGE
    outsider = await bot.say("checkin answer 1 1=1", as_="mallory")
    assert outsider.status is Status.ERROR and outsider.data["field"] == "checkin"
    assert "not asked" in outsider.text
    assert (await bot.say("checkin close 1")).ok
    late = await bot.say('checkin answer 1 1=1 2="late"', as_="kofi")
    assert late.status is Status.ERROR and late.data["field"] == "answers"
    assert "closed" in late.text and "nothing was stored" in late.text
    async with bot.app.db.transaction() as s:
        answered = await s.scalar(
            select(func.count())
            .select_from(CheckinParticipant)
            .where(CheckinParticipant.answers.is_not(None))
        )
    assert answered == 0
    again = await bot.say("checkin close 1")
    assert again.status is Status.ERROR and again.data["field"] == "checkin"


BAD_INPUT = [
    ("checkin new quarterly-update to=Narnia", "to", "neither a member country"),
    ("checkin new quarterly-update to=Japan,Atlantis", "to", "neither a member country"),
    ("checkin new quarterly-update to=Estonia", "to", "no one to ask"),
    ("checkin new quarterly-update network=geneva", "network", "no one to ask"),
    ("checkin new quarterly-update users=@@@", "users", "neither a member country, a user"),
    ("checkin new quarterly-update network=Atlantis", "network", "not a network"),
    ("checkin new quarterly-update to=Japan network=geneva", "network", "once"),
    (
        "checkin new quarterly-update to=Japan rrule=FREQ=DAILY;BYDAY=MO;BYSETPOS=2",
        "rrule",
        "never fires",
    ),
    ("checkin new quarterly-update to=Japan rrule=FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31", "rrule", "never"),
    ("checkin new quarterly-update to=Japan rrule=FREQ=MONTHLY;UNTIL=20200101", "rrule", "never fires"),
    ("checkin new quarterly-update to=Japan rrule=FREQ=HOURLY", "rrule", "daily at most"),
    ("checkin new quarterly-update to=Japan at=25:00", "at", "not a time"),
    ("checkin new quarterly-update to=Japan start=2020-01-01", "start", "in the past"),
    ("checkin new quarterly-update to=Japan start=soon", "start", "not a date"),
    ("checkin new quarterly-update to=Japan deadline=tomorrow", "deadline", "days after"),
    ("checkin new quarterly-update to=Japan reminders=9d", "reminders", "before the round opens"),
    ("checkin new quarterly-update to=Japan reminders=soon", "reminders", "offsets"),
    ("checkin new quarterly-update to=Japan digest=nowhere", "digest", "not a place"),
    ("checkin new quarterly-update to=Japan before=99", "before", "no meeting 99"),
    ("checkin new quarterly-update to=Japan colour=red", "colour", "not an option"),
    ("checkin new weekly-standup to=Japan", "template", "no check-in template"),
    ("checkin new to=Japan", "template", "which template"),
    ("checkin open 99", "checkin", "no check-in 99"),
    ("checkin close x", "checkin", "not a check-in number"),
    ("checkin results 99", "checkin", "no check-in 99"),
    ("checkin frobnicate", "action", "is not a `checkin` command"),
]


async def test_bad_input_is_refused_and_nothing_is_stored(bot: Dialogue) -> None:
    bot.clock.set(MAR_14)
    assert (await bot.say("focal Japan add aiko")).ok
    for command, field, words in BAD_INPUT:  # one app for the table: each command is checked to store nothing
        reply = await bot.say(command)
        assert not reply.ok, (command, reply.text)
        assert reply.status in (Status.USAGE, Status.ERROR), (command, reply.text)
        assert reply.data["field"] == field, (command, reply.data)
        assert words.lower() in reply.text.lower(), (command, reply.text)
        assert (await counts(bot)) == (0, 0, 0), command
        assert bot.notifier.sent == [], command


async def test_multi_word_countries_need_no_quotes_and_questions_are_described(bot: Dialogue) -> None:
    bot.clock.set(MAR_14)
    await bot.say("focal Costa Rica add sam")
    await bot.say("focal United Kingdom add ann")
    reply = await bot.say(
        "checkin new quarterly update to=Costa Rica,United Kingdom title=UK CR update at=09:30"
    )
    assert reply.ok, reply.text
    assert reply.data["participants"] == 2 and reply.data["title"] == "UK CR update"
    assert reply.data["at"] == "09:30" and reply.data["rrule"] == "FREQ=MONTHLY;INTERVAL=3"
    assert [(q["number"], q["type"]) for q in reply.data["questions"]] == [
        (1, "single"), (2, "text"), (3, "text"), (4, "multiple"), (5, "text"), (6, "text"),
    ]  # fmt: skip
    assert reply.data["questions"][0]["options"] == ["Yes, a call", "Yes, in writing", "Not this quarter"]
    partly = await bot.say("checkin new quarterly-update to=Japan,United Kingdom")
    assert (
        partly.ok
        and partly.data["without_focal_point"] == ["Japan"]
        and "No focal point yet for Japan" in partly.text
    )
    listed = await bot.say("checkin list", as_="mallory")
    assert listed.ok and listed.data["checkins"][0]["next_round"] == "2027-03-15"


async def test_open_sends_now_and_pause_resume(bot: Dialogue) -> None:
    await three_countries(bot)
    bot.clock.set(utc(2027, 3, 14, 12, 0))
    paused = await bot.say("checkin pause 1")
    assert paused.ok and "checkin resume 1" in paused.text
    opened = await bot.say("checkin open 1")  # a round of today (14 March), besides the schedule
    assert opened.ok, opened.text
    assert sorted(dms(bot)) == ["console:aiko", "console:claire", "console:kofi"]
    again = await bot.say("checkin open 1")
    assert again.status is Status.ERROR and "is open" in again.text
    await wake(bot, utc(2027, 7, 1, 0, 0))  # paused: no scheduled round in June
    assert [r["date"] for r in (await bot.say("checkin show 1")).data["rounds"]] == ["2027-03-14"]
    resumed = await bot.say("checkin resume 1")
    assert resumed.ok and resumed.data["next_round"] == "2027-09-15"


def engine(bot: Dialogue) -> DueEngine:
    """An engine of its own (another process's) with the check-in kinds."""
    return DueEngine(bot.app.services, bot.clock, checkin_kinds(bot.app.services))


async def test_two_delivery_passes_and_two_replicas_send_each_dm_once(
    bot: Dialogue, database_url: str
) -> None:
    await three_countries(bot)
    at = utc(2027, 3, 15, 14, 0)
    bot.clock.set(at)
    one, two = engine(bot), engine(bot)
    assert await one.process(at) == 4  # the round's start, then its three DMs (all due by now)
    assert len(dms(bot)) == 3
    assert await one.process(at) == 0
    assert await two.process(at) == 0
    async with open_dialogue(database_url, FakeClock(at), migrate=False) as replica:
        assert await engine(replica).process(at) == 0
        assert replica.notifier.sent == []
    assert sorted(dms(bot)) == ["console:aiko", "console:claire", "console:kofi"]


async def test_a_claim_left_sending_by_a_killed_process_is_never_resent(bot: Dialogue) -> None:
    await three_countries(bot)
    await wake(bot, utc(2027, 3, 14, 19, 0))  # the round is created
    rows = await bot.app.services.checkins.participants(1)
    aiko = next(r for r in rows if r.user_key == "console:aiko")
    assert await bot.app.services.checkins.claim_sends([aiko.id], 5) == [aiko.id]  # claimed, then killed
    await wake(bot, utc(2027, 3, 15, 14, 0))
    assert sorted(dms(bot)) == ["console:claire", "console:kofi"]


async def test_due_while_down_is_sent_at_start_once(database_url: str) -> None:
    clock = FakeClock(MAR_14)
    async with open_dialogue(database_url, clock, migrate=False) as bot:
        await three_countries(bot)
    clock.set(utc(2027, 3, 15, 11, 0))  # Tokyo and Accra fell due while the bot was down
    async with open_dialogue(database_url, clock, migrate=False) as bot:
        assert sorted(dms(bot)) == ["console:aiko", "console:kofi"]
    async with open_dialogue(database_url, clock, migrate=False) as bot:
        assert dms(bot) == []
        await wake(bot, utc(2027, 3, 15, 14, 0))
        assert dms(bot) == ["console:claire"]


async def test_deadline_closes_reminds_the_silent_and_posts_the_digest(bot: Dialogue) -> None:
    bot.clock.set(MAR_14)
    await bot.say("focal Japan add aiko")
    await bot.say("focal Ghana add kofi")
    reply = await bot.say(
        "checkin new quarterly-update to=Japan,Ghana start=2027-03-15 deadline=2d reminders=1d "
        f"digest={DIGEST_ROOM}"
    )
    assert reply.ok, reply.text
    await wake(bot, utc(2027, 3, 15, 10, 0))
    bot.clock.set(utc(2027, 3, 16, 8, 0))
    assert (await bot.say('checkin answer 1 1=3 2="none" 3="none" 4=1', as_="aiko")).ok
    deadline = utc(2027, 3, 18, 12, 0)  # end of 17 March anywhere (UTC-12)
    await wake(bot, deadline - timedelta(days=1, minutes=1))
    assert dms(bot, "checkin_reminder") == []
    await wake(bot, deadline - timedelta(days=1))
    await wake(bot, deadline - timedelta(hours=1))
    assert dms(bot, "checkin_reminder") == ["console:kofi"]
    assert [n.target for n in bot.notifier.sent].count(DIGEST_ROOM) == 0
    await wake(bot, deadline)
    digests = [n.reply for n in bot.notifier.sent if n.target == DIGEST_ROOM]
    assert len(digests) == 1 and digests[0].data["countries"]["Ghana"]["answered"] is False
    assert digests[0].data["countries"]["Japan"]["answered"] is True
    late = await bot.say("checkin answer 1 1=1", as_="kofi")
    assert late.status is Status.ERROR and "closed" in late.text


async def test_export_csv_neutralises_cells_and_md_is_the_digest(bot: Dialogue) -> None:
    await three_countries(bot)
    await wake(bot, utc(2027, 3, 15, 14, 0))
    bot.clock.set(utc(2027, 3, 16, 9, 0))
    assert (await bot.say('checkin answer 1 1=1 2="=HYPERLINK(1)" 3="-2" 4=2', as_="aiko")).ok
    csv_reply = await bot.say("checkin export 1")
    [attachment] = csv_reply.files()
    text = attachment.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and ",-2," in text and "Ghana,console:kofi,no" in text
    md = await bot.say("checkin export 1 md")
    assert md.files()[0].content.decode().startswith("📋 *Check-in 1")
    bad = await bot.say("checkin export 1 pdf")
    assert bad.status is Status.USAGE and bad.data["field"] == "format"


async def test_participation_counts_check_in_answers_per_country(bot: Dialogue) -> None:
    await three_countries(bot)
    await wake(bot, utc(2027, 3, 15, 14, 0))
    bot.clock.set(utc(2027, 3, 16, 9, 0))
    assert (await bot.say('checkin answer 1 1=1 2="x" 3="y" 4=1', as_="aiko")).ok
    bot.clock.set(utc(2027, 3, 16, 10, 0))
    reply = await bot.say("participation since 2027-03-01")
    rows = {m["country"]: m for m in reply.data["members"]}
    assert rows["Japan"]["checkin_responses"] == 1 and rows["Japan"]["inactive"] is False
    assert rows["Ghana"]["checkin_responses"] == 0 and rows["Ghana"]["inactive"] is True


# Rounds across DST: each participant's 10:00 in their own zone, on fixed dates.
ZONES = {"berta": "Europe/Berlin", "nina": "America/New_York", "sid": "Australia/Sydney"}
DST_CASES = [
    # Saturdays around March/April 2027: US DST 14 Mar, EU DST 28 Mar, Sydney standard time from 4 Apr.
    (
        date(2027, 3, 13),
        [
            {"berta": utc(2027, 3, 13, 9), "nina": utc(2027, 3, 13, 15), "sid": utc(2027, 3, 12, 23)},
            {"berta": utc(2027, 3, 20, 9), "nina": utc(2027, 3, 20, 14), "sid": utc(2027, 3, 19, 23)},
            {"berta": utc(2027, 3, 27, 9), "nina": utc(2027, 3, 27, 14), "sid": utc(2027, 3, 26, 23)},
            {"berta": utc(2027, 4, 3, 8), "nina": utc(2027, 4, 3, 14), "sid": utc(2027, 4, 2, 23)},
            {"berta": utc(2027, 4, 10, 8), "nina": utc(2027, 4, 10, 14), "sid": utc(2027, 4, 10, 0)},
        ],
    ),
    # Saturdays around October/November 2027: Sydney DST 3 Oct, EU standard 31 Oct, US standard 7 Nov.
    (
        date(2027, 10, 2),
        [
            {"berta": utc(2027, 10, 2, 8), "nina": utc(2027, 10, 2, 14), "sid": utc(2027, 10, 2, 0)},
            {"berta": utc(2027, 10, 9, 8), "nina": utc(2027, 10, 9, 14), "sid": utc(2027, 10, 8, 23)},
            {"berta": utc(2027, 10, 16, 8), "nina": utc(2027, 10, 16, 14), "sid": utc(2027, 10, 15, 23)},
            {"berta": utc(2027, 10, 23, 8), "nina": utc(2027, 10, 23, 14), "sid": utc(2027, 10, 22, 23)},
            {"berta": utc(2027, 10, 30, 8), "nina": utc(2027, 10, 30, 14), "sid": utc(2027, 10, 29, 23)},
            {"berta": utc(2027, 11, 6, 9), "nina": utc(2027, 11, 6, 14), "sid": utc(2027, 11, 5, 23)},
            {"berta": utc(2027, 11, 13, 9), "nina": utc(2027, 11, 13, 15), "sid": utc(2027, 11, 12, 23)},
        ],
    ),
]


@pytest.mark.parametrize(("first", "expected"), DST_CASES, ids=["march-april", "october-november"])
async def test_rounds_across_dst_reach_each_one_at_their_own_10(
    bot: Dialogue, first: date, expected: list[dict[str, datetime]]
) -> None:
    bot.clock.set(datetime.combine(first - timedelta(days=3), datetime.min.time(), UTC))
    for user, zone in ZONES.items():
        assert (await bot.say(f"tz {zone}", as_=user)).ok
    wanted = list(expected)
    rule = _rule_for([_round_date(d) for d in wanted])
    reply = await bot.say(
        f"checkin new quarterly-update users=berta,nina,sid rrule={rule} start={first} deadline=0d"
    )
    assert reply.ok, reply.text
    for index, due in enumerate(wanted):
        day = _round_date(due)
        await wake(bot, round_starts_at(day, time(10, 0)))
        rnd = await bot.app.services.checkins.latest_round(1)
        assert rnd is not None and rnd.round_date == day and rnd.number == index + 1
        rows = await bot.app.services.checkins.participants(rnd.id)
        assert {r.user_key.split(":")[1]: r.due_at for r in rows} == due
        for user, at in sorted(due.items(), key=lambda kv: kv[1]):
            before = len(dms(bot))
            await wake(bot, at - timedelta(minutes=1))
            assert len(dms(bot)) == before
            await wake(bot, at)
            assert dms(bot)[before:] == [f"console:{user}"]


def _round_date(due: dict[str, datetime]) -> date:
    """The round's date is the Berlin participant's local date (every due moment is 10:00 on it)."""
    return due["berta"].date()


def _rule_for(days: list[date]) -> str:
    """A weekly rule on Saturdays from the first date, with COUNT covering the listed ones."""
    weeks = (days[-1] - days[0]).days // 7 + 1
    return f"FREQ=WEEKLY;BYDAY=SA;COUNT={weeks}"


async def test_a_digest_linked_to_a_meeting_goes_a_day_before_its_next_call_and_into_its_minutes(
    bot: Dialogue,
) -> None:
    bot.clock.set(utc(2027, 1, 5, 9, 0))
    assert (await bot.say(TROIKA)).ok  # meeting 1: first call Tue 12 Jan 2027 14:00 UTC
    await bot.say("focal Japan add aiko")
    await bot.say("focal Ghana add kofi")
    reply = await bot.say(
        f"checkin new quarterly-update to=Japan,Ghana digest={DIGEST_ROOM} before=1 start=2027-03-01"
    )
    assert reply.ok and reply.data["before"] == 1
    assert (await bot.say("checkin open 1")).ok
    assert sorted(dms(bot)) == ["console:aiko", "console:kofi"]
    assert (await bot.say('checkin answer 1 1=1 2="norms" 3="statement" 4=1', as_="aiko")).ok
    closed = await bot.say("checkin close 1")
    assert closed.data["digest_at"] == "at 2027-01-11 14:00 UTC"
    assert next_run(bot) == utc(2027, 1, 11, 14, 0)
    await wake(bot, utc(2027, 1, 11, 13, 59))
    assert [n for n in bot.notifier.sent if n.target == DIGEST_ROOM] == []
    await wake(bot, utc(2027, 1, 11, 14, 0))
    await wake(bot, utc(2027, 1, 11, 14, 1))
    [posted] = [n.reply for n in bot.notifier.sent if n.target == DIGEST_ROOM]
    assert posted.data["countries"]["Japan"]["answered"] and not posted.data["countries"]["Ghana"]["answered"]
    bot.clock.set(utc(2027, 1, 12, 15, 0))  # the call ends: its minutes template carries the digest
    await deliver(bot.app)
    [minutes] = [n.reply for n in bot.notifier.sent if n.reply.text.startswith("*Minutes: Troika call*")]
    assert "Check-in 1 (Quarterly update), round 1" in minutes.text and "Not answered:* Ghana" in minutes.text


async def test_a_network_roster_is_asked_and_grouped_by_country(bot: Dialogue) -> None:
    bot.clock.set(MAR_14)
    assert (await bot.say("tz for console:alice member=Switzerland")).ok
    assert (await bot.say("roster geneva add alice,bob")).ok
    reply = await bot.say("checkin new quarterly-update network=geneva start=2027-04-01")
    assert reply.ok, reply.text
    assert reply.data["participants"] == 2 and "geneva" in reply.data["audience"]
    assert (await bot.say("checkin open 1")).ok
    assert sorted(dms(bot)) == ["console:alice", "console:bob"]
    rows = await bot.app.services.checkins.participants(1)
    assert {(r.user_key, r.member, r.timezone) for r in rows} == {
        ("console:alice", "Switzerland", "Europe/Zurich"),
        ("console:bob", None, "UTC"),
    }
    assert (await bot.say('checkin answer 1 1=2 2="a" 3="b" 4=1', as_="bob")).ok
    results = await bot.say("checkin results 1")
    assert results.data["countries"]["No member country"]["answered"] is True
    assert results.data["countries"]["Switzerland"]["answered"] is False


async def test_a_failed_dm_is_retried_a_minute_later_and_sent_once(bot: Dialogue) -> None:
    await three_countries(bot)
    bot.notifier.fail = True
    await wake(bot, utc(2027, 3, 15, 1, 0))  # Tokyo's 10:00: the platform is down
    assert dms(bot) == []
    rows = {r.user_key: r for r in await bot.app.services.checkins.participants(1)}
    assert rows["console:aiko"].sent == "failed" and rows["console:aiko"].attempts == 1
    assert next_run(bot) == utc(2027, 3, 15, 1, 1)  # the engine's one retry policy: a minute later
    bot.notifier.fail = False
    await wake(bot, utc(2027, 3, 15, 1, 1))
    await wake(bot, utc(2027, 3, 15, 1, 2))
    assert dms(bot) == ["console:aiko"]
    rows = {r.user_key: r for r in await bot.app.services.checkins.participants(1)}
    assert rows["console:aiko"].sent == "sent" and rows["console:aiko"].attempts == 2
    assert rows["console:kofi"].sent == "pending"


async def test_a_digest_whose_post_fails_is_posted_once_a_minute_later(bot: Dialogue) -> None:
    await three_countries(bot)
    await wake(bot, utc(2027, 3, 15, 14, 0))
    bot.clock.set(utc(2027, 3, 16, 9, 0))
    bot.notifier.fail = True
    closed = await bot.say("checkin close 1")
    assert closed.ok and [n for n in bot.notifier.sent if n.target == DIGEST_ROOM] == []
    assert next_run(bot) == utc(2027, 3, 16, 9, 1)
    bot.notifier.fail = False
    await wake(bot, utc(2027, 3, 16, 9, 1))
    await wake(bot, utc(2027, 3, 16, 9, 2))
    assert len([n for n in bot.notifier.sent if n.target == DIGEST_ROOM]) == 1
    rnd = await bot.app.services.checkins.round(1)
    assert rnd is not None and rnd.digest == "sent" and rnd.digest_attempts == 2
    [item] = await bot.app.services.due_work.items(DIGEST_KIND)  # one row, retried by the engine
    assert (item.state, item.attempts, item.key) == ("sent", 2, "checkin1:round1.0:digest")


async def test_open_on_a_round_waiting_for_local_times_sends_the_rest_now(bot: Dialogue) -> None:
    await three_countries(bot)
    await wake(bot, utc(2027, 3, 15, 1, 0))  # the round exists; only Tokyo's 10:00 has come
    assert dms(bot) == ["console:aiko"]
    opened = await bot.say("checkin open 1")
    assert opened.ok, opened.text
    assert opened.data == {"checkin": 1, "round": 1, "participants": 2, "brought_forward": True}
    assert "sent to 2 people now" in opened.text
    await wake(bot, utc(2027, 3, 15, 1, 0))
    assert sorted(dms(bot)) == ["console:aiko", "console:claire", "console:kofi"]  # each once
    again = await bot.say("checkin open 1")  # nothing left to bring forward: the round is simply open
    assert again.status is Status.ERROR and "is open" in again.text
    assert (await counts(bot)) == (1, 1, 3)


async def test_check_ins_follow_focal_points(bot: Dialogue) -> None:
    """Issue 18 item 7: a focal point of two countries has a row for each; a focal point removed during an
    open round can no longer answer for the country, and the new one can."""
    bot.clock.set(MAR_14)
    for country, user in (("Japan", "aiko"), ("Canada", "aiko"), ("Ghana", "kofi")):
        assert (await bot.say(f"focal {country} add {user}")).ok
    assert (await bot.say("checkin new quarterly-update to=Japan,Canada,Ghana start=2027-03-15")).ok
    assert (await bot.say("checkin open 1")).ok
    assert sorted(dms(bot)) == ["console:aiko", "console:aiko", "console:kofi"]
    assert (await counts(bot))[2] == 3

    which = await bot.say("checkin answer 1 1=1", as_="aiko")
    assert which.status is Status.USAGE and "Canada, Japan" in which.text and "country=" in which.text
    assert (await bot.say("checkin answer 1 country=Japan 1=1", as_="aiko")).ok
    assert (await bot.say('checkin answer 1 country=Canada 1=2 2="x"', as_="aiko")).ok

    assert (await bot.say("focal Ghana remove kofi")).ok
    assert (await bot.say("focal Ghana add ama")).ok
    refused = await bot.say("checkin answer 1 1=1", as_="kofi")
    assert refused.status is Status.ERROR and "not asked" in refused.text
    assert (await bot.say("checkin answer 1 1=3", as_="ama")).ok  # takes the country's row over
    async with bot.app.db.transaction() as s:
        rows = (await s.execute(select(CheckinParticipant.user_key, CheckinParticipant.member))).all()
    assert sorted(tuple(r) for r in rows) == [
        ("console:aiko", "Canada"),
        ("console:aiko", "Japan"),
        ("console:ama", "Ghana"),
    ]


async def test_new_then_open_asks_once_this_period_not_again_the_next_day(bot: Dialogue) -> None:
    bot.clock.set(MAR_14)
    for country, user in (("Japan", "aiko"), ("Ghana", "kofi")):
        assert (await bot.say(f"focal {country} add {user}")).ok
    made = await bot.say("checkin new quarterly-update to=Japan,Ghana")  # start: tomorrow
    assert made.ok and made.data["next_round"] == "2027-03-15", made.text
    opened = await bot.say("checkin open 1")
    assert opened.ok and opened.data["skipped"] == "2027-03-15", opened.text
    assert "stands for the round scheduled on 2027-03-15" in opened.text
    assert "next scheduled round 2027-06-15" in opened.text
    await wake(bot, utc(2027, 3, 16, 12, 0))  # past every zone's 10:00 of the 15th
    shown = await bot.say("checkin show 1")
    assert [r["date"] for r in shown.data["rounds"]] == ["2027-03-14"]
    assert "Next round: 2027-06-15." in shown.text
    assert sorted(dms(bot)) == ["console:aiko", "console:kofi"]  # each asked once
    await wake(bot, utc(2027, 6, 16, 12, 0))
    rounds = (await bot.say("checkin show 1")).data["rounds"]
    assert [r["date"] for r in rounds] == ["2027-03-14", "2027-06-15"]


async def test_a_far_scheduled_round_is_kept_beside_one_opened_by_hand(bot: Dialogue) -> None:
    await three_countries(bot)  # quarterly from 15 March
    bot.clock.set(utc(2027, 1, 5, 12, 0))
    opened = await bot.say("checkin open 1")  # ten weeks before: more than half a period before it
    assert opened.ok and opened.data["skipped"] is None and "stands for" not in opened.text
    assert opened.data["next_round"] == "2027-03-15"


async def test_reopen_takes_answers_again_and_sends_the_digest_again(bot: Dialogue) -> None:
    await three_countries(bot)
    await wake(bot, utc(2027, 3, 15, 12, 0))
    bot.clock.set(utc(2027, 3, 16, 9, 0))
    closed = await bot.say("checkin close 1")
    assert closed.ok
    await wake(bot, utc(2027, 3, 16, 9, 1))
    assert [n.target for n in bot.notifier.sent].count(DIGEST_ROOM) == 1
    late = await bot.say("checkin answer 1 1=1", as_="kofi")
    assert late.status is Status.ERROR and "closed" in late.text
    denied = await bot.say("checkin reopen 1 1", as_="kofi")
    assert denied.status is Status.DENIED
    for bad, field in (("checkin reopen 1 9", "round"), ("checkin reopen 1 first", "round")):
        refused = await bot.say(bad)
        assert not refused.ok and refused.data["field"] == field, bad
    reopened = await bot.say("checkin reopen 1 1 deadline=2d")
    assert reopened.ok and reopened.data["reopened"], reopened.text
    assert "open again" in reopened.text and reopened.data["deadline"] == "2027-03-19T12:00:00+00:00"
    again = await bot.say("checkin reopen 1 round=1")
    assert again.status is Status.ERROR and "open already" in again.text
    assert (await bot.say('checkin answer 1 1=1 2="x" 3="y" 4=1', as_="kofi")).ok
    assert (await bot.say("checkin show 1")).data["rounds"][0]["open"] is True
    await wake(bot, utc(2027, 3, 19, 12, 0))  # the new deadline closes it; the digest goes again
    digests = [n.reply for n in bot.notifier.sent if n.target == DIGEST_ROOM]
    assert len(digests) == 2 and digests[1].data["countries"]["Ghana"]["answered"] is True
    assert (await bot.say("checkin show 1")).data["rounds"][0]["open"] is False
