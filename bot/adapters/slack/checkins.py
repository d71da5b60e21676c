"""Check-ins on Slack: the round's DM carries an "Answer" button (a check-in `SurveyPrompt`) that opens a
modal of its questions, filled with the answers given so far; the core (`handlers.checkins.answering`)
checks and saves a submission, and a refusal shows beside its question."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.adapters.slack import limits
from bot.adapters.slack.forms import FormOutcome, opens_form, settle
from bot.adapters.slack.ids import user_key
from bot.adapters.slack.modals import errors, input_block, modal
from bot.adapters.slack.render import CHECKIN_ANSWER_ACTION, Block, text_sections
from bot.adapters.slack.runtime import SlackRuntime
from bot.adapters.slack.surveys import answers_of, first_input, question_element
from bot.adapters.slack.text import shorten
from handlers.checkins.answering import open_round_for, save_answers
from handlers.checkins.messages import definition_of, round_label
from handlers.core import Reply
from handlers.errors import Refusal
from storage.repositories.checkins import CheckinView, RoundView

log = logging.getLogger("focbot.slack")
CALLBACK = "foc_checkin"
Ack = Callable[..., Awaitable[None]]


def checkin_modal(checkin: CheckinView, rnd: RoundView, answers: dict[int, Any]) -> dict[str, Any]:
    definition = definition_of(checkin)
    intro = f"*{round_label(checkin, rnd)}*\nYou can change your answers until the round closes."
    blocks: list[Block] = text_sections(shorten(intro, 2900))
    for question in definition.questions:
        label = f"{question.number}. {question.text}" + ("" if question.required else " (optional)")
        blocks.append(
            input_block(
                f"q{question.number}",
                label,
                question_element(question, answers.get(question.number)),
                optional=True,  # answers may come in several goes; the core says what is still missing
                hint=question.kind.input_hint(question).note,
            )
        )
    return modal(
        f"Check-in {checkin.id}",
        CALLBACK,
        blocks[: limits.VIEW_BLOCKS],
        submit="Save",
        private_metadata=json.dumps({"checkin": checkin.id}),
    )


async def open_checkin(runtime: SlackRuntime, trigger_id: str, user_id: str, checkin_id: int) -> None:
    """The modal of the round ``user_id`` is asked in; a DM saying why not when there is none open."""
    try:
        checkin, rnd, row = await open_round_for(runtime.app.services, user_key(user_id), checkin_id)
    except Refusal as refusal:  # the core's refusal, as the core words it
        await runtime.delivery.direct(user_id, refusal.reply())
        return
    answers = {int(n): v for n, v in (row.answers or {}).items() if str(n).isdigit()}
    try:
        await runtime.client.views_open(trigger_id=trigger_id, view=checkin_modal(checkin, rnd, answers))
    except SlackApiError as exc:
        log.warning("slack check-in modal not opened: %s", exc.response.get("error"))
        text = (
            f'I could not open the form in time. Click again, or type `checkin answer {checkin_id} 1="..."`.'
        )
        await runtime.delivery.direct(user_id, Reply(text))


def register_checkins(bolt: AsyncApp, runtime: SlackRuntime) -> None:
    """The Answer button of a round's DM opens the modal; its submission is saved by the core."""

    async def save(
        user_id: str,
        checkin_id: int,
        answers: dict[int, str | list[str]],
        context: dict[str, Any],
        first: str,
    ) -> FormOutcome:
        title = f"Check-in {checkin_id}"
        if not await runtime.guard.claim(context):
            return FormOutcome(title, close=True)
        services = runtime.app.services
        checkin = await services.checkins.get(checkin_id)
        if checkin is None:
            return FormOutcome(title, f"There is no check-in {checkin_id}.")
        try:
            saved = await save_answers(services, user_key(user_id), checkin, answers, runtime.app.clock())
        except Refusal as refusal:
            reasons = refusal.data.get("errors")
            if isinstance(reasons, dict) and reasons:
                return FormOutcome(title, errors={f"q{n}": str(reason) for n, reason in reasons.items()})
            return FormOutcome(title, refusal.reply().text)
        still = f" Still needed: questions {', '.join(map(str, saved.missing))}." if saved.missing else ""
        return FormOutcome(title, f"Saved. Thank you!{still}")

    async def on_submit(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: dict[str, Any]
    ) -> None:
        user_id = str(body["user"]["id"])
        checkin_id = int(json.loads(view.get("private_metadata") or "{}").get("checkin", 0))
        answers = answers_of(view)
        if not answers:
            await ack(**errors({first_input(view): "Answer at least one question."}))
            return
        await settle(
            runtime,
            ack,
            save(user_id, checkin_id, answers, dict(context), first_input(view)),
            user_id=user_id,
        )

    bolt.action(CHECKIN_ANSWER_ACTION)(opens_form(runtime, open_checkin, "checkin-form"))
    bolt.view(CALLBACK)(on_submit)
