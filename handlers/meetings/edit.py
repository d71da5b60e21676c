"""`meeting edit <meeting> key=value ...`: change a series for its FUTURE calls only.

Design: the series row is edited in place and stamped ``effective_from = now`` (the id people know stays).
Calls that ended before that instant belong to the old settings: their delivery rows are never touched
and never owed again (deliveries skip calls ending before `SeriesView.delivered_from`), and their
overrides and RSVPs stay keyed as they were. The overrides and RSVPs of future calls follow them to the
call the new settings hold on the same local date (a call the new rule no longer has loses its skip or
move, and the reply says so). The rule keeps its first date, so ``INTERVAL`` counts go on unbroken.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from handlers.args import Args
from handlers.context import Context
from handlers.core import Reply
from handlers.errors import Refusal, refusing
from handlers.meetings import forms
from handlers.meetings.changes import usable_schedule
from handlers.meetings.groups import participant_label
from handlers.meetings.input import parse_participants, series_changed, typed_date
from handlers.meetings.naming import find_series
from handlers.meetings.views import overrides_of, upcoming, when
from schedules.recurrence import WINDOW_END, RuleError, Schedule, localize, parse_hhmm, zone
from schedules.reminders import OffsetError, format_offset, parse_offsets
from storage.repositories.series_view import SeriesView

EDIT_USAGE = forms.usage(forms.EDIT)
CLEAR = {"", "-", "none"}
LIMITS = {"title": 200, "agenda": 2000, "location": 500, "link": 1000}


async def edit_command(ctx: Context, args: Args) -> Reply:
    """Refuses bad input (naming the field) before anything is stored; nothing to change: the usage."""
    opts = args.options
    with refusing(kinds=(RuleError, OffsetError), usage=EDIT_USAGE, tail="; nothing changed."):
        if not args.words or not opts:
            raise Refusal.usage("say which meeting and what to change")
        series = await find_series(ctx, " ".join(args.words))
        if series.cancelled_at is not None:
            raise Refusal.error(f"meeting {series.id} is cancelled", "meeting")
        old_schedule = usable_schedule(series)
        values, participants = await _read(ctx, series, opts)
        new_schedule = _schedule(series, values)
        now = ctx.now()
        from_day = await typed_date(ctx, opts["from"], "date", "from") if "from" in opts else None
        pins = _pins(series, old_schedule, new_schedule, now, from_day) if from_day else {}
        if "from" in opts and "rrule" in opts:
            raise Refusal.usage(
                "`rrule=` cannot wait for `from=` (the calls before it would change day); edit the rule "
                "on that day, or give at=/tz= with from=",
                "from",
            )
        if not new_schedule.occurrences(now, WINDOW_END, limit=1):
            raise Refusal.usage("with these changes the meeting has no call after now", _rule_field(opts))
    rekey: dict[datetime, datetime | None] = {}
    old_tz = old_schedule.tz
    rsvps = await ctx.services.rsvps.for_calls(
        {(series.id, o.original) for o in old_schedule.occurrences(now, WINDOW_END, limit=60)}
    )
    answered = {key[1] for key, views in rsvps.items() if views}
    future = {o.original_start for o in series.overrides if o.original_start > now} | answered
    for original in future:
        call = new_schedule.on_date(original.astimezone(old_tz).date())
        rekey[original] = call.original if call is not None and call.original > now else None
    dropped = sorted(o for o, new in rekey.items() if new is None and o in overrides_of(series))
    edited = await ctx.services.meetings.edit(
        series.id, values, participants=participants, rekey=rekey, at=now
    )
    for new_original, old_start in pins.items():  # calls before from= keep their time
        await ctx.services.meetings.set_override(
            series.id, new_original, "move", moved_to=old_start, by=ctx.actor_key, at=now
        )
    if pins:
        edited = await find_series(ctx, str(series.id))
    await series_changed(ctx, series.id)
    return _reply(edited, sorted(opts), dropped, now, from_day, len(pins))


def _pins(
    series: SeriesView, old: Schedule, new: Schedule, now: datetime, from_day: date
) -> dict[datetime, datetime]:
    """For `from=`: each call before ``from_day`` (the series' local date) whose start the edit would
    change, pinned to its old start (the new rule start -> the old start, stored as a move), so earlier
    calls keep their time. A call already moved or skipped keeps that override (it is re-keyed)."""
    if from_day <= now.astimezone(old.tz).date():
        return {}
    until = localize(datetime.combine(from_day, time()), old.tz)
    changed = {o.original_start for o in series.overrides}
    pins = {}
    for call in old.occurrences(now, until):
        if call.original in changed:
            continue
        counterpart = new.on_date(call.original.astimezone(old.tz).date())
        if counterpart is not None and counterpart.start != call.start and counterpart.original > now:
            pins[counterpart.original] = call.start
    return pins


async def _read(
    ctx: Context, series: SeriesView, opts: dict[str, str]
) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
    values: dict[str, Any] = {}
    if "title" in opts:
        title = " ".join(opts["title"].split())
        if not title:
            raise Refusal.usage("the meeting needs a title", "title")
        values["title"] = _limited(title, "title")
    if "at" in opts:
        with refusing("at", (RuleError,)):
            values["start_time"] = f"{parse_hhmm(opts['at']):%H:%M}"
        values["rotation"] = None
    if "tz" in opts:
        with refusing("tz", (RuleError,)):
            values["timezone"] = zone(opts["tz"]).key
    if "rrule" in opts:
        rule = opts["rrule"].strip().removeprefix("RRULE:")
        if not rule:
            raise Refusal.usage("`rrule=` is empty", "rrule")
        values["rrule"] = rule
    if "reminders" in opts:
        with refusing("reminders", (OffsetError,)):
            values["reminder_offsets"] = ",".join(str(m) for m in parse_offsets(opts["reminders"]))
    for name in ("agenda", "location"):
        if name in opts:
            text = opts[name].strip()
            values[name] = None if text.lower() in CLEAR else _limited(text, name)
    if "link" in opts:
        link = opts["link"].strip()
        if link.lower() in CLEAR:
            values["link"] = None
        elif not link.startswith(("https://", "http://")) or any(c.isspace() for c in link):
            raise Refusal.usage(f"`{link[:60]}` is not a link; write it as https://...", "link")
        else:
            values["link"] = _limited(link, "link")
    participants = await parse_participants(ctx, opts["participants"]) if "participants" in opts else None
    return values, participants


def _limited(text: str, field: str) -> str:
    if len(text) > LIMITS[field]:
        raise Refusal.usage(f"`{field}=` is longer than {LIMITS[field]} characters", field)
    return text


def _schedule(series: SeriesView, values: dict[str, Any]) -> Schedule:
    """The schedule the edited series will have (`RuleError` when it cannot be used)."""
    slots = [values["start_time"]] if "start_time" in values else series.slots
    with refusing("rrule" if "rrule" in values else "tz" if "timezone" in values else "at", (RuleError,)):
        return Schedule.build(
            values.get("rrule", series.rrule),
            series.first_date,
            slots,
            series.duration_minutes,
            values.get("timezone", series.timezone),
        )


def _rule_field(opts: dict[str, str]) -> str:
    return next((f for f in ("rrule", "tz", "at") if f in opts), "rrule")


def _reply(
    series: SeriesView,
    changed: list[str],
    dropped: list[datetime],
    now: datetime,
    from_day: date | None = None,
    pinned: int = 0,
) -> Reply:
    tz = zone(series.timezone)
    nxt = upcoming(series, now, 3)
    since = f"from {from_day}" if from_day else "from now on"
    lines = [
        f"Meeting {series.id} (*{series.title}*) changed for the calls {since} "
        f"({', '.join(c for c in changed if c != 'from')}); "
        + (
            f"earlier calls keep their time ({pinned} kept as it was)."
            if from_day
            else "past calls keep what they were."
        ),
        f"When: {series.rrule}, {'/'.join(series.slots)} {series.timezone}. "
        + ("Next: " + "; ".join(when(o.start, o.end, tz) for o in nxt) if nxt else "No calls coming up."),
    ]
    if dropped:
        lines.append(
            "No longer held, so their changes were dropped: "
            + ", ".join(f"{d.astimezone(tz):%Y-%m-%d}" for d in dropped)
        )
    data = {
        "series": series.id,
        "changed": changed,
        "title": series.title,
        "rrule": series.rrule,
        "slots": series.slots,
        "tz": series.timezone,
        "reminders": [format_offset(m) for m in series.offsets],
        "participants": [participant_label(p) for p in series.participants],
        "agenda": series.agenda,
        "location": series.location,
        "link": series.link,
        "effective_from": now.isoformat(),
        "from": from_day.isoformat() if from_day else None,
        "kept": pinned,
        "next": [o.start.isoformat() for o in nxt],
        "dropped": [d.isoformat() for d in dropped],
    }
    return Reply("\n".join(lines), data=data)
