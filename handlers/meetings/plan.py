"""`meeting plan`: the fairest rotation of start times for a series or for given participants."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

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
from schedules.rotation import (
    Participant,
    Plan,
    Proposal,
    evaluate_calls,
    local_slot_times,
    proposal_summary,
    propose,
)
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
    current: Current | None = None
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
            current = Current(
                f"{'/'.join(series.slots)} {series.timezone}", series.id, tuple(o.start for o in held)
            )
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
    return await asyncio.to_thread(plan_reply, people, dates, duration, n, current)


async def _zones(ctx: Context, refs: list[tuple[str, str]], first: date | None) -> list[Participant]:
    """The participants as `meeting new` reads them (groups too: the troika of the first call's year,
    the members, a network's roster), each in their zone: members in their capital's, users by the one
    rule (handlers/user_zones.py); the same resolution as a stored series' (`views.participants_at`)."""
    day = first or ctx.now().date()
    at = datetime.combine(day, time(12), tzinfo=UTC)
    given = [ParticipantView(kind, ref) for kind, ref in refs]
    people = await participants_at(ctx.services, given, "UTC", at)
    return [Participant(a.label, a.tz.key) for a in people]


@dataclass(frozen=True)
class Current:
    """A series' own times (``15:00 Europe/Zurich``) and the starts of the calls planned over."""

    label: str
    series: int
    starts: tuple[datetime, ...]


def plan_reply(
    people: list[Participant], dates: list[date], duration: int, n: int, current: Current | None = None
) -> Reply:
    """The plan's reply: the table has a row per participant, or per zone when there are many. No start
    is proposed twice; when N slots do no better than fewer, it says so and proposes the fewer. For a
    series whose own times are already as fair as the best proposal, the reply says to keep them."""
    proposal = propose(people, dates, duration, n)
    plan, single = proposal.plan, proposal.single
    by_zone: dict[str, list[Participant]] = {}
    for person in people:
        by_zone.setdefault(person.tz, []).append(person)
    if current is not None:
        now = evaluate_calls(people, current.starts, duration)
        if (now.max_bad, now.total_bad) <= (plan.max_bad, plan.total_bad):
            return _keep(people, by_zone, current, now, proposal)
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
    data = proposal_summary(proposal) | ({"keep": False} if current is not None else {})
    return Reply(text, parts=(Table(columns, rows, title="Local times and burden"),), data=data)


def _keep(
    people: list[Participant],
    by_zone: dict[str, list[Participant]],
    current: Current,
    now: Plan,
    proposal: Proposal,
) -> Reply:
    """Keep the series' times: they are as fair as any rotation the plan found."""
    local = {
        tz: "/".join(dict.fromkeys(f"{s.astimezone(ZoneInfo(tz)):%a %H:%M}" for s in current.starts))
        for tz in by_zone
    }
    groups = (
        [(p.name, [p]) for p in people]
        if len(people) <= ROWS_EACH
        else [(_crowd(g), g) for g in by_zone.values()]
    )
    rows = tuple((label, g[0].tz, local[g[0].tz], f"{now.bad[g[0].name]}/{now.count}") for label, g in groups)
    best = proposal.plan
    text = (f"{proposal.note}. " if proposal.note else "") + (
        f"Keep meeting {current.series}'s time, {current.label}: it is already as fair as any rotation of "
        f"up to {proposal.requested} start time(s) for {len(people)} participants over {now.count} calls "
        f"(worst share of calls outside 08:00-20:00 on a weekday: {now.max_burden:.0%}; the best "
        f"proposal, {', '.join(best.slot_labels)} UTC, does no better: {best.max_burden:.0%})."
    )
    columns = ("Participant", "Zone", f"Now ({current.label})", "Unsociable")
    data = proposal_summary(proposal) | {
        "keep": True,
        "current": {
            "time": current.label,
            "burden": now.burden,
            "max_burden": now.max_burden,
            "unsociable_calls": now.total_bad,
        },
    }
    return Reply(text, parts=(Table(columns, rows, title="Local times and burden now"),), data=data)


def _crowd(group: list[Participant]) -> str:
    """``2,500 participants (u0, u4, u8, ...)``."""
    names = ", ".join(p.name for p in group[:3]) + (", ..." if len(group) > 3 else "")
    return f"{len(group):,} participant{'s' if len(group) > 1 else ''} ({names})"
