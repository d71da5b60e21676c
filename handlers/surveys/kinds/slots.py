"""``type: slots``: preferred meeting slots, a multiple choice among UTC time windows such as
``Tue 14:00-15:00 UTC``; each respondent reads them in their own zone (`in_zone`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from typing import Any, Protocol, Self, TypeVar
from zoneinfo import ZoneInfo

from handlers.surveys.kinds.base import Question, QuestionKind
from handlers.surveys.kinds.options import ManyOptionKind

_HOUR = r"(?:[01]\d|2[0-3]):[0-5]\d"
SLOT = re.compile(rf"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Weekdays)\s+)?{_HOUR}-(?:{_HOUR}|24:00) UTC$")


class Slots(ManyOptionKind):
    name = "slots"

    def validate(self, question: Question) -> None:
        super().validate(question)
        bad = [o for o in question.options if not SLOT.match(o)]
        if bad:
            raise ValueError(f"slots look like `Tue 14:00-15:00 UTC`; not: {', '.join(bad)}")


KIND: type[QuestionKind] = Slots


_PARTS = re.compile(
    rf"^(?:(?P<day>Mon|Tue|Wed|Thu|Fri|Sat|Sun|Weekdays)\s+)?(?P<a>{_HOUR})-(?P<b>{_HOUR}|24:00) UTC$"
)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAYS_SHIFTED = {-1: "Sun-Thu", 0: "Weekdays", 1: "Tue-Sat"}


def slot_in_zone(option: str, zone: ZoneInfo, at: datetime) -> str:
    """A slot option as read in ``zone``: ``Wed 01:00-02:00 Australia/Sydney (Tue 14:00-15:00 UTC)``.

    A slot is a weekly window without a date, so the zone's offset is taken in the week of ``at`` (the
    survey's deadline, or when it opened): the same UTC window reads an hour apart across a DST change.
    The option itself (what answers name) stays the UTC text, kept in brackets."""
    found = _PARTS.match(option)
    if found is None or zone.key == "UTC":
        return option
    day = found["day"]
    base = at.astimezone(UTC).date()
    if day in _DAYS:
        base += timedelta(days=(_DAYS.index(day) - base.weekday()) % 7)
    hours, minutes = (int(x) for x in found["a"].split(":"))
    start = datetime.combine(base, time(hours, minutes), tzinfo=UTC)
    end_hours, end_minutes = (int(x) for x in found["b"].split(":"))
    length = (end_hours * 60 + end_minutes) - (hours * 60 + minutes)
    end = start + timedelta(minutes=length if length > 0 else length + 24 * 60)
    local, local_end = start.astimezone(zone), end.astimezone(zone)
    shift = (local.date() - start.date()).days
    if day is None:
        label = ""
    elif day == "Weekdays":
        label = _WEEKDAYS_SHIFTED[shift] + " "
    else:
        label = f"{local:%a} "
    return f"{label}{local:%H:%M}-{local_end:%H:%M} {zone.key} ({option})"


class Definition(Protocol):
    """What `in_zone` reads and copies of a survey's definition (`handlers.surveys.definitions`)."""

    @property
    def questions(self) -> tuple[Question, ...]: ...
    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self: ...


D = TypeVar("D", bound=Definition)


def in_zone(definition: D, zone: ZoneInfo, at: datetime) -> D:
    """The definition as a reader in ``zone`` sees it: slot options in their zone (the options keep their
    order and numbers, which are what answers store; other kinds are unchanged)."""
    if zone.key == "UTC" or not any(q.type == Slots.name for q in definition.questions):
        return definition
    questions = tuple(
        q.model_copy(update={"options": tuple(slot_in_zone(o, zone, at) for o in q.options)})
        if q.type == Slots.name
        else q
        for q in definition.questions
    )
    return definition.model_copy(update={"questions": questions})
