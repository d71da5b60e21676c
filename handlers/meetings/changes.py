"""`meeting skip|move|cancel|ics`: change one occurrence or the whole series, and calendar invites."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.args import Args
from handlers.context import Context
from handlers.core import FileAttachment, Reply
from handlers.errors import Refusal, refusing
from handlers.meetings.input import (
    parse_date,
    series_arg,
    series_changed,
    unknown_options,
)
from handlers.meetings.invites import call_file, invite_info, series_file
from handlers.meetings.views import occurrence_data, overrides_of, problem_of, schedule_of, upcoming, when
from schedules.recurrence import Occurrence, RuleError, Schedule, localize, parse_hhmm
from storage.repositories.series_view import SeriesView

SKIP_USAGE = "meeting skip <meeting> <YYYY-MM-DD>"
MOVE_USAGE = "meeting move <meeting> <YYYY-MM-DD> [to=<YYYY-MM-DD>] [at=<HH:MM>]"
CANCEL_USAGE = "meeting cancel <meeting> [<YYYY-MM-DD>]"
ICS_USAGE = "meeting ics <meeting> [<YYYY-MM-DD>]"


async def _series_and_occurrence(
    ctx: Context, args: Args, usage: str, *, date_required: bool = True
) -> tuple[SeriesView, Occurrence | None]:
    """The series named by word 0 and the occurrence on the local date in word 1 (a `Refusal` if not)."""
    if args.word(0) is None or (date_required and args.word(1) is None) or len(args.words) > 2:
        raise Refusal.usage(f"give the meeting number{' and the date' if date_required else ''}")
    series = await series_arg(ctx, args.word(0))
    usable_schedule(series)
    if args.word(1) is None:
        return series, None
    if series.cancelled_at is not None:
        raise Refusal.error(f"meeting {series.id} is cancelled", "meeting")
    day = parse_date(args.words[1], field="date")
    schedule = usable_schedule(series)
    occurrence = schedule.on_date(day)
    if occurrence is None:
        nxt = upcoming(series, ctx.now(), 3)
        tz = schedule.tz
        hint = ", ".join(f"{o.original.astimezone(tz):%Y-%m-%d}" for o in nxt)
        raise Refusal.error(
            f"meeting {series.id} has no call on {day}; the next are {hint or 'none'}", "date"
        )
    return series, occurrence


def usable_schedule(series: SeriesView) -> Schedule:
    """The series' schedule; a `Refusal` (an error) when what is stored cannot be used."""
    problem = problem_of(series)
    if problem is not None:
        raise Refusal.error(
            f"meeting {series.id}'s stored schedule cannot be used ({problem}); nothing changed", "meeting"
        )
    return schedule_of(series)


async def _override(ctx: Context, args: Args, action: str, usage: str) -> Reply:
    with refusing(kinds=(RuleError,), usage=usage, tail="."):
        series, occurrence = await _series_and_occurrence(ctx, args, usage)
    assert occurrence is not None
    if unknown_options(list(args.options), ()):
        raise Refusal.usage("this takes no options", usage=usage)
    current = _held(series, occurrence)
    if current.start <= ctx.now():
        return Reply.error(f"The call of {args.words[1]} has already begun or taken place; nothing changed.")
    await ctx.services.meetings.set_override(
        series.id, occurrence.original, action, moved_to=None, by=ctx.actor_key, at=ctx.now()
    )
    await series_changed(ctx, series.id)
    verb = "skipped" if action == "skip" else "cancelled"
    tz = ZoneInfo(series.timezone)
    return Reply(
        f"Meeting {series.id} ({series.title}): the call of {when(occurrence.original, occurrence.end, tz)}"
        f" is {verb}; the other calls stay as they are.",
        data=occurrence_data(series, occurrence) | {"status": "skipped" if action == "skip" else "cancelled"},
    )


def _held(series: SeriesView, occurrence: Occurrence) -> Occurrence:
    change = overrides_of(series).get(occurrence.original)
    if change is not None and change.action == "move" and change.moved_to is not None:
        duration = occurrence.end - occurrence.start
        return Occurrence(occurrence.index, occurrence.original, change.moved_to, change.moved_to + duration)
    return occurrence


async def skip_command(ctx: Context, args: Args) -> Reply:
    return await _override(ctx, args, "skip", SKIP_USAGE)


async def move_command(ctx: Context, args: Args) -> Reply:
    with refusing(kinds=(RuleError,), usage=MOVE_USAGE, tail="."):
        series, occurrence = await _series_and_occurrence(ctx, args, MOVE_USAGE)
        assert occurrence is not None
        unknown = unknown_options(list(args.options), ("to", "at"))
        if unknown or not args.options:
            raise Refusal.usage("say where to: to=<YYYY-MM-DD> and/or at=<HH:MM>", "to")
        tz = ZoneInfo(series.timezone)
        local = occurrence.original.astimezone(tz)
        day = parse_date(args.options["to"], "date", "to") if "to" in args.options else local.date()
        with refusing("at", (RuleError,)):
            at = parse_hhmm(args.options["at"]) if "at" in args.options else local.time()
    new_start = localize(datetime.combine(day, at), tz)
    if new_start <= ctx.now():
        raise Refusal.usage(f"{day} {at:%H:%M} {tz.key} is in the past", "to", usage=MOVE_USAGE)
    if _held(series, occurrence).start <= ctx.now():
        return Reply.error(f"The call of {args.words[1]} has already begun or taken place; nothing changed.")
    await ctx.services.meetings.set_override(
        series.id, occurrence.original, "move", moved_to=new_start, by=ctx.actor_key, at=ctx.now()
    )
    await series_changed(ctx, series.id)
    moved = Occurrence(
        occurrence.index,
        occurrence.original,
        new_start,
        new_start + (occurrence.end - occurrence.start),
        "moved",
    )
    return Reply(
        f"Meeting {series.id} ({series.title}): the call of {local:%a %d %b %H:%M} moves to "
        f"{when(moved.start, moved.end, tz)} ({moved.start:%H:%M} UTC). Reminders follow it.",
        data=occurrence_data(series, moved),
    )


async def cancel_command(ctx: Context, args: Args) -> Reply:
    if args.word(1) is not None:
        return await _override(ctx, args, "cancel", CANCEL_USAGE)
    with refusing(kinds=(RuleError,), usage=CANCEL_USAGE, tail="."):
        series, _ = await _series_and_occurrence(ctx, args, CANCEL_USAGE, date_required=False)
    if not await ctx.services.meetings.cancel(series.id, by=ctx.actor_key, at=ctx.now()):
        return Reply.error(f"Meeting {series.id} is already cancelled.")
    await series_changed(ctx, series.id)
    return Reply(
        f"Meeting {series.id} ({series.title}) is cancelled: no more calls, reminders or minutes.",
        data={"series": series.id, "cancelled": True},
    )


async def ics_command(ctx: Context, args: Args) -> Reply:
    with refusing(kinds=(RuleError,), usage=ICS_USAGE, tail="."):
        series, occurrence = await _series_and_occurrence(ctx, args, ICS_USAGE, date_required=False)
    tz = ZoneInfo(series.timezone)
    now = ctx.now()
    info = await invite_info(ctx.services, series, now)
    if occurrence is not None:
        held = _held(series, occurrence)
        change = overrides_of(series).get(occurrence.original)
        if change is not None and change.action != "move":
            return Reply.error(
                f"The call of {args.words[1]} is {change.action}ped; there is nothing to invite to."
            )
        content = call_file(info, held)
        name = f"meeting-{series.id}-{occurrence.original.astimezone(tz):%Y-%m-%d}.ics"
        text = f"Invite for {series.title} on {when(held.start, held.end, tz)}."
    else:
        content = series_file(info, series, schedule_of(series), now)
        name = f"meeting-{series.id}.ics"
        text = f"Invite for the series {series.title} ({series.rrule}, {'/'.join(series.slots)} {tz.key})."
    attachment = FileAttachment(name, content, "text/calendar", title=series.title)
    data = {"series": series.id, "file": name, "uid": info.uid, "sequence": info.sequence}
    if occurrence is not None:
        data["recurrence_id"] = occurrence.original.isoformat()
    return Reply(text, parts=(attachment,), data=data)
