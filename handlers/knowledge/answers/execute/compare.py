"""Years as answers (without a chair or a statement; the busiest of them) and comparisons of two named
things ("X or Y, which joined first")."""

from __future__ import annotations

from collections import Counter

from handlers.knowledge.answers.base import Answer, join_names
from handlers.knowledge.answers.execute.countries import join_year
from handlers.knowledge.answers.forms import Filter, Query
from handlers.knowledge.answers.model import (
    FACTS,
    Knowledge,
)


def answer_years(q: Query, k: Knowledge, year_now: int) -> Answer:
    ref = q.year_clause
    first = ref.first if ref and ref.first else 2011
    last = ref.last if ref and ref.last else year_now
    span = range(first, last + 1)
    f = q.filters[0]
    if q.aggregate in ("most", "fewest"):
        return _busiest_year(q, f, k)
    if f.field == "statement":
        have = {s.year for s in k.statements}
        missing = [y for y in span if y not in have]
        listed = join_names([str(y) for y in missing]) or "none"
        text = f"Years {first}-{last} without a joint statement: {listed}."
        return Answer("statements", text, FACTS, related=False)
    gaps: list[str] = []
    for y in span:
        found, _ = k.chair_in(y)
        named = [c for c in found if c.chair]
        if not named:
            note = found[0].note if found else "not known yet"
            gaps.append(f"{y} ({note})")
    text = f"Years without a Chair: {join_names(gaps) or 'none'}."
    return Answer("chairs", text, FACTS, related=False)


def answer_either(q: Query, a: str, b: str, k: Knowledge) -> Answer:
    """Which of two countries joined (or chaired) first or last, with the year (and order) of each."""
    first = q.check is not None and q.check.endswith("_first")
    if q.check is not None and q.check.startswith("chaired"):
        terms = {n: k.chairships_of(n) for n in (a, b)}
        said = {
            n: (f"chaired in {join_names([t.years for t in ts])}" if ts else "has not chaired")
            for n, ts in terms.items()
        }
        dated = {n: (ts[0].first if first else ts[-1].first) for n, ts in terms.items() if ts}
        verb, noun = "chaired", "chairs"
    else:
        countries = {n: k.countries.get(n) for n in (a, b)}
        dated = {}
        said = {}
        for n, c in countries.items():
            year = join_year(c) if c else None
            order = f", {ordinal(c.order)} member" if c and c.order else ""
            said[n] = f"joined in {year}{order}" if year else "join year not given"
            if year:
                dated[n] = (year, c.order if c and c.order else 0)  # type: ignore[assignment]
        verb, noun = "joined", "members"
    both = f"{a} {said[a]}; {b} {said[b]}"
    if len(dated) < 2 or dated[a] == dated[b]:
        if len(dated) == 1:
            only = next(iter(dated))
            return Answer(
                noun, f"{only} {verb} {'first' if first else 'later'}: {both}.", FACTS, related=False
            )
        return Answer(
            noun, f"I can't tell which {verb} {'first' if first else 'later'}: {both}.", FACTS, related=False
        )
    pick = (min if first else max)(dated, key=lambda n: dated[n])
    return Answer(noun, f"{pick} {verb} {'first' if first else 'later'}: {both}.", FACTS, related=False)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _busiest_year(q: Query, f: Filter, k: Knowledge) -> Answer:
    """The year with the most (or fewest) joint statements or joins, with the count of each such year."""
    if f.field == "statement":
        per = Counter(s.year for s in k.statements)
        noun, kind = "joint statements", "statements"
    else:
        per = Counter(c.joined for c in k.countries.values() if c.joined)
        noun, kind = "countries joining", "members"
    ref = q.year_clause
    if ref is not None and ref.op == "or" and ref.first and ref.last:  # "more joined in 2015 or in 2024"
        a, b = per.get(ref.first, 0), per.get(ref.last, 0)
        more = ref.first if (a > b) == (q.aggregate == "most") else ref.last
        counts = f"{ref.first}: {a}; {ref.last}: {b}"
        if a == b:
            return Answer(kind, f"The same number of {noun} in both years ({counts}).", FACTS, related=False)
        word = "more" if q.aggregate == "most" else "fewer"
        return Answer(kind, f"{more} had {word} {noun} ({counts}).", FACTS, related=False)
    best = (max if q.aggregate == "most" else min)(per.values())
    years = sorted(y for y, n in per.items() if n == best)
    word = "most" if q.aggregate == "most" else "fewest"
    listed = join_names([str(y) for y in years])
    text = f"The year{'s' if len(years) > 1 else ''} with the {word} {noun}: {listed} ({best})."
    if q.aggregate == "fewest":
        text += " Years with none are not counted."
    return Answer(kind, text, FACTS, related=False)
