"""Check-ins on Slack: the round's DM carries an "Answer" button (a check-in `SurveyPrompt`) that opens a
modal of its questions, filled with the answers given so far; a submission is `checkin answer <id>` with the
answers (and the country) as typed values, through the dispatcher: the core (`handlers.checkins.answering`)
checks and saves it, and a refusal shows beside its question.

A focal point of several countries answers for each: the modal starts with the country it answers for
(`CheckinService.form_round`), and picking another redraws the form with that country's answers
(`views.update`)."""

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
from bot.adapters.slack.modals import choice_input, errors, input_block, modal, submitted_values
from bot.adapters.slack.render import CHECKIN_ANSWER_ACTION, Block, answer_button, section, text_sections
from bot.adapters.slack.runtime import SlackRuntime
from bot.adapters.slack.surveys import (
    WAITING_SHOWN,
    answers_of,
    first_input,
    question_element,
    typed_answers,
)
from bot.adapters.slack.text import escape, shorten
from handlers.checkins.messages import definition_of, round_label
from handlers.checkins.service import CheckinService
from handlers.core import Reply
from handlers.errors import Refusal
from handlers.web.home import owed_checkins
from storage.repositories.checkins import CheckinView, RoundView

log = logging.getLogger("focbot.slack")
CALLBACK = "foc_checkin"
COUNTRY_ACTION = "foc_checkin_country"
COUNTRY = "country"  # the block of the country picker (the core's refusal field)
Ack = Callable[..., Awaitable[None]]


def checkin_modal(
    checkin: CheckinView,
    rnd: RoundView,
    answers: dict[int, Any],
    countries: list[str] | None = None,
    country: str | None = None,
) -> dict[str, Any]:
    """The round's questions with ``answers`` filled in; with two or more ``countries``, a picker of the
    one answered for (``country``) first, which redraws the form when changed."""
    definition = definition_of(checkin)
    several = bool(countries and len(countries) > 1 and country)
    label = round_label(checkin, rnd) + (f", for {country}" if several else "")
    intro = f"*{label}*\nYou can change your answers until the round closes."
    blocks: list[Block] = text_sections(shorten(intro, 2900))
    if several and countries and country:
        picker = choice_input([(c, c) for c in countries], initial=[country])
        picker["action_id"] = COUNTRY_ACTION
        block = input_block(COUNTRY, "You answer for", picker, hint="Each country has its own answers.")
        block["dispatch_action"] = True  # picking another country redraws the form with its answers
        blocks.append(block)
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
        private_metadata=json.dumps({"checkin": checkin.id} | ({"country": country} if several else {})),
    )


async def country_form(
    runtime: SlackRuntime, user_id: str, checkin_id: int, country: str | None = None
) -> dict[str, Any]:
    """The modal for ``user_id``'s open round (for ``country``, else the first of theirs); the core's
    `Refusal` when there is no such check-in, they are not asked or the round has closed."""
    found = await CheckinService(runtime.app.services).form_round(user_key(user_id), checkin_id, country)
    answers = {int(n): v for n, v in (found.row.answers or {}).items() if str(n).isdigit()}
    return checkin_modal(found.checkin, found.round, answers, found.countries, found.country)


async def open_checkin(runtime: SlackRuntime, trigger_id: str, user_id: str, checkin_id: int) -> None:
    """The modal of the round ``user_id`` is asked in; a DM saying why not when there is none open."""
    try:
        view = await country_form(runtime, user_id, checkin_id)
    except Refusal as refusal:
        await runtime.delivery.direct(user_id, refusal.reply())
        return
    try:
        await runtime.client.views_open(trigger_id=trigger_id, view=view)
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
        name: str | None,
        checkin_id: int,
        answers: dict[int, str | list[str]],
        context: dict[str, Any],
        country: str | None,
    ) -> FormOutcome:
        title = f"Check-in {checkin_id}"
        if not await runtime.guard.claim(context):
            return FormOutcome(title, close=True)
        where = runtime.direct_place(await runtime.delivery.dm_channel(user_id))
        values = typed_answers(answers) | ({"country": country} if country else {})
        # through the dispatcher, the answers as typed values: `checkin answer <id>` checks and saves them
        reply = await runtime.run_command(user_id, name, where, f"checkin answer {checkin_id}", values=values)
        if reply is None:
            return FormOutcome(title, close=True)
        data = reply.data if isinstance(reply.data, dict) else {}
        if not reply.ok:
            reasons = data.get("errors")
            if isinstance(reasons, dict) and reasons:
                return FormOutcome(title, errors={f"q{n}": str(reason) for n, reason in reasons.items()})
            if country is not None and data.get("field") in (COUNTRY, "checkin"):  # beside the picker
                return FormOutcome(title, errors={COUNTRY: reply.text})
            return FormOutcome(title, reply.text)
        missing = data.get("missing") or []
        still = f" Still needed: questions {', '.join(map(str, missing))}." if missing else ""
        done = f"Saved for {country}. Thank you!" if country else "Saved. Thank you!"
        return FormOutcome(title, f"{done}{still}")

    async def on_submit(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: dict[str, Any]
    ) -> None:
        user_id = str(body["user"]["id"])
        metadata = json.loads(view.get("private_metadata") or "{}")
        checkin_id = int(metadata.get("checkin", 0))
        answers = answers_of(view)
        if not answers:
            inputs = [b.get("block_id", "") for b in view.get("blocks", []) if b.get("type") == "input"]
            first = next((b for b in inputs if b.startswith("q")), first_input(view))
            await ack(**errors({first: "Answer at least one question."}))
            return
        picked = submitted_values(view).get(COUNTRY)
        country = picked if isinstance(picked, str) else metadata.get("country")
        await settle(
            runtime,
            ack,
            save(
                user_id,
                body["user"].get("username"),
                checkin_id,
                answers,
                dict(context),
                str(country) if country else None,
            ),
            user_id=user_id,
        )

    async def redraw(user_id: str, view: dict[str, Any], country: str) -> None:
        """The open form redrawn for ``country``, with its answers (or a DM saying why it cannot be)."""
        checkin_id = int(json.loads(view.get("private_metadata") or "{}").get("checkin", 0))
        try:
            redrawn = await country_form(runtime, user_id, checkin_id, country)
        except Refusal as refusal:
            await runtime.delivery.direct(user_id, refusal.reply())
            return
        try:
            await runtime.client.views_update(view_id=view["id"], hash=view.get("hash"), view=redrawn)
        except SlackApiError as exc:  # changed meanwhile (hash) or gone: the form stays as it was
            log.info("slack check-in form not redrawn: %s", exc.response.get("error"))

    async def on_country(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Another country picked in the form: acked, then the form is redrawn in the background."""
        await ack()
        view = body.get("view") or {}
        country = str((action.get("selected_option") or {}).get("value") or "")
        if country and view.get("id"):
            work = redraw(str(body["user"]["id"]), view, country)
            runtime.background.spawn(work, name="checkin-country", urgent=True)

    bolt.action(CHECKIN_ANSWER_ACTION)(opens_form(runtime, open_checkin, "checkin-form"))
    bolt.action(COUNTRY_ACTION)(on_country)
    bolt.view(CALLBACK)(on_submit)


async def waiting_checkins_section(runtime: SlackRuntime, user_id: str) -> list[Block]:
    """App Home: the check-in rounds this user still owes, with an Answer button: the dashboard's use case
    (`handlers.web.home.owed_checkins`, as chat reckons them); nothing when none is owed."""
    owed = await owed_checkins(runtime.app.services, user_key(user_id))
    if not owed:
        return []
    head = {"type": "header", "text": {"type": "plain_text", "text": "Check-ins waiting for your answer"}}
    rows: list[Block] = []
    for item in owed[:WAITING_SHOWN]:
        row = section(f"*{escape(item.label)}*\ncloses {item.deadline}")
        row["accessory"] = answer_button(item.checkin.id, kind="checkin")["elements"][0]
        rows.append(row)
    return [head, *rows]
