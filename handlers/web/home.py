"""Page models of the dashboard's own pages: your next calls with your RSVPs, the surveys you still owe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.checkins.answering import Owed, owed_rounds
from handlers.context import Services
from handlers.core import Clock
from handlers.meetings.views import upcoming
from handlers.surveys.messages import deadline_text
from handlers.web.people import series_of_person
from schedules.zones import zone_or


@dataclass(frozen=True)
class CallRow:
    series_id: int
    title: str
    start: datetime
    yours: str
    theirs: str
    rsvp: str | None


@dataclass(frozen=True)
class OwedSurvey:
    id: int
    title: str
    deadline: str


async def my_calls(
    services: Services, clock: Clock, user_key: str, count: int = 10, zone: ZoneInfo | None = None
) -> list[CallRow]:
    """The next ``count`` calls of the series ``user_key`` takes part in, in their zone (``zone`` when
    the caller has it) and the series' zone, with their RSVP."""
    now = clock()
    mine = await series_of_person(services, clock, user_key)
    zone = zone or await services.reader_zone(user_key)
    # only series whose next call is no later than the count-th earliest next call can hold one of the
    # first ``count`` calls: the others' calls are not worked out
    firsts = [(o.start, s) for s in mine for o in upcoming(s, now, 1)]
    cutoff = sorted(start for start, _ in firsts)[count - 1] if len(firsts) > count > 0 else None
    near = [s for start, s in firsts if cutoff is None or start <= cutoff]
    found = sorted(
        ((o, s) for s in near for o in upcoming(s, now, count)), key=lambda p: (p[0].start, p[1].id)
    )[:count]
    answers = await services.rsvps.for_calls([(s.id, o.original) for o, s in found])
    rows = []
    for o, s in found:
        mine_answer = next((v.answer for v in answers[(s.id, o.original)] if v.user_key == user_key), None)
        theirs = o.start.astimezone(zone_or(s.timezone, "UTC"))
        rows.append(
            CallRow(
                s.id,
                s.title,
                o.start,
                f"{o.start.astimezone(zone):%a %d %b %Y %H:%M} {zone.key}",
                f"{theirs:%a %d %b %H:%M} {s.timezone}",
                mine_answer,
            )
        )
    return rows


async def owed_surveys(
    services: Services, clock: Clock, user_key: str, zone: ZoneInfo | None = None
) -> list[OwedSurvey]:
    """The open surveys ``user_key`` is asked and has not completed, deadlines in their zone."""
    zone = zone or await services.reader_zone(user_key)
    owed = []
    for survey in await services.surveys.open_surveys_for(user_key):
        progress = await services.surveys.progress(survey.id, user_key, clock())
        if progress is None or not progress.complete:
            owed.append(OwedSurvey(survey.id, survey.title, deadline_text(survey, zone)))
    return owed


async def owed_checkins(services: Services, user_key: str) -> list[Owed]:
    """The check-in rounds ``user_key`` still owes (open, their row unanswered), as chat reckons them."""
    return await owed_rounds(services, user_key)
