"""The logical form a question becomes (`Query`), with its filters (`Filter`) and year references
(`TimeRef`): written by `parse`, executed by `execute`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TimeRef:
    """Years given literally (``first``..``last``) or by an event of an entity ("when Iceland joined")."""

    op: str = "in"  # in | before | after | between
    first: int | None = None
    last: int | None = None
    event: str | None = None  # join | chair | launch
    entity: str | None = None
    offset: int = 0  # "the year after Canada chaired": +1
    label: str = ""


@dataclass(frozen=True)
class Filter:
    field: str  # region | joined | chaired | status | founding | left | mentions | lead | year | goal |
    # objective | party | chaired_times | statement | chair
    value: object = None
    negated: bool = False


@dataclass
class Query:
    ask: str  # countries | chairships | statements | taskforces | activities | objectives | goals | topics |
    # networks | years | troika | entity | check | poa | absent | cannot (understood in part: `attribute`
    # holds the words no part of the form could read)
    filters: list[Filter] = field(default_factory=list)
    aggregate: str | None = None  # count | first | latest | most | fewest
    entity: tuple[str, str] | None = None  # (kind, key) the question is about
    attribute: str | None = None
    check: str | None = None  # for yes/no: chaired | member | observer | joined_before | chaired_more
    other: str | None = None  # the second country of a comparison
    year_clause: TimeRef | None = None
    scope: str = "facts"  # facts | poa
    nearest: bool = False  # "who chaired after Germany": the neighbouring one, not every one after
    text: str = ""
