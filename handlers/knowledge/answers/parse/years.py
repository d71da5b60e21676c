"""Years in a question: given literally ("between 2015 and 2020", "last year") or by another fact ("when
Iceland joined", "the year the Support Unit was set up"), as a `TimeRef`."""

from __future__ import annotations

import re

from handlers.knowledge.answers.forms import TimeRef
from handlers.knowledge.answers.parse.words import (
    BODY_NAMES,
    CHAIR_VERB,
    JOIN_VERB,
    Words,
    body_in,
    possessive,
    spelled_as,
    task_force_in,
)

YEAR = r"(?:19|20)\d{2}"


_RANGE = re.compile(
    rf"\b(?:between|from)\s+({YEAR})\s+(?:and|to|until|-)\s+({YEAR})\b|\b({YEAR})\s*(?:-|to|until|through)\s*({YEAR})\b"
)


_AFTER = re.compile(rf"\b(?:after|later than)\s+(?:the\s+)?({YEAR})\b")


_SINCE = re.compile(
    rf"\b(?:since|starting in|as of)\s+({YEAR})\b"
    rf"|\b(?:in )?({YEAR}) (?:or later|or after|and later|and after|onwards?)\b"
)


_BEFORE = re.compile(rf"\b(?:before|prior to|earlier than|until)\s+(?:the\s+)?({YEAR})\b")


_IN_YEAR = re.compile(rf"\b({YEAR})\b")


_AROUND_NOW = re.compile(
    r"\b(before|prior to|after|following) (?:this|the current|the present) (?:year|one)\b"
    r"|\bthe year (after|before) this (?:one|year)\b"
)


RELATIVE = (
    (
        re.compile(
            r"\b(?:this|current|present) year\b|\bnow\b|\bcurrently\b|\btoday\b"
            r"|\bcurrent\b(?! (?:members?|countries|country|observers?|governments?|states)\b)"
        ),
        0,
    ),
    (re.compile(r"\blast year\b|\bprevious year\b|\ba year ago\b"), -1),
    (re.compile(r"\bnext year\b|\bcoming year\b|\bfollowing year\b"), 1),
)


def literal_years(w: Words) -> TimeRef | None:
    if m := _RANGE.search(w.text):
        a, b = int(m[1] or m[3]), int(m[2] or m[4])
        return TimeRef("between", min(a, b), max(a, b), label=f"between {min(a, b)} and {max(a, b)}")
    if m := _AFTER.search(w.text):
        return TimeRef("after", int(m[1]), label=f"after {m[1]}")
    if m := _SINCE.search(w.text):
        year = m[1] or m[2]
        return TimeRef("after", int(year) - 1, label=f"since {year}")
    if m := _BEFORE.search(w.text):
        return TimeRef("before", int(m[1]), label=f"before {m[1]}")
    if m := re.search(rf"\b({YEAR}),? or (?:in )?({YEAR})\b", w.text):  # "anyone join in 2017 or 2018"
        return TimeRef("or", int(m[1]), int(m[2]), label=f"in {m[1]} or {m[2]}")
    if m := _IN_YEAR.search(w.text):
        return TimeRef("in", int(m[1]), int(m[1]), label=f"in {m[1]}")
    if m := _AROUND_NOW.search(w.text):
        op = "before" if (m[1] or m[2]) in ("before", "prior to") else "after"
        return TimeRef(op, w.year_now, label=f"{op} this year ({w.year_now})")
    for pattern, delta in RELATIVE:
        if pattern.search(w.text):
            year = w.year_now + delta
            word = {0: "this year", -1: "last year", 1: "next year"}[delta]
            return TimeRef("in", year, year, label=f"{word} ({year})")
    return None


def event_year_ref(w: Words, verb_event: str | None) -> TimeRef | None:
    """Years given by another fact: "the same year as Finland", "when Iceland joined", "while the US held
    the chair", "the year before Germany's chairship", "the year after Canada chaired"."""
    t = w.text
    offset = 0
    if re.search(r"\b(?:the )?year (?:before|prior to)\b|\bbefore\b", t):
        offset = -1
    elif re.search(r"\b(?:the )?year after\b|\bafter\b|\bfollowing\b", t):
        offset = 1
    for country in w.countries:
        c = re.escape(spelled_as(t, country))
        if c == "":
            continue
        order = re.search(
            rf"\b(before|after|following|preceding|prior to|earlier than|later than|sooner than"
            rf"|took over from|taking over from|succeeded|replaced|came after|followed)"
            rf" (?:the )?{c}\b(?!'s year)",
            t,
        )
        if order and not re.search(r"\byear (?:before|after|following|prior to)\b", t):
            # "who chaired after Germany", "which countries joined before Iceland": ordered by that event
            kind = "join" if re.search(JOIN_VERB, t) and verb_event != "chair" else "chair"
            # the verb beside the country names its event: "who joined after Estonia chaired"
            if re.search(rf"{c}(?:'s)? (?:\w+ )?{CHAIR_VERB}", t):
                kind = "chair"
            elif re.search(rf"{c}(?:'s)? (?:\w+ )?{JOIN_VERB}", t):
                kind = "join"
            op = (
                "before"
                if order[1] in ("before", "preceding", "prior to", "earlier than", "sooner than")
                else "after"
            )
            what = {"join": f"{country} joined", "chair": f"{possessive(country)} chairship"}[kind]
            return TimeRef(op, event=kind, entity=country, label=f"{op} {what}")
        event: str | None = None
        if re.search(
            rf"\bsame year as (?:the )?{c}\b|\bsame time as (?:the )?{c}\b|\balong with (?:the )?{c}\b"
            rf"|\btogether with (?:the )?{c}\b",
            t,
        ):
            event = verb_event or "join"
        elif re.search(rf"{c}(?:'s)? (?:\w+ )?{JOIN_VERB}|{JOIN_VERB} of (?:the )?{c}|{c} became", t):
            event = "join"
        elif re.search(
            rf"{c}(?:'s)? (?:\w+ )?{CHAIR_VERB}|{c} (?:was|were|is) (?:the )?chair"
            rf"|chairship of (?:the )?{c}|{c} held",
            t,
        ):
            event = "chair"
        elif re.search(rf"\byear (?:before|after|following|prior to) (?:the )?{c}\b", t) and verb_event:
            event = verb_event  # "who chaired the year after Canada": the verb of the question is the event
        if event is None:
            continue
        if event == "chair" and not re.search(
            r"\b(?:when|while|during|in which|the years?|same|before|after|following|prior|that)\b", t
        ):
            continue
        if event == "join" and not re.search(r"\b(?:when|same|the year|before|after|that|in which)\b", t):
            continue
        label = {"join": f"the year {country} joined", "chair": f"{possessive(country)} chairship"}[event]
        return TimeRef(
            "in", event=event, entity=country, offset=offset if _offset_applies(t, c) else 0, label=label
        )
    return None


_SET_UP = (
    r"(?:was |were |got |had been |being )?(?:set up|established|created|founded|launched|started|formed)"
)


_LEAVE = r"(?:left|leave|withdrew|withdraw|withdrawn|pulled out|pull out|quit|exited|departed)"


def other_event_ref(w: Words) -> TimeRef | None:
    """Years given by an event other than a join or a chairship: "when the Advisory Network got set up",
    "the year the support unit was set up" (a body's or task force's start), "when the americans pulled out"
    (a country's leaving)."""
    t = w.text
    if not w.re(r"\b(?:when|while|the year|same year|in which year|that year|during)\b"):
        return None
    body = body_in(w)
    tf = task_force_in(w)
    if (body or tf) and w.re(_SET_UP):
        key = body or f"tf:{tf}"
        name = BODY_NAMES.get(body or "", body) if body else tf
        return TimeRef("in", event="launch", entity=key, label=f"the year the {name} was set up")
    for country in w.countries:
        c = re.escape(spelled_as(t, country))
        if c and re.search(rf"{c}(?:'s)? (?:\w+ )?{_LEAVE}|{_LEAVE} of (?:the )?{c}", t):
            return TimeRef("in", event="leave", entity=country, label=f"the year {country} left")
    return None


def _offset_applies(t: str, c: str) -> bool:
    return bool(
        re.search(
            rf"\byear (?:before|after|following|prior to) (?:the )?{c}"
            rf"|\b(?:before|after) (?:the )?{c}(?:'s)? (?:chairship|chair)",
            t,
        )
    )
