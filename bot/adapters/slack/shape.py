"""The shape Bolt assumes of a Slack payload, checked before Bolt sees it: a payload that is signed but
malformed (a list where Slack sends an object) gets a 400, not a 500 from inside Bolt's middleware."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.request.internals import parse_body

# Objects Bolt indexes into when present; Slack sends null for some of them (`enterprise` outside an
# Enterprise Grid), never for the others.
_OBJECTS = ("event", "view", "workflow_step", "user", "team", "container")
_NULLABLE_OBJECTS = ("channel", "message", "enterprise")


def malformed(raw: str, content_type: str) -> str | None:
    """Why Bolt would fail on this request body, or None when it has Slack's shape."""
    try:
        body: Any = parse_body(raw, content_type)
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than Python's stack
        return "the body cannot be parsed"
    if not isinstance(body, dict):
        return "the body is not an object"
    for key in _OBJECTS:
        if key in body and not isinstance(body[key], dict):
            return f"`{key}` is not an object"
    for key in _NULLABLE_OBJECTS:
        if body.get(key) is not None and not isinstance(body[key], dict):
            return f"`{key}` is not an object"
    event = body.get("event")
    if isinstance(event, dict) and "type" in event and not isinstance(event["type"], str):
        return "`event.type` is not a string"
    if isinstance(event, dict) and "workflow_step" in event and not isinstance(event["workflow_step"], dict):
        return "`event.workflow_step` is not an object"
    view = body.get("view")
    if isinstance(view, dict) and "type" in view and not isinstance(view["type"], str):
        return "`view.type` is not a string"
    actions = body.get("actions")
    well_formed = (
        isinstance(actions, list)
        and actions
        and all(isinstance(a, dict) and isinstance(a.get("action_id", a.get("name")), str) for a in actions)
    )
    if "actions" in body and body.get("type") in ("block_actions", "interactive_message") and not well_formed:
        return "`actions` is not a list of actions (objects with an action_id)"
    if "type" in body and not isinstance(body["type"], str):
        return "`type` is not a string"
    return _missing(body)


_INTERACTIONS = ("block_actions", "view_submission", "view_closed", "shortcut", "message_action")
_PEOPLE_EVENTS = {
    "message": ("user", "channel"),
    "app_mention": ("user", "channel"),
    "app_home_opened": ("user",),
}


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


_ID = re.compile(r"[A-Z0-9]{2,40}")


def _id(value: Any) -> bool:
    """A Slack id (``U0123ABC``, ``C0123``, ``D0123``): upper-case letters and digits, nothing else (a NUL
    or a space in one would reach the database as a user or place key)."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _missing(body: dict[str, Any]) -> str | None:
    """What a handler needs and the payload lacks: who sent it and where (checked here, so that no
    listener or background work fails on a payload that is signed but incomplete)."""
    if "command" in body:
        for key in ("user_id", "channel_id"):
            if not _id(body.get(key)):
                return f"the slash command has no `{key}` (a Slack id)"
    event = body.get("event")
    if body.get("type") == "event_callback" and isinstance(event, dict):
        from_a_person = not (event.get("subtype") or event.get("bot_id") or event.get("bot_profile"))
        for key in _PEOPLE_EVENTS.get(str(event.get("type")), ()) if from_a_person else ():
            if not _id(event.get(key)):
                return f"the `{event.get('type')}` event has no `{key}` (a Slack id)"
    if body.get("type") in _INTERACTIONS:
        user = body.get("user")
        if not isinstance(user, dict) or not _id(user.get("id")):
            return "the interaction has no `user.id` (a Slack id)"
    if body.get("type") in ("view_submission", "view_closed") and not isinstance(body.get("view"), dict):
        return "the view payload has no `view`"
    view = body.get("view")
    if isinstance(view, dict) and not _text(view.get("type")):
        return "`view.type` is missing"
    return None
