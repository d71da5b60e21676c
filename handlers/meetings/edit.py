"""`meeting edit <meeting> key=value ...`: change a series for its FUTURE calls only.

Design: the series row is edited in place and stamped ``effective_from = now`` (the id people know stays).
Calls that ended before that instant belong to the old settings: their delivery rows are never touched
and never owed again (deliveries skip calls ending before `SeriesView.delivered_from`), and their
overrides and RSVPs stay keyed as they were. The overrides and RSVPs of future calls follow them to the
call the new settings hold on the same local date (a call the new rule no longer has loses its skip or
move, and the reply says so). The rule keeps its first date, so ``INTERVAL`` counts go on unbroken.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.args import Args
from handlers.context import Context
from handlers.core import Reply
from handlers.errors import Refusal, refusing
from handlers.meetings.changes import usable_schedule
from handlers.meetings.groups import participant_label
from handlers.meetings.input import parse_participants, series_changed, unknown_options
from handlers.meetings.naming import find_series
from handlers.meetings.views import overrides_of, upcoming, when
from schedules.recurrence import WINDOW_END, RuleError, Schedule, parse_hhmm, zone
from schedules.reminders import OffsetError, format_offset, parse_offsets
from storage.repositories.series_view import SeriesView

EDIT_USAGE = (
    "meeting edit <meeting> [title=<title>] [at=<HH:MM>] [tz=<IANA zone>] [rrule=<RFC 5545 rule>] "
    "[participants=<countries, users, troika, members, network=<city>>] [reminders=24h,1h] "
    "[agenda=<text>] [location=<text>] [link=<https://...>]"
)
EDIT_OPTIONS = ("title", "at", "tz", "rrule", "participants", "reminders", "agenda", "location", "link")
CLEAR = {"", "-", "none"}
LIMITS = {"title": 200, "agenda": 2000, "location": 500, "link": 1000}


async def edit_command(ctx: Context, args: Args) -> Reply:
    """Refuses bad input (naming the field) before anything is stored; nothing to change: the usage."""
    opts = args.options
    with refusing(kinds=(RuleError, OffsetError), usage=EDIT_USAGE, tail="; nothing changed."):
        unknown = unknown_options(list(opts), EDIT_OPTIONS)
        if unknown:
            raise Refusal.usage(f"unknown option {', '.join(f'`{k}=`' for k in unknown)}", unknown[0])
        if not args.words or not opts:
            raise Refusal.usage("say which meeting and what to change")
        series = await find_series(ctx, " ".join(args.words))
        if series.cancelled_at is not None:
            raise Refusal.error(f"meeting {series.id} is cancelled", "meeting")
        old_schedule = usable_schedule(series)
        values, participants = await _read(ctx, series, opts)
        new_schedule = _schedule(series, values)
        now = ctx.now()
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
    await series_changed(ctx, series.id)
    return _reply(edited, sorted(opts), dropped, now)


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


def _reply(series: SeriesView, changed: list[str], dropped: list[datetime], now: datetime) -> Reply:
    tz = zone(series.timezone)
    nxt = upcoming(series, now, 3)
    lines = [
        f"Meeting {series.id} (*{series.title}*) changed for the calls from now on ({', '.join(changed)}); "
        "past calls keep what they were.",
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
        "next": [o.start.isoformat() for o in nxt],
        "dropped": [d.isoformat() for d in dropped],
    }
    return Reply("\n".join(lines), data=data)
