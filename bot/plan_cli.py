"""`focbot plan`: the fairest rotation of meeting times, from zones or the members in the database."""

from __future__ import annotations

import argparse
import json
from datetime import date

from bot.app import App, lifespan
from schedules.recurrence import RuleError, rule_dates, zone
from schedules.rotation import Participant, local_slot_times, proposal_summary, propose


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plan = sub.add_parser("plan", help="propose a fair rotation of meeting times across time zones")
    who = plan.add_mutually_exclusive_group(required=True)
    who.add_argument("--tz", help="IANA zones, comma-separated: Europe/Zurich,Asia/Tokyo")
    who.add_argument("--members", help="'all' current members, or member names, comma-separated")
    plan.add_argument("--slots", type=int, default=2, help="start times to rotate through, 1 to 4")
    plan.add_argument("--duration", type=int, default=60, help="minutes")
    plan.add_argument("--rrule", required=True, help='RFC 5545 rule, e.g. "FREQ=MONTHLY;BYDAY=2TU"')
    plan.add_argument("--start", required=True, help="first date, YYYY-MM-DD")
    plan.add_argument("--count", type=int, default=12, help="calls to plan for")
    plan.add_argument("--json", action="store_true")


def _fail(message: str) -> SystemExit:
    return SystemExit(f"focbot plan: {message}")


async def _participants(app: App, args: argparse.Namespace) -> list[Participant]:
    if args.tz:
        names = [z.strip() for z in args.tz.split(",") if z.strip()]
        try:
            return [Participant(zone(name).key, zone(name).key) for name in dict.fromkeys(names)]
        except RuleError as exc:
            raise _fail(str(exc)) from None
    async with lifespan(app, start_timers=False):
        members = [m for m in await app.services.knowledge.members() if m.is_current]
    wanted = [n.strip() for n in args.members.split(",") if n.strip()]
    if [w.lower() for w in wanted] == ["all"]:
        return [Participant(m.name, m.timezone) for m in members]
    by_name = {m.name.lower(): m for m in members}
    missing = [w for w in wanted if w.lower() not in by_name]
    if missing:
        raise _fail(f"not current members: {', '.join(missing)} (see `focbot console` and `member`)")
    return [Participant(by_name[w.lower()].name, by_name[w.lower()].timezone) for w in wanted]


async def run_plan(app: App, args: argparse.Namespace) -> int:
    if not 1 <= args.slots <= 4:
        raise _fail("--slots is 1 to 4")
    if not 5 <= args.duration <= 1440 or not 1 <= args.count <= 520:
        raise _fail("--duration is 5 to 1440 minutes and --count 1 to 520")
    try:
        dates = rule_dates(args.rrule, date.fromisoformat(args.start), args.count)
    except ValueError as exc:  # RuleError or a bad date
        raise _fail(str(exc)) from None
    people = await _participants(app, args)
    if not people:
        raise _fail("no participants")
    proposal = propose(people, dates, args.duration, args.slots)
    plan, single = proposal.plan, proposal.single
    if args.json:
        print(json.dumps(proposal_summary(proposal), ensure_ascii=False, indent=2))
        return 0
    if proposal.note:
        print(f"{proposal.note}.")
    print(
        f"{len(people)} participants, {len(dates)} calls from {dates[0]} to {dates[-1]}, {args.duration} min"
    )
    print(
        f"Rotation: {', '.join(plan.slot_labels)} UTC; worst share outside 08:00-20:00 on a weekday: "
        f"{plan.max_burden:.0%} (single time {', '.join(single.slot_labels)} UTC: {single.max_burden:.0%})"
    )
    width = max(len(p.name) for p in people)
    for person in people:
        times = " | ".join(local_slot_times(person, dates, plan.slots))
        print(f"  {person.name:<{width}}  {plan.bad[person.name]:>3}/{plan.count}  {times}")
    return 0
