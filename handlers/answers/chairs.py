"""Chairs by year or range, relative to the clock; a country's chairships; years without one; the troika."""

from __future__ import annotations

import re

from handlers.answers.base import Answer, Question, join_names
from handlers.context import Context
from storage.repositories.knowledge_views import ChairView

CHAIR_WORDS = (
    "chair",
    "chaired",
    "chairs",
    "chairing",
    "chairship",
    "chairships",
    "chairmanship",
    "presidency",
)
NEIGHBOUR_WORDS = ("before", "after", "preceded", "succeeded", "followed", "previous to", "next after")
_SPAN = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


def span(chair: ChairView) -> tuple[int, int] | None:
    """``'2019-2020'`` -> (2019, 2020); None for a year the seed does not give as digits."""
    match = _SPAN.match(chair.year.strip())
    if match is None:
        return None
    first = int(match[1])
    return first, int(match[2] or first)


def is_chairship(chair: ChairView) -> bool:
    """A row naming a Chair (not the 2017 "none" or a year not known yet)."""
    return chair.chair is not None and not chair.chair.lower().startswith("none")


def _record(chair: ChairView) -> dict[str, object]:
    return {"kind": "chair", "id": chair.year, "chair": chair.chair, "source": chair.source}


def _describe(year: int, rows: list[ChairView], year_now: int) -> tuple[str, str | None]:
    if not rows:
        return f"I have no record of a Chair for {year}.", None
    named = [r for r in rows if is_chairship(r)]
    if named:
        parts = [f"{r.chair} ({r.year})" if r.year != str(year) else str(r.chair) for r in named]
        verb = "is" if year == year_now else ("was" if year < year_now else "will be")
        return f"The Chair of the FOC in {year} {verb} {join_names(parts)}.", named[0].source
    row = rows[0]
    if row.chair is None:
        when = "not known yet" if year >= year_now else "not known"
        return f"The {year} Chair is {when}: the sources do not name one.", row.source
    return f"There was no Chair in {year}: {row.chair}.", row.source


async def answer_chairs(ctx: Context, q: Question) -> Answer | None:
    if not q.has(*CHAIR_WORDS) and not q.has("troika", "held the chair", "in the chair"):
        return None
    chairs = list((await ctx.services.knowledge.reference()).chairs)
    if q.has("troika"):
        return await _troika(ctx, q)
    countries = [c.name for c in q.entities.countries]
    if countries and not q.entities.years and q.has(*NEIGHBOUR_WORDS):
        return _neighbour(countries[0], chairs, q)
    if countries and not q.entities.years:
        return _country_chairships(countries[0], chairs)
    if q.has("without", "no chair", "none", "gap", "interim"):
        rows = [c for c in chairs if c.chair is not None and not is_chairship(c)]
        text = "; ".join(f"{c.year}: {c.chair}" for c in rows)
        return Answer(
            "chairs",
            f"Years without a Chair: {text}.",
            rows[0].source if rows else None,
            records=[_record(c) for c in rows],
        )
    years = q.entities.years
    if years is None:
        if q.has("previous", "last", "former", "before"):
            years_wanted = q.year_now - 1
        elif q.has("next", "upcoming", "incoming", "future"):
            years_wanted = q.year_now + 1
        elif q.has("list", "all", "every", "history", "past chairs") or q.lowered.startswith("chairs"):
            return _all(chairs)
        else:
            years_wanted = q.year_now
        return _one_year(years_wanted, chairs, q.year_now)
    if years.single is not None:
        return _one_year(years.single, chairs, q.year_now)
    rows = [c for c in chairs if (s := span(c)) and any(years.covers(y) for y in range(s[0], s[1] + 1))]
    lines = tuple(f"{c.year}: {c.chair or 'not known yet'}" for c in rows)
    return Answer(
        "chairs",
        f"Chairs {years.label()}:" if rows else f"No Chair is recorded {years.label()}.",
        rows[0].source if rows else None,
        items=lines,
        items_title="Chairs",
        records=[_record(c) for c in rows],
    )


def _one_year(year: int, chairs: list[ChairView], year_now: int) -> Answer:
    rows = [c for c in chairs if (s := span(c)) and s[0] <= year <= s[1]]
    text, source = _describe(year, rows, year_now)
    return Answer("chairs", text, source, records=[_record(c) for c in rows])


def _all(chairs: list[ChairView]) -> Answer:
    named = [c for c in chairs if is_chairship(c)]
    lines = tuple(f"{c.year}: {c.chair or 'not known yet'}" for c in chairs)
    return Answer(
        "chairs",
        f"{len(named)} chairships since 2011:",
        "https://freedomonlinecoalition.com/history/",
        items=lines,
        items_title="Chairs of the FOC",
        records=[_record(c) for c in chairs],
    )


def _neighbour(country: str, chairs: list[ChairView], q: Question) -> Answer:
    """The chairship just before or after ``country``'s latest one."""
    named = [c for c in chairs if c.chair is not None]
    mine = [i for i, c in enumerate(named) if c.chair == country]
    if not mine:
        return Answer("chairs", f"{country} has not chaired the FOC (by the sources I have).")
    after = q.has("after", "succeeded", "followed", "next after")
    index = mine[-1] + (1 if after else -1)
    if not 0 <= index < len(named):
        return Answer("chairs", f"No chairship is recorded {'after' if after else 'before'} {country}'s.")
    row = named[index]
    word = "after" if after else "before"
    return Answer(
        "chairs",
        f"The Chair {word} {country} ({named[mine[-1]].year}) was {row.chair} ({row.year}).",
        row.source,
        records=[_record(row)],
    )


def _country_chairships(country: str, chairs: list[ChairView]) -> Answer:
    rows = [c for c in chairs if c.chair == country]
    if not rows:
        return Answer(
            "chairs", f"{country} has not chaired the FOC (by the sources I have).", records=[], related=True
        )
    years = [c.year for c in rows]
    return Answer(
        "chairs",
        f"{country} chaired the FOC in {join_names(years)}.",
        rows[-1].source,
        records=[_record(c) for c in rows],
    )


async def _troika(ctx: Context, q: Question) -> Answer:
    year = q.entities.years.single if q.entities.years and q.entities.years.single else q.year_now
    view = await ctx.services.knowledge.troika(year)

    def name(value: str | None, y: int) -> str:
        return value if value else f"not known yet ({y})" if y >= q.year_now else f"not known ({y})"

    text = (
        f"The troika for {year}: past Chair {name(view.past, year - 1)}, current Chair "
        f"{name(view.current, year)}, next Chair {name(view.next, year + 1)}."
    )
    origin = f"set by {view.set_by}" if view.set_by else "derived from the chairs by year; activity 3A.2"
    record = {
        "kind": "troika",
        "id": str(year),
        "past": view.past,
        "current": view.current,
        "next": view.next,
    }
    return Answer("troika", text, origin, records=[record])
