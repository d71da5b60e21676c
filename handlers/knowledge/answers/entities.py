"""The small recogniser: countries, years (absolute and relative), ids, task forces, networks, statuses.

Deterministic: word tables, regular expressions, pycountry's country names and rapidfuzz for typos.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from handlers.knowledge.answers.countries import Country, find_countries

_YEAR = r"(?:19|20)\d{2}"
_RANGE = re.compile(rf"\b(?:between|from)?\s*({_YEAR})\s*(?:-|–|to|and|until|through)\s*({_YEAR}|\d{{2}})\b")
_SINCE_WORDS = re.compile(
    rf"\b(?:since|after|starting in|starting)\s+({_YEAR})\b|\bfrom\s+({_YEAR})\s+on(?:wards?)?\b"
)
_BEFORE = re.compile(rf"\b(?:before|until|prior to)\s+({_YEAR})\b")
_ONE_YEAR = re.compile(rf"\b({_YEAR})\b")
_RELATIVE = (
    (
        re.compile(
            r"\b(?:after|following)\s+(?:this|the current)\s+year\b|\bthe (?:following|coming) year\b"
            r"|\bthe year after\b"
        ),
        1,
    ),
    (re.compile(r"\b(?:before|prior to)\s+(?:this|the current)\s+year\b|\bthe year before\b"), -1),
    (re.compile(r"\b(?:this|current|present|the current)\s+year\b|\bthis year's\b"), 0),
    (re.compile(r"\b(?:last|previous|past)\s+year\b|\blast year's\b|\ba year ago\b"), -1),
    (re.compile(r"\bnext\s+year\b|\bnext year's\b|\bcoming year\b"), 1),
)
_ACTIVITY = re.compile(r"(?<![\w.])([1-3])\s*([a-dA-D])\s*[.\-_ ]?\s*(\d{1,2})(?![\w.])")
_ACTIVITY_OF = re.compile(
    r"\bactivity\s+(\d{1,2})\s+(?:of|in|under)\s+(?:objective\s+)?([1-3])\s*([a-dA-D])\b", re.I
)
_OBJECTIVE = re.compile(r"(?<![\w.])([1-3])\s?([a-dA-D])(?![\w.])")
_OBJECTIVE_WORD = re.compile(r"\bobjective\s+(\d)\s*([a-zA-Z])\b", re.I)
_ACTIVITY_WORD = re.compile(r"\bactivity\s+(\d)\s*([a-zA-Z])\s*[.\-_ ]?\s*(\d{1,2})\b", re.I)
_GOAL = re.compile(
    r"\bgoal\s*(?:number\s*|no\.?\s*|#\s*)?([1-9])\b|\b(first|second|third)\s+goal\b|\bgoal\s+(one|two|three)\b",
    re.I,
)
_ORDINAL = {"first": 1, "second": 2, "third": 3, "one": 1, "two": 2, "three": 3}

STATUS_WORDS = {
    "done": "done",
    "finished": "done",
    "completed": "done",
    "complete": "done",
    "in progress": "in progress",
    "ongoing": "in progress",
    "underway": "in progress",
    "under way": "in progress",
    "planned": "planned",
    "dropped": "dropped",
    "abandoned": "dropped",
    "overdue": "overdue",
    "late": "overdue",
    "behind schedule": "overdue",
    "past due": "overdue",
    "without a lead": "no lead",
    "without lead": "no lead",
    "no lead": "no lead",
    "unassigned": "no lead",
    "nobody leads": "no lead",
    "no one leads": "no lead",
    "lack a lead": "no lead",
    "have no lead": "no lead",
}


@dataclass(frozen=True)
class Years:
    """A year, a range (``first``..``last``) or an open range (``since``); ``relative`` when said so."""

    first: int
    last: int
    open_ended: bool = False
    before: bool = False
    relative: int | None = None  # -1 last year, 0 this year, 1 next year

    @property
    def single(self) -> int | None:
        return self.first if self.first == self.last and not self.open_ended and not self.before else None

    def covers(self, year: int) -> bool:
        if self.before:
            return year < self.first
        if self.open_ended:
            return year >= self.first
        return self.first <= year <= self.last

    def label(self) -> str:
        if self.before:
            return f"before {self.first}"
        if self.open_ended:
            return f"since {self.first}"
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass(frozen=True)
class Entities:
    countries: tuple[Country, ...] = ()
    years: Years | None = None
    activity: str | None = None
    objective: str | None = None
    goal: int | None = None
    status: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.countries:
            data["countries"] = [c.name for c in self.countries]
        if self.years is not None:
            data["years"] = self.years.label()
        for key in ("activity", "objective", "goal", "status"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        data.update(self.extra)
        return data


def find_years(text: str, year_now: int) -> Years | None:
    lowered = text.lower()
    for pattern, delta in _RELATIVE:
        if pattern.search(lowered):
            return Years(year_now + delta, year_now + delta, relative=delta)
    if match := _RANGE.search(lowered):
        first, last_text = int(match[1]), match[2]
        last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
        if last >= first:
            return Years(first, last)
    if match := _SINCE_WORDS.search(lowered):
        return Years(int(match[1] or match[2]), year_now, open_ended=True)
    if match := _BEFORE.search(lowered):
        return Years(int(match[1]), int(match[1]), before=True)
    if match := _ONE_YEAR.search(lowered):
        return Years(int(match[1]), int(match[1]))
    return None


def find_activity(text: str) -> str | None:
    if match := _ACTIVITY_OF.search(text):
        return f"{match[2]}{match[3].upper()}.{int(match[1])}"
    if match := _ACTIVITY_WORD.search(text):
        return f"{match[1]}{match[2].upper()}.{int(match[3])}"
    for match in _ACTIVITY.finditer(text):
        if _YEARISH.search(match[0]):
            continue
        return f"{match[1]}{match[2].upper()}.{int(match[3])}"
    return None


_YEARISH = re.compile(r"\d{3,}")


def find_objective(text: str) -> str | None:
    if match := _OBJECTIVE_WORD.search(text):
        return f"{match[1]}{match[2].upper()}"
    for match in _OBJECTIVE.finditer(text):
        letter = match[2]
        if letter.lower() == "a" and " " in match[0]:
            continue  # "goal 1 a ..." is English, not 1A
        return f"{match[1]}{letter.upper()}"
    return None


def find_goal(text: str) -> int | None:
    if match := _GOAL.search(text):
        return int(match[1]) if match[1] else _ORDINAL[(match[2] or match[3]).lower()]
    return None


def find_status(lowered: str) -> str | None:
    for phrase, status in sorted(STATUS_WORDS.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", lowered):
            return status
    return None


def recognise(text: str, year_now: int, known_countries: Sequence[str]) -> Entities:
    activity = find_activity(text)
    without_activity = _ACTIVITY.sub(" ", text) if activity else text
    return Entities(
        countries=tuple(find_countries(text, known_countries)),
        years=find_years(text, year_now),
        activity=activity,
        objective=find_objective(without_activity) if not activity else activity.split(".")[0],
        goal=find_goal(text),
        status=find_status(text.lower()),
    )
