"""The one-question-at-a-time survey dialogue of the core, in the console (a direct chat) through the
real dispatcher: `survey answer <id>` starts it, plain replies answer, known commands still run."""

from __future__ import annotations

from bot.adapters.plaintext import render_text
from handlers.core import Choices, SurveyPrompt
from tests.support.dialogue import Dialogue
from tests.support.surveys import responses, rows

SURVEY = (
    "survey import {title: Call habits, questions: ["
    "{text: 'Alternate call times?', type: single, options: [Yes, No]}, "
    "{text: 'Which channels?', type: multiple, max: 2, options: [Email, Matrix, Phone]}, "
    "{text: 'What should change?', type: text}, "
    "{text: 'How satisfied are you?', type: scale, required: false}]}"
)


async def test_the_console_asks_question_by_question_and_commands_still_run(bot: Dialogue) -> None:
    assert (await bot.say(SURVEY)).ok
    assert (await bot.say("survey open 1 to=alice")).ok
    invitation = bot.notifier.sent[-1].reply
    assert SurveyPrompt(1, "Call habits", "invitation") in invitation.parts
    assert "(`survey answer 1` asks the questions one at a time.)" in render_text(invitation)

    first = await bot.say("survey answer 1", as_="alice")
    assert "Still needed: 1, 2, 3." in first.text
    assert "question 1 of 4:* Alternate call times?\n  1. Yes\n  2. No" in first.text
    assert not any(isinstance(p, Choices) for p in first.parts)  # answered by replying, not with buttons
    assert "question 2 of 4" in (await bot.say("2", as_="alice")).text

    listed = await bot.say("survey list", as_="alice")  # a known command runs, the dialogue waits
    assert listed.data["surveys"] == [{"id": 1, "title": "Call habits", "you": "to answer"}]
    shown = render_text(listed)  # ... and asks its question again after the command's reply
    assert shown.rstrip().endswith(
        "`back` for the previous question, `cancel` to stop (your answers are kept)."
    )
    assert "Back to survey 1:" in shown and "question 2 of 4: Which channels?" in shown
    assert listed.data["survey_question"] == {"survey": 1, "question": 2}
    goal = await bot.say("goal 1", as_="alice")
    assert "question 2 of 4: Which channels?" in render_text(goal)
    tz = await bot.say("tz", as_="alice")  # a text-only reply: the question follows in the text
    assert tz.text.index("Your") < tz.text.index("question 2 of 4:* Which channels?"), tz.text
    refused = await bot.say("1, 2, 3", as_="alice")
    assert "Too many choices: 3 given, at most 2" in refused.text and not refused.ok
    assert "question 3 of 4" in (await bot.say("matrix, 1", as_="alice")).text

    # a free-text answer that starts like a command (`meeting ...`, refused as one) is the answer
    fourth = await bot.say("meeting minutes come too late", as_="alice")
    assert "question 4 of 4 (optional)" in fourth.text
    assert "I am focbot" in (await bot.say("help", as_="alice")).text  # `help` is the command
    done = await bot.say("skip", as_="alice")
    assert "your response to survey 1 is complete" in done.text

    stored = await responses(bot, 1)
    assert stored[0]["answers"] == {"1": 2, "2": [1, 2], "3": "meeting minutes come too late"}
    assert stored[0]["complete"] is True
    assert await rows(bot, "SELECT user_key FROM survey_dialogues") == []
    # the dialogue has ended: a number is a question now (issue 11), and nothing more is stored
    assert "Nothing on that" in (await bot.say("2", as_="alice")).text
    assert (await responses(bot, 1))[0]["answers"]["1"] == 2


async def test_the_dialogue_is_kept_in_the_database_and_cancel_ends_it(bot: Dialogue) -> None:
    await bot.say(SURVEY)
    await bot.say("survey open 1 to=alice,bob")
    await bot.say("survey answer 1", as_="alice")
    await bot.say("1", as_="alice")
    assert await rows(bot, "SELECT user_key, survey_id, question, visited FROM survey_dialogues") == [
        {"user_key": "console:alice", "survey_id": 1, "question": 2, "visited": "[1]"}
    ]
    assert "Nothing on that" in (await bot.say("1", as_="bob")).text  # bob has no dialogue: a question
    back = await bot.say("back", as_="alice")
    assert "question 1 of 4" in back.text and "Your answer now: Yes" in back.text
    assert "Stopped" in (await bot.say("cancel", as_="alice")).text
    assert await rows(bot, "SELECT user_key FROM survey_dialogues") == []
