"""What the bot says about surveys on its own (invitations, reminders, closing) and question prompts."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.core import Choices, ItemList, Reply, SurveyPrompt
from handlers.surveys.definitions import Question, SurveyDefinition
from storage.repositories.survey_view import SurveyView


def answer_command(survey_id: int, number: int) -> str:
    return f"survey answer {survey_id} {number}={{value}}"


def question_prompt(survey_id: int, question: Question) -> Choices | None:
    """A question as buttons where the platform has them (None for a kind without options: free text)."""
    kind = question.kind
    options = kind.choices(question)
    if not options:
        return None
    prompt = f"{question.number}. {question.text}" + ("" if question.required else " (optional)")
    command = answer_command(survey_id, question.number)
    if kind.multiple(question):
        return Choices(prompt, options, command, multiple=True, max_selected=kind.max_selected(question))
    return Choices(prompt, options, command)


def question_lines(definition: SurveyDefinition) -> tuple[str, ...]:
    return tuple(
        f"{q.number}. {q.text}{'' if q.required else ' (optional)'} Answer: {q.describe()}."
        for q in definition.questions
    )


def deadline_text(survey: SurveyView, zone: ZoneInfo | None = None) -> str:
    """The deadline in the reader's zone: ``Tue 2026-12-15 18:00 CET``; a deadline at midnight there is
    the end of the day before, ``Tue 2026-12-15, end of day (CET)``, never ``2026-12-16 00:00``."""
    if survey.deadline is None:
        return "no deadline"
    try:
        local = survey.deadline.astimezone(zone or UTC)
    except OverflowError:  # stored before deadlines were held to 1970-2200: at the end of time, in UTC
        return f"{survey.deadline:%a %Y-%m-%d %H:%M} UTC"
    if local.time() == time(0):
        day = local - timedelta(days=1)
        return f"{day:%a %Y-%m-%d}, end of day ({local:%Z})"
    return f"{local:%a %Y-%m-%d %H:%M %Z}"


def invitation_data(survey: SurveyView, definition: SurveyDefinition, kind: str) -> dict[str, object]:
    return {
        "kind": kind,
        "survey": survey.id,
        "title": survey.title,
        "anonymous": survey.anonymous,
        "deadline": survey.deadline.isoformat() if survey.deadline else None,
        "questions": len(definition.questions),
    }


ANONYMITY_NOTE = (
    "Anonymous: other members and the admins see no names with answers, no results before the survey closes "
    "and no result resting on too few answers to hide a person. The server operator, holding both the "
    "database and the secret key, could link answers to people."
)
"""What is protected and from whom; docs/surveys.md ("Anonymity") says the same."""


def invitation(survey: SurveyView, definition: SurveyDefinition, zone: ZoneInfo | None = None) -> Reply:
    """The DM each audience member gets when a survey opens: the text form, and question 1 as buttons."""
    privacy = (
        ANONYMITY_NOTE
        if survey.anonymous
        else ("Not anonymous: the Support Unit sees your name with your answers.")
    )
    text = (
        f"*Survey {survey.id}: {survey.title}*\n{definition.description}\n{privacy} Deadline: "
        f"{deadline_text(survey, zone)}.\nAnswer here, in one go or several, and change your answers until "
        f'it closes: `survey answer {survey.id} 1=<option> 2="<text>" ...` (`survey show {survey.id}` lists '
        "the questions)."
    )
    parts: list[Choices | ItemList | SurveyPrompt] = []
    first = question_prompt(survey.id, definition.questions[0])
    if first is not None:
        parts.append(first)
    parts.append(SurveyPrompt(survey.id, survey.title, "invitation"))
    return Reply(text, parts=tuple(parts), data=invitation_data(survey, definition, "survey_invitation"))


def reminder(
    survey: SurveyView, definition: SurveyDefinition, now: datetime, zone: ZoneInfo | None = None
) -> Reply:
    left = survey.deadline - now if survey.deadline else None
    when = _duration(left.total_seconds()) if left is not None else "soon"
    text = (
        f'Reminder: survey {survey.id} "{survey.title}" closes in {when} ({deadline_text(survey, zone)}) and '
        f"your answers are not complete yet. `survey answer {survey.id}` shows where you are."
    )
    return Reply(
        text,
        parts=(SurveyPrompt(survey.id, survey.title, "reminder"),),
        data=invitation_data(survey, definition, "survey_reminder"),
    )


def closed_notice(survey: SurveyView) -> Reply:
    rate = f"{survey.responses_at_close or 0}/{survey.audience_size}"
    return Reply(
        f'Survey {survey.id} "{survey.title}" has closed ({survey.close_reason}): {rate} responded. '
        f"`survey results {survey.id}` shows the results.",
        data={"kind": "survey_closed", "survey": survey.id, "responses": survey.responses_at_close},
    )


def _duration(seconds: float) -> str:
    minutes = max(0, round(seconds / 60))
    if minutes >= 48 * 60:
        return f"{round(minutes / 1440)} days"
    if minutes >= 120:
        return f"{round(minutes / 60)} hours"
    return f"{minutes} minutes"
