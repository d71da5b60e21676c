"""Lists of countries (members, observers, former members, founders) under their filters, counted or
ordered, and the sentence that describes the set."""

from __future__ import annotations

import re
from typing import cast

from handlers.knowledge.answers.base import Answer, join_names
from handlers.knowledge.answers.execute.years import year_matches, years_label, years_of
from handlers.knowledge.answers.forms import Filter, Query, TimeRef
from handlers.knowledge.answers.model import (
    FACTS,
    Country,
    Knowledge,
)
from handlers.knowledge.answers.regions import GROUPS


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
        ok = year_matches(join_year(c), ref, years)
        if ref.entity == c.name:
            ok = False
    else:
        ok = True
    return ok != f.negated


def join_year(c: Country) -> int | None:
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
            text = f"{names} joined in {years_label(years or set())}, the same year as {ref.entity}."
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
