"""Meetings on Slack: `/foc meeting new` (without options) opens a form of its declared fields; the submission
is the `meeting new` command with the fields as typed values (`Command.values`, never joined into a line and
parsed again) and the meetings core decides. Its objection is shown beside the field it is about
(`response_action: errors`). App Home lists the user's next calls in their local time."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.commands import Opener
from bot.adapters.slack.forms import FormOutcome, problem_of, settle
from bot.adapters.slack.ids import user_key
from bot.adapters.slack.modals import (
    choice_input,
    input_block,
    modal,
    submitted_values,
    text_input,
)
from bot.adapters.slack.render import Block, section
from bot.adapters.slack.runtime import SlackRuntime
from bot.adapters.slack.text import escape
from handlers.core import Reply, Status
from handlers.declare import fields
from handlers.meetings import forms
from handlers.web.home import my_calls

log = logging.getLogger("focbot.slack")
CALLBACK = "foc_meeting_new"
Ack = Callable[..., Awaitable[None]]
KINDS = (
    ("Troika call", "troika"),
    ("Diplomatic network call", "network"),
    ("Quarterly update", "quarterly"),
    ("Strategy and coordination", "strategy"),
    ("Other", "custom"),
)
RECURRENCES = (
    ("Every week", "FREQ=WEEKLY"),
    ("Every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
    ("Every 4 weeks", "FREQ=WEEKLY;INTERVAL=4"),
    ("Every month, same date", "FREQ=MONTHLY"),
    ("Every 3 months, same date", "FREQ=MONTHLY;INTERVAL=3"),
)
NEW = {f.name: f for f in fields(forms.NEW)}
"""The typed fields of `meeting new`, declared once in the core (`handlers.meetings.forms`)."""
SHOWN = ("title", "kind", "rrule", "start", "at", "tz", "participants", "place", "reminders")
"""The declared fields this form shows (the others keep their defaults)."""
FIELDS = {  # the core's option a refusal is about (`data["field"]`) -> the form's input
    "activity": "kind",
    "rotation": "at",
    **{alias: f.name for f in NEW.values() for alias in f.aliases},
}
INPUTS = (*SHOWN, "custom_rrule", "people")
"""The form's inputs: the declared fields, and two of its own (a rule typed out, people picked)."""
NEXT_CALLS = 5


def wants_form(text: str) -> bool:
    return " ".join(text.lower().split()) in {"meeting new", "meetings new"}


async def meeting_form(runtime: SlackRuntime, user_id: str, channel: str | None) -> dict[str, Any]:
    services = runtime.app.services
    await runtime.users.ensure(user_id)
    zone = (await services.zone_of(user_key(user_id))).zone
    members = [m.name for m in await services.knowledge.members() if m.is_current]
    people = {"type": "multi_users_select", "action_id": "value"}
    places: dict[str, Any] = {
        "type": "multi_conversations_select",
        "action_id": "value",
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if channel and not channel.startswith("D"):
        places["initial_conversations"] = [channel]
    blocks: list[Block] = [
        _input("title", text_input(placeholder="Troika call", max_length=200)),
        _input("kind", choice_input(KINDS, initial=["custom"])),
        _input("rrule", choice_input(RECURRENCES, initial=["FREQ=WEEKLY;INTERVAL=4"])),
        input_block(
            "custom_rrule",
            "Or your own rule (RFC 5545)",
            text_input(placeholder="FREQ=MONTHLY;BYDAY=2TU"),
            optional=True,
            hint="When given, it replaces the choice above.",
        ),
        _input("start", {"type": "datepicker", "action_id": "value"}),
        _input("at", {"type": "timepicker", "action_id": "value", "initial_time": "15:00"}),
        _input("tz", text_input(initial=zone.key, max_length=64)),
        _input(
            "participants",
            choice_input([(m, m) for m in members], multiple=True),
            optional=True,
            hint="Countries, people below, or both.",
        ),
        input_block("people", "People", people, optional=True),
        _input(
            "place",
            places,
            optional=True,
            hint="None chosen: where you typed the command.",
        ),
        _input("reminders", text_input(initial="24h,1h", max_length=60)),
    ]
    return modal(
        "New meeting", CALLBACK, blocks, submit="Create", private_metadata=json.dumps({"channel": channel})
    )


def _input(name: str, element: dict[str, Any], **kwargs: Any) -> Block:
    """The input of the declared field ``name``, labelled as the core declares it."""
    return input_block(name, NEW[name].caption, element, **kwargs)


def form_options(values: dict[str, Any]) -> dict[str, str]:
    """The core's options the form's values stand for (empty ones left out: the core says what is missing)."""
    participants = [*(values.get("participants") or []), *(f"slack:{u}" for u in values.get("people") or [])]
    found = {
        "kind": values.get("kind"),  # every key a declared option of `meeting new` (test_meeting_form)
        "rrule": values.get("custom_rrule") or values.get("rrule"),
        "start": values.get("start"),
        "at": values.get("at"),
        "tz": values.get("tz"),
        "participants": ",".join(participants),
        "place": ",".join(f"slack:{c}" for c in values.get("place") or []),
        "reminders": values.get("reminders"),
    }
    return {k: str(v) for k, v in found.items() if v}


def typed_values(values: dict[str, Any]) -> dict[str, str]:
    """The typed values of `meeting new` the form submits: its title as given (quotes and all), and the
    options the form's inputs stand for."""
    title = str(values.get("title") or "").strip()
    return ({"title": title} if title else {}) | form_options(values)


def field_of(reply: Reply, values: dict[str, Any]) -> str:
    """The form input the core's refusal is about: its `data["field"]` (an option of `meeting new`, or
    ``title``), shown beside the input standing for it; beside the title when it names none of them."""
    data = reply.data if isinstance(reply.data, dict) else {}
    option = str(data.get("field") or "title")
    if option == "rrule" and values.get("custom_rrule"):
        return "custom_rrule"
    if option == "participants" and values.get("people") and not values.get("participants"):
        return "people"
    field = FIELDS.get(option, option)
    return field if field in INPUTS else "title"


def register_meetings(bolt: AsyncApp, runtime: SlackRuntime) -> Opener:
    """Register the form's submission; returns the opener `/foc` consults first."""

    async def open_form(runtime: SlackRuntime, body: dict[str, Any]) -> bool:
        user_id = str(body["user_id"])
        if not await runtime.app.services.is_admin(user_key(user_id)):
            return False  # the core answers: only admins create meetings
        view = await meeting_form(runtime, user_id, body.get("channel_id"))
        try:
            await runtime.client.views_open(trigger_id=body["trigger_id"], view=view)
        except SlackApiError as exc:
            log.warning("slack meeting form not opened: %s", exc.response.get("error"))
            return False  # the command runs instead and answers with its usage
        return True

    async def create(
        user_id: str, name: str | None, view: dict[str, Any], context: dict[str, Any]
    ) -> FormOutcome:
        values = submitted_values(view)
        if not await runtime.guard.claim(context):
            return FormOutcome("New meeting", close=True)
        channel = json.loads(view.get("private_metadata") or "{}").get("channel")
        where = await runtime.place_of(channel, user_id)
        reply = await runtime.run_command(user_id, name, where, "meeting new", values=typed_values(values))
        if reply is None:
            return FormOutcome("New meeting", close=True)
        if reply.status is not Status.OK:
            return FormOutcome("New meeting", errors={field_of(reply, values): problem_of(reply)})
        runtime.background.spawn(runtime.post(where, reply, user_id=user_id), name="meeting-created")
        return FormOutcome("Meeting created", reply.text)

    async def on_submit(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: dict[str, Any]
    ) -> None:
        user_id = str(body["user"]["id"])
        work = create(user_id, body["user"].get("username"), view, dict(context))
        await settle(runtime, ack, work, user_id=user_id)

    bolt.view(CALLBACK)(on_submit)
    return Opener(wants=wants_form, open=open_form)


async def next_calls_section(runtime: SlackRuntime, user_id: str) -> list[Block]:
    """App Home: the user's next calls in their own zone, with their RSVP: the dashboard's use case
    (`handlers.web.home.my_calls`, which asks `calls_of` as `meeting next` does)."""
    services = runtime.app.services
    key = user_key(user_id)
    zone = await services.reader_zone(key)
    rows = await my_calls(services, runtime.app.clock, key, count=NEXT_CALLS, zone=zone)
    head = {"type": "header", "text": {"type": "plain_text", "text": "Your next calls"}}
    if not rows:
        return [head, section("No calls for you coming up. `/foc meeting next` lists every call.")]
    lines = [
        f"• *{escape(row.title)}* (#{row.series_id}) {row.start.astimezone(zone):%a %d %b %H:%M} {zone.key}"
        + (f" (you said {row.rsvp})" if row.rsvp else "")
        for row in rows
    ]
    return [head, section("\n".join(lines))]
