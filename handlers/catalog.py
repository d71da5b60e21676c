"""Every command the bot knows, collected from the handler modules."""

from __future__ import annotations

from functools import cache

from handlers import (
    admin,
    help,
    participation,
    rosters,
    timezones,
)
from handlers.checkins import commands as checkins
from handlers.focal import commands as focal
from handlers.knowledge import ask, directory, program
from handlers.meetings import table as meetings
from handlers.registry import CommandSpec, Registry
from handlers.reminders import commands as personal_reminders
from handlers.surveys import commands as surveys
from handlers.surveys import poll
from handlers.web import commands as web


def all_commands() -> list[CommandSpec]:
    return [
        help.help_spec(registry),
        *ask.COMMANDS,
        *program.COMMANDS,
        *directory.COMMANDS,
        *admin.COMMANDS,
        *meetings.COMMANDS,
        *timezones.COMMANDS,
        *personal_reminders.COMMANDS,
        *surveys.COMMANDS,
        *poll.COMMANDS,
        *checkins.COMMANDS,
        *rosters.COMMANDS,
        *focal.COMMANDS,
        *participation.COMMANDS,
        *web.COMMANDS,
    ]


@cache
def registry() -> Registry:
    return Registry(all_commands())
