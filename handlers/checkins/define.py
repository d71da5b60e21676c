"""`checkin new <template> [options]`: reading and checking every option before anything is stored."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from handlers.args import Args, parse_id
from handlers.checkins import forms
from handlers.checkins.audience import Audience, option_phrase, participants_of, read_audience
from handlers.checkins.template import load_template, template_names
from handlers.context import Context
from handlers.core import Place
from handlers.errors import Refusal
from handlers.surveys.audience import parse_offsets
from handlers.surveys.definitions import SurveyDefinition
from schedules.checkins import check_fires
from schedules.errors import RuleError
from schedules.recurrence import parse_hhmm

NEW_USAGE = forms.usage(forms.NEW)
DEFAULT_RULE = "FREQ=MONTHLY;INTERVAL=3"
DEFAULT_AT = "10:00"
DEFAULT_DEADLINE_DAYS = 7
_DAYS = re.compile(r"^(\d{1,3})\s*d$")


@dataclass(frozen=True)
class NewCheckin:
    template: str
    definition: SurveyDefinition
    title: str
    audience: Audience
    people: int
    without_focal_point: tuple[str, ...]
    rule: str
    first: date
    first_round: date
    wall_time: time
    deadline_days: int
    reminder_minutes: tuple[int, ...]
    digest_place: str | None
    before_series: int | None


def _head(rest: str) -> str:
    """The words before the first ``name=`` option (the template's name)."""
    return re.split(r"(?:^|\s)[A-Za-z_][\w-]*=", rest, maxsplit=1)[0].strip()


def _refuse(text: str, field: str) -> Refusal:
    return Refusal.usage(text, field, usage=NEW_USAGE)


async def read_new(ctx: Context, args: Args) -> NewCheckin:
    """Every option of `checkin new` read and checked; a `Refusal` naming the field otherwise."""
    name = _head(args.rest)
    if not name:
        raise _refuse(f"which template? ({', '.join(template_names())})", "template")
    definition = load_template(name)
    if definition is None:
        raise Refusal.error(
            f"no check-in template `{name}`; there is {', '.join(template_names())}", "template"
        )
    title = option_phrase(args.rest, "title") if "title" in args.options else None
    if title is not None and not 3 <= len(title) <= 200:
        raise _refuse("`title=` takes 3 to 200 characters", "title")
    today = ctx.now().date()
    first = _start(args.options.get("start"), today)
    rule = option_phrase(args.rest, "rrule") if "rrule" in args.options else DEFAULT_RULE
    try:
        first_round = check_fires(rule or "", first)
    except RuleError as exc:
        raise _refuse(f"`rrule={rule}`: {exc}", "rrule") from None
    try:
        wall = parse_hhmm(args.options.get("at", DEFAULT_AT))
    except RuleError as exc:
        raise _refuse(str(exc), "at") from None
    days = _deadline(args.options.get("deadline"))
    reminders = tuple(parse_offsets(args.options["reminders"])) if "reminders" in args.options else ()
    if any(m >= (days + 1) * 1440 for m in reminders):
        raise _refuse(f"`reminders={args.options['reminders']}` reaches before the round opens", "reminders")
    audience = await read_audience(ctx, args.options, args.rest)
    people = await participants_of(ctx.services, audience, ctx.now().date())
    if not people:
        raise Refusal.error(
            f"no one to ask: {audience.label} gives nobody (`focal <country> add <user>` names focal "
            "points); nothing was stored",
            "to" if audience.kind in ("members", "countries", "troika") else audience.kind,
        )
    return NewCheckin(
        template=definition.key or name,
        definition=definition,
        title=title or definition.title,
        audience=audience,
        people=len(people),
        without_focal_point=tuple(
            c for c in audience.values if audience.kind == "countries" and c not in {p.member for p in people}
        ),
        rule=(rule or "").strip().upper(),
        first=first,
        first_round=first_round,
        wall_time=wall,
        deadline_days=days,
        reminder_minutes=reminders,
        digest_place=_digest(args.options.get("digest"), ctx.command.place),
        before_series=await _before(ctx, args.options.get("before")),
    )


def _start(text: str | None, today: date) -> date:
    """``start=`` (the first date the rule counts from); none given: tomorrow."""
    if text is None:
        return today + timedelta(days=1)
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise _refuse(f"`start={text}` is not a date; write YYYY-MM-DD", "start") from None
    if day < today:
        raise _refuse(f"`start={text}` is in the past", "start")
    return day


def _deadline(text: str | None) -> int:
    return read_deadline_days(text, DEFAULT_DEADLINE_DAYS)


def read_deadline_days(text: str | None, default: int) -> int:
    """``deadline=7d``: the days after the round date (or a reopen's day) answers are taken."""
    if text is None:
        return default
    match = _DAYS.match(text.strip().lower())
    if match is None or not 0 <= int(match.group(1)) <= 365:
        raise _refuse(f"`deadline={text}`: write the days after the round date, e.g. `7d`", "deadline")
    return int(match.group(1))


def _digest(text: str | None, here: Place) -> str | None:
    if text is None:
        return None
    if text.strip().lower() == "here":
        return here.key
    try:
        return Place.parse(text.strip()).key
    except ValueError:
        raise _refuse(f"`digest={text}` is not a place; write platform:channel or `here`", "digest") from None


async def _before(ctx: Context, text: str | None) -> int | None:
    if text is None:
        return None
    try:
        number = parse_id(text, "meeting", "before", listing="meeting list")
    except Refusal as refusal:
        raise _refuse(f"`before=` {refusal.text}", "before") from None
    series = await ctx.services.meetings.get(number)
    if series is None or series.cancelled_at is not None:
        raise Refusal.error(f"there is no meeting {number}; `meeting list` shows them", "before")
    return series.id
