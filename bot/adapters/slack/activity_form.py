"""A form for admins to update an activity (status, lead, due date, a progress note), opened from App Home.

The submission becomes the core's one-line commands (`activity 3B.3 status done` ...), run as the user:
the core checks rights and values; its objection is shown beside the field (`response_action: errors`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.forms import FormOutcome, problem_of, settle
from bot.adapters.slack.modals import (
    choice_input,
    errors,
    input_block,
    modal,
    submitted_values,
    text_input,
)
from bot.adapters.slack.render import Block
from bot.adapters.slack.runtime import SlackRuntime
from bot.adapters.slack.text import shorten
from handlers.core import Reply, Status
from storage.repositories.knowledge_views import ACTIVITY_STATUSES

log = logging.getLogger("focbot.slack")
OPEN_ACTION = "foc_activity_form"
CALLBACK = "foc_activity_update"
FIELDS = ("status", "lead", "due", "note")  # the order the commands run in
TITLE = "Update an activity"
NOT_OPENED = "Slack did not let me open the form in time. Please click again."
Ack = Callable[..., Awaitable[None]]


def open_button() -> Block:
    return {
        "type": "actions",
        "block_id": "activity_form",
        "elements": [
            {
                "type": "button",
                "action_id": OPEN_ACTION,
                "text": {"type": "plain_text", "text": "Update an activity"},
                "value": "open",
            }
        ],
    }


async def activity_form(runtime: SlackRuntime, chosen: str | None = None) -> dict[str, Any]:
    activities = await runtime.app.services.knowledge.activities()
    options = [(shorten(f"{a.id} {a.text}", 75), a.id) for a in activities]
    statuses = [(s, s) for s in ACTIVITY_STATUSES]
    blocks: list[Block] = [
        input_block("activity", "Activity", choice_input(options, initial=[chosen] if chosen else ())),
        input_block("status", "Status", choice_input(statuses), optional=True),
        input_block("lead", "Lead", text_input(max_length=200), optional=True),
        input_block("due", "Due", {"type": "datepicker", "action_id": "value"}, optional=True),
        input_block("note", "Progress note", text_input(multiline=True, max_length=2000), optional=True),
    ]
    return modal("Update an activity", CALLBACK, blocks, submit="Save", private_metadata=json.dumps({}))


def quoted(value: str) -> str:
    """In double quotes, as the core reads free text (it strips them and the spaces inside); inner double
    quotes become single. A trailing backslash would escape the closing quote for the tokenizer, so a space
    goes between them (the core strips it)."""
    text = value.replace('"', "'")
    return '"' + text + (" " if text.endswith("\\") else "") + '"'


def commands_of(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, command) for every field filled in, in `FIELDS` order."""
    aid = values.get("activity")
    return [
        (name, f"activity {aid} {name} {quoted(str(values[name]))}") for name in FIELDS if values.get(name)
    ]


def register_activity_form(bolt: AsyncApp, runtime: SlackRuntime) -> None:
    async def open_form(trigger_id: str, user_id: str) -> None:
        try:
            await runtime.client.views_open(trigger_id=trigger_id, view=await activity_form(runtime))
        except SlackApiError as exc:
            log.warning("slack activity form not opened: %s", exc.response.get("error"))
            await runtime.delivery.direct(user_id, Reply.error(NOT_OPENED))

    async def on_open(ack: Ack, body: dict[str, Any]) -> None:
        await ack()
        work = open_form(str(body["trigger_id"]), str(body["user"]["id"]))
        runtime.background.spawn(work, name="activity-form", urgent=True)

    async def update(
        user_id: str, name: str | None, commands: list[tuple[str, str]], context: dict[str, Any]
    ) -> FormOutcome:
        if not await runtime.guard.claim(context):
            return FormOutcome(TITLE, close=True)
        where = runtime.direct_place(await runtime.delivery.dm_channel(user_id))
        done: list[str] = []
        for field_name, text in commands:
            reply = await runtime.run_command(user_id, name, where, text)
            if reply is None:
                continue
            if reply.status is not Status.OK:
                message = problem_of(reply)
                if done:
                    message += " (Saved before this: " + " ".join(done) + ")"
                return FormOutcome(TITLE, errors={field_name: message})
            done.append(reply.text)
        runtime.refresh_home(user_id)
        return FormOutcome("Activity updated", "\n".join(done))

    async def on_submit(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: dict[str, Any]
    ) -> None:
        user_id = str(body["user"]["id"])
        commands = commands_of(submitted_values(view))
        if not commands:
            await ack(**errors({"status": "Change at least one thing: status, lead, due date or a note."}))
            return
        work = update(user_id, body["user"].get("username"), commands, dict(context))
        await settle(runtime, ack, work, user_id=user_id)

    bolt.action(OPEN_ACTION)(on_open)
    bolt.view(CALLBACK)(on_submit)
