"""CSV export of a survey's responses: a row per response, a column per question (labels, not numbers;
scale questions are numbers, with their labels in the header).

Named surveys have ``respondent`` and ``member country`` columns. Anonymous ones have no respondent, no
time, and rows sorted by their content, so neither a column nor the row order says who answered.

Every cell is safe to open in a spreadsheet (OWASP, CSV injection): a cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a single quote in front, so it is shown as text, never run as a
formula. A plain number (``-42``, ``-0.5``) keeps its sign: a spreadsheet reads it as a number, which no
formula can hide in, and an answer of -2 on a scale should stay a number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Mapping, Sequence
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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def safe_cell(value: str) -> str:
    """``value`` as a spreadsheet shows it as text: formula-like starts neutralised, plain numbers kept."""
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv(
    definition: SurveyDefinition,
    responses: Sequence[tuple[str | None, bool, Mapping[str, Any]]],
    hidden: Collection[int] = (),
    countries: Mapping[str, str] | None = None,
) -> bytes:
    """``responses``: (respondent or None when anonymous, complete, answers); ``countries``: each named
    respondent's member country. The columns of the question numbers in ``hidden`` stay empty (too few
    answers to show). UTF-8 with a BOM for Excel."""
    named = any(r[0] is not None for r in responses)
    countries = countries or {}
    header = (["respondent", "member country"] if named else []) + ["complete"]
    header += [
        _heading(q) + (" (hidden: too few answers)" if q.number in hidden else "")
        for q in definition.questions
    ]
    rows = []
    for respondent, complete, answers in responses:
        who = [respondent or "", countries.get(respondent or "", "")] if named else []
        row = [*who, "yes" if complete else "no"]
        for question in definition.questions:
            value = None if question.number in hidden else answers.get(str(question.number))
            row.append(_cell(question, value))
        rows.append(row)
    rows.sort()  # by respondent when named; by content when anonymous, never by arrival
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
