"""The asker's own operations: the next troika call, their calls this week, surveys still to answer."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from handlers.context import Context
from handlers.knowledge.answers.base import Answer, Question
from handlers.meetings.my_calls import calls_of
from handlers.meetings.views import upcoming
from storage.repositories.series_view import SeriesView

CALL_WORDS = ("call", "calls", "meeting", "meetings")
KINDS = ("troika", "network", "quarterly", "strategy")


async def answer_mine(ctx: Context, q: Question) -> Answer | None:
    if q.has("survey", "surveys", "questionnaire") and q.has(
        "i", "me", "my", "answer", "pending", "still", "left"
    ):
        return await _surveys(ctx)
    if not q.has(*CALL_WORDS):
        return None
    if q.entities.activity is not None or q.has("which activity", "what activity", "which activities"):
        return None  # about the Program of Action, not the calendar
    kind = next((k for k in KINDS if q.has(k)), None)
    personal = q.has("i", "me", "my", "mine")
    if not (
        personal
        or q.has(
            "next",
            "upcoming",
            "coming up",
            "scheduled",
            "soon",
            "this week",
            "today",
            "tomorrow",
            "when is",
            "when's",
        )
    ):
        return None
    return await _calls(ctx, q, kind)


async def _zone(ctx: Context) -> ZoneInfo:
    """The asker's zone, by the one rule (handlers/user_zones.py)."""
    return await ctx.services.reader_zone(ctx.actor_key)


async def _calls(ctx: Context, q: Question, kind: str | None) -> Answer:
    now = ctx.now()
    zone = await _zone(ctx)
    series = [s for s in await ctx.services.meetings.active() if s.cancelled_at is None]
    if kind is not None:
        series = [s for s in series if s.kind == kind or kind in s.title.lower()]
    week = q.has("this week", "week", "today", "tomorrow")
    label = f"{kind} " if kind else ""
    if q.has("i", "me", "my", "mine"):  # the calls the asker takes part in: the one resolver
        return await _my_calls(ctx, series, zone, week, label)
    if week:
        local_now = now.astimezone(zone)
        start_of_week = (local_now - timedelta(days=local_now.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        end = start_of_week + timedelta(days=7)
        found = sorted(
            ((o, s) for s in series for o in upcoming(s, now, 20) if o.start < end),
            key=lambda pair: pair[0].start,
        )
        if not found:
            return Answer(
                "operations",
                f"No {label}calls for the rest of this week (to {end:%a %d %b}, {zone.key}).",
                "meeting list",
                related=False,
            )
        lines = tuple(
            f"{o.start.astimezone(zone):%a %d %b %H:%M} {zone.key}: {s.title} (#{s.id})" for o, s in found
        )
        return Answer(
            "operations",
            f"{len(found)} {label}call(s) this week, in your zone {zone.key}:",
            "meeting list",
            items=lines,
            items_title="This week",
            related=False,
            records=[{"kind": "meeting", "id": s.id, "start": o.start.isoformat()} for o, s in found],
        )
    found = sorted(((o, s) for s in series for o in upcoming(s, now, 1)), key=lambda pair: pair[0].start)
    if not found:
        return Answer(
            "operations",
            f"No {label}call is scheduled in my calendar, so when the next one is held is not known. "
            "Admins schedule one with `meeting new`.",
            "meeting list",
            related=False,
        )
    o, s = found[0]
    text = (
        f"The next {label}call is {s.title} (#{s.id}) on {o.start.astimezone(zone):%A %d %B %Y at %H:%M} "
        f"{zone.key} ({o.start:%H:%M} UTC)."
    )
    return Answer(
        "operations",
        text,
        "meeting list",
        related=False,
        records=[{"kind": "meeting", "id": s.id, "start": o.start.isoformat()}],
    )


async def _my_calls(ctx: Context, series: list[SeriesView], zone: ZoneInfo, week: bool, label: str) -> Answer:
    """ "What's my next call", "what calls do I have this week": `calls_of`, as `meeting next` lists them."""
    now = ctx.now()
    local_now = now.astimezone(zone)
    end = (local_now - timedelta(days=local_now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    ) + timedelta(days=7)
    found = await calls_of(
        ctx.services, ctx.actor_key, now, count=20 if week else 1, until=end if week else None, series=series
    )
    records = [{"kind": "meeting", "id": c.series.id, "start": c.occurrence.start.isoformat()} for c in found]
    if not found:
        when_ = f" for the rest of this week (to {end:%a %d %b}, {zone.key})" if week else " coming up"
        return Answer(
            "operations",
            f"You take part in no {label}call{when_}. `meeting next all` lists every series' calls.",
            "meeting next",
            related=False,
        )
    if week:
        lines = tuple(
            f"{c.occurrence.start.astimezone(zone):%a %d %b %H:%M} {zone.key}: "
            f"{c.series.title} (#{c.series.id})"
            for c in found
        )
        return Answer(
            "operations",
            f"{len(found)} {label}call(s) of yours this week, in your zone {zone.key}:",
            "meeting next",
            items=lines,
            items_title="This week",
            related=False,
            records=records,
        )
    c = found[0]
    start = c.occurrence.start
    return Answer(
        "operations",
        f"Your next {label}call is {c.series.title} (#{c.series.id}) on "
        f"{start.astimezone(zone):%A %d %B %Y at %H:%M} {zone.key} ({start:%H:%M} UTC).",
        "meeting next",
        related=False,
        records=records,
    )


async def _surveys(ctx: Context) -> Answer:
    service = ctx.services.surveys
    todo = []
    for survey in await service.open_surveys_for(ctx.actor_key):
        progress = await service.progress(survey.id, ctx.actor_key, ctx.now())
        if progress is None or not progress.complete:
            todo.append(survey)
    if not todo:
        return Answer("operations", "You have no survey left to answer.", "survey list", related=False)
    lines = tuple(f"{s.id}: {s.title}" for s in todo)
    return Answer(
        "operations",
        f"{len(todo)} survey(s) still to answer: " + "; ".join(lines) + ". `survey answer <id>` to answer.",
        "survey list",
        items=lines,
        items_title="To answer",
        related=False,
        records=[{"kind": "survey", "id": s.id, "title": s.title} for s in todo],
    )
