"""The contract of a survey question kind (``type:`` in the YAML): one class per kind implements it.

A kind validates its part of a question's definition, parses a typed or submitted answer into the stored
value, shows the question (options, how to answer), describes a stored value, tallies the answers, and
tells platform forms which input to use. Everything outside `handlers/surveys/kinds/` asks the kind and
never looks at ``question.type`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, Self

from handlers.core import Choice

Value = int | list[int] | str
"""A stored answer: an option or scale point (int), several options (sorted list), or text."""
RawValue = str | Sequence[str]
"""An answer as typed (``"1,3"``) or as a form submits it (``["1", "3"]``)."""
Widget = Literal["radio", "checkboxes", "select", "text"]
OPTIONAL_FIELDS = ("options", "max", "labels")
"""Definition fields only some kinds take; a kind lists the ones it takes in ``fields``."""


@dataclass(frozen=True)
class InputHint:
    """What a platform form needs to ask the question: the widget, its options (label, value) and
    limits, and a short note to show beside it."""

    widget: Widget
    options: tuple[Choice, ...] = ()
    max_selected: int | None = None  # only when it limits the choice
    max_length: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Tally:
    """The answers to one question, counted: ``counts`` (label, n) in question order, a ``mean`` where
    it means something, or the ``texts`` given."""

    counts: tuple[tuple[str, int], ...] = ()
    mean: float | None = None
    texts: tuple[str, ...] = ()


class Question(Protocol):
    """What a kind reads of a question (`handlers.surveys.definitions.Question` has it): the kinds
    declare it here so they need not import the definitions, which import the kinds."""

    @property
    def number(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def options(self) -> tuple[str, ...]: ...
    @property
    def max(self) -> int | None: ...
    @property
    def scale(self) -> tuple[int, int]: ...
    @property
    def labels(self) -> dict[int, str]: ...
    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self: ...


class QuestionResult(Protocol):
    """What a kind reads of one question's results (`handlers.surveys.results.QuestionResult` has it)."""

    @property
    def question(self) -> Question: ...
    @property
    def answered(self) -> int: ...
    @property
    def counts(self) -> tuple[tuple[str, int], ...]: ...
    @property
    def mean(self) -> float | None: ...
    @property
    def texts(self) -> tuple[str, ...]: ...
    def percent(self, count: int) -> float: ...


class QuestionKind(Protocol):
    """One survey question type. Implementations are stateless; the registry makes one of each."""

    name: str
    """The YAML ``type`` it handles."""
    fields: frozenset[str]
    """Which of `OPTIONAL_FIELDS` a question of this kind may set."""

    def validate(self, question: Question) -> None:
        """Raise ValueError with a short reason when the question's definition does not fit the kind."""

    def parse(self, question: Question, raw: RawValue) -> Value:
        """The stored value of an answer, or ValueError with a reason a person can act on."""

    def parse_reply(self, question: Question, text: str) -> RawValue:
        """What `parse` takes, from a message typed in the one-question-at-a-time dialogue."""

    def max_selected(self, question: Question) -> int:
        """How many options one answer may hold (1 where only one value is taken)."""

    def choices(self, question: Question) -> tuple[Choice, ...]:
        """The options to offer as buttons or a poll (label, value to answer with); () for none."""

    def multiple(self, question: Question) -> bool:
        """Whether one answer may hold several of `choices`."""

    def option_lines(self, question: Question) -> list[str]:
        """The options as lines of a chat message (the dialogue)."""

    def describe(self, question: Question) -> str:
        """One line saying what an answer is (`survey show`, error messages)."""

    def how_to_reply(self, question: Question) -> str:
        """In the dialogue: what to type (``Reply with the number of your choice``)."""

    def show_value(self, question: Question, value: Any) -> str:
        """A stored value as a person reads it (option labels, ``4 (Satisfied)``, the text)."""

    def tally(self, question: Question, given: list[Any]) -> Tally:
        """Count the stored values given for this question."""

    def result_data(self, result: QuestionResult) -> dict[str, Any]:
        """The machine-readable result of `survey results` beyond the common keys."""

    def result_lines(self, result: QuestionResult) -> list[str]:
        """The result as lines under the question's heading; the first may extend the heading."""

    def input_hint(self, question: Question) -> InputHint:
        """The form input for this question (a platform's survey form)."""


def numbered(question: Question) -> str:
    """``1. Yes, 2. No``."""
    return ", ".join(f"{i}. {o}" for i, o in enumerate(question.options, 1))


def counted_data(result: QuestionResult) -> dict[str, Any]:
    """``counts`` and ``percent`` by label, for kinds whose answers are counted."""
    return {
        "counts": {label: n for label, n in result.counts},
        "percent": {label: round(result.percent(n), 1) for label, n in result.counts},
    }


def counted_lines(result: QuestionResult) -> list[str]:
    return [f"   {label}: {n} ({result.percent(n):.0f}%)" for label, n in result.counts]
