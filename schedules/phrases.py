"""A meeting schedule said in words ("every second Tuesday at 15:00 Zurich time") read into an RFC 5545 rule,
the first date, the start time and the series' zone: a small deterministic grammar.

Pure: ``now`` and the asker's zone are parameters. Every word of the phrase must be understood; anything
else raises `PhraseError` (a `ValueError`) with an example, never a guess. Understood, case-insensitive:

- how often: ``daily``, ``weekly``, ``biweekly``/``fortnightly``, ``monthly``, ``quarterly``,
  ``every day|week|month|quarter``, ``every other week``, ``every 3 months``, ``every weekday``,
  ``every Tuesday``, ``every second Tuesday`` (every other week: ``second`` counts weeks, as in British
  usage; ``every second Tuesday of the month`` is the monthly one), ``every first|last Friday`` (monthly);
- which days: ``on Tuesday and Thursday``, ``on Mon, Wed and Fri``, ``on weekdays``, ``on the 2nd Tuesday``,
  ``on the last Friday of each month``, ``on the 15th``, ``on the last day``;
- when: ``at 15:00``, ``at 9:00``, ``at 3pm``, ``at 3:30 pm``, ``at noon``;
- where: a city (``Zurich time``, ``Tokyo``, ``New York time``, ``Geneva``; `schedules.places`), ``UTC``,
  or an IANA zone (``Europe/Zurich``). Abbreviations such as ``CET`` or ``EST`` are refused: they do not say
  which DST rules apply.

Libraries that read such phrases (``recurrent``, dateutil's fuzzy parser) guess where this refuses; see
the README's Meetings section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule, weekdays

from schedules.errors import RuleError
from schedules.places import zone_for_place
from schedules.recurrence import ParsedRule, localize, parse_rule
from schedules.rules import LAST_DATE
from schedules.zones import ZoneError, shown, zone

EXAMPLE = (
    "e.g. `every second Tuesday at 15:00 Zurich time`, `monthly on the 2nd Tuesday at 14:00 UTC`, "
    "`weekly on Tuesday and Thursday at 9:00`, `on the last Friday of each month at 10:00 Geneva time`"
)
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_WORDS = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)$")
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm|a\.m\.|p\.m\.)?$")
_UNITS = {"day": DAILY, "days": DAILY, "week": WEEKLY, "weeks": WEEKLY, "month": MONTHLY, "months": MONTHLY}
_FREQ_WORDS = {
    "daily": (DAILY, 1),
    "weekly": (WEEKLY, 1),
    "biweekly": (WEEKLY, 2),
    "fortnightly": (WEEKLY, 2),
    "monthly": (MONTHLY, 1),
    "quarterly": (MONTHLY, 3),
}
_FREQ_NAMES = {DAILY: "DAILY", WEEKLY: "WEEKLY", MONTHLY: "MONTHLY"}
_WORKDAYS = ("weekday", "weekdays", "workday", "workdays")
_MONTH_MARKS = ("month", "months")
_AMBIGUOUS = {
    "bimonthly": "`bimonthly` is either twice a month or every two months: say `every 2 months on ...` "
    "or `on the 1st and 3rd Tuesday`",
    "semimonthly": "say which days, e.g. `monthly on the 1st and 3rd Tuesday`",
    "yearly": "yearly calls are written as a rule: rrule=FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15",
    "annually": "yearly calls are written as a rule: rrule=FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15",
    "year": "yearly calls are written as a rule: rrule=FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15",
    "gmt": "`GMT` is read differently by different people: say `UTC` or `London time`",
}
_ABBREVIATIONS = frozenset(
    ("cet", "cest", "eet", "eest", "wet", "west", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt"),
) | frozenset(
    ("bst", "ist", "aest", "aedt", "acst", "awst", "jst", "kst", "hkt", "sgt", "msk", "nzst", "nzdt"),
)
_FILLER = {"and", "&", "the", "of", "each", "every", "a"}
SEARCH_LIMIT = 800
"""Dates tried when looking for the first matching one (the sparsest rule here matches every 3 months)."""


class PhraseError(RuleError):
    """The phrase cannot be read or is incomplete; the message says why, with an example."""


@dataclass(frozen=True)
class SchedulePhrase:
    """What a phrase says: the rule (dates only), its first date, the wall-clock start, the zone, and the
    schedule said back in words. ``zone_named``: the phrase named the zone (else it is the default)."""

    rrule: str
    first_date: date
    at: time
    zone: str
    words: str
    zone_named: bool
    rule: ParsedRule = field(compare=False, repr=False)
    """``rrule`` from ``first_date``, parsed and checked as every stored rule is (`parse_rule`): given on,
    not parsed again."""


@dataclass
class _Parts:
    freq: int | None = None
    interval: int = 1
    days: list[tuple[int | None, int]] = field(default_factory=list)  # (ordinal or None, weekday)
    month_days: list[int] = field(default_factory=list)
    monthly_mark: bool = False
    at: time | None = None
    zone: str | None = None


def _fail(text: str) -> PhraseError:
    return PhraseError(text if "e.g." in text else f"{text}; {EXAMPLE}")


def _tokens(phrase: str) -> list[str]:
    text = phrase.lower().replace(",", " ").replace("(", " ").replace(")", " ").replace(";", " ")
    text = re.sub(r"(\d)\s+(am|pm|a\.m\.|p\.m\.)(?=\s|$)", r"\1\2", text)
    return text.split()


def _number(word: str) -> int | None:
    if word.isascii() and word.isdigit() and len(word) <= 4:
        return int(word)
    return _NUMBER_WORDS.get(word)


def _ordinal(word: str) -> int | None:
    m = _ORDINAL.match(word)
    if m:
        return int(m[1])
    return _ORDINAL_WORDS.get(word)


def _weekday(word: str) -> int | None:
    if word in _DAY_WORDS:
        return _DAY_WORDS[word]
    if word.endswith("s") and word[:-1] in _DAY_WORDS and len(word) > 4:
        return _DAY_WORDS[word[:-1]]
    return None


class _Reader:
    def __init__(self, phrase: str) -> None:
        self.phrase = phrase
        self.words = _tokens(phrase)
        self.i = 0
        self.parts = _Parts()

    def peek(self, offset: int = 0) -> str | None:
        j = self.i + offset
        return self.words[j] if j < len(self.words) else None

    def take(self, *options: str) -> bool:
        if self.peek() in options:
            self.i += 1
            return True
        return False

    def read(self) -> _Parts:
        if not self.words:
            raise _fail("the schedule is missing")
        while self.i < len(self.words):
            start = self.i
            word = self.words[self.i]
            if word in _AMBIGUOUS:
                raise _fail(_AMBIGUOUS[word])
            if word in _FREQ_WORDS:
                self.i += 1
                self._set_freq(*_FREQ_WORDS[word])
            elif word in ("every", "each") and self._every():
                pass
            elif word == "on" or (word == "the" and self._looks_like_day(1)):
                self.take("on")
                self._on()
            elif word == "of" and self._month_mark():
                pass
            elif word == "at" or (_CLOCK.match(word) and ":" in word) or word in ("noon", "midday"):
                self.take("at")
                self._at()
            elif word in ("in", "time") or word in _ABBREVIATIONS or self._zone_here():
                self._zone()
            if self.i == start:
                raise _fail(f"I could not read `{shown(word)}` in `{shown(self.phrase, 80)}`")
        return self.parts

    def _set_freq(self, freq: int, interval: int) -> None:
        if self.parts.freq is not None:
            raise _fail("the phrase says how often twice")
        self.parts.freq, self.parts.interval = freq, interval

    def _every(self) -> bool:
        """``every ...``: how often, and possibly which days."""
        self.i += 1
        word = self.peek()
        if word is None:
            raise _fail("every what?")
        if word in ("day",):
            self.i += 1
            self._set_freq(DAILY, 1)
        elif word in _WORKDAYS or (word in ("working", "business") and self.peek(1) in ("day", "days")):
            self.i += 2 if word in ("working", "business") else 1
            self._set_freq(WEEKLY, 1)
            self._add_days([(None, d) for d in range(5)])
        elif word in ("week", "month"):
            self.i += 1
            self._set_freq(_UNITS[word], 1)
        elif word == "quarter":
            self.i += 1
            self._set_freq(MONTHLY, 3)
        elif word in _AMBIGUOUS:
            raise _fail(_AMBIGUOUS[word])
        elif word == "other" or _number(word) is not None:
            count = 2 if word == "other" else _number(word) or 0
            self.i += 1
            self._every_count(count)
        elif _ordinal(word) is not None:
            self.i += 1
            self._every_ordinal(_ordinal(word) or 0)
        elif _weekday(word) is not None:
            self._set_freq(WEEKLY, 1)
            self._add_days([(None, d) for d in self._day_list()])
        else:
            raise _fail(f"I could not read `every {shown(word)}`")
        return True

    def _every_count(self, count: int) -> None:
        """``every other week``, ``every 3 months``, ``every 2 Tuesdays``."""
        word = self.peek() or ""
        if count < 1:
            raise _fail("`every 0 ...` never happens")
        if word in _UNITS:
            self.i += 1
            self._set_freq(_UNITS[word], count)
        elif word in ("quarter", "quarters"):
            self.i += 1
            self._set_freq(MONTHLY, 3 * count)
        elif _weekday(word) is not None:
            self._set_freq(WEEKLY, count)
            self._add_days([(None, d) for d in self._day_list()])
        else:
            raise _fail(f"every {count} what? Say days, weeks, months or a weekday")

    def _every_ordinal(self, ordinal: int) -> None:
        """``every second Tuesday`` (every other week), ``every second Tuesday of the month`` and
        ``every first|last Friday`` (monthly), ``every second week``."""
        word = self.peek() or ""
        if word in _UNITS and ordinal > 1:
            self.i += 1
            self._set_freq(_UNITS[word], ordinal)
            return
        if _weekday(word) is None:
            raise _fail(f"I could not read `every {shown(word or '...')}`")
        days = self._day_list()
        monthly = ordinal in (1, -1) or self._month_mark()
        if monthly:
            self._set_freq(MONTHLY, 1)
            self._add_days([(ordinal, d) for d in days])
        else:
            self._set_freq(WEEKLY, ordinal)
            self._add_days([(None, d) for d in days])

    def _looks_like_day(self, offset: int) -> bool:
        word = self.peek(offset) or ""
        return _ordinal(word) is not None

    def _on(self) -> None:
        """``on Tuesday and Thursday``, ``on weekdays``, ``on the 2nd Tuesday``, ``on the 1st and 3rd
        Monday``, ``on the 15th``, ``on the last day``."""
        word = self.peek() or ""
        if word in _WORKDAYS:
            self.i += 1
            self._add_days([(None, d) for d in range(5)])
            return
        if _weekday(word) is not None:
            self._add_days([(None, d) for d in self._day_list()])
            return
        self.take("the")
        if _ordinal(self.peek() or "") is None:
            raise _fail(f"I could not read `on {shown(word or '...')}`")
        while True:
            ordinals = [self._take_ordinal()]
            while self._another_ordinal():
                ordinals.append(self._take_ordinal())
            after = self.peek() or ""
            day = _weekday(after)
            if day is not None:
                self.i += 1
                self._add_days([(n, day) for n in ordinals])
            elif after == "day":
                self.i += 1
                self._add_month_days(ordinals)
            elif -1 in ordinals:
                raise _fail("the last what? Say `the last Friday` or `the last day`")
            else:
                self._add_month_days(ordinals)
            if not self._another_ordinal():
                break
        self._month_mark()

    def _take_ordinal(self) -> int:
        ordinal = _ordinal(self.peek() or "")
        assert ordinal is not None
        self.i += 1
        return ordinal

    def _another_ordinal(self) -> bool:
        """At ``and [the] <ordinal>``: step over ``and [the]``."""
        if self.peek() not in ("and", "&"):
            return False
        skip = 2 if self.peek(1) == "the" else 1
        if _ordinal(self.peek(skip) or "") is None:
            return False
        self.i += skip
        return True

    def _month_mark(self) -> bool:
        """``of the month``, ``of each month``, ``of every month``."""
        j = self.i
        if self.peek() != "of":
            return False
        k = 1
        while self.peek(k) in ("the", "each", "every", "a"):
            k += 1
        if self.peek(k) not in _MONTH_MARKS:
            return False
        self.i = j + k + 1
        self.parts.monthly_mark = True
        return True

    def _day_list(self) -> list[int]:
        """``Tuesday and Thursday``, ``Mon, Wed and Fri``, ``Tuesdays``."""
        days: list[int] = []
        while (day := _weekday(self.peek() or "")) is not None:
            days.append(day)
            self.i += 1
            if self.peek() in ("and", "&") and _weekday(self.peek(1) or "") is not None:
                self.i += 1
        return days

    def _add_days(self, days: list[tuple[int | None, int]]) -> None:
        for day in days:
            if day not in self.parts.days:
                self.parts.days.append(day)

    def _add_month_days(self, days: list[int]) -> None:
        for day in days:
            if day > 28:
                raise _fail(
                    f"not every month has a {_nth(day)}: say `on the last day` or a day up to the 28th"
                )
            if day < 1 and day != -1:
                raise _fail("days of the month are the 1st to the 28th, or `the last day`")
            if day not in self.parts.month_days:
                self.parts.month_days.append(day)

    def _at(self) -> None:
        if self.parts.at is not None:
            raise _fail("the phrase gives the time twice")
        word = self.peek() or ""
        if word in ("noon", "midday"):
            self.i += 1
            self.parts.at = time(12, 0)
            return
        m = _CLOCK.match(word)
        if m is None or (m[2] is None and m[3] is None):
            raise _fail(f"`at {shown(word or '...')}` is not a time: write it as HH:MM (15:00) or 3pm")
        hour, minute = int(m[1]), int(m[2] or 0)
        if m[3]:
            if not 1 <= hour <= 12:
                raise _fail(f"`{shown(word)}` is not a time")
            hour = hour % 12 + (12 if m[3].startswith("p") else 0)
        if hour > 23 or minute > 59:
            raise _fail(f"`{shown(word)}` is not a time")
        self.i += 1
        self.parts.at = time(hour, minute)

    def _zone_here(self) -> bool:
        return self._zone_at(self.i) is not None

    def _zone_at(self, i: int) -> tuple[str, int] | None:
        """The zone named at word ``i`` (a city of up to three words, ``UTC``, an IANA name) and the words
        it takes, a trailing ``time`` included."""
        word = self.words[i] if i < len(self.words) else ""
        if word in ("utc", "z", "etc/utc"):
            found: tuple[str, int] | None = ("UTC", 1)
        elif "/" in word:
            try:
                found = (zone(word).key, 1)
            except ZoneError as exc:
                raise _fail(str(exc)) from None
        else:
            found = None
            for size in (3, 2, 1):
                names = self.words[i : i + size]
                if len(names) < size or any(w in _FILLER or w in ("at", "on", "in") for w in names):
                    continue
                place = zone_for_place(" ".join(names))
                if place is not None:
                    found = (place, size)
                    break
        if found is None:
            return None
        key, size = found
        if i + size < len(self.words) and self.words[i + size] == "time":
            size += 1
        return key, size

    def _zone(self) -> None:
        self.take("in")
        word = self.peek() or ""
        if word in _AMBIGUOUS:
            raise _fail(_AMBIGUOUS[word])
        if word in _ABBREVIATIONS:
            raise _fail(
                f"`{shown(word.upper())}` does not say which daylight-saving rules apply: name a city "
                "(`Zurich time`, `New York time`) or an IANA zone (Europe/Zurich)"
            )
        found = self._zone_at(self.i)
        if found is None:
            raise _fail(f"`{shown(word or 'time')}` is not a place I know the time zone of")
        key, size = found
        if self.parts.zone is not None and self.parts.zone != key:
            raise _fail("the phrase names two time zones")
        self.parts.zone = key
        self.i += size


def _check(parts: _Parts) -> int:
    """The frequency the parts make, or `PhraseError` for what is missing or does not fit."""
    freq = parts.freq
    ordinal_days = [d for d in parts.days if d[0] is not None]
    plain_days = [d for d in parts.days if d[0] is None]
    if freq is None:
        if parts.monthly_mark and (ordinal_days or parts.month_days):
            freq = MONTHLY
        elif plain_days:
            raise _fail(
                f"say how often, e.g. `every {DAY_NAMES[plain_days[0][1]]}` or `every other week on ...`"
            )
        else:
            raise _fail("say how often (daily, every week, monthly, every 3 months ...)")
    if freq == DAILY and (parts.days or parts.month_days):
        raise _fail("a daily call has no days to name; say `every weekday` or `weekly on ...`")
    if freq == WEEKLY:
        if ordinal_days or parts.month_days or parts.monthly_mark:
            raise _fail("a weekly call falls on weekdays, not days of the month")
        if not plain_days:
            raise _fail("on which day of the week? e.g. `weekly on Tuesday`")
    if freq == MONTHLY:
        if plain_days:
            day = DAY_NAMES[plain_days[0][1]]
            raise _fail(f"which {day} of the month? e.g. `monthly on the 2nd {day}`")
        if ordinal_days and parts.month_days:
            raise _fail("name weekdays (the 2nd Tuesday) or days of the month (the 15th), not both")
        if not ordinal_days and not parts.month_days:
            raise _fail(
                "on which day of the month? e.g. `monthly on the 2nd Tuesday` or `monthly on the 15th`"
            )
    return freq


def _rule_text(freq: int, parts: _Parts, with_interval: bool = True) -> str:
    pieces = [f"FREQ={_FREQ_NAMES[freq]}"]
    if parts.interval > 1 and with_interval:
        pieces.append(f"INTERVAL={parts.interval}")
    if parts.days:
        ordered = sorted(parts.days, key=lambda d: (d[1], d[0] or 0)) if freq == WEEKLY else parts.days
        pieces.append("BYDAY=" + ",".join(f"{n if n else ''}{DAY_CODES[d]}" for n, d in ordered))
    if parts.month_days:
        pieces.append("BYMONTHDAY=" + ",".join(str(d) for d in parts.month_days))
    return ";".join(pieces)


def _nth(n: int) -> str:
    if n == -1:
        return "last"
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe(freq: int, parts: _Parts, at: time, tz: str) -> str:
    """The schedule said back in words: ``every 2 weeks on Tuesday at 15:00 (Europe/Zurich)``."""
    unit = {DAILY: "day", WEEKLY: "week", MONTHLY: "month"}[freq]
    if freq == MONTHLY and parts.interval % 3 == 0:
        quarters = parts.interval // 3
        how = "every quarter" if quarters == 1 else f"every {quarters} quarters"
        how += f" (every {parts.interval} months)"
    else:
        how = f"every {unit}" if parts.interval == 1 else f"every {parts.interval} {unit}s"
    days = sorted(parts.days, key=lambda d: (d[1], d[0] or 0)) if freq == WEEKLY else parts.days
    if freq == WEEKLY and parts.interval == 1 and [d for _, d in days] == list(range(5)):
        how = "every weekday (Monday to Friday)"
    elif freq == WEEKLY:
        how += " on " + _join([DAY_NAMES[d] for _, d in days])
    elif days:
        how += " on the " + _join([f"{_nth(n or 1)} {DAY_NAMES[d]}" for n, d in days])
    elif parts.month_days:
        how += " on the " + _join(["last day" if d == -1 else _nth(d) for d in parts.month_days])
    return f"{how} at {at:%H:%M} ({tz})"


def parse_schedule(
    phrase: str,
    default_zone: str,
    now: datetime,
    *,
    at: time | None = None,
    start: date | None = None,
) -> SchedulePhrase:
    """Read ``phrase``; ``default_zone`` is used when it names no place (the asker's zone), ``at`` when it
    gives no time (`PhraseError` when neither does). The first date is the first matching day on or after
    ``start`` (default: the day of ``now`` in the series' zone) whose start is after ``now``."""
    parts = _Reader(phrase).read()
    freq = _check(parts)
    if parts.at is not None and at is not None and parts.at != at:
        raise _fail(f"the phrase says {parts.at:%H:%M} and at= says {at:%H:%M}; give the time once")
    wall = parts.at or at
    if wall is None:
        raise PhraseError(
            "at what time? Add it to the schedule (`every second Tuesday at 15:00 Zurich time`) or give "
            "at=HH:MM"
        )
    tz_name = parts.zone or zone(default_zone).key
    tz = zone(tz_name)
    local_today = now.astimezone(tz).date()
    search_from = max(local_today, start) if start is not None else local_today
    first = _first_date(freq, parts, wall, tz_name, now, search_from)
    text = _rule_text(freq, parts)
    try:
        rule = parse_rule(text, first)  # the checks every stored rule passes (INTERVAL up to 1000...)
    except PhraseError:
        raise
    except RuleError as exc:
        raise _fail(str(exc)) from None
    dates = [wall.date() for wall in islice(rule, 1)]
    if dates[0] != first:  # the interval counts from the first date, which matches the rule: never here
        raise PhraseError(f"the rule {text} does not start on {first}")
    return SchedulePhrase(
        text, first, wall, tz_name, describe(freq, parts, wall, tz_name), parts.zone is not None, rule
    )


def _first_date(freq: int, parts: _Parts, wall: time, tz_name: str, now: datetime, after: date) -> date:
    """The first day on or after ``after`` the rule's pattern matches (every week or month, whatever the
    interval: the interval then counts from it) whose start at ``wall`` in the zone is after ``now``."""
    tz = zone(tz_name)
    rule = rrule(
        freq,  # type: ignore[arg-type]  # DAILY, WEEKLY or MONTHLY
        dtstart=datetime.combine(after, time()),
        byweekday=[weekdays[d](n) if n else weekdays[d] for n, d in parts.days] or None,
        bymonthday=parts.month_days or None,
    )
    for wall_day in islice(rule, SEARCH_LIMIT):
        day = wall_day.date()
        if day > LAST_DATE:
            break
        if localize(datetime.combine(day, wall), tz) > now:
            return day
    raise PhraseError(f"the schedule has no date after {now:%Y-%m-%d} before {LAST_DATE.year + 1}")
