"""What `meeting new` asks for, typed (`NewSpec`): read from the exact form's options (`exact_spec`) or
from a schedule in words (`handlers.meetings.worded`), then turned into the series by
`handlers.meetings.commands.read_new`. The schedule travels as values, read once: the rule parsed
(`schedules.recurrence.parse_rule`), its first date, the start times and the series' zone; the asker's
zone is resolved at most once per request (`AskerZone`), and only when something needs it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from handlers.args import Args, is_digits
from handlers.context import Context
from handlers.errors import Refusal, refusing
from handlers.meetings.input import KIND_ACTIVITY, KIND_WORDS, inferred_kind, iso_like, typed_date
from handlers.text import activity_id
from schedules.recurrence import ParsedRule, RuleError, parse_hhmm, parse_rule, zone
from schedules.reminders import DEFAULT_OFFSETS, OffsetError, parse_offsets


@dataclass(frozen=True)
class When:
    """A new series' schedule, read once: the rule's text and the rule parsed from ``first``, the start
    times (one, or a rotation of up to four, ``HH:MM``) and the series' zone."""

    rrule: str
    rule: ParsedRule
    first: date
    slots: tuple[str, ...]
    zone: ZoneInfo


@dataclass(frozen=True)
class NewSpec:
    """A `meeting new` request, typed: everything but the participants and places (read against the
    directory by `read_new`) already checked."""

    title: str
    kind: str
    activity: str | None
    when: When
    duration: int
    reminders: tuple[int, ...]
    participants: str
    """As typed (``Estonia,troika,<platform>:<user>``)."""
    places: str | None
    """As typed; None: where the command was said."""
    agenda: str | None = None


class AskerZone:
    """The asker's zone by the one rule (`Services.zone_of`), resolved on first need and then kept: at
    most once per request."""

    def __init__(self, ctx: Context, known: ZoneInfo | None = None) -> None:
        self._ctx = ctx
        self._zone = known

    async def get(self) -> ZoneInfo:
        if self._zone is None:
            self._zone = await self._ctx.services.reader_zone(self._ctx.actor_key)
        return self._zone


async def start_date(ctx: Context, text: str, mine: AskerZone) -> date:
    """``start=`` as typed: an ISO date as is, any other day in the asker's zone (`typed_date`)."""
    tz = None if iso_like(text) else await mine.get()
    return await typed_date(ctx, text, "start date", "start", tz=tz)


def slots_of(opts: dict[str, str], at: str | None) -> tuple[str, ...]:
    """The start times: ``rotation=`` (comma-separated), else ``at``; a `Refusal` about the one given."""
    rotation = [s.strip() for s in opts.get("rotation", "").split(",") if s.strip()]
    if not rotation and at is None:
        raise Refusal.usage("`at=` is missing (the start time, HH:MM in tz)", "at")
    with refusing("rotation" if rotation else "at", (RuleError,)):
        return tuple(f"{parse_hhmm(s):%H:%M}" for s in (rotation or [at or ""]))


async def exact_spec(ctx: Context, args: Args, mine: AskerZone) -> NewSpec:
    """The spec of the exact form (``rrule=``, ``start=``, ``at=``/``rotation=``, ``tz=``...)."""
    opts = args.options
    title = _title(" ".join(args.words))
    for needed in ("rrule", "start", "participants"):
        if not opts.get(needed):
            raise Refusal.usage(f"`{needed}=` is missing", needed)
    kind, activity = await _kind_and_activity(ctx, opts, title)
    with refusing("tz", (RuleError,)):
        # Without tz=, the admin's own zone (the one rule), as in the worded form.
        tz = zone(opts["tz"]) if opts.get("tz") else await mine.get()
    first = await start_date(ctx, opts["start"], mine)
    rotation = [s.strip() for s in opts.get("rotation", "").split(",") if s.strip()]
    slots = slots_of(opts, opts.get("at") or (rotation[0] if rotation else None))
    duration = _duration(opts)
    text = opts["rrule"].strip().removeprefix("RRULE:")
    with refusing("rrule", (RuleError,)):
        rule = parse_rule(opts["rrule"], first)
    return NewSpec(
        title=title,
        kind=kind,
        activity=activity,
        when=When(text, rule, first, slots, tz),
        duration=duration,
        reminders=_reminders(opts),
        participants=opts["participants"],
        places=opts.get("place") or opts.get("places"),
        agenda=opts.get("agenda") or None,
    )


async def worded_spec(ctx: Context, args: Args, title: str, when: When) -> NewSpec:
    """The spec of the worded form: the schedule read from the phrase (``when``), the rest from options."""
    opts = args.options
    title = _title(title)
    if not opts.get("participants"):
        raise Refusal.usage("`participants=` is missing", "participants")
    kind, activity = await _kind_and_activity(ctx, opts, title)
    return NewSpec(
        title=title,
        kind=kind,
        activity=activity,
        when=when,
        duration=_duration(opts),
        reminders=_reminders(opts),
        participants=opts["participants"],
        places=opts.get("place") or opts.get("places"),
        agenda=opts.get("agenda") or None,
    )


def _title(text: str) -> str:
    title = text.strip()
    if not title:
        raise Refusal.usage("the meeting needs a title", "title")
    return title[:200]


async def _kind_and_activity(ctx: Context, opts: dict[str, str], title: str) -> tuple[str, str | None]:
    kind_word = opts.get("kind") or inferred_kind(title, opts.get("participants", ""))
    kind = KIND_WORDS.get(kind_word.lower())
    if kind is None:
        raise Refusal.usage(f"unknown kind `{opts['kind']}`", "kind")
    activity = opts.get("activity") or KIND_ACTIVITY.get(kind)
    if activity is not None:
        aid = activity_id(activity)
        if aid is None or await ctx.services.knowledge.activity(aid) is None:
            raise Refusal.usage(f"there is no activity `{activity}`", "activity")
        activity = aid
    return kind, activity


def _duration(opts: dict[str, str]) -> int:
    text = opts.get("duration", "60")
    if not is_digits(text, 6):
        raise Refusal.usage(f"`duration={text}` is not a number of minutes", "duration")
    return int(text)


def _reminders(opts: dict[str, str]) -> tuple[int, ...]:
    with refusing("reminders", (OffsetError,)):
        return parse_offsets(opts["reminders"]) if "reminders" in opts else DEFAULT_OFFSETS
