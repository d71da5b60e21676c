"""Questions about the FOC's bodies (Support Unit, Steering Committee, ...) and its diplomatic networks
(by city: point of contact, roster)."""

from __future__ import annotations

from handlers.knowledge.answers.forms import Query
from handlers.knowledge.answers.parse.words import CITIES, Words, body_in


def rule_body(w: Words) -> Query | None:
    body = body_in(w)
    if body is None:
        if w.re(r"\bnetworks?\b") and not w.has("advisory network"):
            city = next((c for c in CITIES if w.has(c)), None)
            if city:
                return Query("entity", entity=("network", city))
            return Query("networks")
        return None
    q = Query("entity", entity=("body", body))
    return q


_POC = r"\bpoc\b|\bpoints? of contact\b|\bcontacts?\b|\bwho (?:leads|runs|coordinates|heads)\b"


_ROSTER = r"\brosters?\b|\bwho (?:is|are) (?:in|on)\b|\bmembers of the\b|\bpeople\b|\bwho belongs"


def rule_network(w: Words) -> Query | None:
    """ "who is the point of contact in Vienna", "who is on the Geneva network roster", "where are the
    diplomatic networks": a network (by its city) and what is asked of it."""
    if w.has("advisory network"):
        return None
    city = next((c for c in CITIES if w.has(c)), None)
    named = bool(w.re(r"\bnetworks?\b|\bhubs?\b"))
    attribute = "roster" if w.re(_ROSTER) else "poc" if w.re(_POC) else None
    if not named and not (city and attribute):
        return None
    if w.countries and not city:
        return None
    if city:
        return Query("entity", entity=("network", city), attribute=attribute)
    return Query("networks", attribute=attribute)
