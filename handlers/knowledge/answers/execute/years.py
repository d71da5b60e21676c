"""The years a `TimeRef` stands for (literal, or those of an event: a join, a chairship, a launch, a
leaving) and whether a year matches it."""

from __future__ import annotations

import re

from handlers.knowledge.answers.base import join_names
from handlers.knowledge.answers.forms import TimeRef
from handlers.knowledge.answers.model import (
    Knowledge,
)


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
        return years, f"{ref.label} ({years_label(years)})"
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
            return set(range(max(years) + 1, year_now + 5)), f"{ref.label} ({years_label(years)})"
        return set(range(2000, min(years))), f"{ref.label} ({years_label(years)})"
    if ref.offset and years:
        years = {min(years) - 1} if ref.offset < 0 else {max(years) + 1}
        word = "before" if ref.offset < 0 else "after"
        return years, f"the year {word} {ref.label} ({years_label(years)})"
    return years, f"{ref.label} ({years_label(years)})" if years else ref.label


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


def years_label(years: set[int]) -> str:
    ordered = sorted(years)
    if not ordered:
        return "no year known"
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 1:
        return f"{ordered[0]}-{ordered[-1]}"
    return join_names([str(y) for y in ordered])
