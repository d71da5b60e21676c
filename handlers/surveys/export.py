"""CSV export of a survey's responses: a row per response, a column per question (labels, not numbers).

Named surveys have a ``respondent`` column. Anonymous ones have no respondent, no time, and rows sorted
by their content, so neither a column nor the row order says who answered.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from handlers.surveys.answers import show_value
from handlers.surveys.definitions import SurveyDefinition


def to_csv(
    definition: SurveyDefinition,
    responses: Sequence[tuple[str | None, bool, Mapping[str, Any]]],
) -> bytes:
    """``responses``: (respondent or None when anonymous, complete, answers). UTF-8 with a BOM for Excel."""
    named = any(r[0] is not None for r in responses)
    header = (["respondent"] if named else []) + ["complete"]
    header += [f"Q{q.number} {q.text}" for q in definition.questions]
    rows = []
    for respondent, complete, answers in responses:
        row = ([respondent or ""] if named else []) + ["yes" if complete else "no"]
        for question in definition.questions:
            value = answers.get(str(question.number))
            row.append("" if value is None else show_value(question, value))
        rows.append(row)
    rows.sort()  # by respondent when named; by content when anonymous, never by arrival
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
