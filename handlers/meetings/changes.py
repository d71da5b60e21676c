"""`meeting skip|move|cancel|ics`: change one occurrence or the whole series, and calendar invites."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.args import Args
from handlers.context import Context
from handlers.core import FileAttachment, Reply
from handlers.errors import Refusal, refusing
from handlers.meetings import forms
from handlers.meetings.input import (
    parse_date,
    series_changed,
    typed_date,
)
from handlers.meetings.invites import call_file, invite_info, series_file
from handlers.meetings.naming import FoundCall, call_on, find_series, series_and_rest
from handlers.meetings.views import occurrence_data, overrides_of, problem_of, schedule_of, when
from schedules.moments import MomentError, split_trailing_day
from schedules.recurrence import Occurrence, RuleError, Schedule, localize, parse_hhmm
from storage.repositories.series_view import SeriesView

SKIP_USAGE = forms.usage(forms.SKIP)
MOVE_USAGE = forms.usage(forms.MOVE)
CANCEL_USAGE = forms.usage(forms.CANCEL)
ICS_USAGE = forms.usage(forms.ICS)


async def series_and_day(ctx: Context, words: list[str]) -> tuple[SeriesView, date | None]:
    """The series named by the first words (number or title) and the day after them, read by the one
    grammar of dates in the typist's zone (``troika call 22 dec``, ``1 friday``, ``2027-01-12``). A
    name that is a whole title wins over reading its last words as a day."""
    tz = await ctx.services.reader_zone(ctx.actor_key)
    try:
        name_words, day = split_trailing_day(words, ctx.now(), tz)
    except MomentError as exc:
        raise Refusal.usage(str(exc), "date") from None
    if day is not None:
        try:
            return await find_series(ctx, " ".join(name_words)), day
        except Refusal:
            pass
    series, rest = await series_and_rest(ctx, words)
    if len(rest) > 1:
        raise Refusal.usage("give the meeting number or title and the date")
    return series, (parse_date(rest[0], field="date", now=ctx.now(), tz=tz) if rest else None)


async def _series_and_occurrence(
    ctx: Context, args: Args, usage: str, *, date_required: bool = True
) -> tuple[SeriesView, FoundCall | None]:
    """The series named by the first words (number or title) and the call on the local date after them
    (held there, or moved away from there: `naming.call_on`); a `Refusal` if not."""
    series, day = await series_and_day(ctx, list(args.words))
    if date_required and day is None:
        raise Refusal.usage("give the meeting number or title and the date")
    usable_schedule(series)
    if day is None:
        return series, None
    if series.cancelled_at is not None:
        raise Refusal.error(f"meeting {series.id} is cancelled", "meeting")
    return series, call_on(series, day, ctx.now())


def _noted(text: str, found: FoundCall) -> str:
    """The reply with the note about a call named by its old date first."""
    return f"Note: {found.note}.\n{text}" if found.note else text


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
        series, found = await _series_and_occurrence(ctx, args, usage)
    assert found is not None
    occurrence = found.occurrence
    current = _held(series, occurrence)
    tz = ZoneInfo(series.timezone)
    if current.start <= ctx.now():
        raise Refusal.error(
            f"The call of {current.start.astimezone(tz):%Y-%m-%d} has already begun or taken place; "
            "nothing changed."
        )
    await ctx.services.meetings.set_override(
        series.id, occurrence.original, action, moved_to=None, by=ctx.actor_key, at=ctx.now()
    )
    await series_changed(ctx, series.id)
    verb = "skipped" if action == "skip" else "cancelled"
    return Reply(
        _noted(
            f"Meeting {series.id} ({series.title}): the call of {when(current.start, current.end, tz)}"
            f" is {verb}; the other calls stay as they are.",
            found,
        ),
        data=occurrence_data(series, occurrence) | {"status": verb, "note": found.note},
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
        series, found = await _series_and_occurrence(ctx, args, MOVE_USAGE)
        assert found is not None
        occurrence = found.occurrence
        if not args.options:
            raise Refusal.usage("say where to: to=<YYYY-MM-DD> and/or at=<HH:MM>", "to")
        tz = ZoneInfo(series.timezone)
        local = _held(series, occurrence).start.astimezone(tz)
        day = (
            await typed_date(ctx, args.options["to"], "date", "to") if "to" in args.options else local.date()
        )
        with refusing("at", (RuleError,)):
            at = parse_hhmm(args.options["at"]) if "at" in args.options else local.time()
    new_start = localize(datetime.combine(day, at), tz)
    if new_start <= ctx.now():
        raise Refusal.usage(f"{day} {at:%H:%M} {tz.key} is in the past", "to", usage=MOVE_USAGE)
    if _held(series, occurrence).start <= ctx.now():
        raise Refusal.error(
            f"The call of {local:%Y-%m-%d} has already begun or taken place; nothing changed."
        )
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
        _noted(
            f"Meeting {series.id} ({series.title}): the call of {local:%a %d %b %H:%M} moves to "
            f"{when(moved.start, moved.end, tz)} ({moved.start:%H:%M} UTC). Reminders follow it.",
            found,
        ),
        data=occurrence_data(series, moved) | {"note": found.note},
    )


async def cancel_command(ctx: Context, args: Args) -> Reply:
    if (await series_and_day(ctx, list(args.words)))[1] is not None:
        return await _override(ctx, args, "cancel", CANCEL_USAGE)
    with refusing(kinds=(RuleError,), usage=CANCEL_USAGE, tail="."):
        series, _ = await _series_and_occurrence(ctx, args, CANCEL_USAGE, date_required=False)
    if not await ctx.services.meetings.cancel(series.id, by=ctx.actor_key, at=ctx.now()):
        raise Refusal.error(f"Meeting {series.id} is already cancelled.")
    await series_changed(ctx, series.id)
    return Reply(
        f"Meeting {series.id} ({series.title}) is cancelled: no more calls, reminders or minutes.",
        data={"series": series.id, "cancelled": True},
    )


async def ics_command(ctx: Context, args: Args) -> Reply:
    with refusing(kinds=(RuleError,), usage=ICS_USAGE, tail="."):
        series, found = await _series_and_occurrence(ctx, args, ICS_USAGE, date_required=False)
    occurrence = found.occurrence if found is not None else None
    tz = ZoneInfo(series.timezone)
    now = ctx.now()
    info = await invite_info(ctx.services, series, now)
    note: str | None = None
    if occurrence is not None and found is not None:
        held = _held(series, occurrence)
        note = found.note
        change = overrides_of(series).get(occurrence.original)
        if change is not None and change.action != "move":
            raise Refusal.error(
                f"The call of {occurrence.original.astimezone(tz):%Y-%m-%d} is {change.action}ped; "
                "there is nothing to invite to."
            )
        content = call_file(info, held)
        name = f"meeting-{series.id}-{occurrence.original.astimezone(tz):%Y-%m-%d}.ics"
        text = f"Invite for {series.title} on {when(held.start, held.end, tz)}."
        if note:
            text = f"Note: {note}.\n{text}"
    else:
        content = series_file(info, series, schedule_of(series), now)
        name = f"meeting-{series.id}.ics"
        text = f"Invite for the series {series.title} ({series.rrule}, {'/'.join(series.slots)} {tz.key})."
    attachment = FileAttachment(name, content, "text/calendar", title=series.title)
    data: dict[str, object] = {"series": series.id, "file": name, "uid": info.uid, "sequence": info.sequence}
    if occurrence is not None:
        data |= {
            "recurrence_id": occurrence.original.isoformat(),
            "original_start": occurrence.original.isoformat(),
        }
        data |= {"note": note}
    return Reply(text, parts=(attachment,), data=data)
