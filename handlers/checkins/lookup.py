"""Finding the check-in a command names."""

from __future__ import annotations

from handlers.args import parse_id
from handlers.context import Context
from handlers.errors import Refusal
from storage.repositories.checkins import CheckinView


async def checkin_arg(ctx: Context, text: str | None) -> CheckinView:
    """The check-in with id ``text``; a `Refusal` about ``checkin`` otherwise."""
    number = parse_id(text, "check-in", "checkin", listing="checkin list")
    checkin = await ctx.services.checkins.get(number)
    if checkin is None:
        raise Refusal.error(f"there is no check-in {number}; `checkin list` shows them", "checkin")
    return checkin
