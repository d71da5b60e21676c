"""Survey dialogues: create from the template, open to named users, answer, change, status, close, results."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime

import pytest

from handlers.core import Choices, FileAttachment, Status
from handlers.surveys.charts import TITLE_WIDTH, bar_chart, title_lines
from handlers.surveys.definitions import Question
from handlers.surveys.results import QuestionResult
from tests.support.dialogue import Dialogue
from tests.support.surveys import (
    FULL_ANSWERS,
    invitations,
    new_survey,
    open_survey,
    png_size,
    responses,
    rows,
)

START = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _january(bot: Dialogue) -> None:
    bot.clock.set(START)  # later than the machine's clock, so no real timer fires during a test


async def test_templates_and_new_survey_structure(bot: Dialogue) -> None:
    listing = await bot.say("survey templates")
    assert [t["name"] for t in listing.data["templates"]] == ["support-unit"]
    reply = await bot.say("survey new support-unit")
    assert reply.ok
    assert reply.data["survey"] == 1 and reply.data["status"] == "draft"
    questions = reply.data["questions"]
    assert [q["number"] for q in questions] == list(range(1, 16))
    assert {q["type"] for q in questions} == {"single", "multiple", "scale", "text", "slots"}
    first = questions[0]
    assert first["type"] == "multiple" and first["max"] == 3 and len(first["options"]) == 7
    assert questions[13]["labels"]["5"] == "Very satisfied"
    stored = await rows(bot, "SELECT status, activity, created_by FROM surveys")
    assert stored == [{"status": "draft", "activity": "3B.3", "created_by": "console:admin"}]
    assert (await bot.say("survey new nope")).status is Status.ERROR
    assert (await bot.say("survey new")).status is Status.USAGE


async def test_named_survey_from_invitation_to_results(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice,bob,carol deadline=2027-01-20")
    assert sorted(invitations(bot)) == ["console:alice", "console:bob", "console:carol"]
    invite = bot.notifier.sent[0].reply
    assert any(isinstance(p, Choices) and p.command == "survey answer 1 1={value}" for p in invite.parts)
    assert "survey answer 1" in invite.text

    alice = await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_="alice")
    assert alice.ok and alice.data["complete"] is True and alice.private
    # bob answers in two goes (partial progress is kept), then changes his mind on question 6
    first = await bot.say(f"survey answer {survey_id} 1=2 6=Full minutes 14=2", as_="bob")
    assert first.ok and first.data["complete"] is False
    assert 3 in first.data["missing_required"]
    progress = await bot.say(f"survey answer {survey_id}", as_="bob")
    assert progress.data["answers"] == {"1": [2], "6": 1, "14": 2}
    # in a direct chat (the console is one) the next question is asked, to be answered by itself
    assert "question 3 of 15:" in progress.text and "1. Organising meetings and calls" in progress.text
    assert not any(isinstance(p, Choices) for p in progress.parts)
    rest = "3=1 5=2 7=3 8=1 9=2 10=4 11=5 12=3 13=2,5"
    assert (await bot.say(f"survey answer {survey_id} {rest}", as_="bob")).data["complete"] is True
    changed = await bot.say(f'survey answer {survey_id} 6=4 15="Thanks"', as_="bob")
    assert changed.data["answers"]["6"] == 4 and changed.data["answers"]["15"] == "Thanks"

    stored = {r["respondent_key"]: r for r in await responses(bot, survey_id)}
    assert set(stored) == {"console:alice", "console:bob"}  # one row per person, however many answers
    assert stored["console:bob"]["answers"]["6"] == 4 and stored["console:bob"]["complete"]

    status = await bot.say(f"survey status {survey_id}")
    assert status.data["responses"] == 2 and status.data["audience"] == 3
    assert status.data["missing"] == ["console:carol"]
    assert "67%" in status.text

    closed = await bot.say(f"survey close {survey_id}")
    assert closed.ok and closed.data["responses"] == 2
    assert (await bot.say(f"survey close {survey_id}")).status is Status.ERROR

    results = await bot.say(f"survey results {survey_id}")
    assert results.data["responses"] == 2
    by_number = {q["number"]: q for q in results.data["questions"]}
    assert by_number[6]["counts"] == {
        "Full minutes": 0,
        "Summary of decisions and action items": 1,
        "Summary plus the recording": 0,
        "No preference": 1,
    }
    assert by_number[14]["mean"] == 3.0 and by_number[14]["distribution"] == {
        "1": 0,
        "2": 1,
        "3": 0,
        "4": 1,
        "5": 0,
    }
    assert by_number[1]["percent"]["Coordinating the diplomatic networks"] == 100.0
    assert by_number[2]["texts"] == ["Quick replies"]
    (charts,) = results.files()  # the 12 charts in one image
    chart_questions = [q["number"] for q in results.data["questions"] if q["type"] != "text"]
    assert len(chart_questions) == 12 and charts.mimetype == "image/png"
    width, height = png_size(charts.content)
    assert width == 800 and 12 * 200 <= height <= 12 * 800 and len(charts.content) > 12 * 5_000
    for number in chart_questions:
        chart = (await bot.say(f"survey chart {survey_id} {number}")).files()[0]
        width, height = png_size(chart.content)
        assert width == 800 and 200 <= height <= 800 and len(chart.content) > 5_000

    await bot.app.services.users.update("console:alice", at=START, member="New Zealand")
    export = await bot.say(f"survey export {survey_id}")
    (csv_file,) = export.files()
    table = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    assert table[0][:4] == [
        "respondent",
        "member country",
        "complete",
        "Q1 What does the Support Unit do well? (up to 3)",
    ]
    # scale columns are numbers; their labels are in the header
    assert table[0][3 + 6] == (
        "Q7 Minutes reach me on time and are easy to use. "
        "(1 = Strongly disagree … 3 = Neutral … 5 = Strongly agree)"
    )
    by_person = {row[0]: row for row in table[1:]}
    assert set(by_person) == {"console:alice", "console:bob"}
    assert by_person["console:alice"][1] == "New Zealand" and by_person["console:bob"][1] == ""
    assert by_person["console:alice"][2 + 7] == "4" and by_person["console:alice"][2 + 14] == "4"
    assert by_person["console:bob"][2 + 14] == "2"
    assert by_person["console:bob"][3 + 5] == "No preference"  # Q6, changed
    assert (
        by_person["console:alice"][3 + 10] == "Tue 06:00-07:00 UTC; Tue 13:00-14:00 UTC; Thu 13:00-14:00 UTC"
    )

    activity = await bot.say("activity 3B.3", as_="dave")
    assert any("Survey 1" in line and "2/3 responded (67%)" in line for line in activity.data["related"])


WRONG_ANSWERS = [
    ("6=9", "6", "out of range"),
    ("14=0", "14", "out of range"),
    ("6=Weekly minutes", "6", "not an option"),
    (
        "6=summary",
        "6",
        "`summary` matches 2 options (2. Summary of decisions and action items, "
        "3. Summary plus the recording)",
    ),
    ("1=1,2,3,4", "1", "too many choices"),
    ("11=1,2,3,4,5", "11", "too many choices"),
    ("99=1", "99", "no question 99"),
    ('2=""', "2", "empty"),
    ("14=great", "14", "not on the scale"),
    ("6=1 14=9", "14", "out of range"),  # one bad answer: the good one is not stored either
]


async def test_wrong_answers_store_nothing(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice")
    assert (await bot.say(f"survey answer {survey_id} 6=3 14=5", as_="alice")).ok
    before = await responses(bot, survey_id)
    for answer, question, reason in WRONG_ANSWERS:  # one app for the table: each is checked to store nothing
        reply = await bot.say(f"survey answer {survey_id} {answer}", as_="alice")
        assert reply.status is Status.ERROR, (answer, reply.text)
        assert reason in reply.data["errors"][question], (answer, reply.data)
        assert "nothing was stored" in reply.text, (answer, reply.text)
        assert await responses(bot, survey_id) == before, answer


UNREADABLE_ANSWERS = [
    ("survey answer 1 6", Status.USAGE, "is not an answer"),
    ('survey answer 1 6="unbalanced', Status.ERROR, "is not an option"),  # the quote is plain text
    ("survey answer 7 6=1", Status.ERROR, "no survey 7"),
    ("survey answer x 6=1", Status.USAGE, "Which survey"),
]


async def test_unreadable_answers_store_nothing(bot: Dialogue) -> None:
    assert await open_survey(bot, "to=alice") == 1
    for (
        text,
        status,
        fragment,
    ) in UNREADABLE_ANSWERS:  # one app for the table: each is checked to store nothing
        reply = await bot.say(text, as_="alice")
        assert reply.status is status and fragment in reply.text, (text, reply.text)
        assert await rows(bot, "SELECT id FROM survey_responses") == [], text


async def test_refused_answers_store_nothing(bot: Dialogue) -> None:
    draft = await new_survey(bot)
    refused = await bot.say(f"survey answer {draft} 6=1", as_="alice")
    assert refused.status is Status.ERROR and "not open yet" in refused.text
    survey_id = await open_survey(bot, "to=alice")
    outsider = await bot.say(f"survey answer {survey_id} 6=1", as_="mallory")
    assert outsider.status is Status.ERROR and "not in the audience" in outsider.text
    await bot.say(f"survey close {survey_id}")
    late = await bot.say(f"survey answer {survey_id} 6=1", as_="alice")
    assert late.status is Status.ERROR and "closed" in late.text
    assert await rows(bot, "SELECT id FROM survey_responses") == []


async def test_only_admins_manage_surveys(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice")
    draft = await new_survey(bot)
    for text in (
        "survey new support-unit",
        "survey import {title: Poll, questions: [{text: Yes or no?, type: single, options: [Yes, No]}]}",
        f"survey open {draft} to=alice",
        f"survey status {survey_id}",
        f"survey close {survey_id}",
        f"survey results {survey_id}",
        f"survey export {survey_id}",
    ):
        reply = await bot.say(text, as_="alice")
        assert reply.status is Status.DENIED, text
    assert [r["status"] for r in await rows(bot, "SELECT status FROM surveys ORDER BY id")] == [
        "open",
        "draft",
    ]
    mine = await bot.say("survey list", as_="alice")
    assert mine.private  # who has completed what is nobody else's business, in a room too
    assert mine.data["surveys"] == [
        {"id": survey_id, "title": "Survey of the Support Unit's operations", "you": "to answer"}
    ]
    assert (await bot.say(f"survey show {survey_id}", as_="alice")).data["questions"][0]["number"] == 1


async def test_import_inline_yaml_and_bad_definitions(bot: Dialogue) -> None:
    good = (
        "survey import {title: Call times, activity: 3B.3, questions: ["
        "{text: 'Alternate call times?', type: single, options: [Yes, No]}, "
        "{text: 'Which slots?', type: slots, max: 2, options: [Tue 06:00-07:00 UTC, Thu 16:00-17:00 UTC]}, "
        "{text: 'How useful are calls?', type: scale, labels: {1: Not at all, 5: Very}}, "
        "{text: 'Anything else?', type: text, required: false}]}"
    )
    reply = await bot.say(good)
    assert reply.ok, reply.text
    assert [q["type"] for q in reply.data["questions"]] == ["single", "slots", "scale", "text"]
    bad_cases = [
        ("survey import {title: X}", "questions"),
        (
            "survey import {title: Poll, questions: [{text: Pick one, type: single, options: [Only]}]}",
            "at least two",
        ),
        (
            "survey import {title: Poll, questions: [{text: Rate it, type: scale, options: [a, b]}]}",
            "no options",
        ),
        (
            "survey import {title: Poll, questions: [{text: When, type: slots, options: [soon, later]}]}",
            "slots look like",
        ),
        (
            "survey import {title: Poll, questions: [{text: Pick, type: multiple, max: 5, options: [a, b]}]}",
            "max=5",
        ),
        (
            "survey import {title: Poll, questions: [{text: Hmm, type: essay}]}",
            "question 1, type: Input should be",
        ),
        ("survey import {title: [unclosed", "not valid YAML"),
        ("survey import", "Give the survey as YAML"),
    ]
    for text, fragment in bad_cases:
        bad = await bot.say(text)
        assert bad.status is Status.USAGE, text
        assert fragment in bad.text, (text, bad.text)
    assert len(await rows(bot, "SELECT id FROM surveys")) == 1


BAD_OPEN_OPTIONS = [
    ("", Status.USAGE, "Say who is asked"),
    ("to=alice network=geneva", Status.USAGE, "Say who is asked"),
    ("to=alice deadline=2027-01-09", Status.USAGE, "in the past"),
    ("to=alice deadline=2027-02-30", Status.USAGE, "not a date"),
    ("to=alice reminders=1d", Status.USAGE, "before a deadline"),
    ("to=alice deadline=2027-01-11 reminders=3d", Status.USAGE, "already past"),
    ("to=alice reminders=soon deadline=2027-01-20", Status.USAGE, "like `3d,1d"),
    ("to=alice colour=red", Status.USAGE, "not an option"),
    ("here", Status.ERROR, "cannot list who is in this place"),
    ("to=members", Status.ERROR, "No user is linked"),
    ("network=geneva", Status.ERROR, "Nobody is listed for the Geneva network"),
    ("network=london", Status.ERROR, "No network `london`"),
]


async def test_bad_open_options_change_nothing(bot: Dialogue) -> None:
    survey_id = await new_survey(bot)
    for (
        options,
        status,
        fragment,
    ) in BAD_OPEN_OPTIONS:  # one app for the table: each is checked to change nothing
        reply = await bot.say(f"survey open {survey_id} {options}")
        assert reply.status is status, (options, reply.text)
        assert fragment in reply.text, (options, reply.text)
        assert await rows(bot, "SELECT status, audience_size FROM surveys") == [
            {"status": "draft", "audience_size": 0}
        ], options
        assert await rows(bot, "SELECT user_key FROM survey_audience") == [], options
        assert bot.notifier.sent == [], options


async def test_audience_from_members_and_from_the_place(bot: Dialogue) -> None:
    users = bot.app.services.users
    await users.update("console:erik", at=START, member="Estonia")
    await users.update("slack:U42", at=START, member="Canada")
    await users.update("console:nomember", at=START)
    members = await open_survey(bot, "to=members")
    assert await rows(
        bot, "SELECT user_key FROM survey_audience WHERE survey_id = :s ORDER BY user_key", s=members
    ) == [
        {"user_key": "console:erik"},
        {"user_key": "slack:U42"},
    ]

    async def roster(place: object) -> list[str]:
        return ["console:ana", "console:ben"]

    bot.app.services.place_rosters["console"] = roster
    here = await open_survey(bot, "here")
    assert (await bot.say(f"survey status {here}")).data["audience"] == 2
    # a platform that is not running: the invitation fails, the survey still opens and says so
    mixed = await new_survey(bot)
    reply = await bot.say(f"survey open {mixed} to=alice,slack:U9")
    assert reply.ok and reply.data["unreachable"] == 1 and "1 could not be reached" in reply.text


async def test_many_people_answering_at_once_are_each_stored_once(bot: Dialogue) -> None:
    names = [f"p{i}" for i in range(30)]
    survey_id = await open_survey(bot, "to=" + ",".join(names))
    replies = await asyncio.gather(
        *(bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_=name) for name in names),
        *(bot.say(f"survey answer {survey_id} 6=4", as_=name) for name in names[:10]),
    )
    assert all(r.ok for r in replies), [r.text for r in replies if not r.ok]
    stored = await responses(bot, survey_id)
    assert sorted(r["respondent_key"] for r in stored) == sorted(f"console:{n}" for n in names)
    assert (await bot.say(f"survey status {survey_id}")).data["responses"] == 30


async def test_results_files_are_attachments_and_help_lists_survey(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice")
    await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_="alice")
    results = await bot.say(f"survey results {survey_id}")
    (charts,) = results.files()  # every chart in one image: one message, one notification
    assert isinstance(charts, FileAttachment) and charts.filename == f"survey-{survey_id}-charts.png"
    assert f"`survey chart {survey_id} <question>` shows one" in results.text
    one = await bot.say(f"survey chart {survey_id} 3")
    (chart,) = one.files()
    assert one.ok and chart.filename == f"survey-{survey_id}-q3.png" and one.data["answered"] == 1
    assert png_size(chart.content)[1] < png_size(charts.content)[1]  # one chart is shorter than all
    for bad, status in (
        (f"survey chart {survey_id}", Status.USAGE),
        (f"survey chart {survey_id} 99", Status.ERROR),
    ):
        refused = await bot.say(bad)
        assert refused.status is status and refused.data["field"] == "question", bad
    text = await bot.say(f"survey chart {survey_id} 2")  # free text: listed, not charted
    assert text.status is Status.ERROR and "free text" in text.text
    assert (await bot.say(f"survey chart {survey_id} 1", as_="alice")).status is Status.DENIED
    assert (await bot.say("help survey")).data["command"] == "survey"
    assert (await bot.say("survey frobnicate")).status is Status.USAGE


async def test_answers_racing_a_close_are_either_counted_or_refused(bot: Dialogue) -> None:
    names = [f"r{i}" for i in range(40)]
    survey_id = await open_survey(bot, "to=" + ",".join(names))
    await bot.say(f"survey answer {survey_id} 6=1", as_="r0")  # the survey is now cached as open
    replies = await asyncio.gather(
        *(bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_=name) for name in names[:20]),
        bot.say(f"survey close {survey_id}"),
        *(bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_=name) for name in names[20:]),
    )
    answers = [r for r in replies if r.data and "saved" in r.data]
    acknowledged = {r.data["survey"] for r in answers if r.data["saved"]}
    saved = sum(1 for r in answers if r.data["saved"])
    refused = [r for r in answers if not r.data["saved"]]
    assert all("closed" in r.text for r in refused)
    assert saved + len(refused) == 40 and acknowledged <= {survey_id}
    stored = [r for r in await responses(bot, survey_id) if r["complete"]]
    assert len(stored) == saved  # every acknowledged answer is stored, no refused one is
    closed = await rows(bot, "SELECT responses_at_close FROM surveys WHERE id = :s", s=survey_id)
    assert closed == [{"responses_at_close": saved}]


async def test_network_audience_from_the_roster(bot: Dialogue) -> None:
    assert (await bot.say("roster geneva add alice,bob", as_="alice")).status is Status.DENIED
    added = await bot.say("roster geneva add alice,bob,slack:U0123ABC")
    assert added.ok and added.data["members"] == ["console:alice", "console:bob", "slack:U0123ABC"]
    assert (await bot.say("roster geneva add alice")).text == "Geneva network: 0 added."
    assert (await bot.say("roster geneva remove slack:U0123ABC")).data["members"] == [
        "console:alice",
        "console:bob",
    ]
    assert (await bot.say("roster geneva", as_="carol")).data["members"] == ["console:alice", "console:bob"]
    assert (await bot.say("roster")).data["rosters"]["geneva"] == 2
    assert (await bot.say("roster atlantis")).status is Status.ERROR
    assert (await bot.say("roster geneva add")).status is Status.USAGE
    survey_id = await open_survey(bot, "network=geneva")
    assert sorted(invitations(bot)) == ["console:alice", "console:bob"]
    status = await bot.say(f"survey status {survey_id}")
    assert status.data["audience"] == 2


async def test_chart_titles_wrap_and_say_open_or_closed_and_n(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice,bob")
    await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_="alice")
    await bot.say(f"survey answer {survey_id} 1=3", as_="bob")
    open_charts = (await bot.say(f"survey chart {survey_id} 1")).files()
    assert open_charts[0].title == f"Survey {survey_id}, question 1 (open, n = 2)"
    assert (await bot.say(f"survey chart {survey_id} 3")).files()[0].title.endswith("(open, n = 1)")
    assert (await bot.say(f"survey close {survey_id}")).ok
    closed = (await bot.say(f"survey chart {survey_id} 1")).files()
    assert closed[0].title == f"Survey {survey_id}, question 1 (closed, n = 2)"
    assert png_size(closed[0].content)[0] == 800
    (charts,) = (await bot.say(f"survey results {survey_id}")).files()
    assert charts.title == f"Survey {survey_id}, charts (closed, 1 complete responses)"
    assert png_size(charts.content)[0] == 800

    # the heading drawn in the PNG: wrapped whole, never cut ("... (up to"), then survey, state and n
    long = Question(
        number=1,
        text="Where do you need more support from the Support Unit, for the networks and the working "
        "groups? (up to 3)",
        type="multiple",
        options=("A", "B", "C"),
        max=3,
    )
    result = QuestionResult(long, answered=7, counts=(("A", 5), ("B", 4), ("C", 1)))
    lines = title_lines(result, "Support Unit survey 2027", "open")
    assert all(len(line) <= TITLE_WIDTH for line in lines)
    assert " ".join(lines[:-1]).endswith("working groups? (up to 3)") and len(lines) == 3
    assert lines[-1] == "Support Unit survey 2027 · open · n = 7"
    assert bar_chart(result, "Support Unit survey 2027", "open") is not None
