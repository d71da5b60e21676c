"""How Slack users are written (no SDK import: the core knows these even where Slack does not run)."""

from __future__ import annotations

import re

from bot.adapters.slack import PLATFORM
from handlers.platforms import PlatformKeys

SLASH_COMMAND = "/foc"
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class SlackKeys(PlatformKeys):
    """``<@U123>`` (a mention, as Slack escapes it) anywhere; a bare member id ``U123`` typed in Slack."""

    name = PLATFORM
    label = "Slack"
    prefix = SLASH_COMMAND
    user_example = "U0123ABC"
    place_example = "C0123"

    def parse_user(self, text: str, *, typed_here: bool) -> str | None:
        mention = _MENTION.match(text)
        if mention:
            return mention.group(1)
        return text if typed_here and _ID.match(text) else None

    def mention(self, user_id: str) -> str:
        return f"<@{user_id}>"

    def is_place(self, place_id: str) -> bool:
        return place_id[:1] in ("C", "G", "D") and place_id.isalnum()
