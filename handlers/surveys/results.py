"""Tallies of stored answers: counts and percentages, scale mean and distribution, free text listed.

In anonymous surveys a breakdown based on fewer than ``min_group`` answers is hidden (only the number of
answers shows), and free-text answers are listed in alphabetical order, never in the order they came.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from handlers.surveys.definitions import Question, SurveyDefinition


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int
    counts: tuple[tuple[str, int], ...] = ()  # (option or scale point label, count), in question order
    mean: float | None = None
    texts: tuple[str, ...] = ()
    hidden: bool = False  # fewer answers than the minimum group size in an anonymous survey

    def percent(self, count: int) -> float:
        """Share of the people who answered this question (multiple choice may add up past 100)."""
        return 100.0 * count / self.answered if self.answered else 0.0

    def as_data(self) -> dict[str, Any]:
        q = self.question
        data: dict[str, Any] = {
            "number": q.number,
            "type": q.type,
            "text": q.text,
            "answered": self.answered,
        }
        if self.hidden:
            return data | {"hidden": True}
        return data | q.kind.result_data(self)

    def lines(self) -> list[str]:
        q = self.question
        head = f"{q.number}. {q.text} ({self.answered} answered)"
        if self.hidden:
            return [f"{head}: hidden, fewer answers than the minimum group size"]
        if self.mean is not None:
            head += f", mean {self.mean:.2f}"
        return [head, *q.kind.result_lines(self)]


@dataclass(frozen=True)
class Results:
    responses: int  # complete responses
    partial: int
    audience: int
    questions: tuple[QuestionResult, ...] = field(default=())
    hidden: bool = False  # too few responses overall to show any breakdown

    def as_data(self) -> dict[str, Any]:
        return {
            "responses": self.responses,
            "partial": self.partial,
            "audience": self.audience,
            "hidden": self.hidden,
            "questions": [q.as_data() for q in self.questions],
        }


def tally(
    definition: SurveyDefinition,
    answers: Sequence[Mapping[str, Any]],
    *,
    audience: int,
    complete: int,
    anonymous: bool,
    min_group: int,
) -> Results:
    """Results over every response's answers (complete or not: each question counts who answered it)."""
    hide_all = anonymous and complete < min_group
    results = []
    for question in definition.questions:
        given = [a[str(question.number)] for a in answers if str(question.number) in a]
        hidden = hide_all or (anonymous and len(given) < min_group)
        results.append(_one(question, given, hidden))
    return Results(complete, len(answers) - complete, audience, tuple(results), hide_all)


def _one(question: Question, given: list[Any], hidden: bool) -> QuestionResult:
    if hidden:
        return QuestionResult(question, len(given), hidden=True)
    counted = question.kind.tally(question, given)
    return QuestionResult(question, len(given), counted.counts, counted.mean, counted.texts)
