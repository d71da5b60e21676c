"""Search records built from the seed files or the database rows in their shape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.search.text import year_span
from storage.yamlfile import read_yaml

KINDS = (
    "goal",
    "objective",
    "activity",
    "topic",
    "taskforce",
    "statement",
    "network",
    "member",
    "chair",
    "context",
)
PROGRAM = "Program of Action 2023"


@dataclass(frozen=True)
class SearchRecord:
    """One searchable item of the knowledge base."""

    kind: str
    id: str
    title: str
    text: str
    source: str
    keywords: tuple[str, ...] = ()


_STRUCTURE_COVERED = frozenset({"diplomatic_networks"})
"""Structure entries indexed through records of their own kind (each network record carries that text)."""


def _get(data: Mapping[str, Any], *names: str) -> Any:
    """The first present, non-empty value among `names` (seed YAML and database rows use different names)."""
    for name in names:
        value = data.get(name)
        if value is not None and str(value).strip() and str(value).strip().lower() != "unknown":
            return value
    return None


def _src(value: Any, default: str) -> str:
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return str(value) if value else default


def goal_record(goal: Mapping[str, Any]) -> SearchRecord:
    """A goal of the Program of Action: {number, title, statement}."""
    number = str(goal["number"])
    title = str(goal["title"])
    statement = _get(goal, "statement")
    text = f"{title}."
    if statement and statement != title:
        text += f" (Also worded: {statement}.)"
    return SearchRecord("goal", number, f"Goal {number}: {title}", text, f"{PROGRAM}, goal {number}")


def objective_record(objective: Mapping[str, Any], goal: Mapping[str, Any]) -> SearchRecord:
    """An objective: {id, text}, with its goal for context."""
    oid = str(objective["id"])
    return SearchRecord(
        "objective",
        oid,
        f"Objective {oid}",
        str(objective["text"]),
        f"{PROGRAM}, goal {goal['number']}, objective {oid}",
        keywords=(str(goal["title"]),),
    )


def activity_record(
    activity: Mapping[str, Any],
    objective: Mapping[str, Any],
    goal: Mapping[str, Any],
    networks: Sequence[Mapping[str, Any]] = (),
) -> SearchRecord:
    """An activity: {id, text}; its objective and goal name the source.

    An activity about "the diplomatic networks" also gets the networks' names ("Vienna network")
    as keywords, so asking about one network finds the activities about all of them.
    """
    aid = str(activity["id"])
    text = str(activity["text"])
    keywords: list[str] = []
    if "diplomatic network" in text.lower():
        keywords.extend(f"{n['city']} network" for n in networks)
    return SearchRecord(
        "activity",
        aid,
        f"Activity {aid}",
        text,
        f"{PROGRAM}, goal {goal['number']}, objective {objective['id']}, activity {aid}",
        tuple(keywords),
    )


def topic_record(topic: Mapping[str, Any]) -> SearchRecord:
    """A priority policy topic: {key, title, summary, text}."""
    title = str(topic["title"])
    summary = _get(topic, "summary")
    return SearchRecord(
        "topic",
        str(topic["key"]),
        title,
        str(topic["text"]),
        f"{PROGRAM}, priority topic '{title}'",
        keywords=(str(summary),) if summary else (),
    )


def context_record(section: Mapping[str, Any]) -> SearchRecord:
    """Other prose of the Program of Action: {key, title, text}."""
    title = str(section["title"])
    return SearchRecord("context", str(section["key"]), title, str(section["text"]), f"{PROGRAM}, '{title}'")


def structure_record(key: str, text: str, source: Any) -> SearchRecord:
    """A body of the coalition (Support Unit, Advisory Network, ...) from the directory's `structure`."""
    title = key.replace("_", " ").title().replace(" And ", " and ").replace(" Of ", " of ")
    return SearchRecord("context", key, title, str(text), _src(source, "FOC structure"))


def taskforce_record(task_force: Mapping[str, Any]) -> SearchRecord:
    """A task force or working group: {key, name, period, launched, chairs, focus, output, src}."""
    key, name = str(task_force["key"]), str(task_force["name"])
    parts = [f"{name} ({key})."]
    for label, field in (
        ("Period: ", "period"),
        ("Launched: ", "launched"),
        ("", "chairs"),
        ("Focus: ", "focus"),
    ):
        value = _get(task_force, field)
        if value:
            parts.append(f"{label}{value}.")
    output = _get(task_force, "output")
    if output:
        parts.append(f"Output: {output}.")
    return SearchRecord(
        "taskforce", key, name, " ".join(parts), _src(_get(task_force, "src", "source"), "FOC task forces")
    )


def statement_record(statement: Mapping[str, Any]) -> SearchRecord:
    """A joint statement: {year, title, key, src}."""
    year, title = str(statement["year"]), str(statement["title"])
    return SearchRecord(
        "statement",
        str(statement["key"]),
        title,
        f"FOC joint statement, {year}: {title}.",
        _src(_get(statement, "src", "source"), "FOC joint statements"),
        keywords=("joint statement", year),
    )


def network_record(network: Mapping[str, Any]) -> SearchRecord:
    """A diplomatic network: {key, city, description, source} and, from the database, its `poc`."""
    city = str(network["city"])
    text = str(_get(network, "description") or f"FOC diplomatic network in {city}").rstrip(".") + "."
    poc = _get(network, "poc")
    if poc:
        text += f" Point of contact: {poc}."
    return SearchRecord(
        "network",
        str(network["key"]),
        f"{city} network",
        text,
        _src(_get(network, "source"), PROGRAM),
        keywords=("diplomatic network",),
    )


def member_record(
    member: Mapping[str, Any], default_source: Any = None, observer: bool = False
) -> SearchRecord:
    """A member government (or an observer): {name, joined, tz, left, note, src}."""
    name = str(member["name"])
    observer = observer or _get(member, "kind") == "observer"
    tz = _get(member, "tz", "timezone")
    joined, left, note = _get(member, "joined"), _get(member, "left"), _get(member, "note")
    if observer:
        title = f"{name} (observer)"
        parts = [f"{name} is an observer of the Freedom Online Coalition, not a member."]
    else:
        title = name
        status = (
            f"was a member of the Freedom Online Coalition until {left}"
            if left
            else "is a member of the Freedom Online Coalition"
        )
        parts = [f"{name} {status}.", f"Joined: {joined}." if joined else "Joined: unknown."]
    if note:
        parts.append(f"Note: {note}.")
    if tz:
        parts.append(f"Capital time zone: {tz}.")
    keywords = (
        ("observer",) if observer else ("member country", "government", *((str(joined),) if joined else ()))
    )
    return SearchRecord(
        "member",
        name,
        title,
        " ".join(parts),
        _src(_get(member, "src", "source") or default_source, "FOC members"),
        keywords=keywords,
    )


def chair_record(chair: Mapping[str, Any]) -> SearchRecord:
    """The chair of one year (or span of years): {year, chair, src}."""
    year = str(chair["year"])
    name = _get(chair, "chair")
    if name:
        title, text = f"Chair {year}: {name}", f"FOC chair for {year}: {name}."
    else:
        title, text = f"Chair {year}: unknown", f"The FOC chair for {year} is not known from the sources."
    return SearchRecord(
        "chair",
        year,
        title,
        text,
        _src(_get(chair, "src", "source"), "FOC chairs"),
        keywords=("chair", "chairship", *sorted(year_span(year))),
    )


def program_records(
    program: Mapping[str, Any], networks: Sequence[Mapping[str, Any]] = ()
) -> list[SearchRecord]:
    """Records for the goals, objectives, activities, topics and context of program.yaml."""
    goals = {str(g["number"]): g for g in program.get("goals", [])}
    objectives = {str(o["id"]): o for o in program.get("objectives", [])}
    records = [goal_record(g) for g in goals.values()]
    records += [objective_record(o, goals[str(o["goal"])]) for o in objectives.values()]
    for activity in program.get("activities", []):
        objective = objectives[str(activity["objective"])]
        records.append(activity_record(activity, objective, goals[str(objective["goal"])], networks))
    records += [topic_record(t) for t in program.get("topics", [])]
    records += [context_record(c) for c in program.get("context", [])]
    return records


def facts_records(facts: Mapping[str, Any]) -> list[SearchRecord]:
    """Records for the chairs, members, observers, task forces, statements, structure and networks."""
    records = [chair_record(c) for c in facts.get("chairs", [])]
    records += [member_record(m, facts.get("members_src")) for m in facts.get("members", [])]
    records += [member_record(o, observer=True) for o in facts.get("observers", [])]
    records += [taskforce_record(t) for t in facts.get("task_forces", [])]
    records += [statement_record(s) for s in facts.get("joint_statements", [])]
    records += [network_record(n) for n in facts.get("networks", [])]
    structure_src = facts.get("structure_src")
    records += [
        structure_record(key, text, structure_src)
        for key, text in (facts.get("structure") or {}).items()
        if key not in _STRUCTURE_COVERED
    ]
    count = facts.get("members_count")
    if count:
        records.append(
            SearchRecord(
                "context",
                "members-count",
                "Number of members",
                f"The Freedom Online Coalition had {count['count']} members as of {count['as_of']}.",
                _src(count.get("src"), "FOC members"),
                keywords=("how many members", "membership size"),
            )
        )
    return records


def records_from_data(program: Mapping[str, Any], facts: Mapping[str, Any]) -> list[SearchRecord]:
    """Search records from data shaped like program.yaml and facts.yaml (from the files or the database)."""
    return program_records(program, facts.get("networks", [])) + facts_records(facts)


def records_from_seed(seed_dir: Path) -> list[SearchRecord]:
    """All search records built from `program.yaml` and `facts.yaml` in `seed_dir`."""
    program = read_yaml(seed_dir / "program.yaml")
    facts = read_yaml(seed_dir / "facts.yaml")
    return records_from_data(program, facts)
