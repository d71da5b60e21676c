"""A form for admins to update an activity (status, lead, due date, a progress note), opened from App Home.

Its inputs are the declared options of `activity <id> set` (`knowledge.program.ACTIVITY_SET`); the submission
is that one command with the inputs as typed values, run as the user through the dispatcher: the core checks
rights and every value, then saves all of them in one transaction or nothing, and its refusal is shown beside
the field it names (`response_action: errors`).
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
from handlers.declare import fields
from handlers.knowledge.program import ACTIVITY_SET

log = logging.getLogger("focbot.slack")
OPEN_ACTION = "foc_activity_form"
CALLBACK = "foc_activity_update"
SET = {f.name: f for f in fields(ACTIVITY_SET)}
"""The typed fields of `activity <id> set`, declared once in the core."""
FIELDS = tuple(SET)
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
    statuses = [(s, s) for s in SET["status"].choices]
    blocks: list[Block] = [
        input_block("activity", "Activity", choice_input(options, initial=[chosen] if chosen else ())),
        _input("status", choice_input(statuses)),
        _input("lead", text_input(max_length=200)),
        _input("due", {"type": "datepicker", "action_id": "value"}),
        _input("note", text_input(multiline=True, max_length=2000)),
    ]
    return modal("Update an activity", CALLBACK, blocks, submit="Save", private_metadata=json.dumps({}))


def _input(name: str, element: dict[str, Any]) -> Block:
    """The input of the declared field ``name``, labelled as the core declares it."""
    return input_block(name, SET[name].caption, element, optional=True)


def changes_of(values: dict[str, Any]) -> dict[str, str]:
    """The fields filled in (field name -> value, as typed): the typed values of `activity <id> set`."""
    return {name: str(values[name]) for name in FIELDS if values.get(name)}


def field_of(reply: Reply, changes: dict[str, str]) -> str:
    """The input the core's refusal is about (`data["field"]`): a field of the form, else (a refusal of
    the whole change, such as an admin's right) the first one changed."""
    data = reply.data if isinstance(reply.data, dict) else {}
    field = str(data.get("field") or "")
    if field in FIELDS or field == "activity":
        return field
    return next(iter(changes), "status")


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
        user_id: str, name: str | None, activity: str, changes: dict[str, str], context: dict[str, Any]
    ) -> FormOutcome:
        if not await runtime.guard.claim(context):
            return FormOutcome(TITLE, close=True)
        where = runtime.direct_place(await runtime.delivery.dm_channel(user_id))
        # one command, one transaction: the words name the activity, the fields go as typed values
        reply = await runtime.run_command(user_id, name, where, f"activity {activity} set", values=changes)
        if reply is None:
            return FormOutcome(TITLE, close=True)
        if reply.status is not Status.OK:
            return FormOutcome(TITLE, errors={field_of(reply, changes): problem_of(reply)})
        runtime.refresh_home(user_id)
        return FormOutcome("Activity updated", reply.text)

    async def on_submit(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: dict[str, Any]
    ) -> None:
        user_id = str(body["user"]["id"])
        values = submitted_values(view)
        changes = changes_of(values)
        if not changes:
            await ack(**errors({"status": "Change at least one thing: status, lead, due date or a note."}))
            return
        activity = str(values.get("activity") or "")
        work = update(user_id, body["user"].get("username"), activity, changes, dict(context))
        await settle(runtime, ack, work, user_id=user_id)

    bolt.action(OPEN_ACTION)(on_open)
    bolt.view(CALLBACK)(on_submit)
