"""Questions about the Program of Action: its period, goals and topics, its activities and objectives
(by id, status, lead, what they mention), and what its text names anywhere."""

from __future__ import annotations

from handlers.knowledge.answers.entities import find_activity, find_goal, find_objective
from handlers.knowledge.answers.forms import Filter, Query
from handlers.knowledge.answers.parse.clauses import COMPUTE, POA_SAYS, STOP, about_phrase, count_asked
from handlers.knowledge.answers.parse.gaps import coverage_gaps
from handlers.knowledge.answers.parse.glue import GLUE
from handlers.knowledge.answers.parse.words import BODY_NAMES, Words, body_in
from handlers.knowledge.answers.parse.years import literal_years


def rule_poa(w: Words) -> Query | None:
    """What the Program of Action itself states: its member count, period, goals, priority topics."""
    poa = w.has("program of action", "program", "action plan")
    if not poa and not w.has("goals", "topics", "priorities"):
        return None
    if poa and w.re(
        r"\bhow many (?:members|countries|governments)|\bmembers? does\b|\bnumber of (?:members|governments)"
    ):
        return Query("poa", attribute="members", scope="poa")
    if (
        poa
        and w.re(
            r"\bperiod\b|\bcover\b|\bwhich year|\bwhat year|\bhow long|\bwhen\b|\bduration|\bspan\b"
            r"|\btimeframe|\btime frame"
        )
        and not w.re(r"\bnext chair|\bidentif|\bactivity\b|\bby when\b")
    ):
        return Query("poa", attribute="period", scope="poa")
    if (
        w.re(r"\bgoals\b|\bthree goals|\bgoal are\b")
        and not find_goal(w.text)
        and not w.re(r"\bhow many activit")
    ):
        return Query("goals", scope="poa", aggregate=count_asked(w))
    if w.re(r"\b(?:policy )?topics\b|\bpriorit(?:y|ies|ise|ize)\b") and not w.has(
        "task force", "statement", "statements"
    ):
        year = literal_years(w)
        other = [c for c in w.countries if c != "United States"]
        swiss = w.re(r"\b(?:swiss|estonian|dutch|canadian|finnish|german|ghanaian)\b")
        if other or swiss or (year is not None and year.first not in (2023, None) and year.op == "in"):
            return Query(
                "absent"
            )  # the Program's topics are the 2023 (US) Chair's; no other Chair's are given
        return Query("topics", scope="poa")
    return None


def rule_activities(w: Words) -> Query | None:
    aid = find_activity(w.raw) or find_activity(w.text)
    objective = find_objective(w.raw)
    goal = find_goal(w.text)
    activities = w.re(r"\bactivit(?:y|ies)\b") or w.re(POA_SAYS)
    if w.re(r"\b(?:which|what) objectives?\b") and w.re(r"\bmost\b|\bfewest\b|\bleast\b") and activities:
        aggregate = "most" if w.re(r"\bmost\b") else "fewest"
        return Query(
            "objectives", scope="poa", aggregate=aggregate, filters=[Filter("goal", goal)] if goal else []
        )
    if aid and not w.re(r"\bhow many\b"):
        q = Query("entity", entity=("activity", aid))
        if w.re(r"\bstatus\b|\bprogress\b|\bdone\b"):
            q.attribute = "status"
        elif w.re(r"\bwho leads\b|\blead\b|\bowner\b"):
            q.attribute = "lead"
        elif w.re(r"\bdue\b|\bdeadline\b|\bby when\b"):
            q.attribute = "due"
        return q
    if not activities:
        if objective and w.re(r"\bobjective\b|^what does \d|\baim|^what is \d"):
            return Query("entity", entity=("objective", objective))
        if goal and not w.re(r"\bobjectives\b"):
            return Query("entity", entity=("goal", str(goal)))
        if goal and w.re(r"\bobjectives\b"):
            return Query("objectives", filters=[Filter("goal", goal)], aggregate=count_asked(w))
        if w.re(r"\bobjectives\b"):
            return Query("objectives", aggregate=count_asked(w))
        if w.re(r"\bby when\b|\bdeadline\b") and w.has("next chair", "chair"):
            return Query("entity", entity=("activity", "3A.1"), attribute="text", scope="poa")
        return None
    q = Query("activities", scope="poa", aggregate=count_asked(w))
    if objective and w.re(rf"\bobjective\b|\b{objective.lower()}\b"):
        q.filters.append(Filter("objective", objective))
    elif goal:
        q.filters.append(Filter("goal", goal))
    if w.re(
        r"\bwithout (?:a |any )?lead|\bno (?:named )?lead|\bnot (?:been )?(?:assigned|led)|\bunassigned"
        r"|\black (?:a )?lead|\bnobody leads|\bno one leads"
    ):
        q.filters.append(Filter("lead", None, negated=True))
    elif w.re(
        r"\bled by\b|\blead by\b|\bleads?\b|\bled\b|\bleading\b|\bresponsible\b|\bowned by\b|\bin charge\b"
    ) and (w.countries or body_in(w)):
        # a relation to a country or a body of the structure: "led by the Support Unit"
        body = body_in(w)
        q.filters.append(Filter("lead", w.countries[0] if w.countries else BODY_NAMES.get(body or "", body)))
    status = w.re(r"\b(done|completed|finished|in progress|ongoing|planned|dropped|overdue|late)\b")
    if status:
        q.filters.append(Filter("status", _STATUS.get(status[1], status[1])))
    about = about_phrase(w, ("activity", "activities", "poa", "program", "action"))
    if about:
        q.filters.append(Filter("mentions", about))
    elif not any(f.field == "lead" for f in q.filters) and w.re(r"^(?:which|what) activit"):
        # "which activity asks members to hold quarterly calls": the clause describes the activity's text
        left = [x for x in coverage_gaps(w, q) if x not in STOP]
        if left:
            q.filters.append(Filter("mentions", " ".join(left)))
    return q


_POA_NAMED = r"\b(?:program of action|program|action plan)\b"


_POA_VERB = (
    r"\b(?:names?|named|mentions?|mentioned|mentioning|suggests?|suggested|proposes?|proposed|recommends?"
    r"|recommended|says?|said|talks? about|talked about|singles? out|singled out|refers? to|referred to"
    r"|calls? for|called for|envisages?|envisaged|wants?|wanted|lists?|listed|includes?|included|cites?"
    r"|cited|identif(?:y|ies|ied))\b"
)


_UNIT_VERB = (
    r"^(?:which|what) (objective|goal)s? (?:of the program of action |in the program of action )?"
    r"(?:covers?|is about|are about|deals? with|address(?:es)?|concerns?|relates? to|is for|includes?"
    r"|mentions?|talks? about|handles?|aims? at|targets?|focus(?:es)? on|is on|has|contains?)\b"
)


POA_TEXT_STOP = frozenset(
    """program action plan poa foc coalition anywhere anything something which what does do did is are the
    a an in of to for on as at by with about and or any it its that this these those ever say says said
    name names named mention mentions mentioned suggest suggests suggested propose proposes proposed
    recommend recommends talk talks talked single singles singled out refer refers call calls envisage
    wants want wanted list lists listed include includes included cite cites identify identifies
    objective objectives goal goals cover covers deal deals address addresses concern concerns relate
    relates handle handles aim aims target targets focus focuses has have contain contains should could
    would will engage bringing bring get getting members""".split()  # noqa: SIM905
)
"""Words of a question about the Program's text that are not what it must mention."""


def rule_poa_text(w: Words) -> Query | None:
    """What the Program of Action's text mentions, anywhere (activities, objectives, goals, priority topics,
    context): "does the PoA name China or Russia", "which groups does the PoA single out as marginalised",
    "which objective covers self-reporting via the UPR", "which task forces are named in the PoA"."""
    unit = w.re(_UNIT_VERB)
    if not unit and not (w.re(_POA_NAMED) and w.re(_POA_VERB)):
        return None
    if COMPUTE.search(w.text) or w.re(r"\bperiod\b|\bhow long\b|\bwhen\b"):
        return None
    if not unit and w.re(r"^(?:which|what) (?:task ?forces?|working groups?)\b"):
        return Query("poa_text", attribute="taskforces", scope="poa")
    words = [x for x in w.text.split() if x not in POA_TEXT_STOP and x not in GLUE and len(x) > 1]
    if not words:
        return None
    target = unit[1] if unit else "unit"
    check = "mentions" if w.re(r"^(?:does|do|did|is|are|has|have)\b") else None
    return Query(
        "poa_text", attribute=target, check=check, scope="poa", filters=[Filter("mentions", " ".join(words))]
    )


_STATUS = {"completed": "done", "finished": "done", "ongoing": "in progress", "late": "overdue"}
