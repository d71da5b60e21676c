"""Reading answers: the text form ``<n>=<value> ...`` and values from forms, checked against the questions.

Each question's kind (`handlers.surveys.kinds`) reads and normalises its value for storage (an int, a
sorted list of option numbers, or text).
Every problem is reported per question so a form can show it beside the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from handlers.errors import Refusal
from handlers.surveys.definitions import Question, SurveyDefinition
from handlers.surveys.kinds import RawValue, Value
from handlers.tokens import words

__all__ = ["Checked", "RawValue", "Value", "check", "check_one", "show_value"]
_PAIR = re.compile(r"^(\d{1,3})=(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Checked:
    """Answers that passed, normalised, and the problems found, by question number."""

    values: dict[int, Value] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def form_answers(values: Mapping[str, str | tuple[str, ...]]) -> dict[int, RawValue]:
    """A form's typed answers (`handlers.args.Args.values`: question number -> value, several picks as a
    tuple), as given: no text is split or parsed again. Empty when the form gave none."""
    return {
        int(key): list(value) if isinstance(value, tuple) else value
        for key, value in values.items()
        if key.isascii() and key.isdigit() and len(key) <= 3
    }


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
            raise Refusal.usage(f"`{token}` is not an answer; write `<question number>=<value>`", "answers")
        else:
            pairs[current] = f"{pairs[current]} {token}"
    if not pairs:
        raise Refusal.usage("no answers given; write `<question number>=<value>`, e.g. `1=2`", "answers")
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
    return question.kind.parse(question, raw)


def show_value(question: Question, value: Any) -> str:
    """A stored value as a person reads it: option labels, ``4 (Satisfied)``, or the text."""
    return question.kind.show_value(question, value)
