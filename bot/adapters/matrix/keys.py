"""How Matrix users are written (no SDK import: the core knows these even where Matrix does not run)."""

from __future__ import annotations

import re

from bot.adapters.matrix import PLATFORM
from handlers.platforms import PlatformKeys

DEFAULT_PREFIX = "!foc"
_USER_ID = re.compile(r"^@[^:\s]*:\S+$")


class MatrixKeys(PlatformKeys):
    """``@alice:example.org`` (a Matrix user id: only Matrix writes users so) wherever it is typed."""

    name = PLATFORM
    label = "Matrix"
    user_example = "@alice:example.org"
    place_example = "!room:example.org"

    def __init__(self, prefix: str = DEFAULT_PREFIX) -> None:
        self.prefix = prefix  # FOCBOT_MATRIX_PREFIX

    def parse_user(self, text: str, *, typed_here: bool) -> str | None:
        return text if _USER_ID.match(text) else None

    def mention(self, user_id: str) -> str:
        return user_id

    def is_place(self, place_id: str) -> bool:
        # ``!opaque:server``, or a room version 12 id: ``!`` and the room's hash, no server part
        return len(place_id) > 1 and place_id.startswith("!") and not any(c.isspace() for c in place_id)
