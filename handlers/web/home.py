"""Page models of the dashboard's own pages: your next calls with your RSVPs, the surveys you still owe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.checkins.answering import Owed
from handlers.checkins.service import CheckinService
from handlers.context import Services
from handlers.core import Clock
from handlers.meetings.my_calls import calls_of
from handlers.surveys.messages import deadline_text
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
    """The next ``count`` calls ``user_key`` takes part in (the one resolver, `calls_of`, as in `meeting
    next`), in their zone (``zone`` when the caller has it) and the series' zone, with their RSVP."""
    found = await calls_of(
        services, user_key, clock(), count=count, series=await services.meetings.active_kept()
    )
    zone = zone or await services.reader_zone(user_key)
    answers = await services.rsvps.for_calls([(c.series.id, c.occurrence.original) for c in found])
    rows = []
    for call in found:
        s, o = call.series, call.occurrence
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
    return await CheckinService(services).owed(user_key)
