"""Opening and closing rounds, shared by the commands and the delivery service.

A round opened by the schedule gives each participant a DM due at the check-in's ``at`` on the round
date in the participant's own zone (10:00 in Tokyo, 10:00 in Ottawa). A round opened by `checkin open`
is due at once for everyone: the admin asked for it now, and waiting for each one's ``at`` would leave
those whose ``at`` has passed today until tomorrow. The digest is due when the round closes, or, for a
check-in linked to a meeting series (``before=``), `DIGEST_LEAD` before that series' next call.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from handlers.checkins.audience import Audience, participants_of
from handlers.context import Services
from handlers.meetings.views import overrides_of, schedule_of
from schedules.checkins import deadline_at, due_at, next_round_date, round_starts_at
from schedules.errors import RuleError
from storage.repositories.checkins import CheckinView, RoundView

DIGEST_LEAD = timedelta(hours=24)


def audience_of(checkin: CheckinView) -> Audience:
    return Audience(checkin.audience_kind, checkin.audience)


def next_round(checkin: CheckinView, on_or_after: date) -> tuple[date | None, datetime | None]:
    """The next scheduled round date on or after ``on_or_after`` and when it is created (None: ended)."""
    try:
        day = next_round_date(checkin.rule, checkin.first_date, on_or_after)
    except RuleError:
        return None, None
    return day, round_starts_at(day, time.fromisoformat(checkin.wall_time)) if day is not None else None


async def open_round(
    services: Services, checkin: CheckinView, day: date, now: datetime, *, opened_by: str | None
) -> RoundView | None:
    """Create the round of ``day`` with a row per participant; None when a round of that date exists.
    ``opened_by`` (a person) makes every DM due now; the schedule (None) at each one's local ``at``."""
    people = await participants_of(services, audience_of(checkin), day)
    wall = time.fromisoformat(checkin.wall_time)
    rows = [
        {
            "user_key": p.user_key,
            "member": p.member,
            "timezone": p.zone.key,
            "due_at": now if opened_by is not None else due_at(day, wall, p.zone),
        }
        for p in people
    ]
    return await services.checkins.add_round(
        checkin.id,
        day,
        opened_at=now,
        opened_by=opened_by,
        deadline_at=deadline_at(day, checkin.deadline_days),
        digest="pending" if checkin.digest_place else "none",
        participants=rows,
    )


async def digest_due(services: Services, checkin: CheckinView, now: datetime) -> datetime:
    """When the digest of a round closed ``now`` goes out: now, or `DIGEST_LEAD` before the linked
    series' next call (now if that is sooner, or the series has no next call)."""
    if checkin.before_series is None:
        return now
    series = await services.meetings.get(checkin.before_series)
    if series is None or series.cancelled_at is not None:
        return now
    try:
        schedule = schedule_of(series)
    except RuleError:
        return now
    upcoming = schedule.occurrences(now, now + timedelta(days=400), overrides_of(series), limit=1)
    if not upcoming:
        return now
    return max(now, upcoming[0].start - DIGEST_LEAD)


async def close_round(
    services: Services, checkin: CheckinView, rnd: RoundView, now: datetime, reason: str
) -> bool:
    """Close the round (once: compare-and-set) and set when its digest is due."""
    return await services.checkins.close(rnd.id, now, reason, await digest_due(services, checkin, now))
