"""Questions about the FOC's chairs: who chaired when, how often, before or after whom, the troika, and
what a country has chaired."""

from __future__ import annotations

from handlers.knowledge.answers.forms import Filter, Query, TimeRef
from handlers.knowledge.answers.parse.clauses import POA_SAYS, superlative
from handlers.knowledge.answers.parse.members import country_query, list_covered
from handlers.knowledge.answers.parse.words import CHAIR_VERB, Words, task_force_in
from handlers.knowledge.answers.parse.years import event_year_ref, literal_years, other_event_ref


def rule_troika(w: Words) -> Query | None:
    if not w.has("troika") or w.re(POA_SAYS):
        return None
    if w.re(r"\bcall|\bmeeting"):
        return None  # the calendar's
    return Query(
        "troika", year_clause=literal_years(w) or TimeRef("in", w.year_now, w.year_now, label="this year")
    )


def rule_count_chairs(w: Words) -> Query | None:
    """ "how many times did the Netherlands chair", "how often has Ghana chaired", "which countries were chair
    twice", "has Estonia chaired more times than Germany"."""
    if not w.re(rf"{CHAIR_VERB}|\bchair\b"):
        return None
    if w.has("task force", "tf", "co-chair", "co-chairs", "co chairs"):
        return None
    if len(w.countries) >= 2 and w.re(r"\bmore\b|\bfewer\b|\bless\b|\boften(?:er)?\b"):
        return Query("check", check="chaired_more", entity=("country", w.countries[0]), other=w.countries[1])
    if w.countries and w.re(
        r"\bhow many times\b|\bhow often\b|\bnumber of times\b|\bhow many chairships|\bhow many terms"
    ):
        return Query("chairships", entity=("country", w.countries[0]), aggregate="count")
    if not w.countries and w.re(
        r"\bhow many (?:chairships|chairs|different chairs|countries have chaired)\b"
        r"|\bhow many (?:different |distinct )?(?:countries|members|governments) (?:have |has )?(?:\w+ )?"
        r"(?:chaired|held the (?:foc )?chair|been (?:the )?chair)"
    ):
        distinct = bool(w.re(r"\bdifferent\b|\bcountries\b|\bdistinct\b"))
        return Query("chairships", aggregate="count_distinct" if distinct else "count")
    if not w.countries and w.re(
        r"\btwice\b|\bmore than once\b|\bseveral times\b|\bmultiple times\b|\btwo times\b"
        r"|\bat least (?:two|2)"
    ):
        return Query("countries", filters=[Filter("chaired_times", 2)])
    if not w.countries and w.re(r"\bmost (?:times|often|chairships)|\bchaired (?:the )?most\b"):
        return Query("countries", filters=[Filter("chaired_times", 2)], aggregate="most")
    return None


def rule_country_roles(w: Words) -> Query | None:
    """ "what has Ghana chaired": the FOC's chair and the task forces it chairs or leads."""
    if len(w.countries) == 1 and w.re(
        r"^what (?:has|did|does) .* (?:chair|chaired|lead|led)\b|^what .* roles?\b"
    ):
        return Query("entity", entity=("country", w.countries[0]), attribute="roles")
    return None


def rule_chairs(w: Words) -> Query | None:
    """Who chaired when; chairs in a range; the chair in the year another fact happened."""
    if not w.re(rf"{CHAIR_VERB}|\bchairs?\b|\bchairships?\b|\bchairing\b"):
        return None
    if w.has("task force", "steering committee", "friends of the chair") or task_force_in(w):
        return None
    listing = w.re(r"\bcountries\b|\bmembers\b|\bchairs\b|\bwhich\b|\bformer\b|\bpast\b|\blist\b")
    # yes/no: "has Germany ever chaired", "has the uk chaired"
    if (
        w.countries
        and w.re(r"^(?:has|have|did|was|is|were|does)\b")
        and not w.re(r"\bwhen\b|\bwho\b|\bwhich\b")
    ):
        return Query("check", check="chaired", entity=("country", w.countries[0]))
    if (
        w.countries
        and w.re(r"\bwhen\b|\bwhich years?\b|\bwhat years?\b|\bin which year")
        and not w.re(r"\bwho\b|\bwhich (?:country|countries|members?)\b")
    ):
        return Query("chairships", entity=("country", w.countries[0]))
    # composed time: "who held the chair when Iceland joined", "the year before Germany's chairship"
    ref = (event_year_ref(w, "chair") if w.countries else None) or other_event_ref(w)
    if ref is not None and ref.event in ("launch", "leave"):
        return Query("chairships", year_clause=ref)
    singular = not w.re(
        r"\b(?:which|the|all|list|past|former) chairs\b|\bchairs (?:were|are|have)\b|\bcountries\b"
        r"|\bmembers\b|\blist\b|\ball\b|\bwhich years\b"
    )
    if ref is not None and ref.op in ("before", "after"):
        return Query("chairships", year_clause=ref, nearest=singular)
    if ref is not None and (ref.event == "join" or ref.offset != 0):
        return Query("chairships", year_clause=ref)
    span = literal_years(w)
    if span is None and singular and w.re(r"\b(?:previous|last|former|outgoing|preceding) chair\b"):
        span = TimeRef("before", w.year_now, label=f"before this year ({w.year_now})")  # "the previous chair"
    if (
        span is not None
        and span.op in ("before", "after")
        and singular
        and (
            span.first == w.year_now
            or w.re(r"\b(?:last|latest|final|most recent|first|next|immediately|just|right)\b")
        )
    ):
        # "who chaired before this year", "the last chair before the 2017 gap"
        return Query("chairships", year_clause=span, nearest=True)
    # lists of countries that chaired, with filters
    if listing and w.re(r"\bcountries\b|\bmembers\b|\bwhich\b|\bformer chairs\b|\bchairs\b") and not span:
        if not list_covered(w):
            return None  # "which chairs hosted ...": not the table of chairs
        q = country_query(w)
        if q is not None and not any(f.field == "chaired" for f in q.filters):
            q.filters.append(Filter("chaired", None))
        if q is not None:
            q.aggregate = q.aggregate if q.aggregate != "first" or w.re(r"\bfirst\b") else None
            return q
    q = Query("chairships", year_clause=span, aggregate=None if span else superlative(w))
    if w.countries and not span:
        q.entity = ("country", w.countries[0])
    if q.year_clause is None and q.aggregate is None and q.entity is None:
        if w.re(r"\bwho\b|\bwhich\b|\bchair\b|\bchairship\b"):
            q.year_clause = TimeRef("in", w.year_now, w.year_now, label=f"this year ({w.year_now})")
        if w.re(r"\bchairs\b|\blist\b|\ball\b|\bpast\b|\bhistory\b|\bprevious\b"):
            q.year_clause = None
    return q
