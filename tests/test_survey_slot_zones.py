"""Surveys in the reader's time (issue 13 #10): slot options shown in each respondent's zone (invitation,
the one-question-at-a-time dialogue, `survey show`, the Slack form), the survey's zone stored when it
opens (the zone its deadline was given in) and the deadline shown to each reader in theirs."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.adapters.slack.surveys import survey_modal
from handlers.core import Choices, ItemList
from handlers.surveys.kinds.slots import slot_in_zone
from tests.support.dialogue import Dialogue
from tests.support.surveys import responses, rows

SURVEY = (
    "survey import {title: Call slots, questions: ["
    "{text: 'Which slots suit you?', type: slots, "
    "options: ['Tue 14:00-15:00 UTC', 'Weekdays 22:00-23:00 UTC']}, "
    "{text: 'Anything else?', type: text, required: false}]}"
)
SYDNEY = "Wed 01:00-02:00 Australia/Sydney (Tue 14:00-15:00 UTC)"
SYDNEY_WEEKDAYS = "Tue-Sat 09:00-10:00 Australia/Sydney (Weekdays 22:00-23:00 UTC)"
NEW_YORK = "Tue 09:00-10:00 America/New_York (Tue 14:00-15:00 UTC)"


@pytest.fixture(autouse=True)
def _early_january(bot: Dialogue) -> None:
    bot.clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=UTC))


async def _open(bot: Dialogue) -> None:
    await bot.say("tz Australia/Sydney", as_="alice")
    await bot.say("tz America/New_York", as_="bob")
    assert (await bot.say(SURVEY)).ok
    opened = await bot.say("survey open 1 to=alice,bob deadline=2027-01-15 tz=Europe/Zurich")
    assert opened.ok, opened.text


def _invitation_to(bot: Dialogue, who: str) -> Choices:
    [reply] = [n.reply for n in bot.notifier.sent if n.target == f"console:{who}"]
    [choices] = [p for p in reply.parts if isinstance(p, Choices)]
    return choices


async def test_invitations_show_slots_and_deadline_in_each_respondents_zone(bot: Dialogue) -> None:
    await _open(bot)
    assert [o.label for o in _invitation_to(bot, "alice").options] == [SYDNEY, SYDNEY_WEEKDAYS]
    assert [o.value for o in _invitation_to(bot, "alice").options] == ["1", "2"]  # answers stay numbers
    assert _invitation_to(bot, "bob").options[0].label == NEW_YORK
    [alice] = [n.reply for n in bot.notifier.sent if n.target == "console:alice"]
    # end of 15 January in Zurich (23:00 UTC) is Saturday morning in Sydney
    assert "Deadline: Sat 2027-01-16 10:00 AEDT." in alice.text
    stored = await rows(bot, "SELECT timezone, deadline FROM surveys WHERE id = 1")
    assert stored[0]["timezone"] == "Europe/Zurich"  # the zone the deadline was given in


async def test_the_dialogue_and_survey_show_use_the_readers_zone(bot: Dialogue) -> None:
    await _open(bot)
    first = await bot.say("survey answer 1", as_="alice")  # the console is a direct chat: the dialogue
    assert f"  1. {SYDNEY}\n  2. {SYDNEY_WEEKDAYS}" in first.text
    assert "question 2 of 2" in (await bot.say("1", as_="alice")).text
    assert (await responses(bot, 1))[0]["answers"] == {"1": [1]}  # the option, not the label, is stored
    shown = await bot.say("survey show 1", as_="bob")
    [questions] = [p for p in shown.parts if isinstance(p, ItemList)]
    assert NEW_YORK in questions.items[0]
    assert "Fri 2027-01-15 18:00 EST" in shown.text  # the deadline, converted to bob's zone
    assert shown.data["timezone"] == "Europe/Zurich" and shown.data["reader_zone"] == "America/New_York"
    assert shown.data["questions"][0]["options"] == ["Tue 14:00-15:00 UTC", "Weekdays 22:00-23:00 UTC"]
    utc = await bot.say("survey show 1", as_="carol")  # a reader in UTC sees the options as written
    [plain] = [p for p in utc.parts if isinstance(p, ItemList)]
    assert "1. Tue 14:00-15:00 UTC, 2. Weekdays 22:00-23:00 UTC" in plain.items[0]


async def test_the_surveys_zone_is_the_openers_when_no_tz_is_given(bot: Dialogue) -> None:
    await bot.say("tz Europe/Tallinn")
    assert (await bot.say(SURVEY)).ok
    assert (await bot.say("survey open 1 to=alice deadline=2027-01-15")).ok
    assert (await rows(bot, "SELECT timezone FROM surveys WHERE id = 1"))[0]["timezone"] == "Europe/Tallinn"


async def test_the_slack_form_shows_the_slots_in_the_respondents_zone(bot: Dialogue) -> None:
    await _open(bot)
    survey = await bot.app.services.surveys.find(1)
    assert survey is not None
    shown = await bot.app.services.surveys.questions_for(1, "console:alice")
    assert shown is not None
    view = survey_modal(survey, shown, {})
    element = view["blocks"][1]["element"]
    assert [o["text"]["text"] for o in element["options"]] == [SYDNEY, SYDNEY_WEEKDAYS]
    assert [o["value"] for o in element["options"]] == ["1", "2"]


def test_a_slot_reads_an_hour_apart_across_dst() -> None:
    winter, summer = datetime(2027, 1, 10, tzinfo=UTC), datetime(2027, 7, 10, tzinfo=UTC)
    zurich = ZoneInfo("Europe/Zurich")
    assert slot_in_zone("Tue 14:00-15:00 UTC", zurich, winter).startswith("Tue 15:00-16:00 Europe/Zurich")
    assert slot_in_zone("Tue 14:00-15:00 UTC", zurich, summer).startswith("Tue 16:00-17:00 Europe/Zurich")
    assert slot_in_zone("Fri 23:30-24:00 UTC", ZoneInfo("Asia/Tokyo"), winter).startswith("Sat 08:30-09:00")
    assert slot_in_zone("Tue 14:00-15:00 UTC", ZoneInfo("UTC"), winter) == "Tue 14:00-15:00 UTC"
