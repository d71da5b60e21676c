"""A Reply as Matrix message content: an ``m.notice`` with a plain ``body`` and an HTML ``formatted_body``."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import Any, assert_never

from bot.adapters.matrix.reactions import hint
from bot.adapters.plaintext import render_form, render_prompt, render_text
from handlers.core import Choices, FileAttachment, FormPart, ItemList, Part, Reply, SurveyPrompt, Table

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]*\S)?)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(\S(?:[^_\n]*\S)?)_(?![\w_])")


def inline_html(text: str) -> str:
    """Escaped text with ``*bold*``, ``_italic_`` and `` `code` `` as HTML, line breaks as ``<br>``."""
    out = html.escape(text, quote=False)
    out = _CODE.sub(r"<code>\1</code>", out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    out = _ITALIC.sub(r"<em>\1</em>", out)
    return out.replace("\n", "<br>")


def table_html(table: Table) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{inline_html(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    caption = f"<caption>{html.escape(table.title)}</caption>" if table.title else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def list_html(items: ItemList) -> str:
    title = f"<p><strong>{html.escape(items.title)}</strong></p>" if items.title else ""
    return title + "<ul>" + "".join(f"<li>{inline_html(i)}</li>" for i in items.items) + "</ul>"


def choices_html(choices: Choices) -> str:
    options = "".join(f"<li>{html.escape(o.label)}</li>" for o in choices.options)
    example = choices.command.replace("{value}", choices.options[0].value if choices.options else "1")
    return (
        f"<p>{inline_html(choices.prompt)}</p><ol>{options}</ol>"
        f"<p>(answer with <code>{html.escape(example)}</code>)</p>"
    )


def part_html(part: Part) -> str:
    if isinstance(part, Table):
        return table_html(part)
    if isinstance(part, ItemList):
        return list_html(part)
    if isinstance(part, Choices):
        return choices_html(part)
    if isinstance(part, SurveyPrompt):
        return f"<p>{inline_html(render_prompt(part))}</p>"
    if isinstance(part, FormPart):
        return f"<pre>{html.escape(render_form(part))}</pre>"
    if isinstance(part, FileAttachment):
        return ""  # uploaded as an m.image / m.file event of its own (`file_content`)
    assert_never(part)


def without_files(reply: Reply) -> Reply:
    return replace(reply, parts=tuple(p for p in reply.parts if not isinstance(p, FileAttachment)))


def mention_ids(reply: Reply) -> list[str]:
    """Matrix user ids of ``reply.mentions`` (given as ``matrix:@u:server`` keys or bare ``@u:server``)."""
    ids: list[str] = []
    for key in reply.mentions:
        user = key.removeprefix("matrix:")
        if user.startswith("@") and ":" in user and user not in ids:
            ids.append(user)
    return ids


def pill(user_id: str) -> str:
    """A mention link (clients show it as a pill)."""
    return f'<a href="https://matrix.to/#/{html.escape(user_id)}">{html.escape(user_id)}</a>'


def render(reply: Reply, *, in_reply_to: str | None = None, msgtype: str = "m.notice") -> dict[str, Any]:
    """The content of the message event for ``reply`` (files go separately, see `file_content`)."""
    text_reply = without_files(reply)
    body = render_text(text_reply)
    blocks = [f"<p>{inline_html(reply.text)}</p>"] if reply.text else []
    blocks += [part_html(p) for p in text_reply.parts]
    react = hint(reply)  # a message that offers actions on a reaction says which (`reactions`)
    if react:
        body += "\n" + react
        blocks.append(f"<p>{html.escape(react)}</p>")
    mentions = mention_ids(reply)
    if mentions:
        pills = ", ".join(pill(u) for u in mentions)
        blocks.insert(0, f"<p>{pills}</p>")
        body = ", ".join(mentions) + "\n" + body
    content: dict[str, Any] = {
        "msgtype": msgtype,
        "body": body or " ",
        "format": "org.matrix.custom.html",
        "formatted_body": "".join(blocks) or html.escape(body),
        "m.mentions": {"user_ids": mentions} if mentions else {},
    }
    if in_reply_to:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": in_reply_to}}
    return content


def file_content(
    attachment: FileAttachment, url: str | None, encrypted_file: dict[str, Any] | None
) -> dict[str, Any]:
    """An ``m.image`` (images) or ``m.file`` event for an uploaded attachment."""
    image = attachment.mimetype.startswith("image/")
    content: dict[str, Any] = {
        "msgtype": "m.image" if image else "m.file",
        "body": attachment.title or attachment.filename,
        "filename": attachment.filename,
        "info": {"mimetype": attachment.mimetype, "size": len(attachment.content)},
    }
    if encrypted_file is not None:
        content["file"] = encrypted_file
    else:
        content["url"] = url
    return content
