"""``type: slots``: preferred meeting slots, a multiple choice among UTC time windows such as
``Tue 14:00-15:00 UTC``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from handlers.surveys.kinds.base import QuestionKind
from handlers.surveys.kinds.options import ManyOptionKind

if TYPE_CHECKING:
    from handlers.surveys.definitions import Question

_HOUR = r"(?:[01]\d|2[0-3]):[0-5]\d"
SLOT = re.compile(rf"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Weekdays)\s+)?{_HOUR}-(?:{_HOUR}|24:00) UTC$")


class Slots(ManyOptionKind):
    name = "slots"

    def validate(self, question: Question) -> None:
        super().validate(question)
        bad = [o for o in question.options if not SLOT.match(o)]
        if bad:
            raise ValueError(f"slots look like `Tue 14:00-15:00 UTC`; not: {', '.join(bad)}")


KIND: type[QuestionKind] = Slots
