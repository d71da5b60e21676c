"""Any core form on Slack: a reply holding a `FormPart` (`activity 3B.3 set`) shows an "Open the form"
button; the click asks the core for the form again (the current values, the asker's rights) and opens a
modal of its declared fields; the submission is the form's command with the inputs as typed values
(`Command.values`), through the dispatcher, and a refusal is shown beside the field it names."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.forms import FormOutcome, problem_of, settle
from bot.adapters.slack.modals import choice_input, errors, input_block, modal, submitted_values, text_input
from bot.adapters.slack.render import FORM_ACTION, Block
from bot.adapters.slack.runtime import SlackRuntime
from handlers.core import FormField, FormPart, Reply, Value

log = logging.getLogger("focbot.slack")
CALLBACK = "foc_core_form"
Ack = Callable[..., Awaitable[None]]


def element_of(field: FormField) -> dict[str, Any]:
    """The Slack input for a field's declared kind, with its current value."""
    value = field.value
    now = ",".join(value) if isinstance(value, tuple) else value
    if field.kind == "choice" and field.choices:
        return choice_input([(c, c) for c in field.choices], initial=[now] if now else ())
    if field.kind == "date":
        element: dict[str, Any] = {"type": "datepicker", "action_id": "value"}
        if now:
            element["initial_date"] = now
        return element
    if field.kind == "time":
        element = {"type": "timepicker", "action_id": "value"}
        if now:
            element["initial_time"] = now
        return element
    return text_input(initial=now, multiline=field.kind == "long_text", placeholder=field.example or None)


def form_modal(part: FormPart) -> dict[str, Any]:
    blocks: list[Block] = [
        input_block(f.name, f.label, element_of(f), optional=not f.required, hint=f.help or None)
        for f in part.fields
    ]
    return modal(
        part.title, CALLBACK, blocks, submit="Save", private_metadata=json.dumps({"command": part.command})
    )


def typed_values(values: dict[str, Any], part_fields: list[str]) -> dict[str, Value]:
    """The inputs filled in, as the typed values of the form's command (several picks a tuple)."""
    found: dict[str, Value] = {}
    for name in part_fields:
        value = values.get(name)
        if isinstance(value, list) and value:
            found[name] = tuple(str(v) for v in value)
        elif isinstance(value, str) and value:
            found[name] = value
    return found


def form_of(reply: Reply | None) -> FormPart | None:
    return next((p for p in reply.parts if isinstance(p, FormPart)), None) if reply is not None else None


def register_core_forms(bolt: AsyncApp, runtime: SlackRuntime) -> None:
    async def open_form(trigger_id: str, user_id: str, name: str | None, command: str) -> None:
        where = runtime.direct_place(await runtime.delivery.dm_channel(user_id))
        reply = await runtime.run_command(user_id, name, where, command)  # the core's form, as of now
        part = form_of(reply)
        if part is None:
            if reply is not None:
                await runtime.delivery.direct(user_id, reply)  # the core's refusal, as it words it
            return
        try:
            await runtime.client.views_open(trigger_id=trigger_id, view=form_modal(part))
        except SlackApiError as exc:
            log.warning("slack form not opened: %s", exc.response.get("error"))
            await runtime.delivery.direct(
                user_id, Reply(f"I could not open the form in time: `{part.typed}`")
            )

    async def on_open(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        command = str(action.get("value") or "").strip()
        if command:
            user = body.get("user") or {}
            work = open_form(str(body["trigger_id"]), str(user["id"]), user.get("username"), command)
            runtime.background.spawn(work, name="core-form", urgent=True)

    async def submit(
        user_id: str,
        name: str | None,
        command: str,
        values: dict[str, Value],
        inputs: list[str],
        context: dict[str, Any],
    ) -> FormOutcome:
        title = command.split(" ", 1)[0].capitalize()
        if not await runtime.guard.claim(context):
            return FormOutcome(title, close=True)
        where = runtime.direct_place(await runtime.delivery.dm_channel(user_id))
        reply = await runtime.run_command(user_id, name, where, command, values=values)
        if reply is None:
            return FormOutcome(title, close=True)
        if not reply.ok:
            data = reply.data if isinstance(reply.data, dict) else {}
            field = str(data.get("field") or "")
            return FormOutcome(
                title, errors={field if field in values else next(iter(values)): problem_of(reply)}
            )
        runtime.refresh_home(user_id)
        return FormOutcome(title, reply.text)

    async def on_submit(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: dict[str, Any]
    ) -> None:
        user = body["user"]
        command = str(json.loads(view.get("private_metadata") or "{}").get("command") or "")
        names = [b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input"]
        values = typed_values(submitted_values(view), names)
        if not command or not values:
            await ack(**errors({names[0] if names else "value": "Fill in at least one field."}))
            return
        work = submit(str(user["id"]), user.get("username"), command, values, names, dict(context))
        await settle(runtime, ack, work, user_id=str(user["id"]))

    bolt.action(FORM_ACTION)(on_open)
    bolt.view(CALLBACK)(on_submit)
