"""What the kinds with options share (single, multiple, slots): validating options, reading a choice by
number, label or a unique beginning of a label, and counting choices."""

from __future__ import annotations

import re
from typing import Any

from handlers.args import is_digits
from handlers.core import Choice
from handlers.surveys.kinds.base import (
    InputHint,
    Question,
    QuestionResult,
    RawValue,
    Tally,
    Widget,
    counted_data,
    counted_lines,
    numbered,
)

MAX_OPTIONS = 25
RADIO_LIMIT = 10  # more options than this: a menu instead of radio buttons


def split_raw(raw: RawValue, *, many: bool) -> list[str]:
    """The non-empty pieces of an answer; with ``many``, comma-separated values are split."""
    items = [raw] if isinstance(raw, str) else list(raw)
    parts: list[str] = []
    for item in items:
        pieces = item.split(",") if many else [item]
        parts.extend(p.strip() for p in pieces if p.strip())
    return parts


def option_number(question: Question, text: str) -> int:
    count = len(question.options)
    if is_digits(text.lstrip("-")):
        number = int(text)
        if not 1 <= number <= count:
            raise ValueError(f"{number} is out of range: choose 1 to {count}")
        return number
    lowered = text.lower()
    for index, option in enumerate(question.options, 1):
        if option.lower() == lowered:
            return index
    starts = [i for i, o in enumerate(question.options, 1) if o.lower().startswith(lowered)]
    if len(starts) == 1 and len(lowered) >= 3:
        return starts[0]
    if len(starts) > 1:
        matched = ", ".join(f"{i}. {question.options[i - 1]}" for i in starts)
        raise ValueError(f"`{text}` matches {len(starts)} options ({matched}): give the number")
    raise ValueError(f"`{text}` is not an option: choose 1 to {count} ({numbered(question)})")


class OptionKind:
    """The common part of the kinds that choose among ``options``."""

    fields: frozenset[str] = frozenset({"options"})

    def validate(self, question: Question) -> None:
        if len(question.options) < 2:
            raise ValueError(f"a {question.type} question needs at least two options")
        if len(question.options) > MAX_OPTIONS:
            raise ValueError(f"at most {MAX_OPTIONS} options")

    def max_selected(self, question: Question) -> int:
        return 1

    def multiple(self, question: Question) -> bool:
        return False

    def parse_reply(self, question: Question, text: str) -> RawValue:
        return text.strip()

    def choices(self, question: Question) -> tuple[Choice, ...]:
        return tuple(Choice(label, str(i)) for i, label in enumerate(question.options, 1))

    def option_lines(self, question: Question) -> list[str]:
        return [f"  {i}. {option}" for i, option in enumerate(question.options, 1)]

    def show_value(self, question: Question, value: Any) -> str:
        numbers = value if isinstance(value, list) else [int(value)]
        return "; ".join(question.options[int(n) - 1] for n in numbers)

    def tally(self, question: Question, given: list[Any]) -> Tally:
        chosen: list[int] = []
        for value in given:
            chosen.extend(int(v) for v in (value if isinstance(value, list) else [value]))
        return Tally(counts=tuple((label, chosen.count(i)) for i, label in enumerate(question.options, 1)))

    def result_data(self, result: QuestionResult) -> dict[str, Any]:
        return counted_data(result)

    def result_lines(self, result: QuestionResult) -> list[str]:
        return counted_lines(result)

    def input_hint(self, question: Question) -> InputHint:
        many = self.multiple(question)
        limit = self.max_selected(question)
        widget: Widget = "radio"
        if many:
            widget = "checkboxes"
        elif len(question.options) > RADIO_LIMIT:
            widget = "select"
        return InputHint(
            widget,
            self.choices(question),
            max_selected=limit if many and limit < len(question.options) else None,
            note=f"Choose up to {limit}." if many else None,
        )


class ManyOptionKind(OptionKind):
    """Several options in one answer (multiple choice, slots): ``max`` limits how many."""

    fields = frozenset({"options", "max"})

    def validate(self, question: Question) -> None:
        super().validate(question)
        if any("," in o for o in question.options):
            raise ValueError("options of a multiple or slots question may not hold commas")
        if question.max is not None and question.max > len(question.options):
            raise ValueError(f"max={question.max} is more than the {len(question.options)} options")

    def max_selected(self, question: Question) -> int:
        return question.max or len(question.options)

    def multiple(self, question: Question) -> bool:
        return True

    def parse_reply(self, question: Question, text: str) -> RawValue:
        return [part for part in re.split(r"[,\s]+", text.strip()) if part]

    def parse(self, question: Question, raw: RawValue) -> list[int]:
        parts = split_raw(raw, many=True)
        if not parts:
            raise ValueError(f"no value; answer with {self.describe(question)}")
        distinct = sorted({option_number(question, part) for part in parts})
        limit = self.max_selected(question)
        if len(distinct) > limit:
            raise ValueError(f"too many choices: {len(distinct)} given, at most {limit}")
        return distinct

    def describe(self, question: Question) -> str:
        return f"up to {self.max_selected(question)} of {numbered(question)} (numbers separated by commas)"

    def how_to_reply(self, question: Question) -> str:
        return f"Reply with up to {self.max_selected(question)} numbers separated by commas"
