"""``type: multiple``: up to ``max`` options of several (all of them without ``max``)."""

from __future__ import annotations

from handlers.surveys.kinds.base import QuestionKind
from handlers.surveys.kinds.options import ManyOptionKind


class MultipleChoice(ManyOptionKind):
    name = "multiple"


KIND: type[QuestionKind] = MultipleChoice
