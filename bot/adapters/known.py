"""The platforms focbot has adapters for, by their keys only: the core reads their users' keys and
prefixes on every replica, wherever each one runs. A new platform adds its keys here (one line) and its
adapter in `bot.platforms`."""

from __future__ import annotations

from bot.adapters.console import ConsoleKeys
from bot.adapters.matrix.keys import MatrixKeys
from bot.adapters.slack.keys import SlackKeys
from bot.config import Settings
from handlers.platforms import PlatformKeys


def known_platforms(settings: Settings) -> list[PlatformKeys]:
    return [SlackKeys(), MatrixKeys(settings.matrix.prefix), ConsoleKeys()]
