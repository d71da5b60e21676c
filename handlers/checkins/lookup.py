"""Finding the check-in a command names, and telling the delivery service something changed."""

from __future__ import annotations

from handlers.context import Context
from handlers.errors import Refusal
from storage.repositories.checkins import CheckinView


async def checkin_arg(ctx: Context, text: str | None) -> CheckinView:
    """The check-in with id ``text``; a `Refusal` about ``checkin`` otherwise."""
    if text is None:
        raise Refusal.usage("which check-in? Give its number (see `checkin list`)", "checkin")
    if not text.lstrip("#").isdigit() or len(text) > 9:
        raise Refusal.usage(f"`{text}` is not a check-in number (see `checkin list`)", "checkin")
    checkin = await ctx.services.checkins.get(int(text.lstrip("#")))
    if checkin is None:
        raise Refusal.error(f"there is no check-in {text}; `checkin list` shows them", "checkin")
    return checkin


async def notify_changed(ctx: Context) -> None:
    """Re-arm the delivery timer (and do what is due now) after a command changed a check-in."""
    for listener in ctx.services.checkin_listeners:
        await listener()
