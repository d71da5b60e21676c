"""`meeting new "<title>" <schedule in words> ...`: the words after the title read into the options the
exact form takes (``rrule=``, ``start=``, ``at=``, ``tz=``), by `schedules.phrases`.

The title is the quoted first word, or (unquoted) the words before the first that starts a schedule
(``every``, ``monthly``, ``on``...). Other options (``participants=troika`` included) pass through untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.args import Args
from handlers.context import Context
from handlers.errors import Refusal, refusing
from handlers.meetings import forms
from handlers.meetings.spec import AskerZone, When, slots_of, start_date
from handlers.tokens import QUOTES
from schedules.errors import RuleError
from schedules.phrases import SchedulePhrase, parse_schedule
from schedules.recurrence import parse_hhmm
from schedules.zones import zone

SCHEDULE_STARTS = frozenset(
    [
        "every",
        "each",
        "daily",
        "weekly",
        "biweekly",
        "fortnightly",
        "monthly",
        "quarterly",
        "bimonthly",
        "yearly",
        "annually",
        "on",
    ]
)
PHRASE_USAGE = forms.NEW.also[0]


@dataclass(frozen=True)
class WordedNew:
    """What the phrase said (``phrase``, read once), the schedule it gives as values (``when``: the parsed
    rule, first date, start times, zone) and the title before it."""

    title: str
    when: When
    phrase: SchedulePhrase
    text: str


def split_title(args: Args) -> tuple[str, str] | None:
    """(title, schedule words), or None for the exact form (``rrule=`` given, or no schedule words)."""
    words = list(args.words)
    if "rrule" in args.options or len(words) < 2:
        return None
    if args.rest.lstrip()[:1] in QUOTES:
        start = 1
    else:
        found = next((i for i, w in enumerate(words) if i > 0 and w.lower() in SCHEDULE_STARTS), None)
        if found is None:
            return None
        start = found
    return " ".join(words[:start]).strip(), " ".join(words[start:])


async def read_worded(ctx: Context, args: Args, mine: AskerZone) -> WordedNew | None:
    """The phrase read (the series' zone: a place it names, else ``tz=``, else the admin's own zone by the
    one rule, ``mine``), or None when the command has no schedule in words; a `Refusal` about ``schedule``
    for a phrase that cannot be read. The rule is parsed here, once, and travels in ``when``."""
    split = split_title(args)
    if split is None:
        return None
    title, text = split
    opts = args.options
    with refusing("at", (RuleError,)):
        rotation = [s.strip() for s in opts.get("rotation", "").split(",") if s.strip()]
        given = opts.get("at") or (rotation[0] if rotation else None)
        at = parse_hhmm(given) if given else None
    start = await start_date(ctx, opts["start"], mine) if opts.get("start") else None
    tz_option = opts.get("tz")
    with refusing("tz", (RuleError,)):
        default_zone = zone(tz_option).key if tz_option else (await mine.get()).key
    try:
        phrase = parse_schedule(text, default_zone, ctx.now(), at=at, start=start)
    except RuleError as exc:
        raise Refusal.usage(str(exc), "schedule", usage=PHRASE_USAGE) from None
    if tz_option and phrase.zone != default_zone:
        raise Refusal.usage(
            f"the schedule says {phrase.zone} and tz= says {default_zone}; give the zone once", "tz"
        )
    slots = slots_of(opts, f"{phrase.at:%H:%M}")
    when = When(phrase.rrule, phrase.rule, phrase.first_date, slots, zone(phrase.zone))
    return WordedNew(title, when, phrase, text)
