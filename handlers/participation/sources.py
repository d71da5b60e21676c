"""Where participation comes from: each source lists dated acts of users (or of countries) in a window.

The seam for later features: recurring check-ins add a source here (kind ``checkin``) that lists each
focal point's answers per round; `tally` then counts them per country like the others, with no other
change. A source never reports anonymous survey responses: they must not count towards a country.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from handlers.context import Services


@dataclass(frozen=True)
class Act:
    """One dated act: ``kind`` is ``rsvp`` (any answer), ``survey`` or ``checkin``.

    ``member`` is the country the act was made for when the source knows it (an RSVP keeps it), else
    None and the user's current countries count. ``call`` identifies an RSVP's call; ``yes`` and ``held``
    say whether it was a yes and whether that call has taken place."""

    kind: str
    user_key: str
    at: datetime
    member: str | None = None
    call: tuple[int, datetime] | None = None
    yes: bool = False
    held: bool = False


Source = Callable[[Services, datetime, datetime], Awaitable[list[Act]]]


async def rsvp_acts(services: Services, since: datetime, until: datetime) -> list[Act]:
    return [
        Act(
            "rsvp",
            r.user_key,
            r.updated_at,
            member=r.member,
            call=(r.series_id, r.original_start),
            yes=r.answer == "yes",
            held=r.call_start < until,
        )
        for r in await services.rsvps.since(since, until)
    ]


async def survey_acts(services: Services, since: datetime, until: datetime) -> list[Act]:
    """Responses to named surveys only (the repository leaves anonymous surveys out)."""
    return [
        Act("survey", r.user_key, r.updated_at)
        for r in await services.participation.named_survey_responses(since, until)
    ]


async def checkin_acts(services: Services, since: datetime, until: datetime) -> list[Act]:
    """Check-in answers, each for the country its participant was asked for (kept on the row)."""
    return [
        Act("checkin", a.user_key, a.at, member=a.member)
        for a in await services.checkins.answered_between(since, until)
    ]


SOURCES: tuple[Source, ...] = (rsvp_acts, survey_acts, checkin_acts)
"""Every source `participation` reads."""
