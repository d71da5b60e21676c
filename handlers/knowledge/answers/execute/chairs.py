"""The FOC's chairships: who chaired when, before or after whom (the neighbouring one), and the troika."""

from __future__ import annotations

from handlers.knowledge.answers.base import Answer, join_names
from handlers.knowledge.answers.execute.years import year_matches, years_of
from handlers.knowledge.answers.forms import Query, TimeRef
from handlers.knowledge.answers.model import (
    ADMIN,
    FACTS,
    Chairship,
    Knowledge,
)

SET_BY = "This was set by an admin ({who}) with `troika set`; it is not from the public sources."


def _chair_line(c: Chairship) -> str:
    if c.chair:
        return f"{c.chair} ({c.years})"
    return f"{c.years}: no chair ({c.note})" if c.note and c.note != "unknown" else f"{c.years}: not known"


def answer_chairships(q: Query, k: Knowledge, year_now: int) -> Answer:
    if q.entity is not None:
        name = q.entity[1]
        mine = k.chairships_of(name)
        if q.aggregate == "count":
            word = {0: "never", 1: "once", 2: "twice"}.get(len(mine), f"{len(mine)} times")
            listed = join_names([c.years for c in mine])
            text = f"{name} has chaired the FOC {word}" + (
                f" ({len(mine)} chairship{'s' if len(mine) != 1 else ''}: {listed})." if mine else "."
            )
            return Answer("chairs", text, FACTS, records=_chair_records(mine), related=False)
        if not mine:
            return Answer(
                "chairs",
                f"{name} has not chaired the FOC (it is not in the list of Chairs since 2011).",
                FACTS,
                related=False,
            )
        return Answer(
            "chairs",
            f"{name} chaired the FOC in {join_names([c.years for c in mine])}.",
            FACTS,
            records=_chair_records(mine),
            related=False,
        )
    if q.aggregate in ("count", "count_distinct"):
        named = [c for c in k.chairships if c.chair]
        countries = sorted({c.chair for c in named if c.chair})
        text = (
            f"{len(named)} chairships since 2011, held by {len(countries)} different countries "
            f"({join_names(countries)})."
        )
        return Answer("chairs", text, FACTS, related=False)
    if q.aggregate in ("first", "latest"):
        named = [c for c in k.chairships if c.chair and c.first <= year_now]
        c = named[0] if q.aggregate == "first" else named[-1]
        word = "first" if q.aggregate == "first" else "most recent"
        return Answer(
            "chairs",
            f"The {word} Chair of the FOC: {c.chair} ({c.years}).",
            FACTS,
            records=_chair_records([c]),
            related=False,
        )
    if q.year_clause is None:
        lines = [_chair_line(c) for c in k.chairships]
        return Answer(
            "chairs", f"The Chairs of the FOC since 2011: {'; '.join(lines)}.", FACTS, related=False
        )
    years, label = years_of(q.year_clause, k, year_now)
    if q.nearest:
        return _neighbour(q.year_clause, years, label, k, year_now)
    first_known = k.chairships[0].first if k.chairships else 2011
    if years and max(years) < first_known:
        return Answer(
            "chairs",
            f"There is no record of a Chair {label}: the FOC was founded in {first_known}, and my sources "
            f"list its Chairs from then on.",
            FACTS,
            related=False,
        )
    if years is None:
        found = [
            c
            for c in k.chairships
            if any(year_matches(y, q.year_clause, None) for y in range(c.first, c.last + 1))
        ]
    else:
        found = [c for c in k.chairships if any(c.covers(y) for y in years)]
    set_by = None
    if years and len(years) == 1 and not [c for c in found if c.chair or (c.note and c.note != "unknown")]:
        found, set_by = k.chair_in(next(iter(years)))
    if not found or all(c.chair is None and c.note in (None, "unknown") for c in found):
        return Answer(
            "chairs",
            f"The Chair {label} is not known yet: my sources do not name one.",
            FACTS,
            related=False,
        )
    lines = [_chair_line(c) for c in found]
    event = q.year_clause.event is not None
    if len(found) == 1 and found[0].chair and not event:
        verb = "is" if found[0].covers(year_now) else ("was" if found[0].last < year_now else "will be")
        text = f"The Chair of the FOC {label} {verb} {found[0].chair} (Chair {found[0].years})."
        if set_by:
            text = f"The Chair of the FOC {label} {verb} {found[0].chair}."
    elif event:
        text = f"For {label}: {join_names(lines)}."
        if all(c.chair for c in found) and len(found) == 1:
            text = f"{found[0].chair} held the chair in {label}: the {found[0].years} Chair."
    else:
        text = f"Chairs {label}: {join_names(lines)}."
    source = ADMIN if set_by else FACTS
    if set_by:
        text += f" {SET_BY.format(who=set_by)}"
    return Answer("chairs", text, source, records=_chair_records(found), related=False)


def _neighbour(ref: TimeRef, years: set[int] | None, label: str, k: Knowledge, year_now: int) -> Answer:
    """The Chair just before or just after a year or another country's chairship ("who chaired after
    Germany", "who will chair after this year"); years without a Chair in between are named."""
    if years is not None and not years:
        return Answer("chairs", f"I can't tell who chaired {label}: {ref.entity} has not chaired.", FACTS)
    after = ref.op == "after"
    # "after this year": from that year on; "after Germany's chairship": from its last year on
    edge = (ref.first or year_now) if years is None else (min(years) - 1 if after else max(years) + 1)
    span = range(edge + 1, edge + 30) if after else range(edge - 1, 2000, -1)
    skipped: list[str] = []
    for year in span:
        found, set_by = k.chair_in(year)
        named = [c for c in found if c.chair]
        if named:
            c = named[0] if after else named[-1]
            text = f"The Chair {label}: {c.chair} ({c.years})."
            if skipped:
                text += f" In between: {join_names(skipped)}."
            source = FACTS
            if set_by:
                text += f" {SET_BY.format(who=set_by)}"
                source = ADMIN
            return Answer("chairs", text, source, records=_chair_records([c]), related=False)
        if found and found[0].note not in (None, "unknown"):
            skipped.append(f"{year}: no chair ({found[0].note})")
            continue
        if year >= year_now or year < 2011:
            break
    when = f"{year}" if year >= year_now else label
    return Answer(
        "chairs",
        f"The Chair {label} is not known yet: my sources do not name one for {when}."
        if after
        else f"There is no record of a Chair {label}: the FOC's Chairs start in 2011.",
        FACTS,
        related=False,
    )


def _chair_records(found: list[Chairship]) -> list[dict[str, object]]:
    return [{"kind": "chair", "id": c.years, "chair": c.chair, "source": c.source} for c in found]


def answer_troika(q: Query, k: Knowledge, year_now: int) -> Answer:
    ref = q.year_clause
    year = ref.first if ref and ref.first else year_now
    t = k.troika(year)

    def name(value: str | None) -> str:
        return value or "not known yet"

    text = (
        f"Troika for {year}: past Chair {name(t.past)} ({year - 1}), "
        f"current Chair {name(t.current)} ({year}), "
        f"next Chair {name(t.next)} ({year + 1})."
    )
    source = FACTS
    if t.set_by:
        text += f" {SET_BY.format(who=t.set_by)}"
        source = ADMIN
    return Answer("troika", text + " Regular troika calls: activity 3A.2.", source, related=False)


def times_chaired(chairships: list[Chairship]) -> str:
    n = len(chairships)
    years = join_names([x.years for x in chairships]) or "never"
    return f"{n} time{'s' if n != 1 else ''} ({years})"
