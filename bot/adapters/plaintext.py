"""Renders a Reply as plain text (the console, and the plain `body` of other platforms)."""

from __future__ import annotations

import re
from typing import assert_never

from handlers.core import Choices, FileAttachment, FormPart, ItemList, Part, Reply, SurveyPrompt, Table

_BOLD = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]*\S)?)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(\S(?:[^_\n]*\S)?)_(?![\w_])")


def strip_markup(text: str) -> str:
    """``*bold*`` and ``_italic_`` markers removed; backticks kept."""
    return _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text))


def render_table(table: Table) -> str:
    widths = [len(c) for c in table.columns]
    for row in table.rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=False)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=False)).rstrip()

    lines = [line(table.columns), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in table.rows]
    if table.title:
        lines.insert(0, table.title)
    return "\n".join(lines)


def render_choices(choices: Choices) -> str:
    lines = [choices.prompt]
    lines += [f"  {i}. {option.label}" for i, option in enumerate(choices.options, 1)]
    example = choices.command.replace("{value}", choices.options[0].value if choices.options else "1")
    lines.append(f"  (answer with `{example}`)")
    return "\n".join(lines)


def render_prompt(prompt: SurveyPrompt) -> str:
    if prompt.kind == "checkin":
        return f"(`{prompt.command}` shows the questions and your answers so far.)"
    return f"(`{prompt.command}` asks the questions one at a time.)"


def render_form(form: FormPart) -> str:
    """A form where there are none: its fields with their current values, then the command to type."""
    lines = [f"{form.title}:"]
    for f in form.fields:
        now = ", ".join(f.value) if isinstance(f.value, tuple) else f.value
        choices = f" ({' | '.join(f.choices)})" if f.choices else ""
        lines.append(f"  {f.name}: {f.label}{choices}" + (f" [now: {now}]" if now else ""))
    lines.append(f"  (type `{form.typed}`)")
    return "\n".join(lines)


def render_part(part: Part, saved: dict[str, str] | None = None) -> str:
    if isinstance(part, Table):
        return render_table(part)
    if isinstance(part, ItemList):
        body = "\n".join(f"- {strip_markup(item)}" for item in part.items)
        return f"{part.title}:\n{body}" if part.title else body
    if isinstance(part, Choices):
        return render_choices(part)
    if isinstance(part, FileAttachment):
        where = (saved or {}).get(part.filename)
        size = f"{len(part.content):,} bytes"
        return f"[file {part.filename}, {size}" + (f", saved to {where}]" if where else "]")
    if isinstance(part, SurveyPrompt):
        return render_prompt(part)
    if isinstance(part, FormPart):
        return render_form(part)
    assert_never(part)


def render_text(reply: Reply, saved: dict[str, str] | None = None) -> str:
    blocks = [strip_markup(reply.text)] if reply.text else []
    blocks += [render_part(part, saved) for part in reply.parts]
    return "\n".join(blocks)
