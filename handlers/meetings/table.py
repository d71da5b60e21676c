"""The `meeting` command: its subcommand table and usage."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers.args import Args
from handlers.context import Context
from handlers.core import Reply
from handlers.errors import Refusal
from handlers.meetings.changes import cancel_command, move_command, skip_command
from handlers.meetings.commands import NEW_EXAMPLE, NEW_USAGE, list_command, next_command
from handlers.meetings.confirm import CONFIRM_USAGE, confirm_command, new_or_propose
from handlers.meetings.edit import EDIT_USAGE, edit_command
from handlers.meetings.plan import plan_command
from handlers.meetings.rsvp import ics_with_rsvp, rsvp_command, show_with_rsvps
from handlers.meetings.worded import PHRASE_USAGE
from handlers.registry import CommandSpec, admin_when_word

Sub = Callable[[Context, Args], Awaitable[Reply]]


SUBCOMMANDS: dict[str, Sub] = {
    "new": new_or_propose,
    "confirm": confirm_command,
    "edit": edit_command,
    "list": list_command,
    "next": next_command,
    "show": show_with_rsvps,
    "skip": skip_command,
    "move": move_command,
    "cancel": cancel_command,
    "ics": ics_with_rsvp,
    "plan": plan_command,
    "rsvp": rsvp_command,
}


async def meeting_command(ctx: Context, args: Args) -> Reply:
    sub = (args.word(0) or "").lower()
    handler = SUBCOMMANDS.get(sub)
    if handler is None:
        raise Refusal.usage(f"Which `meeting` command? {MEETING.usage_text()}", "action")
    return await handler(ctx, args.shift(1))


MEETING = CommandSpec(
    name="meeting",
    summary="Recurring calls: fair time-zone rotation, reminders in local time, minutes, calendar invites.",
    usage=(
        "meeting list",
        "meeting next [all | <meeting> [all]] [<count>]",
        "meeting show <meeting>",
        "meeting ics <meeting> [<YYYY-MM-DD>]",
        "meeting rsvp <meeting> [<YYYY-MM-DD>] yes|no|maybe",
        "meeting plan (<meeting> | participants=<countries|all> rrule=<rule> start=<YYYY-MM-DD>) "
        "[slots=1-4] [duration=<minutes>] [count=<calls>]",
    ),
    admin_usage=(
        NEW_USAGE,
        PHRASE_USAGE,
        CONFIRM_USAGE,
        EDIT_USAGE,
        "meeting skip <meeting> <YYYY-MM-DD>",
        "meeting move <meeting> <YYYY-MM-DD> [to=<YYYY-MM-DD>] [at=<HH:MM>]",
        "meeting cancel <meeting> [<YYYY-MM-DD>]",
    ),
    examples=(
        NEW_EXAMPLE,
        'meeting new "Troika call" every second Tuesday at 15:00 Zurich time participants=Estonia,Canada',
        "meeting next",
        "meeting next all",
        "meeting next 1 10",
        "meeting next troika call all",
        "meeting plan participants=all rrule=FREQ=MONTHLY;BYDAY=2TU start=2027-01-01 slots=3",
        "meeting skip 1 2027-02-09",
        "meeting edit troika call at=16:00 location=Geneva link=https://meet.example.org/troika",
        "meeting move 1 2027-03-09 to=2027-03-10 at=16:00",
        "meeting ics 1",
        "meeting rsvp 1 yes",
        "meeting rsvp 1 2027-02-09 maybe",
    ),
    handler=meeting_command,
    access=admin_when_word(0, "new", "confirm", "edit", "skip", "move", "cancel"),
    aliases=("meetings",),
    group="Meetings",
)
COMMANDS = [MEETING]
