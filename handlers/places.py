"""The one way a chat place is named to people: the platform's name for it (a Matrix room's name, asked
of the adapter through `Services.place_namers`), else its key (`matrix:!6iJuuv2X...:example.org`). Every
listing of places (meeting new/show, check-in digests) asks here."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from handlers.context import Services
from handlers.core import Place

log = logging.getLogger("focbot.places")


async def place_name(services: Services, key: str) -> str:
    """``Troika room (Matrix)`` for a place its platform can name, else ``key`` as stored."""
    try:
        place = Place.parse(key)
    except ValueError:
        return key
    namer = services.place_namers.get(place.platform)
    if namer is None:
        return key
    try:
        name = await namer(place)
    except Exception:  # a name is a nicety: the key still says where
        log.warning("could not name the place %s", key, exc_info=True)
        return key
    if not name:
        return key
    platform = services.platforms.get(place.platform)
    return f"{name} ({platform.label if platform is not None else place.platform})"


async def place_names(services: Services, keys: Iterable[str]) -> str:
    """The places named (`place_name`), comma-separated, in order."""
    return ", ".join([await place_name(services, key) for key in keys])
