"""Surveys on Slack: an "Answer" button under invitations and reminders opens a modal built from the survey's
questions; the submission is `survey answer <id>` with the answers as typed values, through the dispatcher:
the survey core checks it (errors appear beside their questions) and saves it."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, assert_never

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.adapters.slack import limits
from bot.adapters.slack.forms import FormOutcome, opens_form, problem_of, settle
from bot.adapters.slack.ids import user_key
from bot.adapters.slack.modals import (
    choice_input,
    errors,
    input_block,
    modal,
    submitted_values,
    text_input,
)
from bot.adapters.slack.render import ANSWER_ACTION, Block, answer_button, section, text_sections
from bot.adapters.slack.runtime import SlackRuntime
from bot.adapters.slack.text import escape, shorten
from handlers.core import Reply, Value
from handlers.errors import Refusal
from handlers.surveys.definitions import Question, SurveyDefinition
from handlers.web.home import owed_surveys
from storage.repositories.survey_view import SurveyView

log = logging.getLogger("focbot.slack")
CALLBACK = "foc_survey"
Ack = Callable[..., Awaitable[None]]


def question_element(question: Question, given: Any) -> dict[str, Any]:
    """The modal input the question's kind asks for, with the answer given so far."""
    hint = question.kind.input_hint(question)
    if hint.widget == "text":
        return text_input(
            initial=given if isinstance(given, str) else None, multiline=True, max_length=hint.max_length
        )
    options = [(o.label, o.value) for o in hint.options]
    initial = [str(v) for v in given] if isinstance(given, list) else [] if given is None else [str(given)]
    if hint.widget == "checkboxes":
        return choice_input(options, multiple=True, max_selected=hint.max_selected, initial=initial)
    if hint.widget == "radio" or hint.widget == "select":
        return choice_input(options, initial=initial)
    assert_never(hint.widget)


def survey_modal(survey: SurveyView, definition: SurveyDefinition, answers: dict[int, Any]) -> dict[str, Any]:
    privacy = "Anonymous." if survey.anonymous else "Not anonymous: your name is kept with your answers."
    intro = (
        f"*{survey.title}*\n{definition.description}\n_{privacy}_ "
        "You can change your answers until the survey closes."
    )
    blocks: list[Block] = text_sections(shorten(intro, 2900))
    for question in definition.questions:
        hint = question.kind.input_hint(question).note
        label = f"{question.number}. {question.text}" + ("" if question.required else " (optional)")
        blocks.append(
            input_block(
                f"q{question.number}",
                label,
                question_element(question, answers.get(question.number)),
                optional=True,  # answers may come in several goes; the core says what is still missing
                hint=hint,
            )
        )
    metadata = json.dumps({"survey": survey.id})
    return modal(
        f"Survey {survey.id}",
        CALLBACK,
        blocks[: limits.VIEW_BLOCKS],
        submit="Save",
        private_metadata=metadata,
    )


async def open_survey(runtime: SlackRuntime, trigger_id: str, user_id: str, survey_id: int) -> None:
    services = runtime.app.services
    try:
        # the questions as this person reads them: slot options in their zone
        survey, definition = await services.surveys.answerable(survey_id, user_key(user_id))
    except Refusal as refusal:  # the core's refusal, as the core words it
        await runtime.delivery.direct(user_id, refusal.reply())
        return
    progress = await services.surveys.progress(survey_id, user_key(user_id), runtime.app.clock())
    answers = dict(progress.answers) if progress else {}
    try:
        await runtime.client.views_open(trigger_id=trigger_id, view=survey_modal(survey, definition, answers))
    except SlackApiError as exc:
        log.warning("slack survey modal not opened: %s", exc.response.get("error"))
        text = f"I could not open the form in time. Click again, or type `survey answer {survey_id}`."
        await runtime.delivery.direct(user_id, Reply(text))


def answers_of(view: dict[str, Any]) -> dict[int, str | list[str]]:
    found: dict[int, str | list[str]] = {}
    for block_id, value in submitted_values(view).items():
        if block_id.startswith("q") and block_id[1:].isdigit() and value not in (None, []):
            found[int(block_id[1:])] = value
    return found


def typed_answers(answers: dict[int, str | list[str]]) -> dict[str, Value]:
    """A form's answers as the typed values of `survey answer` / `checkin answer` (question number ->
    value, several picks as a tuple)."""
    return {str(n): tuple(v) if isinstance(v, list) else v for n, v in answers.items()}


def first_input(view: dict[str, Any]) -> str:
    return next((b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input"), "q1")


def register_surveys(bolt: AsyncApp, runtime: SlackRuntime) -> None:
    async def save(
        user_id: str,
        name: str | None,
        survey_id: int,
        answers: dict[int, str | list[str]],
        context: dict[str, Any],
        first: str,
    ) -> FormOutcome:
        title = f"Survey {survey_id}"
        if not await runtime.guard.claim(context):
            return FormOutcome(title, close=True)
        where = runtime.direct_place(await runtime.delivery.dm_channel(user_id))
        # through the dispatcher, the answers as typed values: `survey answer <id>` checks and saves them
        reply = await runtime.run_command(
            user_id, name, where, f"survey answer {survey_id}", values=typed_answers(answers)
        )
        if reply is None:
            return FormOutcome(title, close=True)
        data = reply.data if isinstance(reply.data, dict) else {}
        if not reply.ok:  # the core's typed refusal: per question (`data["errors"]`), or the survey's
            if data.get("field") == "answers":
                by_block = {f"q{n}": str(reason) for n, reason in (data.get("errors") or {}).items()}
                return FormOutcome(title, errors=by_block or {first: problem_of(reply)})
            return FormOutcome(title, problem_of(reply))
        missing = data.get("missing_required") or []
        text = "Saved. Thank you!" + (
            f" Still needed: questions {', '.join(map(str, missing))}." if missing else ""
        )
        runtime.refresh_home(user_id)
        return FormOutcome(title, text)

    async def on_submit(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: dict[str, Any]
    ) -> None:
        user_id = str(body["user"]["id"])
        survey_id = int(json.loads(view.get("private_metadata") or "{}").get("survey", 0))
        answers = answers_of(view)
        if not answers:
            await ack(**errors({first_input(view): "Answer at least one question."}))
            return
        name = body["user"].get("username")
        work = save(user_id, name, survey_id, answers, dict(context), first_input(view))
        await settle(runtime, ack, work, user_id=user_id)

    bolt.action(ANSWER_ACTION)(opens_form(runtime, open_survey, "survey-form"))
    bolt.view(CALLBACK)(on_submit)


WAITING_SHOWN = 10


async def waiting_surveys_section(runtime: SlackRuntime, user_id: str) -> list[Block]:
    """App Home: the open surveys this user is asked and has not completed, with an Answer button: the
    dashboard's use case (`handlers.web.home.owed_surveys`), deadlines in their zone."""
    services = runtime.app.services
    key = user_key(user_id)
    owed = await owed_surveys(services, runtime.app.clock, key, await services.reader_zone(key))
    rows: list[Block] = []
    for survey in owed:
        row = section(f"*{escape(survey.title)}*\nSurvey {survey.id}, closes {survey.deadline}")
        row["accessory"] = answer_button(survey.id)["elements"][0]
        rows.append(row)
    head = {"type": "header", "text": {"type": "plain_text", "text": "Surveys waiting for your answer"}}
    if not rows:
        return [head, section("No survey is waiting for you.")]
    more = len(rows) - WAITING_SHOWN
    tail = [section(f"_{more} more: `/foc survey list`._")] if more > 0 else []
    return [head, *rows[:WAITING_SHOWN], *tail]
