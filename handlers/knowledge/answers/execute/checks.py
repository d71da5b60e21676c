"""Yes/no questions: is a country a member, an observer, a founder; has it chaired; did it join or chair
before another; which of two statements came first."""

from __future__ import annotations

from handlers.knowledge.answers.base import Answer, join_names
from handlers.knowledge.answers.execute.chairs import times_chaired
from handlers.knowledge.answers.execute.compare import answer_either
from handlers.knowledge.answers.forms import Query
from handlers.knowledge.answers.model import (
    FACTS,
    Knowledge,
)


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
        text = f"{word}: {name} chaired {times_chaired(a)}, {q.other} {times_chaired(b)}."
        return Answer("chairs", text, FACTS, related=False)
    if q.check in ("joined_first", "joined_last", "chaired_first", "chaired_last") and q.other:
        return answer_either(q, name, q.other, k)
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
