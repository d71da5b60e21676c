"""Naming a series (by number or by title) and one of its calls (by the date it is held on, or had).

Every `meeting` subcommand that names a series uses `find_series` (through `series_and_rest`): a number
(``1``, ``#1``), else the title, case-insensitive and exact, else a unique prefix of it. Live series win
over cancelled ones of the same name. An ambiguous name is refused with the series it matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from handlers.args import parse_id
from handlers.context import Context
from handlers.errors import Refusal
from handlers.meetings.views import overrides_of, schedule_of, upcoming
from schedules.recurrence import Occurrence, localize
from storage.repositories.series_view import SeriesView

_NUMBER = re.compile(r"^#?[0-9]+$")
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
MATCHES_SHOWN = 8


def is_date(word: str) -> bool:
    """``2027-01-14``: read as a call's date, never as part of a title."""
    return bool(_DATE.match(word))


async def find_series(ctx: Context, name: str | None) -> SeriesView:
    """The series named ``name``: its number, its title (any case), or a unique prefix of its title."""
    text = " ".join((name or "").split())
    if not text:
        raise Refusal.usage("which meeting? Give its number or title (see `meeting list`)", "meeting")
    repo = ctx.services.meetings
    if _NUMBER.match(text):
        number = parse_id(text, "meeting", "meeting", listing="meeting list")
        found = await repo.get(number)
        if found is None:
            raise Refusal.error(f"there is no meeting {number}; `meeting list` shows them", "meeting")
        return found
    titles = await repo.titles()
    lowered = text.lower()
    for test in (lambda t: t.lower() == lowered, lambda t: t.lower().startswith(lowered)):
        matches = [(i, t, cancelled) for i, t, cancelled in titles if test(t)]
        live = [m for m in matches if not m[2]]
        chosen = live or matches
        if len(chosen) == 1:
            found = await repo.get(chosen[0][0])
            if found is not None:
                return found
        if len(chosen) > 1:
            listed = "; ".join(f"{i} ({t})" for i, t, _ in chosen[:MATCHES_SHOWN])
            more = f" and {len(chosen) - MATCHES_SHOWN} more" if len(chosen) > MATCHES_SHOWN else ""
            raise Refusal.error(
                f"`{text[:80]}` names {len(chosen)} meetings: {listed}{more}; "
                "give the number or more of the title",
                "meeting",
                data={"matches": [{"series": i, "title": t} for i, t, _ in chosen]},
            )
    raise Refusal.error(f"there is no meeting `{text[:80]}`; `meeting list` shows them", "meeting")


def split_name(words: Sequence[str], tail: Callable[[str], bool] = is_date) -> tuple[str | None, list[str]]:
    """The words naming the series and the rest: a number alone, else the words before the first one
    ``tail`` accepts (a date, an answer, a count), so ``troika call 2027-01-14`` is a title and a date."""
    if not words:
        return None, []
    if _NUMBER.match(words[0]):
        return words[0], list(words[1:])
    for index, word in enumerate(words):
        if tail(word):
            return (" ".join(words[:index]) or None), list(words[index:])
    return " ".join(words), []


async def series_and_rest(
    ctx: Context, words: Sequence[str], tail: Callable[[str], bool] = is_date
) -> tuple[SeriesView, list[str]]:
    """The series named at the start of ``words`` (`split_name`, `find_series`) and the words after."""
    name, rest = split_name(words, tail)
    return await find_series(ctx, name), rest


@dataclass(frozen=True)
class FoundCall:
    """A call named by a date: ``occurrence`` as held (``original`` is the rule's start, its identity),
    ``note`` when the date named was the call's old one."""

    occurrence: Occurrence
    note: str | None = None


def call_on(series: SeriesView, day: date, now: datetime) -> FoundCall:
    """The call held on local date ``day`` (a moved call on its new date), else the call the rule puts on
    ``day`` wherever it is now held (with a note saying where it moved); skipped and cancelled calls are
    returned with that status. A `Refusal` about ``date`` when the series has no call that day."""
    schedule = schedule_of(series)
    tz = schedule.tz
    low = localize(datetime.combine(day, time()), tz)
    overrides = overrides_of(series)
    held = [
        o
        for o in schedule.occurrences(low - timedelta(days=1), low + timedelta(days=2), overrides)
        if o.start.astimezone(tz).date() == day
    ]
    if held:
        return FoundCall(held[0])
    planned = schedule.on_date(day)
    if planned is None:
        hint = ", ".join(f"{o.start.astimezone(tz):%Y-%m-%d}" for o in upcoming(series, now, 3))
        raise Refusal.error(
            f"meeting {series.id} has no call on {day}; the next are {hint or 'none'}", "date"
        )
    change = overrides.get(planned.original)
    if change is not None and change.action == "move" and change.moved_to is not None:
        moved_to = change.moved_to
        occurrence = Occurrence(
            planned.index, planned.original, moved_to, moved_to + (planned.end - planned.start), "moved"
        )
        note = f"the call of {day} was moved to {moved_to.astimezone(tz):%Y-%m-%d}"
        return FoundCall(occurrence, note)
    if change is not None:
        status = "skipped" if change.action == "skip" else "cancelled"
        return FoundCall(Occurrence(planned.index, planned.original, planned.start, planned.end, status))
    return FoundCall(planned)
