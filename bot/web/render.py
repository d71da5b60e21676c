"""Jinja2 rendering of the dashboard's pages, and a chat `Reply` turned into what a page shows."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, assert_never

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from handlers.core import Choices, FileAttachment, FormPart, ItemList, Reply, SurveyPrompt, Table

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def page(template: str, status: int = 200, **values: Any) -> web.Response:
    """The rendered ``template`` as an HTML answer, never cached by a shared cache."""
    body = ENV.get_template(template).render(**values)
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


@dataclass
class ReplyView:
    """A reply as a page shows it: its text, tables, lists, images (inline PNG) and files to download."""

    text: str
    ok: bool
    tables: list[Table] = field(default_factory=list)
    lists: list[ItemList] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)  # (title, data: URI)
    files: list[FileAttachment] = field(default_factory=list)


def reply_view(reply: Reply) -> ReplyView:
    view = ReplyView(reply.text.replace("*", "").replace("`", ""), reply.ok)
    for part in reply.parts:
        if isinstance(part, Table):
            view.tables.append(part)
        elif isinstance(part, ItemList):
            view.lists.append(part)
        elif isinstance(part, FileAttachment):
            if part.mimetype.startswith("image/"):
                data = base64.b64encode(part.content).decode()
                view.images.append((part.title or part.filename, f"data:{part.mimetype};base64,{data}"))
            else:
                view.files.append(part)
        elif isinstance(part, Choices | SurveyPrompt | FormPart):
            continue  # buttons and prompts belong to chat
        else:
            assert_never(part)
    return view
