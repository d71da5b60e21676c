"""Reply -> Block Kit messages within Slack's limits: long replies are split, very long ones become a file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, assert_never

from bot.adapters.plaintext import render_form, render_table, render_text
from bot.adapters.slack import limits
from bot.adapters.slack.text import chunks, escape, plain, shorten
from handlers.core import Choices, FileAttachment, FormPart, ItemList, Part, Reply, SurveyPrompt, Table

Block = dict[str, Any]
Decoration = Callable[[Reply], list[Block]]
"""Blocks a feature adds to some replies on Slack (an "Answer" button under a survey invitation)."""
CHOICE_ACTION = "foc_choice"
"""action_id prefix of the buttons and menus that answer a `Choices` part."""
ANSWER_ACTION = "foc_survey_answer"
"""action_id of the button that opens a survey's form (a `SurveyPrompt` part)."""
CHECKIN_ANSWER_ACTION = "foc_checkin_answer"
FORM_ACTION = "foc_form_open"
"""The button under a `FormPart`: its value is the form's command, which opens it as a modal
(`bot.adapters.slack.core_forms`)."""
"""action_id of the button that opens a check-in round's form (a check-in `SurveyPrompt`)."""


@dataclass(frozen=True)
class SlackMessage:
    """One chat.postMessage / response_url payload: the notification text and its blocks."""

    text: str
    blocks: list[Block]

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


@dataclass(frozen=True)
class Rendered:
    messages: list[SlackMessage]
    files: list[FileAttachment] = field(default_factory=list)


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def text_sections(text: str, limit: int = limits.SECTION_TEXT) -> list[Block]:
    return [section(piece) for piece in chunks(escape(text), limit)]


def mention_line(user_keys: tuple[str, ...]) -> str:
    ids = [key.split(":", 1)[1] for key in user_keys if key.startswith("slack:")]
    return " ".join(f"<@{uid}>" for uid in ids)


def table_blocks(table: Table) -> list[Block]:
    """A two-column table of at most ten rows as section fields, anything else as code blocks."""
    blocks: list[Block] = []
    if len(table.columns) == 2 and 0 < len(table.rows) <= limits.SECTION_FIELDS:
        fields = [
            {
                "type": "mrkdwn",
                "text": shorten(f"*{escape(row[0])}*\n{escape(row[1])}", limits.FIELD_TEXT),
            }
            for row in table.rows
        ]
        head = f"*{escape(table.title)}*" if table.title else " · ".join(escape(c) for c in table.columns)
        return [{"type": "section", "text": {"type": "mrkdwn", "text": head}, "fields": fields}]
    if table.title:
        blocks += text_sections(f"*{table.title}*")
    body = render_table(Table(table.columns, table.rows))
    fence = "```"
    for piece in chunks(escape(body), limits.SECTION_TEXT - 2 * len(fence) - 2):
        blocks.append(section(f"{fence}\n{piece}\n{fence}"))
    return blocks


def list_blocks(items: ItemList) -> list[Block]:
    lines = ([f"*{items.title}*"] if items.title else []) + [f"• {item}" for item in items.items]
    return text_sections("\n".join(lines))


def _option(label: str, value: str) -> dict[str, Any]:
    return {
        "text": {"type": "plain_text", "text": plain(label, limits.OPTION_TEXT) or "-"},
        "value": value[: limits.OPTION_VALUE],
    }


def choices_blocks(choices: Choices, index: int) -> list[Block]:
    """Buttons for up to five single choices; menus (100 options each) otherwise. The command to run is
    in the button value, or in the block_id for menus; when it does not fit, the typed command is shown."""
    blocks = text_sections(choices.prompt)
    template = choices.command
    few = not choices.multiple and len(choices.options) <= 5
    commands = [template.replace("{value}", o.value) for o in choices.options]
    if few and all(len(c) <= limits.BUTTON_VALUE for c in commands):
        buttons = [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": plain(o.label, limits.BUTTON_TEXT) or "-"},
                "action_id": f"{CHOICE_ACTION}:{index}:{i}",
                "value": command,
            }
            for i, (o, command) in enumerate(zip(choices.options, commands, strict=True))
        ]
        return [*blocks, {"type": "actions", "block_id": f"choices:{index}", "elements": buttons}]
    block_id = f"{index}|{template}"
    if len(block_id) > limits.BLOCK_ID - 4 or any(
        len(o.value) > limits.OPTION_VALUE for o in choices.options
    ):
        example = escape(commands[0] if commands else template)
        return [*blocks, section(f"Answer with `{example}`")]
    menus: list[Block] = []
    options = list(choices.options)
    for start in range(0, len(options), limits.SELECT_OPTIONS):
        menu: dict[str, Any] = {
            "type": "multi_static_select" if choices.multiple else "static_select",
            "action_id": f"{CHOICE_ACTION}:{index}:{start}",
            "placeholder": {"type": "plain_text", "text": "Choose…"},
            "options": [_option(o.label, o.value) for o in options[start : start + limits.SELECT_OPTIONS]],
        }
        if choices.multiple and choices.max_selected:
            menu["max_selected_items"] = choices.max_selected
        menus.append(
            {
                "type": "actions",
                "block_id": f"{start // limits.SELECT_OPTIONS}|{template}"[:255],
                "elements": [menu],
            }
        )
    return [*blocks, *menus]


def answer_button(survey_id: int, label: str = "Answer", kind: str = "survey") -> Block:
    """The button that opens a survey's form (`bot.adapters.slack.surveys`), or with ``kind`` "checkin" a
    check-in round's (`bot.adapters.slack.checkins`, its own action); the value is the id."""
    return {
        "type": "actions",
        "block_id": f"{kind}:{survey_id}",
        "elements": [
            {
                "type": "button",
                "style": "primary",
                "action_id": ANSWER_ACTION if kind == "survey" else CHECKIN_ANSWER_ACTION,
                "text": {"type": "plain_text", "text": label},
                "value": str(survey_id),
            }
        ],
    }


def form_button(part: FormPart) -> Block:
    """The button that opens a core form as a modal (`bot.adapters.slack.core_forms`)."""
    button = {
        "type": "button",
        "action_id": FORM_ACTION,
        "text": {"type": "plain_text", "text": "Open the form"},
        "value": part.command[:2000],
    }
    return {"type": "actions", "block_id": "core_form", "elements": [button]}


def part_blocks(part: Part, index: int) -> list[Block]:
    """The blocks of one part; files are uploaded apart (`Rendered.files`), so they have none here."""
    if isinstance(part, Table):
        return table_blocks(part)
    if isinstance(part, ItemList):
        return list_blocks(part)
    if isinstance(part, Choices):
        return choices_blocks(part, index)
    if isinstance(part, SurveyPrompt):
        return []  # its Answer button goes last, under everything else (`prompt_blocks`)
    if isinstance(part, FormPart):
        return [*text_sections(render_form(part)), form_button(part)]
    if isinstance(part, FileAttachment):
        return []
    assert_never(part)


def prompt_blocks(reply: Reply) -> list[Block]:
    """An Answer button under a survey invitation or reminder."""
    prompt = reply.survey_prompt()
    return [answer_button(prompt.survey_id, kind=prompt.kind)] if prompt is not None else []


def inline_mentions(reply: Reply) -> tuple[str, tuple[str, ...]]:
    """The escaped text with the mentions it names (``<@U1>``, one of ``reply.mentions``) made real
    again, and the mentions left to put before it."""
    text, rest = escape(reply.text), []
    for key in reply.mentions:
        written = f"<@{key.removeprefix('slack:')}>"
        if key.startswith("slack:") and escape(written) in text:
            text = text.replace(escape(written), written)
        else:
            rest.append(key)
    return text, tuple(rest)


def reply_blocks(reply: Reply) -> list[Block]:
    blocks: list[Block] = []
    text, mentions = inline_mentions(reply)
    lead = " ".join(filter(None, [mention_line(mentions), text]))
    if lead:
        blocks += [section(piece) for piece in chunks(lead, limits.SECTION_TEXT)]
    for index, part in enumerate(reply.parts):
        blocks += part_blocks(part, index)
    return blocks


def _size(block: Block) -> int:
    text = block.get("text") or {}
    fields = block.get("fields") or []
    return len(text.get("text", "")) + sum(len(f.get("text", "")) for f in fields)


def split_blocks(
    blocks: list[Block], size: int = limits.MESSAGE_BLOCKS, chars: int = limits.MESSAGE_CHARS
) -> list[list[Block]]:
    """Blocks packed into messages of at most ``size`` blocks and about ``chars`` characters."""
    groups: list[list[Block]] = [[]]
    used = 0
    for block in blocks:
        cost = _size(block)
        if groups[-1] and (len(groups[-1]) >= size or used + cost > chars):
            groups.append([])
            used = 0
        groups[-1].append(block)
        used += cost
    return groups


def render_reply(
    reply: Reply, max_messages: int = limits.MESSAGES_PER_REPLY, extra: Sequence[Block] = ()
) -> Rendered:
    """The messages and files for ``reply`` (``extra`` blocks, such as an Answer button, at the end).
    Beyond ``max_messages`` the full text goes in a file."""
    files = list(reply.files())
    groups = split_blocks(reply_blocks(reply) + list(extra) + prompt_blocks(reply))
    fallback = plain(reply.text or render_text(reply), limits.FALLBACK_TEXT) or " "
    if len(groups) > max_messages:
        summary = shorten(reply.text, limits.SECTION_TEXT - 80) if reply.text else "The answer is long."
        head = text_sections(summary + "\n_The full answer is in the attached file._")
        choices = [
            b for i, p in enumerate(reply.parts) if isinstance(p, Choices) for b in choices_blocks(p, i)
        ]
        full = FileAttachment("reply.txt", render_text(reply).encode(), "text/plain", title="Full answer")
        groups = split_blocks(head + choices + prompt_blocks(reply))[:max_messages]
        files.insert(0, full)
    groups = [group for group in groups if group]
    messages = [
        SlackMessage(fallback if n == 0 else plain(f"(continued {n + 1}/{len(groups)})", 100), group)
        for n, group in enumerate(groups)
    ]
    if not messages and not files:
        messages = [SlackMessage(fallback, [section("(no answer)")])]
    return Rendered(messages, files)
