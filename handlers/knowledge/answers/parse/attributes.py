"""The words a form reads when it asks for one attribute (`ATTRIBUTES`: when a country joined, who leads a
task force, ...) or describes one kind of entity (`ENTITY_WORDS`)."""

from __future__ import annotations

from handlers.knowledge.answers.parse.vocabulary import (
    ACTIVITY,
    CHAIR,
    COUNT,
    COUNTRY,
    JOIN,
    LEAD,
    ROLE,
    STATEMENT,
    STATUS_WORDS,
    TASK_FORCE,
    TIME,
)

ATTRIBUTES: dict[str, frozenset[str]] = {
    "timezone": frozenset(
        ["time", "zone", "timezone", "local", "what", "capital", "city", "use", "uses", "clock"]
    ),
    "joined": JOIN
    | TIME
    | frozenset(["date", "observer", "observers"]),  # "when did taiwan become an observer"
    "region": frozenset(
        ["region", "continent", "where", "located", "location", "part", "world", "subregion", "area"]
    ),
    "roles": ROLE | TASK_FORCE | CHAIR,
    "focal": frozenset(
        [
            "representative",
            "representatives",
            "focal",
            "point",
            "points",
            "delegate",
            "delegates",
            "envoy",
            "envoys",
            "contact",
            "person",
            "people",
        ]
    ),
    "launched": frozenset(
        [
            "launch",
            "launched",
            "set",
            "up",
            "start",
            "started",
            "created",
            "create",
            "established",
            "founded",
            "begin",
            "began",
            "date",
            "day",
        ]
    )
    | TIME,
    "output": frozenset(
        ["produce", "produced", "output", "outputs", "publish", "published", "issue", "issued", "result"]
    ),
    "focus": frozenset(
        ["focus", "focuses", "work", "working", "about", "do", "does", "aim", "aims", "purpose", "mandate"]
    ),
    "poc": frozenset(
        ["poc", "point", "points", "contact", "contacts", "leads", "runs", "coordinates", "heads", "person"]
    ),
    "roster": frozenset(["roster", "rosters", "people", "members", "belongs", "on", "in"]),
    "status": STATUS_WORDS | frozenset(["progress"]),
    "lead": LEAD,
    "due": frozenset(["due", "deadline", "when", "by", "date"]),
    "text": frozenset(["text", "deadline", "by", "when", "next", "chair", "identified", "identify"]),
    "left": frozenset(["left", "leave", "withdraw", "withdrew", "withdrawn", "quit", "exit", "exited"]),
    "when_left": frozenset(
        ["left", "leave", "withdraw", "withdrew", "withdrawn", "quit", "exit", "exited", "date", "year"]
    ),
    "still": frozenset(["still", "remain", "remains"]),
    "members": COUNTRY | COUNT,
    "period": frozenset(
        [
            "period",
            "cover",
            "covers",
            "covered",
            "year",
            "years",
            "long",
            "duration",
            "span",
            "timeframe",
            "time",
            "frame",
        ]
    ),
    "future": STATEMENT | frozenset(["will", "upcoming", "future", "planned", "next"]),
}


ENTITY_WORDS: dict[str, frozenset[str]] = {
    "country": frozenset(["about", "info", "tell", "describe", "country", "member"]),
    "taskforce": TASK_FORCE | frozenset(["about", "tell", "describe"]),
    "body": frozenset(
        [
            "role",
            "roles",
            "do",
            "does",
            "purpose",
            "function",
            "functions",
            "responsible",
            "responsibility",
            "responsibilities",
            "mandate",
            "job",
            "work",
            "works",
            "what",
            "describe",
            "tell",
            "about",
            "part",
            "structure",
            "body",
        ]
    ),
    "network": frozenset(["network", "networks", "hub", "hubs", "diplomatic", "city"]),
    "statement": STATEMENT | TIME,
    "activity": ACTIVITY | frozenset(["say", "says", "about", "describe", "aim"]),
    "objective": frozenset(
        ["objective", "objectives", "aim", "aims", "say", "says", "about", "describe", "mean", "means"]
    ),
    "goal": frozenset(["goal", "goals", "aim", "aims", "say", "says", "about", "describe", "mean", "means"]),
}
