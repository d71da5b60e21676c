"""``type: text``: free text, up to 2,000 characters. Results list the texts in alphabetical order."""

from __future__ import annotations

from typing import Any

from handlers.core import Choice
from handlers.surveys.kinds.base import InputHint, Question, QuestionKind, QuestionResult, RawValue, Tally

MAX_TEXT_ANSWER = 2000


class Text:
    name = "text"
    fields: frozenset[str] = frozenset()

    def validate(self, question: Question) -> None:
        return None

    def parse(self, question: Question, raw: RawValue) -> str:
        text = (raw if isinstance(raw, str) else " ".join(raw)).strip()
        if not text:
            raise ValueError("the answer is empty")
        if len(text) > MAX_TEXT_ANSWER:
            raise ValueError(f"the answer is longer than {MAX_TEXT_ANSWER} characters")
        return text

    def parse_reply(self, question: Question, text: str) -> RawValue:
        return text.strip()

    def max_selected(self, question: Question) -> int:
        return 1

    def choices(self, question: Question) -> tuple[Choice, ...]:
        return ()

    def multiple(self, question: Question) -> bool:
        return False

    def option_lines(self, question: Question) -> list[str]:
        return []

    def describe(self, question: Question) -> str:
        return "free text in quotes"

    def how_to_reply(self, question: Question) -> str:
        return "Reply with your answer"

    def show_value(self, question: Question, value: Any) -> str:
        return str(value)

    def tally(self, question: Question, given: list[Any]) -> Tally:
        return Tally(texts=tuple(sorted(str(t) for t in given)))

    def result_data(self, result: QuestionResult) -> dict[str, Any]:
        return {"texts": list(result.texts)}

    def result_lines(self, result: QuestionResult) -> list[str]:
        return [f"   - {t}" for t in result.texts]

    def input_hint(self, question: Question) -> InputHint:
        return InputHint("text", max_length=MAX_TEXT_ANSWER)


KIND: type[QuestionKind] = Text
