"""Direct answers, kind by kind, through the real dispatcher: good, unknown and hostile questions.

The clock is 2026-11-28 (tests/support/clock.py): this year's Chair is Switzerland, 2027's is not known.
"""

from __future__ import annotations

import pytest

from handlers.core import ItemList
from tests.support.dialogue import Dialogue
from tests.support.surveys import open_survey

READS = pytest.mark.asyncio(loop_scope="module")
"""On the module's one app (`reading_bot`): the test only reads; a test that writes or sets the clock takes
`bot`."""


async def ask(bot: Dialogue, text: str, as_: str = "alice") -> tuple[str, dict]:
    reply = await bot.say(text, as_=as_)
    assert reply.ok, reply.text
    lines = [reply.text]
    for part in reply.parts:
        if isinstance(part, ItemList) and part.title != "Also relevant":
            lines.extend(part.items)
    return "\n".join(lines), reply.data


@pytest.mark.parametrize(
    ("question", "wanted", "unwanted"),
    [
        ("who chaired in 2019", ["Ghana"], []),
        ("who was the previous chair", ["Estonia"], []),
        ("who's chair next year", ["not known yet"], ["Switzerland"]),
        ("who will chair after this year", ["not known yet"], ["Switzerland"]),
        ("who chairs the year after this one", ["2027", "not known yet"], ["Switzerland"]),
        ("who chaired before this year", ["Estonia"], ["Switzerland"]),
        ("when did Germany chair the coalition", ["2018"], []),
        (
            "which chairs were there between 2021 and 2023",
            ["Finland", "Canada", "United States"],
            ["Germany"],
        ),
        ("which years had no chair", ["2017"], []),
        ("who is in the troika", ["Estonia", "Switzerland", "not known yet"], []),
        ("who chaired the FOC in 1990", ["no record"], []),
        ("which country chaired before Switzerland", ["Estonia (2025)"], []),
        ("who chaired after Germany", ["Ghana"], []),
        ("has Brazil chaired the FOC", ["not a member", "has not chaired"], []),
        ("how often has ghana chaired", ["once (1 chairship: 2019-2020)"], []),
        ("who chaired before Germany", ["Costa Rica (2015-2016)", "2017: no chair"], ["Ghana"]),
    ],
)
@READS
async def test_chairs(reading_bot: Dialogue, question: str, wanted: list[str], unwanted: list[str]) -> None:
    text, _ = await ask(reading_bot, question)
    assert any(w in text for w in wanted) if "Brazil" in question else all(w in text for w in wanted), text
    assert not any(u in text for u in unwanted), text


async def test_an_admin_set_troika_is_the_answer(bot: Dialogue) -> None:
    assert (await bot.say('troika set next="Republic of Korea"')).ok
    text, data = await ask(bot, "what is the troika this year")
    assert "Republic of Korea" in text and data["kind"] == "troika"


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("how many members does the FOC have now", ["41"]),
        ("when did Cape Verde join?", ["2024"]),
        ("is Czechia a member", ["Czech Republic", "member"]),
        ("is Holland in the coalition", ["Netherlands"]),
        ("did the USA leave", ["2026-02-10"]),
        ("is Taiwan a member", ["observer"]),
        ("is Germany an observer?", ["No: Germany is a member, not an observer"]),
        ("is Great Britain still a member", ["Yes: United Kingdom is still a member"]),
        ("is Narnia a member?", ["not a member"]),
        ("is Brazil a member", ["Brazil is not a member"]),
        ("what's the time zone of South Korea's capital", ["Asia/Seoul"]),
        ("who joined since 2023", ["Slovakia", "Iceland", "Republic of Korea", "Armenia", "Chile"]),
        ("which countries joined in 2019", ["Switzerland"]),
        ("which countries joined in 2031", ["No country joined in 2031"]),
        ("when did Denmark join", ["not in my sources", "32nd member"]),
        ("who is Estonia's representative", ["do not name"]),
        ("the founding governments?", ["15 founding members", "United States (left 2026-02-10)"]),
        ("is sweden a founding member", ["Yes: Sweden is a founding member"]),
        ("was Denmark one of the founders", ["No: Denmark was the 32nd member"]),
        ("does the united states still belong to the foc", ["No: United States left the FOC on 2026-02-10"]),
        ("which countries joined later than Italy", ["Iceland (2023)", "Armenia (2024)"]),
    ],
)
@READS
async def test_members(reading_bot: Dialogue, question: str, wanted: list[str]) -> None:
    text, _ = await ask(reading_bot, question)
    assert all(w in text for w in wanted), text


async def test_member_local_time_follows_the_clock(bot: Dialogue) -> None:
    text, _ = await ask(bot, "what time is it in New Zealand's capital")
    assert "Pacific/Auckland" in text and "22:00" in text  # 09:00 UTC is 22:00 in Wellington (NZDT)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        # the clock is 2026-11-28 09:00 UTC
        ("what time is it in Wellington", ["22:00 on Saturday", "Pacific/Auckland", "New Zealand"]),
        ("whats the time in tokyo right now?", ["18:00", "Asia/Tokyo", "Japan"]),
        ("time in Ottawa", ["04:00", "America/Toronto", "Canada"]),
        ("what is the local time in Geneva", ["10:00", "Europe/Zurich", "Switzerland"]),
        ("what time is it in San José", ["03:00", "America/Costa_Rica", "Costa Rica"]),
    ],
)
@READS
async def test_local_time_of_a_city(reading_bot: Dialogue, question: str, wanted: list[str]) -> None:
    text, data = await ask(reading_bot, question)
    assert all(w in text for w in wanted), text
    assert data["kind"] == "time"


@READS
async def test_time_of_an_unknown_place_is_not_guessed(reading_bot: Dialogue) -> None:
    text, data = await ask(reading_bot, "what time is it in Atlantis")
    assert data.get("kind") != "time" and "Atlantis (" not in text


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("who leads TFAIR", "Netherlands"),
        ("who are the co-chairs of the digital equality task force", "Ghana"),
        ("when was the shutdowns task force launched", "Dec 2021"),
        ("what did the FCG produce", "Donor Principles"),
        ("which task force handles disinformation", "TFTIO"),
        ("what does the TFTIO focus on", "not recorded"),
        ("list the task forces", "TFIS"),
    ],
)
@READS
async def test_task_forces(reading_bot: Dialogue, question: str, wanted: str) -> None:
    text, data = await ask(reading_bot, question)
    assert wanted in text and data["kind"] == "taskforces", text


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        (
            "which joint statements were issued in 2020",
            ["Digital Inclusion", "Disinformation", "COVID-19", "Cybersecurity", "Artificial Intelligence"],
        ),
        ("when was the statement on surveillance technology", ["2014"]),
        ("what year was the Helsinki declaration", ["2021"]),
        ("joint statements from 2013", ["No joint statement is recorded for 2013"]),
        (
            "which statements came out since 2024",
            ["Elections", "AI Technologies", "Digital Public Infrastructure"],
        ),
    ],
)
@READS
async def test_statements(reading_bot: Dialogue, question: str, wanted: list[str]) -> None:
    text, _ = await ask(reading_bot, question)
    assert all(w in text for w in wanted), text


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("where are the diplomatic networks", ["New York", "Geneva", "Paris", "Vienna"]),
        ("who is the point of contact in Vienna", ["Vienna network's point of contact: not set"]),
        ("who is on the Geneva network roster", ["no roster set"]),
    ],
)
@READS
async def test_networks(reading_bot: Dialogue, question: str, wanted: list[str]) -> None:
    text, _ = await ask(reading_bot, question)
    assert all(w in text for w in wanted), text


async def test_network_contact_set_by_an_admin_is_answered(bot: Dialogue) -> None:
    assert (await bot.say("network geneva poc Jane Doe (Austria)")).ok
    text, _ = await ask(bot, "who is the POC for Geneva?")
    assert "Jane Doe (Austria)" in text


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("what are the goals", ["Goal 1", "Goal 2", "Goal 3"]),
        ("what does goal one say", ["Bolster existing efforts"]),
        ("which objectives are under goal 2", ["2A"]),
        ("what activities does objective 3D have", ["3D.1", "3D.2", "3D.3"]),
        ("what does activity 1b3 say", ["rapid response"]),
        ("which activity covers spyware", ["1A.4"]),
        ("what's the status of 3B 3", ["not set"]),
        ("tell me about activity 9Z.9", ["no activity 9Z.9"]),
        ("which activities are overdue", ["No activity is overdue"]),
    ],
)
@READS
async def test_program(reading_bot: Dialogue, question: str, wanted: list[str]) -> None:
    text, _ = await ask(reading_bot, question)
    assert all(w.lower() in text.lower() for w in wanted), text


async def test_activity_status_lead_and_overdue_follow_admin_edits(bot: Dialogue) -> None:
    assert (await bot.say("activity 3B.3 status in progress")).ok
    assert (await bot.say("activity 3B.3 lead Support Unit")).ok
    assert (await bot.say("activity 3B.3 due 2026-10-01")).ok
    assert "in progress" in (await ask(bot, "what is the status of activity 3B.3"))[0]
    assert "Support Unit" in (await ask(bot, "who leads 3B.3"))[0]
    text, data = await ask(bot, "which activities are overdue")
    assert "3B.3" in text and data["records"][0]["id"] == "3B.3"
    assert "3B.3" in (await ask(bot, "which activities are in progress"))[0]
    assert "3B.3" not in (await ask(bot, "which activities have no lead"))[0].split(":")[0]


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("what is the Support Unit", "secretariat"),
        ("what was the steering committee called before", "Friends of the Chair"),
        ("when was the Stockholm ToR adopted", "17 May 2017"),
        ("what are the priority topics", "Digital Inclusion"),
        ("how many activities are there", "33"),
        ("how many chairships has the FOC had", "14"),
        ("how many observers are there", "Taiwan"),
        ("how many objectives", "7"),
        ("how many goals does the program have", "has 3 goals"),
    ],
)
@READS
async def test_structure_and_counts(reading_bot: Dialogue, question: str, wanted: str) -> None:
    text, _ = await ask(reading_bot, question)
    assert wanted in text, text


@READS
async def test_the_chairs_command_counts_fourteen_chairships(reading_bot: Dialogue) -> None:
    reply = await reading_bot.say("chairs")
    assert reply.text.startswith("14 chairships")


async def test_my_calls_and_surveys(bot: Dialogue) -> None:
    assert "No troika call is scheduled" in (await ask(bot, "when is the next troika call"))[0]
    made = await bot.say(
        'meeting new "Troika call" kind=troika rrule="FREQ=WEEKLY;BYDAY=SU" start=2026-11-29 at=10:00 '
        "tz=Europe/Zurich participants=Estonia,Switzerland"
    )
    assert made.ok, made.text
    assert (await bot.say("tz Asia/Tokyo", as_="alice")).ok
    text, data = await ask(bot, "when is the next troika call")
    assert "Sunday 29 November 2026 at 18:00 Asia/Tokyo" in text and "09:00 UTC" in text
    week, _ = await ask(bot, "what calls do I have this week")
    assert "You take part in no call for the rest of this week" in week  # alice is not in it
    assert (await bot.say("focal Estonia add console:alice")).ok  # now she speaks for Estonia
    week, _ = await ask(bot, "what calls do I have this week")
    assert "Troika call" in week and "Asia/Tokyo" in week
    assert (
        "You have no survey left to answer" in (await ask(bot, "which surveys do I still have to answer"))[0]
    )
    survey_id = await open_survey(bot, "to=alice")
    todo, data = await ask(bot, "which surveys do I still have to answer")
    assert f"{survey_id}:" in todo and data["kind"] == "operations"


@pytest.mark.parametrize(
    "question",
    [
        "who chaired in 2022 \x1b[2J\x00",
        "is <script>alert(1)</script> a member?",
        "is " + "Ω" * 3000 + " a member",
        "which statements came out in 99999999999999999999",
        "activity 3B.3333333333",
        "who chaired the FOC in 2022'; DROP TABLE chairs; --",
        "what's “goal 2’s” objective",
        "'" * 500,
    ],
)
@READS
async def test_hostile_questions_get_short_safe_answers_and_change_nothing(
    reading_bot: Dialogue, question: str
) -> None:
    reply = await reading_bot.say(question, as_="alice")
    assert reply.ok or reply.status.value == "usage"
    assert "\x1b" not in reply.text and "\x00" not in reply.text
    assert len(reply.text) < 3000
    assert "Canada" in (await reading_bot.say("who chaired the FOC in 2022")).text


@READS
async def test_a_countrys_focal_point_is_answered_from_the_register(reading_bot: Dialogue) -> None:
    text, _ = await ask(reading_bot, "who is the focal point for Canada")
    assert "no focal point is registered" in text and "focal Canada add" in text
    assert (await reading_bot.say("focal Canada add bob")).ok  # the default console user is an admin
    text, data = await ask(reading_bot, "who is the focal point for Canada", as_="mallory")
    assert "Canada's focal point in this workspace: bob." in text
    assert {"focal_points": ["console:bob"]} in data["records"]


async def test_which_members_have_gone_quiet_is_for_admins(bot: Dialogue) -> None:
    text, data = await ask(bot, "which members have been inactive", as_="mallory")
    assert data["kind"] == "participation" and "only admins" in text and "Estonia" not in text
    assert (await bot.say("focal Estonia add kadri")).ok
    assert (await bot.say('survey import {title: Pulse, questions: [{text: "Fine?", type: text}]}')).ok
    assert (await bot.say("survey open 1 to=kadri")).ok
    assert (await bot.say("survey answer 1 1=yes", as_="kadri")).ok
    text, data = await ask(bot, "which members have gone quiet?", as_="admin")
    assert data["kind"] == "participation"
    assert "40 of 41 member countries took no part" in text and "Estonia," not in text
    assert [r["country"] for r in data["records"]][-1] == "Estonia"  # quiet members first


async def test_an_admin_set_next_chair_answers_who_chairs_next_year(bot: Dialogue) -> None:
    text, data = await ask(bot, "who chairs next year")
    assert "not known yet" in text and "Germany" not in text
    assert (await bot.say("troika set next=Germany")).ok
    for question in ("who chairs next year", "who will chair after this year"):
        text, data = await ask(bot, question)
        assert "Germany" in text and "set by an admin" in text and "not from the public sources" in text
        assert data["kind"] == "chairs"
    assert "Switzerland" in (await ask(bot, "who chairs the FOC this year"))[0]


@pytest.mark.parametrize(
    "question",
    [
        "safeguards for surveillance technology",
        "tell me about the rapid response mechanism",
        "which organisations could be invited to participate in the FOC",
    ],
)
@READS
async def test_a_lookup_is_answered_with_the_closest_passage(reading_bot: Dialogue, question: str) -> None:
    reply = await reading_bot.say(question, as_="alice")
    assert reply.text.startswith("The closest passage in my sources"), reply.text
    assert reply.data["kind"] == "search" and len(reply.data["records"]) == 1


@pytest.mark.parametrize(
    "question",
    [
        "which member hosted the most strategy meetings",
        "who wrote the Program of Action",
        "which country hosted the first strategy meeting",
        "does the FOC fund civil society",
        "what is the average year members joined",
    ],
)
@READS
async def test_a_fact_no_rule_computes_is_not_answered_with_a_record(
    reading_bot: Dialogue, question: str
) -> None:
    reply = await reading_bot.say(question, as_="alice")
    assert reply.text.startswith("I can't compute that from my sources"), reply.text
    assert reply.data["kind"] == "cannot" and reply.data["records"] == []
    also = [p for p in reply.parts if isinstance(p, ItemList)]
    assert also and all(p.title == "Also relevant" for p in also) and reply.data["results"]


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("how many staff does the Support Unit have", "That is not in my sources"),
        ("when will the next joint statement come out", "not plans"),
    ],
)
@READS
async def test_what_the_sources_do_not_cover_is_said_so(
    reading_bot: Dialogue, question: str, wanted: str
) -> None:
    reply = await reading_bot.say(question, as_="alice")
    assert wanted in reply.text and reply.data["kind"] == "absent", reply.text


@pytest.mark.parametrize(
    ("question", "unused"),
    [
        ("which task forces were launched in 2021", "launched 2021"),  # a filter of task forces
        ("how many objectives mention civil society", "mention civil society"),  # a filter of objectives
        ("which statements were signed by canada", "canada"),  # a relation statements do not have
        ("which members joined in 2015 and hosted a meeting", "hosted meeting"),  # a second clause
        ("who chaired in 2015 while spain joined", "spain"),  # a second event
        ("list the european members that left or joined in 2024", "or"),  # a disjunction
    ],
)
@READS
async def test_words_no_part_of_the_form_reads_are_never_dropped(
    reading_bot: Dialogue, question: str, unused: str
) -> None:
    """The coverage rule: a question is answered whole or not at all; the words left over are named."""
    reply = await reading_bot.say(question, as_="alice")
    assert reply.text.startswith("I can't compute that from my sources"), reply.text
    assert f'"{unused}"' in reply.text
    assert reply.data["kind"] == "cannot" and reply.data["records"] == []
    assert all(p.title == "Also relevant" for p in reply.parts if isinstance(p, ItemList))


@pytest.mark.parametrize(
    ("question", "wanted", "unwanted"),
    [
        ("who chaired the year after canada", ["United States", "2023"], ["Canada chaired"]),
        ("which members joined before 2012 and have not chaired", ["Austria", "Sweden"], ["Netherlands ("]),
        (
            "which activities are led by the support unit",
            ["No activity has the Support Unit as its lead", "mention the Support Unit", "3B.1"],
            ["33 activities"],
        ),
        ("what did the foc say in 2020", ["5 joint statements in 2020", "COVID-19"], ["Ghana"]),
        ("who joined after estonia chaired", ["its first (2013-2014", "2025", "Norway (2015)"], ["Kenya"]),
        ("who took over from canada as chair", ["United States (2023)"], []),
        ("2020 statements that aren't about ai", ["4 joint statements", "Digital Inclusion"], ["Artificial"]),
        ("which year had the most joint statements", ["2020 (5)"], []),
    ],
)
@READS
async def test_composed_questions_are_answered_whole(
    reading_bot: Dialogue, question: str, wanted: list[str], unwanted: list[str]
) -> None:
    text, _ = await ask(reading_bot, question)
    assert all(w in text for w in wanted), text
    assert not any(u in text for u in unwanted), text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("whos the chair rn", "Switzerland"),
        ("how many memebers r there", "41 members"),
        ("which members r in africa pls", "Ghana"),
    ],
)
@READS
async def test_chat_shorthand_is_read_not_refused(reading_bot: Dialogue, question: str, says: str) -> None:
    """Busy people write `rn`, `r`, `pls`: words the coverage rule must read, not name as unusable."""
    reply = await reading_bot.say(question)
    assert says in reply.text and "can't compute" not in reply.text, reply.text


@pytest.mark.parametrize(
    ("question", "wanted", "unwanted"),
    [
        # set difference
        ("which current members have chaired, excluding the US?", ["Canada (", "Ghana ("], ["States ("]),
        ("any observers other than taiwan?", ["No observers other than Taiwan"], []),
        ("members that joined in 2011 except canada and mexico", ["Austria ("], ["Canada (", "Mexico ("]),
        # comparisons with "or"
        ("slovakia or iceland - who joined first?", ["Slovakia joined first", "36th"], []),
        ("more countries joined in 2015 or in 2024?", ["2015 had more", "2015: 5", "2024: 4"], []),
        # a set found empty is worded with the set
        ("did any country that joined in 2014 ever chair?", ["none of the 3", "Japan", "Moldova"], []),
        # the objective with the most activities; what the Program's text mentions
        ("which objective has the most activities?", ["1A", "10 activities"], []),
        ("does the program of action name China or Russia anywhere?", ["No: the Program"], ["Yes"]),
        ("which objective covers self-reporting via the UPR?", ["Objective 3C"], []),
        ("which task forces are named in the program of action?", ["TFIS", "TFDE", "TFAIR"], ["TFTIO"]),
        # years given by other events; the nearest chair before a year; a pronoun referring back
        ("who was chair when the advisory network got set up", ["Germany", "2018"], []),
        ("who was chair when the americans pulled out", ["Switzerland"], []),
        ("last chair before the 2017 gap?", ["Costa Rica"], ["Netherlands"]),
        ("the country co-chairing tfde - when did it chair the foc?", ["Ghana", "2019-2020"], []),
        ("which chairs were not founding (2011) members", ["Tunisia", "Switzerland"], ["Kenya"]),
        # two questions in one: each part answered, "then" and "that year" read as the part before's year
        ("helsinki declaration - what year and who was chair then", ["2021", "Finland"], []),
        ("2017 had no chair, but was there a joint statement that year?", ["Network Disruptions"], []),
        ("how many founding members were there, and how many of them are still in?", ["15", "14"], []),
        # groups named by their own name; each with its join year; statements compared; years joined by "or"
        (
            "baltic states in the foc + when they joined",
            ["Latvia (joined 2012)", "Lithuania (joined 2014)"],
            [],
        ),
        ("which came first, tallinn agenda or helsinki declaration", ["Tallinn Agenda", "came first"], []),
        ("anyone join in 2017 or 2018?", ["No country joined in 2017 or 2018"], []),
        ("What are the priorities of the Swiss chairship this year?", ["not in my sources"], ["prioritises"]),
    ],
)
@READS
async def test_families_of_the_second_blind_set(
    reading_bot: Dialogue, question: str, wanted: list[str], unwanted: list[str]
) -> None:
    """Set difference, 'or' comparisons, empty sets named, the Program's text, events as years, pronouns."""
    text, _ = await ask(reading_bot, question)
    assert all(w in text for w in wanted), text
    assert not any(u in text for u in unwanted), text
