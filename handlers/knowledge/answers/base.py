"""What an answer module gets (the question with its entities) and gives back (an `Answer`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from handlers.context import Context
from handlers.knowledge.answers.entities import Entities


@dataclass(frozen=True)
class Question:
    """A question as typed, lower-cased words, and what the recogniser found in it."""

    text: str
    lowered: str
    words: frozenset[str]
    entities: Entities
    year_now: int

    def has(self, *words: str) -> bool:
        """True when any of ``words`` is a word of the question (or, with a space, a phrase in it)."""
        return any((w in self.lowered) if " " in w else (w in self.words) for w in words)

    def starts(self, *prefixes: str) -> bool:
        return self.lowered.startswith(prefixes)


@dataclass(frozen=True)
class Answer:
    """The sentence computed from the stored data, its source, and the records it rests on."""

    kind: str
    text: str
    source: str | None = None
    items: tuple[str, ...] = ()
    items_title: str | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    related: bool = True  # add retrieval alternatives under "Also relevant:"


Answerer = Callable[[Context, Question], Awaitable[Answer | None]]


def join_names(names: list[str]) -> str:
    """``['a', 'b', 'c']`` -> ``'a, b and c'``."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]
