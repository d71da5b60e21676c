"""Whose calls are whose: the ONE place the web surfaces ask which series a person takes part in.

It asks the one resolver of "my calls" (`handlers.meetings.my_calls`, which `meeting next`, the question
"what's my next call" and Slack App Home use: themselves, the countries they speak for as member or focal
point, groups resolved per call), so the feed, the dashboard and the chat never disagree.
"""

from __future__ import annotations

from handlers.context import Services
from handlers.core import Actor, Clock, Command, Place
from handlers.meetings.my_calls import series_of
from storage.repositories.series_view import SeriesView

WEB_CHANNEL = "web"
"""The place name of commands run from the dashboard (a chat place that is never posted to)."""


def web_command(user_key: str, text: str, display_name: str | None = None) -> Command:
    """A command said by ``user_key`` from the web dashboard."""
    platform, _, user_id = user_key.partition(":")
    return Command(Actor(platform, user_id, display_name), Place(platform, WEB_CHANNEL), text)


async def series_of_person(services: Services, clock: Clock, user_key: str) -> list[SeriesView]:
    """The live series ``user_key`` takes part in at their next call (as `meeting next` reckons it)."""
    return await series_of(services, user_key, clock(), series=await services.meetings.active_kept())
