"""``type: scale``: a point from 1 to 5, some points with ``labels`` (``{1: Poor, 5: Excellent}``)."""

from __future__ import annotations

from typing import Any

from handlers.args import is_digits
from handlers.core import Choice
from handlers.surveys.kinds.base import (
    InputHint,
    Question,
    QuestionKind,
    QuestionResult,
    RawValue,
    Tally,
    counted_data,
    counted_lines,
)
from handlers.surveys.kinds.options import split_raw

SCALE = (1, 5)


def points(question: Question) -> range:
    return range(question.scale[0], question.scale[1] + 1)


def point_label(question: Question, point: int) -> str:
    label = question.labels.get(point)
    return f"{point} ({label})" if label else str(point)


class Scale:
    name = "scale"
    fields = frozenset({"labels"})

    def validate(self, question: Question) -> None:
        low, high = question.scale
        if question.scale != SCALE:
            raise ValueError("scales run from 1 to 5")
        unknown = sorted(k for k in question.labels if not low <= k <= high)
        if unknown:
            raise ValueError(f"labels for points outside {low}-{high}: {unknown}")

    def parse(self, question: Question, raw: RawValue) -> int:
        parts = split_raw(raw, many=False)
        if not parts:
            raise ValueError(f"no value; answer with {self.describe(question)}")
        if len(parts) != 1:
            raise ValueError("give one number from 1 to 5")
        text = parts[0]
        if is_digits(text.lstrip("-")):
            point = int(text)
            if point not in points(question):
                raise ValueError(f"{point} is out of range: give a number from 1 to 5")
            return point
        lowered = text.lower()
        for point, label in question.labels.items():
            if label.lower() == lowered:
                return point
        raise ValueError(f"`{text}` is not on the scale: give a number from 1 to 5")

    def parse_reply(self, question: Question, text: str) -> RawValue:
        return text.strip()

    def max_selected(self, question: Question) -> int:
        return 1

    def choices(self, question: Question) -> tuple[Choice, ...]:
        return tuple(Choice(point_label(question, p), str(p)) for p in points(question))

    def multiple(self, question: Question) -> bool:
        return False

    def option_lines(self, question: Question) -> list[str]:
        return [f"  {point_label(question, p)}" for p in points(question)]

    def describe(self, question: Question) -> str:
        return "a number from 1 to 5: " + ", ".join(point_label(question, p) for p in points(question))

    def how_to_reply(self, question: Question) -> str:
        return "Reply with a number from 1 to 5"

    def show_value(self, question: Question, value: Any) -> str:
        return point_label(question, int(value))

    def tally(self, question: Question, given: list[Any]) -> Tally:
        chosen = [int(v) for v in given]
        counts = tuple((point_label(question, p), chosen.count(p)) for p in points(question))
        return Tally(counts=counts, mean=sum(chosen) / len(chosen) if chosen else None)

    def result_data(self, result: QuestionResult) -> dict[str, Any]:
        distribution = {str(p): n for p, (_, n) in zip(points(result.question), result.counts, strict=True)}
        mean = round(result.mean, 2) if result.mean is not None else None
        return counted_data(result) | {"mean": mean, "distribution": distribution}

    def result_lines(self, result: QuestionResult) -> list[str]:
        return counted_lines(result)

    def input_hint(self, question: Question) -> InputHint:
        return InputHint("radio", self.choices(question))


KIND: type[QuestionKind] = Scale
