"""`meeting plan`: the fairest rotation of start times for a series or for given participants."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time

from handlers.args import Args, is_digits
from handlers.context import Context
from handlers.core import Reply, Table
from handlers.errors import Refusal, refusing
from handlers.meetings import forms
from handlers.meetings.changes import usable_schedule
from handlers.meetings.input import (
    parse_participants,
    series_arg,
    typed_date,
)
from handlers.meetings.views import attendees, overrides_of, participants_at
from schedules.recurrence import WINDOW_END, RuleError, rule_dates
from schedules.rotation import Participant, local_slot_times, proposal_summary, propose
from storage.repositories.series_view import ParticipantView

PLAN_USAGE = forms.usage(forms.PLAN)
ROWS_EACH = 60
"""Up to this many participants the table has a row each; beyond, one row per zone (same burden)."""


def _number(text: str, what: str, low: int, high: int) -> int:
    if not is_digits(text) or not low <= int(text) <= high:
        raise Refusal.usage(f"`{what}={text[:20]}` must be a number from {low} to {high}", what)
    return int(text)


async def plan_command(ctx: Context, args: Args) -> Reply:
    opts = args.options
    with refusing(kinds=(RuleError,), usage=PLAN_USAGE, tail="."):
        n = _number(opts.get("slots", "2"), "slots", 1, 4)
        count = _number(opts.get("count", "12"), "count", 1, 104)
        if args.word(0) is not None:
            series = await series_arg(ctx, " ".join(args.words))
            people = [Participant(a.label, a.tz.key) for a in await attendees(ctx.services, series)]
            duration = _number(opts.get("duration", str(series.duration_minutes)), "duration", 5, 1440)
            schedule = usable_schedule(series)
            held = schedule.occurrences(ctx.now(), WINDOW_END, overrides_of(series), limit=count)
            dates = [o.original.astimezone(schedule.tz).date() for o in held]
        else:
            for needed in ("participants", "rrule", "start"):
                if not opts.get(needed):
                    raise Refusal.usage(f"`{needed}=` is missing (or give a meeting number)", needed)
            refs = await parse_participants(ctx, opts["participants"])
            duration = _number(opts.get("duration", "60"), "duration", 5, 1440)
            start = await typed_date(ctx, opts["start"], "start date", "start")
            with refusing("rrule", (RuleError,)):
                dates = rule_dates(opts["rrule"], start, count)
            people = await _zones(ctx, refs, dates[0] if dates else None)
            if not people:
                raise Refusal.error(
                    "participants= names no one for the first call (an empty network roster?); "
                    "`roster <city> add <user>` fills one",
                    "participants",
                )
    if not dates:
        raise Refusal.error("That meeting has no calls coming up to plan.", "meeting")
    # CPU-bound (about 0.1-1 s for hundreds of zones): off the event loop, so other commands go on.
    return await asyncio.to_thread(plan_reply, people, dates, duration, n)


async def _zones(ctx: Context, refs: list[tuple[str, str]], first: date | None) -> list[Participant]:
    """The participants as `meeting new` reads them (groups too: the troika of the first call's year,
    the members, a network's roster), each in their zone: members in their capital's, users by the one
    rule (handlers/user_zones.py); the same resolution as a stored series' (`views.participants_at`)."""
    day = first or ctx.now().date()
    at = datetime.combine(day, time(12), tzinfo=UTC)
    given = [ParticipantView(kind, ref) for kind, ref in refs]
    people = await participants_at(ctx.services, given, "UTC", at)
    return [Participant(a.label, a.tz.key) for a in people]


def plan_reply(people: list[Participant], dates: list[date], duration: int, n: int) -> Reply:
    """The plan's reply: the table has a row per participant, or per zone when there are many. No start
    is proposed twice; when N slots do no better than fewer, it says so and proposes the fewer."""
    proposal = propose(people, dates, duration, n)
    plan, single = proposal.plan, proposal.single
    by_zone: dict[str, list[Participant]] = {}
    for person in people:
        by_zone.setdefault(person.tz, []).append(person)
    local = {tz: local_slot_times(group[0], dates, plan.slots) for tz, group in by_zone.items()}
    if len(people) <= ROWS_EACH:
        groups = [(p.name, [p]) for p in people]
    else:
        groups = [(_crowd(group), group) for group in by_zone.values()]
    rows = tuple(
        (label, group[0].tz, *local[group[0].tz], f"{plan.bad[group[0].name]}/{plan.count}")
        for label, group in groups
    )
    columns = (
        "Participant",
        "Zone",
        *(f"Slot {i + 1} ({s} UTC)" for i, s in enumerate(plan.slot_labels)),
        "Unsociable",
    )
    text = (f"{proposal.note}. " if proposal.note else "") + (
        f"Fairest rotation of {len(plan.slots)} start time(s) for {len(people)} participants "
        f"over {plan.count} calls "
        f"({dates[0]} to {dates[-1]}, {duration} min): {', '.join(plan.slot_labels)} UTC. "
        f"Worst share of calls outside 08:00-20:00 on a weekday: {plan.max_burden:.0%}"
        f" (a single time, {', '.join(single.slot_labels)} UTC: {single.max_burden:.0%})."
    )
    return Reply(
        text, parts=(Table(columns, rows, title="Local times and burden"),), data=proposal_summary(proposal)
    )


def _crowd(group: list[Participant]) -> str:
    """``2,500 participants (u0, u4, u8, ...)``."""
    names = ", ".join(p.name for p in group[:3]) + (", ..." if len(group) > 3 else "")
    return f"{len(group):,} participant{'s' if len(group) > 1 else ''} ({names})"
