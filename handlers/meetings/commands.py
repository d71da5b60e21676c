"""`meeting ...`: recurring calls (troika, networks, quarterly updates), their times, reminders, invites.

The subcommands live in small modules: this one creates, lists and shows series; `meeting_changes`
skips, moves and cancels occurrences and makes invites; `meeting_plan` proposes fair rotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from handlers.args import Args, is_digits
from handlers.context import ActivityAnnotator, Context, Services
from handlers.core import Clock, ItemList, Reply, Status, Table
from handlers.errors import Refusal, refusing
from handlers.meetings import forms
from handlers.meetings.groups import GroupResolver, groups_of, participant_label
from handlers.meetings.input import parse_participants, parse_places, series_changed
from handlers.meetings.my_calls import calls_of
from handlers.meetings.naming import find_series, split_name
from handlers.meetings.spec import AskerZone, NewSpec, exact_spec
from handlers.meetings.views import (
    LOCAL_FORMAT,
    attendees,
    attendees_at,
    local_groups,
    local_times,
    occurrence_data,
    problem_of,
    upcoming,
    when,
)
from handlers.places import place_names
from schedules.recurrence import WINDOW_TEXT, Occurrence, RuleError, Schedule
from schedules.reminders import OffsetError, format_offset
from schedules.zones import zone_or
from storage.repositories.meetings import NewSeries
from storage.repositories.series_view import SeriesView

NEW_EXAMPLE = (
    'meeting new "Troika call" kind=troika rrule="FREQ=WEEKLY;INTERVAL=4;BYDAY=TU" start=2027-01-12 '
    "at=15:00 tz=Europe/Zurich participants=Estonia,Switzerland reminders=24h,1h"
)
NEW_USAGE = forms.usage(forms.NEW)
LIST_LIMIT = 20


async def new_command(ctx: Context, args: Args) -> Reply:
    """`meeting new` in the exact form (``rrule=``...): saved at once."""
    with refusing(kinds=(RuleError, OffsetError), usage=NEW_USAGE):
        spec = await exact_spec(ctx, args, AskerZone(ctx))
    return await create_series(ctx, (await read_new(ctx, spec)).series)


@dataclass(frozen=True)
class ReadNew:
    """The series `meeting new` would create, and its schedule (the rule as the spec carried it)."""

    series: NewSeries
    schedule: Schedule


async def read_new(ctx: Context, spec: NewSpec) -> ReadNew:
    """The series `meeting new` would create from ``spec`` (a `Refusal` for bad input; nothing stored):
    the schedule built from the rule the spec parsed (not parsed again), the participants and places
    read."""
    with refusing(kinds=(RuleError, OffsetError), usage=NEW_USAGE):
        return await _read_new(ctx, spec)


async def create_series(ctx: Context, new: NewSeries) -> Reply:
    """Store ``new`` and say so (the end of `meeting new`, and of its confirmation)."""
    series = await ctx.services.meetings.create(new, by=ctx.actor_key, at=ctx.now())
    await series_changed(ctx, series.id)
    nxt = upcoming(series, ctx.now(), 3)
    tz = ZoneInfo(series.timezone)
    lines = [
        f"Meeting {series.id} created: *{series.title}* ({series.kind}), {series.rrule}, "
        f"{'/'.join(series.slots)} {series.timezone}, {series.duration_minutes} min.",
        _next_line(nxt, tz),
        f"Reminders {', '.join(format_offset(m) for m in series.offsets)} before, "
        f"to {await place_names(ctx.services, (p.place for p in series.places))}. "
        f"`meeting ics {series.id}` gives the invite.",
    ]
    data = _series_data(series) | {"next": [occurrence_data(series, o) for o in nxt]}
    return Reply("\n".join(lines), data=data)


async def _read_new(ctx: Context, spec: NewSpec) -> ReadNew:
    when = spec.when
    with refusing("rrule", (RuleError,)):
        schedule = Schedule.build(
            when.rrule, when.first, when.slots, spec.duration, when.zone.key, rule=when.rule
        )
        if schedule.first_start() <= ctx.now():
            raise Refusal.usage(
                f"the first call ({schedule.first_start().astimezone(when.zone):%Y-%m-%d %H:%M} "
                f"{when.zone.key}) is in the past; choose a later start=",
                "start",
            )
    series = NewSeries(
        title=spec.title,
        kind=spec.kind,
        activity_id=spec.activity,
        rrule=when.rrule,
        first_date=when.first,
        start_time=when.slots[0],
        duration_minutes=spec.duration,
        timezone=when.zone.key,
        rotation=list(when.slots),
        agenda=spec.agenda,
        reminder_offsets=spec.reminders,
        participants=await parse_participants(ctx, spec.participants),
        places=parse_places(spec.places, ctx.command.place, ctx.services.platforms.place_examples()),
    )
    return ReadNew(series, schedule)


def _next_line(nxt: list[Occurrence], tz: ZoneInfo) -> str:
    if not nxt:
        return f"Next: none within the dates I handle ({WINDOW_TEXT})."
    return "Next: " + "; ".join(when(o.start, o.end, tz) for o in nxt)


def _series_data(series: SeriesView) -> dict[str, object]:
    return {
        "series": series.id,
        "title": series.title,
        "kind": series.kind,
        "activity": series.activity_id,
        "rrule": series.rrule,
        "start": series.first_date.isoformat(),
        "slots": series.slots,
        "tz": series.timezone,
        "duration_minutes": series.duration_minutes,
        "participants": [participant_label(p) for p in series.participants],
        "places": [p.place for p in series.places],
        "reminders": [format_offset(m) for m in series.offsets],
        "agenda": series.agenda,
        "location": series.location,
        "link": series.link,
        "cancelled": series.cancelled_at is not None,
    }


async def list_command(ctx: Context, args: Args) -> Reply:
    everything = await ctx.services.meetings.active()
    now = ctx.now()
    rows = []
    for series in everything[:LIST_LIMIT]:
        nxt = upcoming(series, now, 1)
        rows.append(
            (
                str(series.id),
                series.title,
                series.kind,
                f"{'/'.join(series.slots)} {series.timezone}",
                nxt[0].start.strftime("%Y-%m-%d %H:%M UTC") if nxt else "-",
            )
        )
    more = f" (first {LIST_LIMIT} shown)" if len(everything) > LIST_LIMIT else ""
    return Reply(
        f"{len(everything)} meeting series{more}. `meeting show <n>` for one, `meeting next` for the calls.",
        parts=(Table(("#", "Title", "Kind", "Time", "Next (UTC)"), tuple(rows)),) if rows else (),
        data={"series": [_series_data(s) for s in everything]},
    )


NEXT_USAGE = forms.usage(forms.NEXT)
SHORT_GROUPS = 3
"""A call whose participants start at more local times than this is shown short by default (the asker's and
the series' time, and how many); `meeting next <meeting> all` lists every participant's local time."""


async def next_command(ctx: Context, args: Args) -> Reply:
    """The next calls: by default of the asker's own series (as a participant, directly or through
    their member country), `all` for every series, or one series (by number or title); each call in the
    series' zone and the asker's, with the participants' local starts grouped by identical local time when
    there are few (`SHORT_GROUPS`), else how many; `meeting next <meeting> all` lists them all (platforms
    split long replies)."""
    words = list(args.words)
    scope = "series"
    if words and words[0].lower() == "all":
        scope, words = "all", words[1:]
    name, rest = (
        split_name(words, lambda w: is_digits(w) or w.lower() == "all")
        if scope == "series"
        else (None, words)
    )
    every_one = scope == "series" and bool(rest) and rest[0].lower() == "all"
    rest = rest[1:] if every_one else rest
    if scope == "series" and name is None:
        scope = "mine"
    count_text = args.options.get("count")
    if any(not is_digits(w) for w in rest) or len(rest) > 1 or (count_text and not is_digits(count_text)):
        raise Refusal.usage("give `all` or a meeting (number or title), and a count", usage=NEXT_USAGE)
    count = max(1, min(int(count_text or (rest[0] if rest else 5)), 50))
    now = ctx.now()
    if scope == "series":
        with refusing(status=Status.ERROR, tail="."):
            chosen = [await find_series(ctx, name)]
        problem = problem_of(chosen[0])
        if problem is not None:
            return Reply(
                f"No calls coming up: the stored schedule of meeting {chosen[0].id} "
                f"cannot be used ({problem}).",
                data={"occurrences": [], "scope": scope},
            )
    if scope == "mine":
        mine_calls = await calls_of(ctx.services, ctx.actor_key, now, count=count)
        if not mine_calls:
            return Reply(
                "You take part in no meeting series (yourself or through your member country). "
                "`meeting next all` lists the next calls of every series.",
                data={"occurrences": [], "scope": scope},
            )
        found = [(c.occurrence, c.series) for c in mine_calls]
    else:
        if scope == "all":
            chosen = await ctx.services.meetings.active()
        found = sorted(
            ((o, s) for s in chosen if s.cancelled_at is None for o in upcoming(s, now, count)),
            key=lambda pair: (pair[0].start, pair[1].id),
        )[:count]
    if not found:
        hint = " `meeting next all` lists the next calls of every series." if scope == "mine" else ""
        return Reply(f"No calls coming up.{hint}", data={"occurrences": [], "scope": scope})
    mine = await actor_zone(ctx)
    people_of = await attendees_at(ctx.services, [(s, o.start) for o, s in found])
    resolver = GroupResolver(ctx.services)
    parts, items, notes = [], [], []
    for occurrence, series in found:
        people = people_of[(series.id, occurrence.start)]
        groups = local_groups(people, occurrence.start)
        note = await resolver.troika_note(series, occurrence.start)
        if note is not None:
            notes.append(f"Meeting {series.id} {occurrence.start:%Y-%m-%d}: {note}.")
        yours = occurrence.start.astimezone(mine)
        theirs = zone_or(series.timezone, "UTC")
        title = (
            f"Meeting {series.id} {series.title}: {occurrence.start.astimezone(theirs):%a %d %b %Y %H:%M} "
            f"{theirs.key}, your time {yours:{LOCAL_FORMAT}} {mine.key}"
        )
        lines = tuple(g.line for g in groups) or ("no participants",)
        if len(groups) > SHORT_GROUPS and not every_one:
            lines = (
                f"{len(people)} participants at {len(groups)} local times; "
                f"`meeting next {series.id} all` lists each one's",
            )
        parts.append(ItemList(lines, title=title))
        items.append(
            occurrence_data(series, occurrence)
            | {
                "local": local_times(people, occurrence),
                "local_groups": [
                    {"time": g.time, "participants": list(g.labels), "zones": list(g.zones)} for g in groups
                ],
                "your_time": yours.isoformat(),
                "troika_note": note,
            }
        )
    lead = {
        "mine": f"Your next {len(found)} call(s); `meeting next all` for every series.",
        "all": f"The next {len(found)} call(s) of every series.",
        "series": f"The next {len(found)} call(s) of meeting {found[0][1].id}.",
    }[scope]
    data: dict[str, object] = {"occurrences": items, "scope": scope, "every_participant": every_one}
    if notes:
        lead += "\nNote: " + " ".join(dict.fromkeys(notes))
    return Reply(lead, parts=tuple(parts), data=data)


async def actor_zone(ctx: Context) -> ZoneInfo:
    """The asker's zone, by the one rule (`handlers.user_zones`)."""
    return await ctx.services.reader_zone(ctx.actor_key)


async def show_command(ctx: Context, args: Args) -> Reply:
    with refusing(status=Status.ERROR, tail="."):
        series = await find_series(ctx, " ".join(args.words) or None)
    problem = problem_of(series)
    tz = zone_or(series.timezone, "UTC")
    nxt = upcoming(series, ctx.now(), 3) if series.cancelled_at is None and problem is None else []
    people = await attendees(ctx.services, series, nxt[0].start if nxt else ctx.now())
    lines = [
        f"*{series.title}* (meeting {series.id}, {series.kind}"
        + (f", activity {series.activity_id}" if series.activity_id else "")
        + ")"
        + (" - CANCELLED" if series.cancelled_at else ""),
        f"When: {series.rrule} from {series.first_date}, {'/'.join(series.slots)} {series.timezone}"
        f" ({'rotating' if len(series.slots) > 1 else 'fixed'}), {series.duration_minutes} min",
        f"Reminders: {', '.join(format_offset(m) for m in series.offsets)} before, "
        f"to {await place_names(ctx.services, (p.place for p in series.places))}",
    ]
    if series.agenda:
        lines.append(f"Agenda: {series.agenda}")
    where = [w for w in (series.location, series.link) if w]
    if where:
        lines.append(f"Where: {'; '.join(where)}")
    groups = groups_of(series)
    if groups:
        call = f"the call of {nxt[0].start.astimezone(tz):%Y-%m-%d}" if nxt else "now"
        lines.append(f"Groups (resolved at each call): {', '.join(groups)}; participants for {call}:")
    lines.append("Participants: " + ", ".join(f"{a.label} ({a.tz.key})" for a in people))
    note = await GroupResolver(ctx.services).troika_note(series, nxt[0].start) if nxt else None
    if note is not None:
        lines.append(f"Note: {note}.")
    if problem is not None:
        lines.append(f"Its stored schedule cannot be used ({problem}): it is skipped, no reminders are sent.")
    elif series.cancelled_at is None:
        lines.append(_next_line(nxt, tz))
    parts = []
    if series.overrides:
        parts.append(
            ItemList(
                tuple(
                    f"{o.original_start.astimezone(tz):%Y-%m-%d %H:%M}: {o.action}"
                    + (f" to {o.moved_to.astimezone(tz):%Y-%m-%d %H:%M}" if o.moved_to else "")
                    for o in series.overrides
                ),
                title="Changed occurrences",
            )
        )
    data = _series_data(series) | {
        "attendees": [a.label for a in people],
        "troika_note": note,
        "next": [occurrence_data(series, o) for o in nxt],
        "overrides": [
            {
                "original_start": o.original_start.isoformat(),
                "action": o.action,
                "moved_to": o.moved_to.isoformat() if o.moved_to else None,
            }
            for o in series.overrides
        ],
    }
    return Reply("\n".join(lines), parts=tuple(parts), data=data)


def activity_annotator(services: Services, clock: Clock) -> ActivityAnnotator:
    """Lines for `activity <id>`: the meeting series linked to it and their next call."""

    async def annotate(activity: str) -> list[str]:
        lines = []
        for series in await services.meetings.for_activity(activity):
            if series.cancelled_at is not None:
                continue
            nxt = upcoming(series, clock(), 1)
            when_next = f", next {nxt[0].start:%Y-%m-%d %H:%M} UTC" if nxt else ""
            lines.append(f"Meeting {series.id}: {series.title} ({series.kind}, {series.rrule}{when_next})")
        return lines

    return annotate
