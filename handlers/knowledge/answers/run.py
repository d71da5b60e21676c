"""Execution: a `Query` over the `Knowledge` model, deterministic, and the answer sentence generated from the
query and its result, with the source of each fact."""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date
from typing import cast

from handlers.knowledge.answers.base import Answer, join_names
from handlers.knowledge.answers.model import (
    ADMIN,
    FACTS,
    POA,
    Activity,
    Chairship,
    Country,
    Knowledge,
    Statement,
)
from handlers.knowledge.answers.query import Filter, Query, TimeRef
from handlers.knowledge.answers.regions import GROUPS
from handlers.knowledge.answers.text import fold
from handlers.knowledge.program import is_overdue

NOT_IN_SOURCES = (
    "That is not in my sources: neither the Program of Action 2023 nor the FOC facts file says it."
)
CANNOT = "I can't compute that from my sources."
SET_BY = "This was set by an admin ({who}) with `troika set`; it is not from the public sources."
ACRONYMS = {
    "un": "united nations",
    "eu": "european union",
    "ai": "artificial intelligence",
    "au": "african union",
    "cso": "civil society",
    "csos": "civil society",
    "oas": "organization of american states",
    "upr": "universal periodic review",
    "hrc": "human rights council",
    "mfc": "media freedom coalition",
    "disinformation": "trustworthy information",  # the task force's name for it
    "misinformation": "trustworthy information",
}


def run(q: Query, k: Knowledge, today: date) -> Answer | None:
    """The answer to ``q`` over ``k`` on the day ``today`` (relative years and "overdue" follow it)."""
    if q.ask == "activities":
        return answer_activities(q, k, today.year, today)
    handler = HANDLERS.get(q.ask)
    return handler(q, k, today.year) if handler else None


# -- years ---------------------------------------------------------------------------------------------


def years_of(
    ref: TimeRef, k: Knowledge, year_now: int, *, first_term: bool = False
) -> tuple[set[int] | None, str]:
    """The years a reference denotes (None: open comparison handled by `year_matches`), and a label.
    ``first_term``: "after Estonia chaired" counts from the end of its first chairship (named in the
    label) when it chaired more than once; otherwise from the end of its last."""
    if ref.event is None:
        if ref.op == "or" and ref.first is not None and ref.last is not None:
            return {ref.first, ref.last}, ref.label
        if ref.op == "in" and ref.first is not None:
            return set(range(ref.first, (ref.last or ref.first) + 1)), ref.label
        if ref.op == "between" and ref.first is not None and ref.last is not None:
            return set(range(ref.first, ref.last + 1)), ref.label
        return None, ref.label
    assert ref.entity is not None
    if ref.event in ("launch", "leave"):
        years = _event_years(ref, k)
        if not years:
            return set(), f"{ref.label} (not known: my sources give no year)"
        return years, f"{ref.label} ({_years_label(years)})"
    if ref.event == "join":
        c = k.countries.get(ref.entity)
        years = {c.joined} if c and c.joined else set()
    else:
        terms = k.chairships_of(ref.entity)
        years = {y for ch in terms for y in range(ch.first, ch.last + 1)}
        if first_term and ref.op == "after" and len(terms) > 1:
            first, later = terms[0], join_names([t.years for t in terms[1:]])
            label = f"{ref.label}, its first ({first.years}; it chaired again in {later})"
            return set(range(first.last + 1, year_now + 5)), label
    if ref.op in ("before", "after"):
        if not years:
            return set(), ref.label
        if ref.op == "after":
            return set(range(max(years) + 1, year_now + 5)), f"{ref.label} ({_years_label(years)})"
        return set(range(2000, min(years))), f"{ref.label} ({_years_label(years)})"
    if ref.offset and years:
        years = {min(years) - 1} if ref.offset < 0 else {max(years) + 1}
        word = "before" if ref.offset < 0 else "after"
        return years, f"the year {word} {ref.label} ({_years_label(years)})"
    return years, f"{ref.label} ({_years_label(years)})" if years else ref.label


def _event_years(ref: TimeRef, k: Knowledge) -> set[int]:
    """The year a body or task force was set up, or a country left."""
    key = ref.entity or ""
    if ref.event == "leave":
        c = k.countries.get(key)
        return {c.left.year} if c and c.left else set()
    if key.startswith("tf:"):
        tf = next((t for t in k.task_forces if t.key == key[3:]), None)
        return {tf.launched} if tf and tf.launched else set()
    body = next((b for b in k.bodies if b.key == key), None)
    if body is None:
        return set()
    m = re.search(r"(?:set up|established|created|founded|launched|since)\D{0,20}((?:19|20)\d{2})", body.text)
    m = m or re.search(r"\b((?:19|20)\d{2})\b", body.text)
    return {int(m[1])} if m else set()


def year_matches(year: int | None, ref: TimeRef, years: set[int] | None) -> bool:
    if year is None:
        return False
    if years is not None:
        return year in years
    if ref.op == "after" and ref.first is not None:
        return year > ref.first
    if ref.op == "before" and ref.first is not None:
        return year < ref.first
    return False


def _years_label(years: set[int]) -> str:
    ordered = sorted(years)
    if not ordered:
        return "no year known"
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 1:
        return f"{ordered[0]}-{ordered[-1]}"
    return join_names([str(y) for y in ordered])


# -- mentions ------------------------------------------------------------------------------------------


def _variants(phrase: str) -> list[str]:
    phrase = fold(phrase).strip()
    out = {phrase}
    for word in phrase.split():
        if word in ACRONYMS:
            out.add(phrase.replace(word, ACRONYMS[word]))
    if phrase in ACRONYMS:
        out.add(ACRONYMS[phrase])
    for v in list(out):
        if v.endswith("s") and len(v) > 3:
            out.add(v[:-1])
    return sorted(out, key=len, reverse=True)


def mentions(text: str, phrase: str) -> bool:
    folded = fold(text)
    for v in _variants(phrase):
        if len(v) <= 3:
            if re.search(rf"\b{re.escape(v.upper())}\b", text):
                return True
            continue
        if re.search(rf"\b{re.escape(v)}", folded):
            return True
    return False


# -- countries -----------------------------------------------------------------------------------------


def _country_ok(c: Country, f: Filter, k: Knowledge, year_now: int) -> bool:
    if f.field == "status":
        ok = f.value == "any" or c.status == f.value
    elif f.field == "region":
        kind, value = cast("tuple[str, str]", f.value)
        if kind == "group":
            ok = c.name in GROUPS.get(value, frozenset())
        else:
            ok = (
                c.latin_america()
                if kind == "latin"
                else getattr(c, "region" if kind == "continent" else kind) == value
            )
    elif f.field == "founding":
        ok = c.founding
    elif f.field == "country":  # "other than Taiwan"
        ok = c.name == f.value
    elif f.field == "chaired":
        ok = bool(k.chairships_of(c.name))
    elif f.field == "chaired_times":
        ok = len(k.chairships_of(c.name)) >= int(f.value)  # type: ignore[call-overload]
    elif f.field == "joined":
        ref: TimeRef = f.value  # type: ignore[assignment]
        years, _ = years_of(ref, k, year_now, first_term=True)
        ok = year_matches(_join_year(c), ref, years)
        if ref.entity == c.name:
            ok = False
    else:
        ok = True
    return ok != f.negated


def _join_year(c: Country) -> int | None:
    if c.joined:
        return c.joined
    if c.joined_note and (m := re.findall(r"(?:19|20)\d{2}", c.joined_note)):
        return int(m[-1])  # "between Oct 2022 and Mar 2023": after 2022 at the latest
    if c.order is not None:
        return 2019 if c.order == 32 else None
    return None


def _status_word(f: list[Filter]) -> str:
    statuses = [x.value for x in f if x.field == "status"]
    if statuses == ["any"] or (not statuses and not any(x.field == "founding" for x in f)):
        return "countries"  # members and former members alike ("which countries joined in 2011")
    return {"observer": "observers", "former": "former members"}.get(
        str(statuses[0]) if statuses else "", "members"
    )


def answer_countries(q: Query, k: Knowledge, year_now: int) -> Answer:
    found = [c for c in k.countries.values() if all(_country_ok(c, f, k, year_now) for f in q.filters)]
    joined = next((f for f in q.filters if f.field == "joined"), None)
    label = _describe(q.filters, k, year_now)
    if q.aggregate in ("first", "latest") and found and q.attribute == "by_chair":
        chaired = [(k.chairships_of(c.name), c) for c in found]
        terms = sorted((ch.first, ch.years, c.name) for mine, c in chaired for ch in mine)
        if terms:
            _, term, name = terms[0] if q.aggregate == "first" else terms[-1]
            word = "first" if q.aggregate == "first" else "most recent"
            of = (
                f"Of the {label.replace(' that have chaired the FOC', '')}, the"
                if label != "members"
                else "The"
            )
            text = f"{of} {word} to chair the FOC: {name} ({term})."
            return Answer("chairs", text, FACTS, records=_country_records([k.countries[name]]), related=False)
    if q.aggregate in ("first", "latest") and found:
        dated = [c for c in found if c.joined]
        if dated:
            pick = min if q.aggregate == "first" else max
            year = pick(c.joined for c in dated if c.joined)
            found = [c for c in dated if c.joined == year]
            word = "first" if q.aggregate == "first" else "most recently"
            text = f"{join_names([c.name for c in found])} joined {word}, in {year}"
            if label != "members":
                text = f"Of the {label}, {text}"
            return Answer("members", text + ".", FACTS, records=_country_records(found), related=False)
    if q.aggregate == "count":
        return Answer(
            "members",
            f"{len(found)} {_counted(label, len(found))}{_left_note(found, q)}.",
            FACTS,
            items=_country_items(found, joined is not None),
            records=_country_records(found),
        )
    if not found:
        base = [f for f in q.filters if f.field in ("status", "region", "joined", "founding", "country")]
        if len(base) < len(q.filters) and joined is not None:
            # "did any country that joined in 2014 ever chair": none of them, named
            among = [c for c in k.countries.values() if all(_country_ok(c, f, k, year_now) for f in base)]
            if among:
                others = [f for f in q.filters if f not in base]
                rest = _describe(others, k, year_now).removeprefix("countries").strip()
                rest = rest.removeprefix("that have ").removeprefix("that were ").strip()
                names = join_names([c.name for c in among])
                text = f"No: none of the {len(among)} {_describe(base, k, year_now)} ({names}) has {rest}."
                if len(among) == 1:
                    only = _counted(_describe(base, k, year_now), 1)
                    has = f"has {rest.removeprefix('not ')}" if rest.startswith("not ") else f"has not {rest}"
                    text = f"No: {names}, the only {only}, {has}."
                return Answer("members", text, FACTS, records=_country_records(among), related=False)
        if joined is not None and len(q.filters) <= 2:
            _, when = years_of(joined.value, k, year_now)  # type: ignore[arg-type]
            return Answer("members", f"No country joined {when}, according to my sources.", FACTS)
        return Answer("members", f"No {label}, according to my sources.", FACTS)
    notes = ""
    undated = [c for c in found if joined and not c.joined]
    if undated:
        notes = (
            " Join year not given exactly for "
            + join_names([f"{c.name} ({c.joined_note})" for c in undated])
            + "."
        )
    if joined is not None:
        ref: TimeRef = joined.value  # type: ignore[assignment]
        if ref.event and ref.op == "in" and not ref.offset:
            years, _ = years_of(ref, k, year_now)
            names = join_names([c.name for c in found])
            text = f"{names} joined in {_years_label(years or set())}, the same year as {ref.entity}."
            return Answer("members", text, FACTS, records=_country_records(found), related=False)
    listed = join_names([_country_label(c, k, q) for c in found])
    text = f"{len(found)} {_counted(label, len(found))}: {listed}.{notes}"
    return Answer("members", text, FACTS, records=_country_records(found), related=False)


def _left_note(found: list[Country], q: Query) -> str:
    """ "(the United States has since left)", when a count of a historical set includes former members."""
    if any(f.field == "status" for f in q.filters):
        return ""
    former = [c.name for c in found if c.status == "former"]
    if not former:
        return ""
    return f" ({join_names(['the ' + n if n == 'United States' else n for n in former])} has since left)"


def _counted(label: str, n: int) -> str:
    """``"members that have chaired"`` for 2, ``"member that has chaired"`` for 1."""
    if n != 1:
        return label
    for plural, singular in (("members", "member"), ("observers", "observer"), ("countries", "country")):
        label = label.replace(plural, singular, 1)
    return label.replace(" that have ", " that has ").replace(" that were ", " that was ")


def _country_label(c: Country, k: Knowledge, q: Query) -> str:
    if q.attribute == "joined":  # "the baltic states in the foc and when they joined"
        return f"{c.name} (joined {c.joined or c.joined_note or 'year not given'})"
    if any(f.field == "chaired" and not f.negated for f in q.filters):
        return f"{c.name} ({', '.join(ch.years for ch in k.chairships_of(c.name))})"
    if any(f.field == "joined" for f in q.filters):
        left = f", left {c.left.isoformat()}" if c.left else ""
        return f"{c.name} ({c.joined or 'year not given'}{left})"
    if c.status == "former" and c.left:
        return f"{c.name} (left {c.left.isoformat()})"
    return c.name


def _country_items(found: list[Country], with_year: bool) -> tuple[str, ...]:
    return tuple(f"{c.name} ({c.joined or 'year not given'})" if with_year else c.name for c in found)


def _country_records(found: list[Country]) -> list[dict[str, object]]:
    return [{"kind": "member", "id": c.name} for c in found]


ADJECTIVES = {
    "Africa": "African",
    "Asia": "Asian",
    "Europe": "European",
    "Oceania": "Oceanian",
    "Americas": "American",
}


THE = frozenset(["United States", "United Kingdom", "Netherlands", "Czech Republic", "Maldives"])


def _describe(filters: list[Filter], k: Knowledge, year_now: int) -> str:
    adjective, place = "", ""
    region = next((f for f in filters if f.field == "region"), None)
    if region is not None:
        kind, value = cast("tuple[str, str]", region.value)
        if kind == "group":
            adjective = value
        elif kind == "latin":
            adjective = "Latin American"
        elif kind == "continent":
            adjective = ADJECTIVES.get(value, value)
        else:
            place = f" in {value}"
    founding = next((f for f in filters if f.field == "founding"), None)
    noun = _status_word(filters)
    if founding is not None and not founding.negated:
        noun = "founding " + noun
    text = f"{adjective} {noun}{place}".strip()
    for f in filters:
        if f.field == "founding" and f.negated:
            text += " that were not founding members"
        if f.field == "chaired":
            text += " that have not chaired the FOC" if f.negated else " that have chaired the FOC"
        if f.field == "chaired_times":
            text += " that have chaired at least " + ("twice" if f.value == 2 else f"{f.value} times")
        if f.field == "joined":
            _, label = years_of(f.value, k, year_now, first_term=True)  # type: ignore[arg-type]
            ref = f.value
            if not ref.event or ref.op != "in" or ref.offset:  # type: ignore[attr-defined]
                text += f" that joined {label}"
    others = [
        f"{'the ' if f.value in THE else ''}{f.value}" for f in filters if f.field == "country" and f.negated
    ]
    if others:
        text += f" other than {join_names(others)}"
    return text.strip()


# -- chairs --------------------------------------------------------------------------------------------


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


def _either(q: Query, a: str, b: str, k: Knowledge) -> Answer:
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
            year = _join_year(c) if c else None
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


# -- statements ----------------------------------------------------------------------------------------


def answer_statements(q: Query, k: Knowledge, year_now: int) -> Answer:
    found = list(k.statements)
    label = ""
    if q.year_clause is not None:
        years, label = years_of(q.year_clause, k, year_now)
        found = [s for s in found if year_matches(s.year, q.year_clause, years)]
        ref = q.year_clause
        if ref.event is not None and ref.op == "in":
            label = ("during " if ref.event == "chair" and not ref.offset else "in ") + label
    for f in q.filters:
        if f.field == "mentions":
            found = [s for s in found if mentions(s.title, str(f.value)) != f.negated]
            label = (label + (" not" if f.negated else "") + f" on {f.value}").strip()
    if q.aggregate in ("first", "latest") and found:
        year = (min if q.aggregate == "first" else max)(s.year for s in found)
        found = [s for s in found if s.year == year]
        word = "earliest" if q.aggregate == "first" else "latest"
        return Answer(
            "statements",
            f"The {word} joint statement{'s' if len(found) > 1 else ''} ({year}): "
            f"{join_names([s.title for s in found])}.",
            FACTS,
            records=_st_records(found),
            related=False,
        )
    if q.aggregate == "count":
        return Answer(
            "statements",
            f"{len(found)} joint statements {label}.".replace("  ", " "),
            FACTS,
            items=tuple(_st(s) for s in found),
            records=_st_records(found),
            related=False,
        )
    if not found:
        span = q.year_clause
        if span is not None and span.op == "in" and span.first is not None and span.first == span.last:
            label = f"is recorded for {span.first}" + label.removeprefix(f"in {span.first}")
        return Answer(
            "statements",
            f"No joint statement {label} in my sources.".replace("  ", " "),
            FACTS,
            related=False,
        )
    noun = "joint statement" if len(found) == 1 else "joint statements"
    return Answer(
        "statements",
        f"{len(found)} {noun} {label}:".replace("  ", " ").replace(" :", ":"),
        FACTS,
        items=tuple(_st(s) for s in found),
        items_title="Joint statements",
        records=_st_records(found),
        related=False,
    )


def _st(s: Statement) -> str:
    return f"{s.title} ({s.year})"


def _st_records(found: list[Statement]) -> list[dict[str, object]]:
    return [{"kind": "statement", "id": s.key} for s in found]


# -- task forces ---------------------------------------------------------------------------------------


def answer_taskforces(q: Query, k: Knowledge, year_now: int) -> Answer:
    found = list(k.task_forces)
    party = next((f.value for f in q.filters if f.field == "party"), None)
    if party is not None:
        pairs = k.task_forces_of(str(party))
        if not pairs:
            return Answer(
                "taskforces", f"{party} has no role in any task force in my sources.", FACTS, related=False
            )
        text = f"{party} is " + join_names([f"{r.role} of the {tf.name} ({tf.key})" for tf, r in pairs]) + "."
        return Answer(
            "taskforces",
            text,
            FACTS,
            records=[{"kind": "taskforce", "id": tf.key} for tf, _ in pairs],
            related=False,
        )
    about = next((f for f in q.filters if f.field == "mentions"), None)
    if about is not None:
        found = [t for t in found if mentions(f"{t.name} {t.focus or ''} {t.output or ''}", str(about.value))]
        if not found:
            return Answer("taskforces", f"No task force in my sources works on {about.value}.", FACTS)
        text = f"Task forces that work on {about.value}: " + "; ".join(
            f"{t.name} ({t.key})" + (f", focus: {t.focus}" if t.focus else "") for t in found
        )
        return Answer(
            "taskforces",
            text + ".",
            FACTS,
            records=[{"kind": "taskforce", "id": t.key} for t in found],
            related=False,
        )
    if q.aggregate in ("first", "latest"):
        dated = [t for t in found if t.launched]
        pick = min if q.aggregate == "first" else max
        tf = pick(dated, key=lambda t: (t.launched, t.launched_text))
        undated = [t.key for t in found if not t.launched]
        word = "first" if q.aggregate == "first" else "newest"
        text = (
            f"The {word} task force with a known launch date is the {tf.name} ({tf.key}), launched "
            f"{tf.launched_text}. Launch date not known for {join_names(undated)}."
        )
        return Answer("taskforces", text, FACTS, records=[{"kind": "taskforce", "id": tf.key}], related=False)
    if q.aggregate == "count":
        return Answer(
            "taskforces",
            f"{len(found)} task forces and groups: " + join_names([t.name for t in found]) + ".",
            FACTS,
            related=False,
        )
    return Answer(
        "taskforces",
        "Task forces: " + "; ".join(f"{t.name} ({t.key})" for t in found) + ".",
        FACTS,
        related=False,
    )


# -- the Program of Action -----------------------------------------------------------------------------


def answer_activities(q: Query, k: Knowledge, year_now: int, today: date | None = None) -> Answer:
    today = today or date(year_now, 12, 31)
    found = list(k.activities)
    label = []
    for f in q.filters:
        if f.field == "goal":
            found = [a for a in found if a.goal == f.value]
            label.append(f"in goal {f.value}")
        elif f.field == "objective":
            found = [a for a in found if a.objective == f.value]
            label.append(f"in objective {f.value}")
        elif f.field == "status" and f.value == "overdue":
            found = [a for a in found if is_overdue(a.due, a.status, today)]
            label.append(f"overdue (due before {today.isoformat()} and not done)")
        elif f.field == "status":
            found = [a for a in found if a.status == f.value]
            label.append(f"with status {f.value}")
        elif f.field == "lead" and f.negated:
            total = len(found)
            found = [a for a in found if not a.lead]
            if len(found) == total:
                return Answer(
                    "program",
                    f"No lead is named for any of the {total} activities: the Program of "
                    "Action names no lead per activity, and no admin has set one.",
                    POA,
                    related=False,
                )
            label.append("without a lead")
        elif f.field == "lead":
            if not any(a.lead for a in k.activities):
                return _no_leads(str(f.value), found, k)
            found = [a for a in found if a.lead and fold(str(f.value)) in fold(a.lead)]
            label.append(f"led by {f.value}")
        elif f.field == "mentions":
            found = [a for a in found if mentions(a.text + " " + " ".join(a.notes), str(f.value))]
            label.append(f"that mention {f.value}")
    what = " ".join(label)
    if q.aggregate == "count":
        return Answer(
            "program",
            f"{len(found)} activities {what}.".replace("  ", " "),
            POA,
            items=tuple(f"{a.id}: {a.text}" for a in found),
            records=_a_records(found),
            related=False,
        )
    if not found:
        if any(f.field == "status" and f.value == "overdue" for f in q.filters):
            dated = sum(1 for a in k.activities if a.due)
            return Answer(
                "program",
                f"No activity is overdue: {dated} of {len(k.activities)} activities have a due date, "
                "and none of them is past it without being done.",
                POA,
                related=False,
            )
        return Answer("program", f"No activity {what} in the Program of Action.", POA, related=True)
    noun = "activity" if len(found) == 1 else "activities"
    if len(found) == 1:
        what = what.replace("that mention ", "that mentions ")
    return Answer(
        "program",
        f"{len(found)} {noun} {what}:",
        POA,
        items=tuple(f"{a.id}: {a.text}" for a in found),
        records=_a_records(found),
        related=False,
    )


def _no_leads(party: str, found: list[Activity], k: Knowledge) -> Answer:
    """ "which activities are led by the Support Unit" when no activity has a lead: said so, then the
    activities that mention that party, named as such (a different question, answered as such)."""
    who = party if party in k.countries else f"the {party}"
    text = (
        f"No activity has {who} as its lead: the Program of Action names no lead per activity, "
        "and no admin has set one."
    )
    named = [a for a in found if mentions(a.text + " " + " ".join(a.notes), party)]
    if not named:
        return Answer("program", text + f" No activity mentions {who} either.", POA, related=True)
    return Answer(
        "program",
        text + f" Activities that mention {who} ({len(named)}), which is not the same as leading them:",
        POA,
        items=tuple(f"{a.id}: {a.text}" for a in named),
        records=_a_records(named),
        related=False,
    )


def _a_records(found: list[Activity]) -> list[dict[str, object]]:
    return [{"kind": "activity", "id": a.id} for a in found]


def answer_objectives(q: Query, k: Knowledge, year_now: int) -> Answer:
    goal = next((f.value for f in q.filters if f.field == "goal"), None)
    found = [o for o in k.objectives if goal is None or o.goal == goal]
    where = f"under goal {goal}" if goal is not None else "in the Program of Action"
    if q.aggregate in ("most", "fewest") and found:  # "which objective has the most activities"
        size = {o.id: len([a for a in k.activities if a.objective == o.id]) for o in found}
        best = (max if q.aggregate == "most" else min)(size.values())
        top = [o for o in found if size[o.id] == best]
        word = "most" if q.aggregate == "most" else "fewest"
        listed = join_names([f"{o.id} ({o.text})" for o in top])
        others = "; ".join(f"{o.id}: {size[o.id]}" for o in found)
        plural = "s" if len(top) > 1 else ""
        text = f"The objective{plural} with the {word} activities: {listed}, {best} activities."
        return Answer("program", f"{text} Per objective: {others}.", POA, related=False)
    if q.aggregate == "count":
        return Answer(
            "program",
            f"{len(found)} objectives {where}.",
            POA,
            items=tuple(f"{o.id}: {o.text}" for o in found),
            related=False,
        )
    return Answer(
        "program",
        f"Objectives {where}:",
        POA,
        items=tuple(f"{o.id}: {o.text}" for o in found),
        related=False,
    )


def answer_goals(q: Query, k: Knowledge, year_now: int) -> Answer:
    items = tuple(f"Goal {g.number}: {g.statement}" for g in k.goals)
    return Answer(
        "program", f"The Program of Action has {len(items)} goals:", POA, items=items, related=False
    )


def answer_topics(q: Query, k: Knowledge, year_now: int) -> Answer:
    items = tuple(f"{t.title}: {t.summary}" for t in k.topics)
    return Answer(
        "program",
        f"The Program of Action 2023 prioritises {len(items)} policy topics:",
        POA,
        items=items,
        related=False,
    )


def answer_poa(q: Query, k: Knowledge, year_now: int) -> Answer:
    text = " ".join(p.text for p in k.context)
    if q.attribute == "members":
        m = re.search(r"group of (\d+) governments", text)
        n = m[1] if m else "?"
        return Answer(
            "program",
            f"The Program of Action 2023 says the FOC is a group of {n} governments "
            f"(today it has {len(k.members())} members, per the facts file).",
            POA,
            related=False,
        )
    return Answer(
        "program",
        "The Program of Action 2023 covers the calendar year 2023 (January to December 2023): "
        "its priority areas and activities for 2023, under the United States' Chairship.",
        POA,
        related=False,
    )


def _stem(word: str) -> str:
    """``"organisations"`` -> ``"organi"``-like prefix matching British and American spellings alike."""
    word = word.replace("isation", "ization").replace("ised", "ized").replace("ise", "ize")
    for suffix in ("ations", "ation", "ings", "ing", "ment", "ments", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _poa_units(k: Knowledge) -> list[tuple[str, str, str, str]]:
    """(label, shown text, text searched, objective id) of every passage of the Program of Action."""
    units = [(f"activity {a.id}", a.text, a.text, a.objective) for a in k.activities]
    units += [(f"objective {o.id}", o.text, o.text, o.id) for o in k.objectives]
    units += [(f"goal {g.number}", g.statement, f"{g.title} {g.statement}", "") for g in k.goals]
    units += [
        (f"priority topic '{t.title}'", t.summary or t.text, f"{t.summary} {t.text}", "") for t in k.topics
    ]
    units += [(f"'{c.title}'", c.text, c.text, "") for c in k.context]
    return units


def _has_word(text: str, raw: str, word: str) -> bool:
    if len(word) <= 3:
        long = ACRONYMS.get(word)
        return bool(re.search(rf"\b{re.escape(word.upper())}\b", raw)) or bool(long and long in text)
    return bool(
        re.search(rf"\b{re.escape(_stem(word))}", text.replace("isation", "ization").replace("ise", "ize"))
    )


def answer_poa_text(q: Query, k: Knowledge, year_now: int) -> Answer:
    """The passages of the Program of Action that mention the words asked about, the rarest words weighing
    most; for "which objective ...", the objectives (and goals) of those passages."""
    units = _poa_units(k)
    if q.attribute == "taskforces":
        every = fold(" ".join(u[2] for u in units))
        named = [
            t for t in k.task_forces if fold(t.name) in every or re.search(rf"\b{t.key}\b", every.upper())
        ]
        listed = join_names([f"{t.name} ({t.key})" for t in named])
        text = (
            f"The Program of Action names {len(named)} task forces: {listed}."
            if named
            else ("The Program of Action names no task force.")
        )
        return Answer("program", text, POA, related=False)
    phrase = str(next((f.value for f in q.filters if f.field == "mentions"), ""))
    words = list(dict.fromkeys(phrase.split()))
    folded = [fold(u[2]) for u in units]
    df = {x: sum(1 for i, t in enumerate(folded) if _has_word(t, units[i][2], x)) for x in words}
    scores = []
    for i, t in enumerate(folded):
        hit = [x for x in words if df[x] and _has_word(t, units[i][2], x)]
        scores.append(sum(math.log((len(units) + 1) / df[x]) for x in hit))
    best = max(scores, default=0.0)
    shown = " or ".join(words) if q.check else " ".join(words)
    if best <= 0:
        word = "No: the" if q.check else "The"
        return Answer("program", f"{word} Program of Action does not mention {shown}.", POA, related=False)
    top = [units[i] for i, sc in enumerate(scores) if sc >= best * 0.999]
    if q.attribute in ("objective", "goal"):
        objectives = list(dict.fromkeys(u[3] for u in top if u[3]))
        found = [o for o in k.objectives if o.id in objectives]
        if q.attribute == "goal":
            goals = list(dict.fromkeys(o.goal for o in found))
            items = tuple(f"Goal {g.number}: {g.statement}" for g in k.goals if g.number in goals)
            why = join_names([f"objective {o.id}: {o.text}" for o in found])
            return Answer(
                "program", f"Goal {join_names([str(g) for g in goals])}, through {why}", POA, items=items
            )
        items = tuple(f"{u[0]}: {u[1]}" for u in top)
        listed = join_names([f"{o.id} ({o.text})" for o in found])
        return Answer("program", f"Objective {listed}.", POA, items=items, related=False)
    items = tuple(f"{u[0]}: {u[1]}" for u in top)
    text = (
        f"Yes: the Program of Action mentions {shown}:" if q.check else f"The Program of Action on {shown}:"
    )
    return Answer("program", text, POA, items=items, related=False)


def answer_networks(q: Query, k: Knowledge, year_now: int) -> Answer:
    cities = join_names([n.city for n in k.networks])
    if q.attribute == "poc":
        return Answer(
            "networks",
            "The networks' points of contact:",
            f"{POA} (1A.2)",
            items=tuple(f"{n.city}: {n.poc or 'not set'}" for n in k.networks),
            records=[{"kind": "network", "id": n.key, "poc": n.poc} for n in k.networks],
            related=False,
        )
    body = next((b for b in k.bodies if b.key == "advisory_network"), None)
    text = f"Diplomatic networks: {cities}."
    if body:
        text += f" The FOC also has the Advisory Network: {body.text}"
    return Answer(
        "networks",
        text,
        f"{FACTS}; {POA} (1A.1)",
        records=[{"kind": "network", "id": n.key} for n in k.networks],
        related=False,
    )


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


def _times(chairships: list[Chairship]) -> str:
    n = len(chairships)
    years = join_names([x.years for x in chairships]) or "never"
    return f"{n} time{'s' if n != 1 else ''} ({years})"


def answer_check(q: Query, k: Knowledge, year_now: int) -> Answer:
    assert q.entity is not None
    name = q.entity[1]
    c = k.countries.get(name)
    if q.check in ("statement_first", "statement_last") and q.other:
        pair = [s for key in (name, q.other) for s in k.statements if s.key == key]
        if len(pair) == 2:
            first = q.check == "statement_first"
            both = f"{pair[0].title} ({pair[0].year}); {pair[1].title} ({pair[1].year})"
            if pair[0].year == pair[1].year:
                text = f"Both came out in {pair[0].year}: {both}."
                return Answer("statements", text, FACTS, related=False)
            pick = (min if first else max)(pair, key=lambda s: s.year)
            word = "first" if first else "later"
            return Answer("statements", f"{pick.title} came {word}: {both}.", FACTS, related=False)
    if q.check == "chaired":
        mine = k.chairships_of(name)
        if mine:
            return Answer(
                "chairs",
                f"Yes: {name} chaired the FOC in {join_names([x.years for x in mine])}.",
                FACTS,
                related=False,
            )
        return Answer(
            "chairs",
            f"No, {name} has never chaired the FOC (it is not in the list of Chairs since 2011).",
            FACTS,
            related=False,
        )
    if q.check == "chaired_more" and q.other:
        a, b = k.chairships_of(name), k.chairships_of(q.other)
        word = "Yes" if len(a) > len(b) else "No"
        text = f"{word}: {name} chaired {_times(a)}, {q.other} {_times(b)}."
        return Answer("chairs", text, FACTS, related=False)
    if q.check in ("joined_first", "joined_last", "chaired_first", "chaired_last") and q.other:
        return _either(q, name, q.other, k)
    if q.check and q.check.startswith("joined_") and q.other:  # "did Germany join before Japan"
        o = k.countries.get(q.other)
        ya, yb = (c.joined if c else None), (o.joined if o else None)
        if ya is None or yb is None:
            return Answer(
                "members",
                f"I can't tell: the join year of {name if ya is None else q.other} is not given.",
                FACTS,
                related=False,
            )
        before = ya < yb if q.check == "joined_before" else ya > yb
        word = "Yes" if before else ("No, the same year" if ya == yb else "No")
        rel = "before" if ya < yb else ("after" if ya > yb else "in the same year as")
        return Answer(
            "members", f"{word}: {name} joined in {ya}, {rel} {q.other} ({yb}).", FACTS, related=False
        )
    if c is None:
        return Answer(
            "members",
            f"No, {name} is not a member or observer of the FOC in my sources.",
            FACTS,
            related=False,
        )
    if q.check == "founding":
        if c.founding:
            return Answer(
                "members", f"Yes: {name} is a founding member of the FOC (joined 2011).", FACTS, related=False
            )
        when = (
            f"joined in {c.joined}" if c.joined else f"was the {c.joined_note}" if c.order else "joined later"
        )
        return Answer(
            "members",
            f"No: {name} {when}, after the founding members of 2011.",
            FACTS,
            related=False,
        )
    if q.check == "observer":
        if c.status == "observer":
            return Answer("members", f"Yes, {name} is an observer of the FOC.", FACTS, related=False)
        observers = join_names([x.name for x in k.countries.values() if x.status == "observer"])
        status = "a member" if c.current else "a former member"
        return Answer(
            "members",
            f"No: {name} is {status}, not an observer (joined {c.joined or 'year not given'}). "
            f"The FOC's observers: {observers}.",
            FACTS,
            related=False,
        )
    if c.status == "former":
        return Answer(
            "members",
            {"left": "Yes: ", "when_left": ""}.get(q.attribute or "", "No: ")
            + f"{name} left the FOC on {c.left.isoformat() if c.left else '?'} (it had joined in {c.joined})."
            + (f" Notes: {c.joined_note}." if c.joined_note else ""),
            FACTS,
            related=False,
        )
    if c.status == "observer":
        return Answer("members", f"{name} is an observer of the FOC, not a member.", FACTS, related=False)
    still = " still" if q.attribute == "still" else ""
    word = "No, it has not left" if q.attribute in ("left", "when_left") else "Yes"
    return Answer(
        "members",
        f"{word}: {name} is{still} a member of the FOC "
        f"(joined {c.joined or c.joined_note or 'year not given'}).",
        FACTS,
        related=False,
    )


def answer_entity(q: Query, k: Knowledge, year_now: int) -> Answer | None:
    assert q.entity is not None
    kind, key = q.entity
    if kind == "country":
        c = k.countries.get(key)
        if c is None:
            return Answer(
                "members",
                f"{key} is not a member or observer of the FOC in my sources.",
                FACTS,
                related=False,
            )
        if q.attribute == "timezone":
            return Answer("members", f"{key}'s capital time zone is {c.timezone}.", FACTS, related=False)
        if q.attribute == "joined":
            if c.joined:
                text = f"{key} joined the FOC in {c.joined}."
            else:
                text = f"The year {key} joined the FOC is not in my sources" + (
                    f"; the facts file says only: {c.joined_note}." if c.joined_note else "."
                )
            return Answer("members", text, FACTS, related=False)
        if q.attribute == "region":
            return Answer(
                "members",
                f"{key} is in {c.subregion} ({c.region}), in the UN geoscheme.",
                "country_converter (UN regions)",
                related=False,
            )
        if q.attribute == "roles":
            parts = []
            mine = k.chairships_of(key)
            if mine:
                parts.append(f"the FOC ({join_names([x.years for x in mine])})")
            parts += [f"the {tf.name} ({r.role})" for tf, r in k.task_forces_of(key)]
            if not parts:
                return Answer(
                    "chairs",
                    f"{key} has not chaired the FOC or any task force in my sources.",
                    FACTS,
                    related=False,
                )
            return Answer("chairs", f"{key} has chaired " + join_names(parts) + ".", FACTS, related=False)
        chaired = join_names([x.years for x in k.chairships_of(key)])
        status = {"member": "a member", "former": "a former member", "observer": "an observer"}[c.status]
        text = f"{key} is {status} of the FOC (joined {c.joined or c.joined_note or 'year not given'})."
        if c.left:
            text += f" It left on {c.left.isoformat()}."
        if chaired:
            text += f" Chair: {chaired}."
        return Answer("members", text, FACTS, related=False)
    if kind == "taskforce":
        tf = next((t for t in k.task_forces if t.key == key), None)
        if tf is None:
            return None
        roles = "; ".join(f"{r.party} ({r.role})" for r in tf.roles)
        if q.attribute == "roles":
            text = f"The {tf.name} ({tf.key}) is led by: {roles}."
        elif q.attribute == "launched":
            text = (
                f"The {tf.name} ({tf.key}) was launched {tf.launched_text}."
                if tf.launched_text
                else f"When the {tf.name} was launched is not known ({tf.period or 'no date in my sources'})."
            )
        elif q.attribute == "output":
            text = (
                f"The {tf.name} ({tf.key}) produced: {tf.output}."
                if tf.output
                else f"What the {tf.name} ({tf.key}) produced is not recorded in my sources."
            )
        elif q.attribute == "focus":
            text = (
                f"The {tf.name} ({tf.key}) focuses on: {tf.focus}."
                if tf.focus
                else f"The focus of the {tf.name} ({tf.key}) is not recorded in my sources beyond its name."
            )
        else:
            text = (
                f"{tf.key} is the {tf.name}"
                + (f", launched {tf.launched_text}" if tf.launched_text else "")
                + f"; {roles}."
            )
            if tf.focus:
                text += f" Focus: {tf.focus}."
            if tf.output:
                text += f" Output: {tf.output}."
        return Answer(
            "taskforces",
            text,
            tf.source or FACTS,
            records=[{"kind": "taskforce", "id": tf.key}],
            related=False,
        )
    if kind == "body":
        b = next((x for x in k.bodies if x.key == key), None)
        if b is None:
            return None
        return Answer(
            "structure",
            f"{b.name.capitalize()}: {b.text}",
            FACTS,
            records=[{"kind": "structure", "id": b.key}],
            related=False,
        )
    if kind == "network":
        n = next((x for x in k.networks if fold(x.city) == key or x.key == key), None)
        if n is None:
            return None
        record = [{"kind": "network", "id": n.key, "city": n.city, "poc": n.poc}]
        source = n.source or f"{FACTS}; {POA} (1A.1, 1A.2)"
        if q.attribute == "poc":
            return Answer(
                "networks",
                f"The {n.city} network's point of contact: "
                f"{n.poc or 'not set (activity 1A.2 asks for one)'}.",
                ADMIN if n.poc else source,
                records=record,
                related=False,
            )
        poc = f" Point of contact: {n.poc}." if n.poc else " No point of contact set yet (activity 1A.2)."
        description = (n.description or "").rstrip(".")
        return Answer(
            "networks",
            f"The {n.city} diplomatic network: {description}.{poc}",
            source,
            records=record,
            related=False,
        )
    if kind == "statement":
        st = next((x for x in k.statements if x.key == key), None)
        if st is None:
            return None
        return Answer(
            "statements",
            f"The FOC issued {st.title} in {st.year}.",
            st.source or FACTS,
            records=_st_records([st]),
            related=False,
        )
    if kind == "activity":
        a = k.activity(key)
        if a is None:
            return Answer(
                "program", f"There is no activity {key} in the Program of Action.", POA, related=False
            )
        extra = f" Status: {a.status or 'not set'}; lead: {a.lead or 'not set'}; due: {a.due or 'not set'}."
        return Answer(
            "program",
            f"Activity {a.id} (objective {a.objective}): {a.text}{extra}",
            POA,
            records=[{"kind": "activity", "id": a.id}],
            related=False,
        )
    if kind == "objective":
        o = next((x for x in k.objectives if x.id == key), None)
        if o is None:
            return None
        return Answer(
            "program",
            f"Objective {o.id} (goal {o.goal}): {o.text} Activities: {', '.join(o.activities)}.",
            POA,
            related=False,
        )
    if kind == "goal":
        g = next((x for x in k.goals if str(x.number) == key), None)
        if g is None:
            return None
        objs = [o.id for o in k.objectives if o.goal == g.number]
        return Answer(
            "program", f"Goal {g.number}: {g.statement}. Objectives: {', '.join(objs)}.", POA, related=False
        )
    return None


def answer_absent(q: Query, k: Knowledge, year_now: int) -> Answer:
    if q.attribute == "future":
        return Answer("absent", f"{NOT_IN_SOURCES} They record what has happened, not plans.", None)
    return Answer("absent", NOT_IN_SOURCES, None, related=True)


def answer_cannot(q: Query, k: Knowledge, year_now: int) -> Answer:
    """A question understood only in part: no answer to a simpler question, the words left over named."""
    words = q.attribute or ""
    return Answer("cannot", f'{CANNOT} I could not use these words of the question: "{words}".', None)


HANDLERS = {
    "cannot": answer_cannot,
    "countries": answer_countries,
    "chairships": answer_chairships,
    "years": answer_years,
    "statements": answer_statements,
    "taskforces": answer_taskforces,
    "activities": answer_activities,
    "objectives": answer_objectives,
    "goals": answer_goals,
    "topics": answer_topics,
    "poa": answer_poa,
    "poa_text": answer_poa_text,
    "networks": answer_networks,
    "troika": answer_troika,
    "check": answer_check,
    "entity": answer_entity,
    "absent": answer_absent,
}
