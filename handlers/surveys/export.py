"""CSV export of a survey's responses: a row per response, a column per question (labels, not numbers;
scale questions are numbers, with their labels in the header).

Named surveys have ``respondent`` and ``member country`` columns. Anonymous ones have no respondent, no
time, and rows sorted by their content, so neither a column nor the row order says who answered.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from handlers.surveys.answers import show_value
from handlers.surveys.definitions import Question, SurveyDefinition


def _heading(question: Question) -> str:
    """``Q6 <text>``; a scale's labels follow, ``(1 = Very poor … 5 = Excellent)``."""
    heading = f"Q{question.number} {question.text}"
    if question.type == "scale" and question.labels:
        labels = " … ".join(f"{p} = {label}" for p, label in sorted(question.labels.items()))
        heading += f" ({labels})"
    return heading


def _cell(question: Question, value: Any) -> str:
    """A scale point as its number (so spreadsheets can average it), anything else as shown."""
    if value is None:
        return ""
    return str(int(value)) if question.type == "scale" else show_value(question, value)


def to_csv(
    definition: SurveyDefinition,
    responses: Sequence[tuple[str | None, bool, Mapping[str, Any]]],
    countries: Mapping[str, str] | None = None,
) -> bytes:
    """``responses``: (respondent or None when anonymous, complete, answers); ``countries``: each named
    respondent's member country. UTF-8 with a BOM for Excel."""
    named = any(r[0] is not None for r in responses)
    countries = countries or {}
    header = (["respondent", "member country"] if named else []) + ["complete"]
    header += [_heading(q) for q in definition.questions]
    rows = []
    for respondent, complete, answers in responses:
        who = [respondent or "", countries.get(respondent or "", "")] if named else []
        row = [*who, "yes" if complete else "no"]
        for question in definition.questions:
            row.append(_cell(question, answers.get(str(question.number))))
        rows.append(row)
    rows.sort()  # by respondent when named; by content when anonymous, never by arrival
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
