"""Reading answers: the text form ``<n>=<value> ...`` and values from forms, checked against the questions.

Values are normalised for storage: single and scale -> int, multiple and slots -> sorted list of option
numbers, text -> str. Every problem is reported per question so a form can show it beside the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from handlers.surveys.definitions import (
    MANY_TYPES,
    MAX_TEXT_ANSWER,
    Question,
    QuestionType,
    SurveyDefinition,
)
from handlers.tokens import words

Value = int | list[int] | str
RawValue = str | Sequence[str]
_PAIR = re.compile(r"^(\d{1,3})=(.*)$", re.DOTALL)


class AnswerSyntaxError(ValueError):
    """The answer line cannot be read at all (no ``n=value`` pairs, unbalanced quotes)."""


@dataclass(frozen=True)
class Checked:
    """Answers that passed, normalised, and the problems found, by question number."""

    values: dict[int, Value] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def split_answers(text: str) -> dict[int, str]:
    """``'1=2 3="too long" 4=1,3'`` -> ``{1: '2', 3: 'too long', 4: '1,3'}``.

    Unquoted words after a pair continue its value (``5=more often please``), so free text works without
    quotes too. The same number twice keeps the last value.
    """
    tokens = words(text)
    pairs: dict[int, str] = {}
    current: int | None = None
    for token in tokens:
        match = _PAIR.match(token)
        if match:
            current = int(match.group(1))
            pairs[current] = match.group(2)
        elif current is None:
            raise AnswerSyntaxError(f"`{token}` is not an answer; write `<question number>=<value>`")
        else:
            pairs[current] = f"{pairs[current]} {token}"
    if not pairs:
        raise AnswerSyntaxError("no answers given; write `<question number>=<value>`, e.g. `1=2`")
    return pairs


def check(definition: SurveyDefinition, raw: Mapping[int, RawValue]) -> Checked:
    """Check each raw answer against its question; unknown question numbers are errors too."""
    values: dict[int, Value] = {}
    errors: dict[int, str] = {}
    for number, value in raw.items():
        question = definition.question(number)
        if question is None:
            errors[number] = f"there is no question {number} (questions 1-{len(definition.questions)})"
            continue
        try:
            values[number] = check_one(question, value)
        except ValueError as exc:
            errors[number] = str(exc)
    return Checked(values, errors)


def check_one(question: Question, raw: RawValue) -> Value:
    """The normalised value of one answer, or ValueError with a short reason a person can act on."""
    kind = question.type
    if kind is QuestionType.TEXT:
        text = (raw if isinstance(raw, str) else " ".join(raw)).strip()
        if not text:
            raise ValueError("the answer is empty")
        if len(text) > MAX_TEXT_ANSWER:
            raise ValueError(f"the answer is longer than {MAX_TEXT_ANSWER} characters")
        return text
    parts = _parts(raw, many=kind in MANY_TYPES)
    if not parts:
        raise ValueError(f"no value; answer with {question.describe()}")
    if kind is QuestionType.SCALE:
        if len(parts) != 1:
            raise ValueError("give one number from 1 to 5")
        return _scale_point(question, parts[0])
    chosen = [_option_number(question, part) for part in parts]
    if kind is QuestionType.SINGLE:
        if len(chosen) != 1:
            raise ValueError("choose one option")
        return chosen[0]
    distinct = sorted(set(chosen))
    if len(distinct) > question.max_selected:
        raise ValueError(f"too many choices: {len(distinct)} given, at most {question.max_selected}")
    return distinct


def _parts(raw: RawValue, *, many: bool) -> list[str]:
    items = [raw] if isinstance(raw, str) else list(raw)
    parts: list[str] = []
    for item in items:
        pieces = item.split(",") if many else [item]
        parts.extend(p.strip() for p in pieces if p.strip())
    return parts


def _scale_point(question: Question, text: str) -> int:
    if text.lstrip("-").isdigit():
        point = int(text)
        if point not in question.points:
            raise ValueError(f"{point} is out of range: give a number from 1 to 5")
        return point
    lowered = text.lower()
    for point, label in question.labels.items():
        if label.lower() == lowered:
            return point
    raise ValueError(f"`{text}` is not on the scale: give a number from 1 to 5")


def _option_number(question: Question, text: str) -> int:
    count = len(question.options)
    if text.lstrip("-").isdigit():
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
    raise ValueError(f"`{text}` is not an option: choose 1 to {count} ({_short_options(question)})")


def _short_options(question: Question) -> str:
    return ", ".join(f"{i}. {o}" for i, o in enumerate(question.options, 1))


def show_value(question: Question, value: Any) -> str:
    """A stored value as a person reads it: option labels, ``4 (Satisfied)``, or the text."""
    if question.type is QuestionType.TEXT:
        return str(value)
    if question.type is QuestionType.SCALE:
        return question.point_label(int(value))
    numbers = value if isinstance(value, list) else [int(value)]
    return "; ".join(question.options[int(n) - 1] for n in numbers)
