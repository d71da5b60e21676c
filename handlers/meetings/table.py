"""The `meeting` command: its declared forms (`handlers.meetings.forms`), each with its handler."""

from __future__ import annotations

from handlers.meetings import forms
from handlers.meetings.changes import cancel_command, move_command, skip_command
from handlers.meetings.commands import NEW_EXAMPLE, list_command, next_command
from handlers.meetings.confirm import confirm_command, new_or_propose
from handlers.meetings.edit import edit_command
from handlers.meetings.plan import plan_command
from handlers.meetings.rsvp import ics_with_rsvp, rsvp_command, show_with_rsvps
from handlers.registry import CommandSpec

MEETING = CommandSpec(
    name="meeting",
    summary="Recurring calls: fair time-zone rotation, reminders in local time, minutes, calendar invites.",
    forms=(
        forms.LIST.handled_by(list_command),
        forms.NEXT.handled_by(next_command),
        forms.SHOW.handled_by(show_with_rsvps),
        forms.ICS.handled_by(ics_with_rsvp),
        forms.RSVP.handled_by(rsvp_command),
        forms.PLAN.handled_by(plan_command),
        forms.NEW.handled_by(new_or_propose),
        forms.CONFIRM.handled_by(confirm_command),
        forms.EDIT.handled_by(edit_command),
        forms.SKIP.handled_by(skip_command),
        forms.MOVE.handled_by(move_command),
        forms.CANCEL.handled_by(cancel_command),
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
    aliases=("meetings",),
    group="Meetings",
)
COMMANDS = [MEETING]
