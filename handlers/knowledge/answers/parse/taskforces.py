"""Questions about task forces: one named (who leads it, when it was launched, what it works on), or lists
of them by member or topic."""

from __future__ import annotations

from handlers.knowledge.answers.forms import Filter, Query
from handlers.knowledge.answers.parse import coverage as cov
from handlers.knowledge.answers.parse.attributes import ATTRIBUTES
from handlers.knowledge.answers.parse.clauses import STOP, superlative
from handlers.knowledge.answers.parse.gaps import coverage_gaps
from handlers.knowledge.answers.parse.words import Words, task_force_in


def rule_task_forces(w: Words) -> Query | None:
    tf = task_force_in(w)
    explicit = w.has("task force", "task forces", "taskforce", "taskforces", "working group")
    if not tf and not explicit:
        return None
    if tf is not None and not (w.countries and w.re(r"\bwhich\b|\bwhat\b") and not w.re(r"\bwho\b")):
        q = Query("entity", entity=("taskforce", tf))
        if w.re(r"\bwho\b|\blead|\bchairs?\b|\bco[- ]?chairs?\b|\brun|\bheads?\b"):
            q.attribute = "roles"
        elif w.re(r"\bwhen\b|\blaunch|\bset up\b|\bstart|\bcreated|\bestablished|\bfounded"):
            q.attribute = "launched"
        elif w.re(r"\bproduce|\boutput|\bpublish|\bissue"):
            q.attribute = "output"
        elif w.re(r"\bfocus|\bwork on\b|\babout\b|\bdo\b|\baim|\bpurpose"):
            q.attribute = "focus"
        return q
    q = Query("taskforces", aggregate=superlative(w))
    if w.countries:
        q.filters.append(Filter("party", w.countries[0]))
    elif w.re(r"^(?:which|what) (?:task ?forces?|working groups?|groups?)\b"):
        # "which task force handles disinformation": the clause says what it works on
        left = [x for x in coverage_gaps(w, q) if x not in STOP and x not in _WORK_VERBS]
        if left and not any(cov.read_by(ATTRIBUTES["launched"], x) or x.isdigit() for x in left):
            q.filters.append(Filter("mentions", " ".join(left)))
    if w.re(r"\bhow many\b|\bnumber of\b"):
        q.aggregate = "count"
    return q


_WORK_VERBS = frozenset(
    "handle handles handled deal deals work works working focus focuses cover covers tackle tackles "  # noqa: SIM905
    "address addresses look looks at on with about".split()
)
