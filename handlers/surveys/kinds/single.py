"""``type: single``: one option of several."""

from __future__ import annotations

from handlers.surveys.kinds.base import Question, QuestionKind, RawValue, numbered
from handlers.surveys.kinds.options import OptionKind, option_number, split_raw


class SingleChoice(OptionKind):
    name = "single"

    def parse(self, question: Question, raw: RawValue) -> int:
        parts = split_raw(raw, many=False)
        if not parts:
            raise ValueError(f"no value; answer with {self.describe(question)}")
        chosen = [option_number(question, part) for part in parts]
        if len(chosen) != 1:
            raise ValueError("choose one option")
        return chosen[0]

    def describe(self, question: Question) -> str:
        return f"one of {numbered(question)}"

    def how_to_reply(self, question: Question) -> str:
        return "Reply with the number of your choice"


KIND: type[QuestionKind] = SingleChoice
