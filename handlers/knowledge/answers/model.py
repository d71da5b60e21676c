"""The typed model of what the bot knows: countries, chairships, task forces, statements, the Program of
Action (goals, objectives, activities), networks and the bodies of the structure, with their relations.

Built from the stored values (through `KnowledgeRepository`) and rebuilt whenever the repository's `version`
changes (an admin's `activity ... status`, `troika set`, `network ... poc`). Questions are executed over it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from handlers.knowledge.answers.regions import region_of
from handlers.knowledge.answers.text import fold

if TYPE_CHECKING:
    from storage.repositories.knowledge import KnowledgeRepository

FACTS = "FOC facts file (public sources)"
POA = "Program of Action 2023"
ADMIN = "set by an admin, not from the public sources"
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_ORDER = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th) member\b")
_SPLIT = re.compile(r"\s*(?:;|,| with | and )\s*")


@dataclass(frozen=True)
class Country:
    name: str
    status: str  # member | former | observer
    joined: int | None  # None: not known (see joined_note)
    joined_note: str | None  # "32nd member", "joined between Oct 2022 and Mar 2023"
    joined_precision: str  # year | unknown
    order: int | None  # "32nd member"
    left: date | None
    region: str  # UN continent: Africa, Americas, Asia, Europe, Oceania
    subregion: str  # UN sub-region: Western Asia, South America, ...
    timezone: str
    source: str | None

    @property
    def current(self) -> bool:
        return self.status == "member"

    @property
    def founding(self) -> bool:
        return self.joined == 2011

    def latin_america(self) -> bool:
        return self.subregion in {"South America", "Central America", "Caribbean"}


@dataclass(frozen=True)
class Chairship:
    first: int
    last: int
    chair: str | None  # None: no chair that year, or not known
    note: str | None  # "Friends of the Chair acted as interim chair", "unknown"
    source: str | None

    def covers(self, year: int) -> bool:
        return self.first <= year <= self.last

    @property
    def years(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass(frozen=True)
class Role:
    party: str
    role: str  # chair, lead, co-chair
    country: bool


@dataclass(frozen=True)
class TaskForce:
    key: str
    name: str
    launched: int | None
    launched_text: str | None
    roles: tuple[Role, ...]
    focus: str | None
    output: str | None
    period: str | None
    source: str | None

    def parties(self) -> list[str]:
        return [r.party for r in self.roles]


@dataclass(frozen=True)
class Statement:
    key: str
    year: int
    title: str
    source: str | None


@dataclass(frozen=True)
class Activity:
    id: str
    objective: str
    goal: int
    text: str
    status: str | None
    lead: str | None
    due: date | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Objective:
    id: str
    goal: int
    text: str
    activities: tuple[str, ...]


@dataclass(frozen=True)
class Goal:
    number: int
    title: str
    statement: str


@dataclass(frozen=True)
class Network:
    key: str
    city: str
    description: str | None
    poc: str | None
    source: str | None


@dataclass(frozen=True)
class Body:
    key: str
    name: str
    text: str
    source: str | None


@dataclass(frozen=True)
class Passage:
    """A titled passage of the Program of Action (its priority topics and context sections)."""

    key: str
    title: str
    summary: str | None
    text: str


@dataclass(frozen=True)
class Troika:
    year: int
    past: str | None
    current: str | None
    next: str | None
    set_by: str | None


@dataclass(frozen=True)
class Knowledge:
    countries: dict[str, Country]
    chairships: tuple[Chairship, ...]
    task_forces: tuple[TaskForce, ...]
    statements: tuple[Statement, ...]
    goals: tuple[Goal, ...]
    objectives: tuple[Objective, ...]
    activities: tuple[Activity, ...]
    networks: tuple[Network, ...]
    bodies: tuple[Body, ...]
    topics: tuple[Passage, ...]
    context: tuple[Passage, ...]
    troikas: dict[int, Troika]
    facts_source: str | None = None
    folded: dict[str, str] = field(default_factory=dict)  # activity id -> folded text (for "mentions")

    # -- relations ---------------------------------------------------------------------------
    def members(self) -> list[Country]:
        return [c for c in self.countries.values() if c.current]

    def chairships_of(self, country: str) -> list[Chairship]:
        return [c for c in self.chairships if c.chair == country]

    def chairs_in(self, year: int) -> list[Chairship]:
        return [c for c in self.chairships if c.covers(year)]

    def chair_in(self, year: int) -> tuple[list[Chairship], str | None]:
        """The chairships covering ``year`` from the facts, else the admin's troika (with who set it)."""
        found = [c for c in self.chairs_in(year) if c.chair is not None or c.note not in (None, "unknown")]
        if found:
            return found, None
        for y, role in ((year, "current"), (year - 1, "next"), (year + 1, "past")):
            troika = self.troikas.get(y)
            if troika is not None and getattr(troika, role):
                name = getattr(troika, role)
                return [Chairship(year, year, name, None, None)], troika.set_by
        return [], None

    def troika(self, year: int) -> Troika:
        if year in self.troikas:
            return self.troikas[year]

        def one(y: int) -> str | None:
            found, _ = self.chair_in(y)
            return " and ".join(c.chair for c in found if c.chair) or None

        return Troika(year, one(year - 1), one(year), one(year + 1), None)

    def task_forces_of(self, party: str) -> list[tuple[TaskForce, Role]]:
        return [(tf, r) for tf in self.task_forces for r in tf.roles if r.party == party]

    def activity(self, aid: str) -> Activity | None:
        return next((a for a in self.activities if a.id == aid), None)

    def activities_of(self, *, goal: int | None = None, objective: str | None = None) -> list[Activity]:
        return [
            a
            for a in self.activities
            if (goal is None or a.goal == goal) and (objective is None or a.objective == objective)
        ]

    def statements_in(self, years: set[int]) -> list[Statement]:
        return [s for s in self.statements if s.year in years]

    def chair_years(self) -> set[int]:
        return {y for c in self.chairships if c.chair for y in range(c.first, c.last + 1)}


def _int(text: object) -> int | None:
    match = _YEAR.search(str(text or ""))
    return int(match[1]) if match else None


def _roles(text: str | None, countries: set[str]) -> tuple[Role, ...]:
    """``'Co-chairs: Ghana; APC; ...'`` -> roles; ``'Chair: United Kingdom, with Access Now and GNI'``."""
    if not text:
        return ()
    label, _, names = text.partition(":")
    if not names:
        label, names = "Chairs", label
    kind = fold(label).strip().rstrip("s")
    kind = {"lead": "lead", "co-chair": "co-chair"}.get(kind, "chair")
    roles = []
    for raw in _SPLIT.split(names):
        party = raw.strip().strip(".")
        if not party:
            continue
        roles.append(Role(party, kind, party in countries))
    return tuple(roles)


def build(
    *,
    members: list,  # MemberView
    chairs: list,  # ChairView
    task_forces: list,  # TaskForceView
    statements: list,  # StatementView
    structure: list,  # StructureView
    topics: list,  # TopicView
    context: list,  # ContextSectionView
    goals: list,  # GoalView with objectives and activities
    notes: list,  # ActivityNoteView
    networks: list,  # NetworkView
    troikas: list,  # TroikaView
) -> Knowledge:
    """The model from the repository's values (pure: no I/O)."""
    countries: dict[str, Country] = {}
    for m in members:
        status = "observer" if m.kind == "observer" else ("former" if m.left else "member")
        region, subregion = region_of(m.name)
        order = _ORDER.search(m.note or "")
        joined = _int(m.joined)
        countries[m.name] = Country(
            name=m.name,
            status=status,
            joined=joined,
            joined_note=m.note,
            joined_precision="year" if joined else "unknown",
            order=int(order[1]) if order else None,
            left=date.fromisoformat(m.left) if m.left else None,
            region=region,
            subregion=subregion,
            timezone=m.timezone,
            source=m.source,
        )
    chairships = []
    for c in chairs:
        years = [int(y) for y in _YEAR.findall(c.year)]
        name = c.chair
        note = None
        if name is None or fold(name).startswith(("unknown", "none")):
            note = name.split("(", 1)[1].rstrip(")") if name and "(" in name else "unknown"
            if name and fold(name).startswith("none"):
                note = note if note != "unknown" else "no chair"
            name = None
        chairships.append(Chairship(min(years), max(years), name, note, c.source))
    names = set(countries)
    tfs = tuple(
        TaskForce(
            key=t.key,
            name=t.name,
            launched=_int(t.launched),
            launched_text=t.launched if t.launched and fold(t.launched) != "unknown" else None,
            roles=_roles(t.chairs, names),
            focus=t.focus,
            output=t.output,
            period=t.period,
            source=t.source,
        )
        for t in task_forces
    )
    activities: list[Activity] = []
    objectives: list[Objective] = []
    by_activity: dict[str, list[str]] = {}
    for n in notes:
        by_activity.setdefault(n.activity_id, []).append(n.text)
    for g in goals:
        for o in g.objectives:
            ids = []
            for a in o.activities:
                ids.append(a.id)
                activities.append(
                    Activity(
                        a.id,
                        o.id,
                        g.number,
                        a.text,
                        a.status,
                        a.lead,
                        a.due,
                        tuple(by_activity.get(a.id, ())),
                    )
                )
            objectives.append(Objective(o.id, g.number, o.text, tuple(ids)))
    activities.sort(key=lambda a: (a.objective, int(a.id.split(".")[1])))
    bodies = tuple(
        Body(s.key, s.key.replace("_", " "), s.text, s.source) for s in structure if s.key != "src"
    )
    return Knowledge(
        countries=countries,
        chairships=tuple(sorted(chairships, key=lambda c: (c.first, c.last))),
        task_forces=tfs,
        statements=tuple(
            sorted(
                (Statement(s.key, int(s.year), s.title, s.source) for s in statements),
                key=lambda s: (s.year, s.key),
            )
        ),
        goals=tuple(Goal(g.number, g.title, g.statement or g.title) for g in goals),
        objectives=tuple(objectives),
        activities=tuple(activities),
        networks=tuple(Network(n.key, n.city, n.description, n.poc, n.source) for n in networks),
        bodies=bodies,
        topics=tuple(Passage(t.key, t.title, t.summary, t.text) for t in topics),
        context=tuple(Passage(c.key, c.title, None, c.text) for c in context),
        troikas={t.year: Troika(t.year, t.past, t.current, t.next, t.set_by) for t in troikas},
        folded={a.id: fold(a.text + " " + " ".join(a.notes)) for a in activities},
    )


_CACHE: WeakKeyDictionary[KnowledgeRepository, tuple[int, Knowledge]] = WeakKeyDictionary()


async def knowledge_model(repo: KnowledgeRepository) -> Knowledge:
    """The model, built at the first question and again after every edit (the repository's version)."""
    cached = _CACHE.get(repo)
    if cached is not None and cached[0] == repo.version:
        return cached[1]
    version = repo.version
    ref = await repo.reference()
    model = build(
        members=list(ref.members),
        chairs=list(ref.chairs),
        task_forces=list(ref.task_forces),
        statements=list(ref.statements),
        structure=list(ref.structure),
        topics=list(ref.topics),
        context=await repo.context_sections(),
        goals=await repo.goals(),
        notes=await repo.notes(),
        networks=await repo.networks(),
        troikas=await repo.troikas(),
    )
    _CACHE[repo] = (version, model)
    return model
