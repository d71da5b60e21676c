"""One truth per concept (issue 20): every entry point asked the same thing gives one answer.

A person's zone (the focal point's country counts), "my calls" (`handlers.meetings.my_calls.calls_of`),
participant groups in `meeting plan`, dates and times in words (`schedules.moments`), the troika of a
call's year, and `meeting edit ... from=`. Through the dialogue fixture, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from handlers.core import Choices, ItemList
from handlers.meetings.my_calls import calls_of
from schedules.moments import MomentError, read_day, read_moment
from tests.support.dialogue import Dialogue
from tests.support.surveys import open_survey

DEC_7 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday
TROIKA = (
    'meeting new "Troika call" rrule="FREQ=WEEKLY;BYDAY=TU" start=2026-12-08 at=15:00 tz=Europe/Zurich '
    "participants=troika"
)
QUARTERLY = (
    'meeting new "Quarterly update" rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH" start=2026-12-10 at=12:00 '
    "tz=UTC participants=Ghana,Japan"
)


@pytest.fixture(autouse=True)
def _december(bot: Dialogue) -> None:
    bot.clock.set(DEC_7)


async def test_a_focal_point_reads_their_countrys_zone_everywhere(bot: Dialogue) -> None:
    added = await bot.say("focal Japan add console:aiko")
    assert added.ok and "Their zone: Asia/Tokyo" in added.text
    tz = await bot.say("tz", as_="aiko")
    assert tz.data["tz"] == "Asia/Tokyo" and tz.data["source"] == "member"
    assert "the capital of Japan" in tz.text
    assert (await bot.say(QUARTERLY)).ok
    nxt = await bot.say("meeting next", as_="aiko")
    first = nxt.parts[0]
    assert isinstance(first, ItemList) and first.title.endswith("your time Thu 10 Dec 21:00 Asia/Tokyo")
    survey_id = await open_survey(bot, "to=aiko deadline=2026-12-20")
    # the admin (UTC) set the end of 20 Dec; aiko reads it in Tokyo time
    listed = await bot.say("survey list", as_="aiko")
    assert "Mon 2026-12-21 09:00 JST" in str(listed.parts), listed.parts
    shown = await bot.say(f"survey show {survey_id}", as_="aiko")
    assert "Mon 2026-12-21 09:00 JST" in shown.text, shown.text
    # a zone of her own still wins
    assert (await bot.say("tz Europe/Paris", as_="aiko")).ok
    assert (await bot.say("tz", as_="aiko")).data["source"] == "user"


async def test_the_exact_meeting_new_defaults_to_the_admins_zone_like_the_worded_one(bot: Dialogue) -> None:
    assert (await bot.say("tz Asia/Tokyo")).ok
    exact = await bot.say(
        'meeting new "Exact" rrule="FREQ=WEEKLY;BYDAY=TU" start=2026-12-08 at=15:00 participants=Japan'
    )
    assert exact.ok and exact.data["tz"] == "Asia/Tokyo"


async def test_my_calls_are_one_answer_in_meeting_next_the_question_and_the_resolver(bot: Dialogue) -> None:
    assert (await bot.say("troika set year=2026 past=Estonia current=Switzerland next=Canada")).ok
    assert (await bot.say("troika set year=2027 past=Switzerland current=Canada next=Germany")).ok
    assert (await bot.say(TROIKA)).ok and (await bot.say(QUARTERLY)).ok
    assert (await bot.say("focal Ghana add console:kofi")).ok
    assert (await bot.say("focal Canada add console:nadia")).ok
    for who, series in (("kofi", {2}), ("nadia", {1}), ("bob", set())):
        listed = await bot.say("meeting next", as_=who)
        asked = await bot.say("what's my next call", as_=who)
        resolved = await calls_of(bot.app.services, f"console:{who}", DEC_7, count=5)
        assert {o["series"] for o in listed.data["occurrences"]} == series == {c.series.id for c in resolved}
        if series:
            [record] = asked.data["records"]
            assert record["id"] == resolved[0].series.id
            assert record["start"] == listed.data["occurrences"][0]["start"]
            assert asked.text.startswith(f"Your next call is {resolved[0].series.title}")
        else:
            assert "You take part in no call" in asked.text
    # "what's my next call" no longer names the troika call to Ghana's focal point
    assert "Troika" not in (await bot.say("what's my next call", as_="kofi")).text


async def test_meeting_plan_takes_the_groups_meeting_new_takes(bot: Dialogue) -> None:
    empty = await bot.say(
        "meeting plan participants=network=geneva rrule=FREQ=WEEKLY;BYDAY=TU start=2027-01-12"
    )
    assert not empty.ok and empty.data["field"] == "participants" and "empty network roster" in empty.text
    assert (await bot.say("roster geneva add console:alice")).ok
    for group in ("members", "troika", "network=geneva", "troika,Japan"):
        reply = await bot.say(
            f"meeting plan participants={group} rrule=FREQ=WEEKLY;BYDAY=TU start=2027-01-12 slots=2"
        )
        assert reply.ok, (group, reply.text)
        assert reply.text.count("Fairest rotation") == 1
    members = await bot.say("meeting plan participants=members rrule=FREQ=WEEKLY;BYDAY=TU start=2027-01-12")
    assert len(members.data["burden"]) > 30  # every current member


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("22 dec", date(2026, 12, 22)),
        ("dec 22", date(2026, 12, 22)),
        ("22nd of December", date(2026, 12, 22)),
        ("2026-12-22", date(2026, 12, 22)),
        ("tuesday", date(2026, 12, 8)),
        ("next tuesday", date(2026, 12, 8)),
        ("in 15 days", date(2026, 12, 22)),
    ],
)
async def test_one_day_read_the_same_by_every_command(bot: Dialogue, typed: str, day: date) -> None:
    """The same words name the same day in `meeting skip`, `meeting new start=`, reminders and the
    grammar itself."""
    assert read_day(typed, DEC_7, ZoneInfo("UTC")) == day
    assert (await bot.say(TROIKA)).ok
    skipped = await bot.say(f"meeting skip troika call {typed}")
    assert skipped.ok, skipped.text
    assert skipped.data["status"] == "skipped" and skipped.data["start"].startswith(day.isoformat())
    reminder = await bot.say(f"remind me {typed} at 10:00 to call geneva", as_="alice")
    assert reminder.ok, reminder.text
    assert reminder.data["next"] == datetime.combine(day, time(10), UTC).isoformat()
    if " " not in typed:  # options run to the next space
        made = await bot.say(
            f'meeting new "Other" rrule="FREQ=DAILY" start={typed} at=09:00 tz=UTC participants=Japan'
        )
        assert made.ok and made.data["start"] == day.isoformat()


async def test_reminders_at_a_time_or_on_a_day(bot: Dialogue) -> None:
    at_five = await bot.say("remind me at 5pm to call geneva", as_="alice")
    assert at_five.ok and at_five.data["next"] == "2026-12-07T17:00:00+00:00", at_five.text
    friday = await bot.say("remind me on friday to send the draft", as_="alice")
    assert friday.ok and friday.data["next"] == "2026-12-11T09:00:00+00:00", friday.text
    colon = await bot.say("remind me in 2 hours: review", as_="alice")
    assert colon.ok and colon.text.endswith("11:00 UTC: review"), colon.text
    assert sorted((await bot.say("reminders", as_="alice")).data["ids"]) == [1, 2, 3]


async def test_an_unreadable_day_is_refused_naming_it_and_nothing_changes(bot: Dialogue) -> None:
    assert (await bot.say(TROIKA)).ok
    refused = await bot.say("meeting skip troika call 31 feb")
    assert not refused.ok and "`31 feb` is not a date" in refused.text
    assert (await bot.say("meeting show 1")).data["overrides"] == []
    with pytest.raises(MomentError, match="blue moon"):
        read_moment("blue moon", DEC_7, ZoneInfo("UTC"))


async def test_a_call_whose_troika_is_not_set_says_so(bot: Dialogue) -> None:
    assert (await bot.say("troika set year=2026 past=Estonia current=Switzerland next=Canada")).ok
    assert (await bot.say(TROIKA)).ok
    this_year = await bot.say("meeting next troika call 3")
    assert "troika is not set" not in this_year.text
    bot.clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))
    next_year = await bot.say("meeting next troika call 1")
    assert "the 2027 troika is not set" in next_year.text and "troika set year=2027" in next_year.text
    assert next_year.data["occurrences"][0]["troika_note"]
    shown = await bot.say("meeting show troika call")
    assert "the 2027 troika is not set" in shown.text and shown.data["troika_note"]
    assert (await bot.say("troika set year=2027 past=Switzerland current=Canada next=Germany")).ok
    assert "troika is not set" not in (await bot.say("meeting show troika call")).text


async def test_meeting_edit_from_a_date_keeps_the_earlier_calls(bot: Dialogue) -> None:
    assert (await bot.say(TROIKA)).ok
    edited = await bot.say("meeting edit troika call at=16:00 from=2027-01-01")
    assert edited.ok, edited.text
    assert edited.data["from"] == "2027-01-01" and edited.data["kept"] == 4  # 8, 15, 22, 29 Dec
    starts = [o["start"] for o in (await bot.say("meeting next all 6")).data["occurrences"]]
    assert starts == [
        "2026-12-08T14:00:00+00:00",
        "2026-12-15T14:00:00+00:00",
        "2026-12-22T14:00:00+00:00",
        "2026-12-29T14:00:00+00:00",
        "2027-01-05T15:00:00+00:00",
        "2027-01-12T15:00:00+00:00",
    ]
    refused = await bot.say('meeting edit troika call rrule="FREQ=DAILY" from=2027-01-01')
    assert not refused.ok and refused.data["field"] == "from"


async def test_every_second_tuesday_offers_both_readings(bot: Dialogue) -> None:
    proposed = await bot.say(
        'meeting new "Troika call" every second Tuesday at 15:00 Zurich time participants=Estonia'
    )
    assert proposed.ok, proposed.text
    assert proposed.data["readings"] == ["FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "FREQ=MONTHLY;BYDAY=2TU"]
    assert "the 2nd Tuesday of each month" in proposed.text and "say `monthly`" in proposed.text
    choices = proposed.parts[-1]
    assert isinstance(choices, Choices) and [c.value for c in choices.options] == ["yes", "monthly", "no"]
    made = await bot.say("meeting confirm 1 monthly")
    assert made.ok, made.text
    assert made.data["rrule"] == "FREQ=MONTHLY;BYDAY=2TU" and made.data["start"] == "2026-12-08"
    assert (await bot.say("meeting confirm 1 yes")).text.startswith("Proposal 1 was already confirmed")
    plain = await bot.say(
        'meeting new "Other" every second Tuesday of the month at 15:00 UTC participants=Japan'
    )
    assert plain.data["readings"] == ["FREQ=MONTHLY;BYDAY=2TU"]


async def test_a_plain_monthly_answers_the_proposal_as_it_is_worded(bot: Dialogue) -> None:
    proposed = await bot.say(
        'meeting new "Troika call" every second Tuesday at 15:00 Zurich time participants=Estonia'
    )
    assert "say `monthly`" in proposed.text
    made = await bot.say("monthly")
    assert made.ok and made.data["rrule"] == "FREQ=MONTHLY;BYDAY=2TU", made.text
    assert [s.rrule for s in await bot.app.services.meetings.active()] == ["FREQ=MONTHLY;BYDAY=2TU"]


GROUP_INPUTS = ("Japan,Canada", "troika", "network=geneva", "Japan,network=geneva")


async def _named_everywhere(bot: Dialogue, words: str) -> tuple[set[str], set[str], set[str]]:
    """Who ``words`` names in `meeting plan` (the countries and users it resolves to, as their focal
    points and users), in `checkin new to=` (who the round asks) and in `survey open to=` (who is invited)."""
    plan = await bot.say(
        f"meeting plan participants={words} rrule=FREQ=MONTHLY;BYDAY=2TU start=2026-12-08 slots=1"
    )
    assert plan.ok, (words, plan.text)
    focal = (await bot.say("focal")).data["focal_points"]
    points = {f["member"]: f["user"] for f in focal}
    meeting = {points.get(name, f"console:{name}") for name in plan.data["burden"]}
    before = len(bot.notifier.sent)
    made = await bot.say(f"checkin new quarterly-update to={words}")
    if not made.ok:  # a check-in asks one kind of audience; the group words are still read alike
        assert made.data["field"] == "to" and "one kind" in made.text, made.text
        checkin = None
    else:
        assert (await bot.say(f"checkin open {made.data['checkin']}")).ok
        checkin = {n.target for n in bot.notifier.sent[before:] if n.reply.data.get("kind") == "checkin"}
    before = len(bot.notifier.sent)
    await open_survey(bot, f"to={words}")
    survey = {n.target for n in bot.notifier.sent[before:] if n.reply.data.get("kind") == "survey_invitation"}
    return meeting, checkin if checkin is not None else meeting, survey


@pytest.mark.parametrize("words", GROUP_INPUTS)
async def test_the_same_participant_words_name_the_same_people_everywhere(bot: Dialogue, words: str) -> None:
    bot.clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    for country, user in (("Japan", "aiko"), ("Canada", "claire"), ("Ghana", "kofi"), ("Germany", "greta")):
        assert (await bot.say(f"focal {country} add {user}")).ok
    assert (await bot.say("troika set past=Canada current=Ghana next=Germany")).ok
    assert (await bot.say("roster geneva add alice,bob")).ok
    meeting, checkin, survey = await _named_everywhere(bot, words)
    assert meeting and meeting == checkin == survey, (words, meeting, checkin, survey)


async def test_a_word_naming_no_one_is_refused_alike_everywhere(bot: Dialogue) -> None:
    bot.clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    survey = (await bot.say("survey new support-unit")).data["survey"]
    for words, problem in (
        ("Japan,Narnia", "`Narnia` is neither a member country"),
        ("Japan,network=atlantis", "`network=atlantis` is not a network"),
    ):
        replies = [
            await bot.say(
                'meeting new "X" rrule="FREQ=WEEKLY;BYDAY=TU" start=2027-01-05 at=15:00 tz=UTC '
                f"participants={words}"
            ),
            await bot.say(f"meeting plan participants={words} rrule=FREQ=WEEKLY start=2027-01-01"),
            await bot.say(f"checkin new quarterly-update to={words}"),
        ]
        if "Narnia" not in words:  # a survey's `to=` takes bare user names typed in the console
            replies.append(await bot.say(f"survey open {survey} to={words}"))
        for reply in replies:
            assert not reply.ok and problem in reply.text, reply.text
        assert {r.data["field"] for r in replies} == {"participants", "to"}
    assert await bot.app.services.meetings.active() == []
    assert (await bot.say("checkin list")).data.get("checkins", []) == []
