"""Helpers for survey tests: read the stored rows, open a survey in one line, check PNG files."""

from __future__ import annotations

import json
import struct
from typing import Any

from sqlalchemy import text

from handlers.core import Reply
from tests.support.dialogue import Dialogue

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def rows(bot: Dialogue, sql: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of a raw SQL query on the bot's own database, as dicts."""
    async with bot.app.db.engine.connect() as conn:
        result = await conn.execute(text(sql), params)
        return [dict(row._mapping) for row in result]


async def responses(bot: Dialogue, survey_id: int) -> list[dict[str, Any]]:
    """The stored responses of a survey (answers decoded), sorted by respondent key."""
    found = await rows(
        bot,
        "SELECT respondent_key, answers, complete, updated_at FROM survey_responses WHERE survey_id = :s",
        s=survey_id,
    )
    for row in found:
        if isinstance(row["answers"], str):
            row["answers"] = json.loads(row["answers"])
        row["complete"] = bool(row["complete"])
    return sorted(found, key=lambda r: r["respondent_key"])


async def new_survey(bot: Dialogue, template: str = "support-unit") -> int:
    reply = await bot.say(f"survey new {template}")
    assert reply.ok, reply.text
    return int(reply.data["survey"])


async def open_survey(bot: Dialogue, options: str, template: str = "support-unit") -> int:
    survey_id = await new_survey(bot, template)
    reply = await bot.say(f"survey open {survey_id} {options}")
    assert reply.ok, reply.text
    return survey_id


def png_size(content: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk; fails unless ``content`` starts like a PNG file."""
    assert content[:8] == PNG_SIGNATURE
    assert content[12:16] == b"IHDR"
    width, height = struct.unpack(">II", content[16:24])
    return width, height


def invitations(bot: Dialogue, kind: str = "survey_invitation") -> list[str]:
    return [
        n.target
        for n in bot.notifier.sent
        if isinstance(n.reply.data, dict) and n.reply.data.get("kind") == kind
    ]


def answered(reply: Reply) -> dict[str, Any]:
    assert reply.ok, reply.text
    return dict(reply.data["answers"])


# A complete, valid set of answers to the support-unit template (required questions and two optional ones).
FULL_ANSWERS = '1=1,2 2="Quick replies" 3=3 5=1,4 6=2 7=4 8=Both 9=5 10=1 11=1,3,7 12=2 13=1 14=4'
