"""Reading what users type for meetings: series ids, dates, times, participants, places."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.context import Context
from handlers.core import Place
from handlers.errors import Refusal
from handlers.meetings.firings import KINDS, scope_of
from handlers.meetings.naming import find_series
from handlers.participants import ALL, read_named
from schedules.moments import MomentError, read_day
from schedules.recurrence import RuleError, check_date
from storage.repositories.series_view import SeriesView

KIND_ACTIVITY = {"troika": "3A.2", "network": "1A.1", "quarterly": "1B.2", "strategy": "3B.2"}
KIND_WORDS = {
    "troika": "troika",
    "network": "network",
    "networks": "network",
    "quarterly": "quarterly",
    "quarterly-update": "quarterly",
    "quarterly_update": "quarterly",
    "strategy": "strategy",
    "strategy-and-coordination": "strategy",
    "coordination": "strategy",
    "custom": "custom",
}
_ISO_LIKE = re.compile(r"^[+-]?\d{1,6}-\d")
# Without `kind=`, the kind a call's title or participant groups name (so the troika call links 3A.2).
_KIND_HINTS = (
    ("troika", re.compile(r"\btroika\b", re.I)),
    ("network", re.compile(r"\bnetworks?\b|(?:^|,)\s*network=", re.I)),
    ("quarterly", re.compile(r"\bquarterly\b", re.I)),
    ("strategy", re.compile(r"\bstrategy and coordination\b|\bS&C\b", re.I)),
)


def inferred_kind(title: str, participants: str) -> str:
    """The kind a new series' title or participants name ("Troika call", `participants=troika`), else
    `custom`; `kind=` always wins over this."""
    for kind, pattern in _KIND_HINTS:
        if pattern.search(title) or (kind in ("troika", "network") and pattern.search(participants)):
            return kind
    return "custom"


def parse_date(
    text: str,
    what: str = "date",
    field: str | None = None,
    *,
    now: datetime | None = None,
    tz: ZoneInfo | None = None,
) -> date:
    """A date within the supported window (`schedules.rules.FIRST_DATE`..`LAST_DATE`); a `Refusal` (about
    ``field``) otherwise. With ``now`` and the typist's zone ``tz``, any day of the one grammar
    (`schedules.moments`: ``22 dec``, ``friday``, ``next tuesday``); without, ISO only."""
    try:
        if now is not None and tz is not None and not iso_like(text):
            day = read_day(text, now, tz)
        else:
            day = date.fromisoformat(text.strip())
    except MomentError as exc:
        raise Refusal.usage(f"{exc}".replace(" as a date;", f" as a {what};"), field) from None
    except ValueError:
        raise Refusal.usage(
            f"`{text[:40]}` is not a {what}; write it as YYYY-MM-DD, e.g. 2027-01-12", field
        ) from None
    try:
        return check_date(day)
    except RuleError as exc:
        raise Refusal.usage(f"the {what} {exc}", field) from None


async def typed_date(
    ctx: Context, text: str, what: str = "date", field: str | None = None, *, tz: ZoneInfo | None = None
) -> date:
    """`parse_date` of what a person typed, read in their zone (the one rule; ``tz``: already resolved)
    at the bot's clock. An ISO date is read without a zone: none is looked up for it."""
    if tz is None and not iso_like(text):
        tz = await ctx.services.reader_zone(ctx.actor_key)
    return parse_date(text, what, field, now=ctx.now(), tz=tz)


def iso_like(text: str) -> bool:
    """Whether ``text`` is written as an ISO date (``2027-01-12``): read as one, in nobody's zone."""
    return _ISO_LIKE.match(text.strip()) is not None


async def series_arg(ctx: Context, text: str | None) -> SeriesView:
    """The series named ``text`` (its number or title: `handlers.meetings.naming.find_series`)."""
    return await find_series(ctx, text)


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


async def parse_participants(ctx: Context, text: str) -> list[tuple[str, str]]:
    """``Estonia,<platform>:<user>,troika,network=geneva,members`` (or ``all``) -> [("member", "Estonia"),
    ("user", key), ("group", "troika"), ("group", "network:geneva"), ("group", "members")], read by the one
    parser of participant words (`handlers.participants.read_named`). Groups are resolved at each call
    (`handlers.meetings.groups`); ``all`` is the current members now."""
    found: list[tuple[str, str]] = []
    for named in await read_named(ctx, text, "participants"):
        if named.kind == ALL:
            members = await ctx.services.knowledge.members()
            found.extend(("member", m.name) for m in members if m.is_current)
        else:
            found.append((named.kind, named.ref))
    return list(dict.fromkeys(found))


def parse_places(text: str | None, here: Place, examples: str = "<platform>:<place>") -> list[str]:
    """``<platform>:<place>,...``; none given: where the command was said. ``examples``: for the error."""
    if text is None:
        return [here.key]
    places = []
    for part in split_list(text):
        try:
            places.append(Place.parse(part).key)
        except ValueError:
            raise Refusal.usage(
                f"`{part}` is not a place; write platform:channel, e.g. {examples}", "place"
            ) from None
    if not places:
        raise Refusal.usage("place= names no place", "place")
    return list(dict.fromkeys(places))


async def series_changed(ctx: Context, series_id: int) -> None:
    """Tell the due-work engine that a command changed a series: it makes that series' rows again (only
    that series', reminders and minutes) and re-arms its timer (`handlers.meetings.delivery`)."""
    await ctx.services.due.changed(list(KINDS.values()), scope_of(series_id))
