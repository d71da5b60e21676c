"""Modal building blocks: inputs, the modal view, reading a submission, and errors shown in the form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.adapters.slack import limits
from bot.adapters.slack.render import Block, section
from bot.adapters.slack.text import escape, plain, shorten

Option = tuple[str, str]  # (label, value)
PICKED = {
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "users_select": "selected_user",
    "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation",
    "multi_conversations_select": "selected_conversations",
}


def _text(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": plain(text, limit) or "-"}


def option(label: str, value: str) -> dict[str, Any]:
    return {"text": _text(label, limits.OPTION_TEXT), "value": value[: limits.OPTION_VALUE]}


def text_input(
    *,
    initial: str | None = None,
    multiline: bool = False,
    placeholder: str | None = None,
    max_length: int | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = _text(placeholder, 150)
    if max_length:
        element["max_length"] = max_length
    return element


def choice_input(
    options: Sequence[Option],
    *,
    multiple: bool = False,
    max_selected: int | None = None,
    initial: Sequence[str] = (),
) -> dict[str, Any]:
    """Radio buttons or checkboxes for up to 10 options, a (multi) select menu beyond."""
    opts = [option(label, value) for label, value in options][: limits.SELECT_OPTIONS]
    chosen = [o for o in opts if o["value"] in set(initial)]
    few = len(opts) <= limits.CHECKBOX_OPTIONS
    if multiple:
        kind = "checkboxes" if few and not max_selected else "multi_static_select"
    else:
        kind = "radio_buttons" if few else "static_select"
    element: dict[str, Any] = {"type": kind, "action_id": "value", "options": opts}
    if kind in {"static_select", "multi_static_select"}:
        element["placeholder"] = _text("Choose…", 150)
    if kind == "multi_static_select" and max_selected:
        element["max_selected_items"] = max_selected
    if chosen and multiple:
        element["initial_options"] = chosen
    elif chosen:
        element["initial_option"] = chosen[0]
    return element


def input_block(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False, hint: str | None = None
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": _text(label, limits.INPUT_LABEL),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = _text(hint, limits.INPUT_LABEL)
    return block


def modal(
    title: str, callback_id: str, blocks: list[Block], *, submit: str = "Submit", private_metadata: str = ""
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": _text(title, limits.VIEW_TITLE),
        "submit": _text(submit, limits.VIEW_TITLE),
        "close": _text("Cancel", limits.VIEW_TITLE),
        "private_metadata": private_metadata[: limits.PRIVATE_METADATA],
        "blocks": blocks[: limits.VIEW_BLOCKS],
    }


def notice(title: str, text: str) -> dict[str, Any]:
    """A modal that only says something (the answer to a submission), with a Close button."""
    return {
        "type": "modal",
        "title": _text(title, limits.VIEW_TITLE),
        "close": _text("Close", limits.VIEW_TITLE),
        "blocks": [section(shorten(escape(text), limits.SECTION_TEXT))],
    }


def submitted_values(view: Mapping[str, Any]) -> dict[str, str | list[str] | None]:
    """block_id -> the value entered: text, the chosen option's value, or a list for multiple choices."""
    values: dict[str, str | list[str] | None] = {}
    for block_id, actions in (view.get("state") or {}).get("values", {}).items():
        element: dict[str, Any] = actions.get("value") or next(iter(actions.values()), {})
        kind = element.get("type")
        if kind in {"checkboxes", "multi_static_select"}:
            values[block_id] = [o["value"] for o in element.get("selected_options") or []]
        elif kind in {"radio_buttons", "static_select"}:
            selected = element.get("selected_option")
            values[block_id] = selected["value"] if selected else None
        elif kind in PICKED:
            values[block_id] = element.get(PICKED[kind])
        else:
            text = element.get("value")
            values[block_id] = text.strip() if isinstance(text, str) and text.strip() else None
    return values


def errors(by_block: Mapping[str, str]) -> dict[str, Any]:
    """The ack arguments that show ``by_block`` messages under their inputs (``response_action: errors``):
    ``await ack(**errors({...}))``."""
    return {"response_action": "errors", "errors": {k: shorten(v, 300) for k, v in by_block.items()}}
