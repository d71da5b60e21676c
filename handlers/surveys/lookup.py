"""Finding the survey a command names, and its structured description (shared by the subcommands)."""

from __future__ import annotations

from handlers.args import Args, parse_id
from handlers.context import Context
from handlers.errors import Refusal
from handlers.surveys.definitions import SurveyDefinition
from storage.repositories.survey_view import SurveyView

USAGE_HINT = "`help survey` shows the usage."


def definition_data(survey: SurveyView, definition: SurveyDefinition) -> dict[str, object]:
    return {
        "survey": survey.id,
        "status": survey.status,
        "title": survey.title,
        "activity": survey.activity,
        "anonymous": survey.anonymous,
        "deadline": survey.deadline.isoformat() if survey.deadline else None,
        "timezone": survey.timezone,
        "questions": [
            {
                "number": q.number,
                "type": q.type,
                "text": q.text,
                "required": q.required,
                "options": list(q.options),
                "max": q.max_selected if q.kind.multiple(q) else None,
                "labels": {str(k): v for k, v in q.labels.items()},
            }
            for q in definition.questions
        ],
    }


async def find_survey(ctx: Context, args: Args, *, cached: bool = False) -> SurveyView:
    """The survey named by the first word; a `Refusal` saying why there is none. ``cached``: an
    open survey may come from memory (answering, where the save checks the status again)."""
    raw = args.word(0)
    if raw is None or not raw.lstrip("#").isdigit():
        raise Refusal.usage(f"Which survey? Give its number, e.g. `survey show 1`. {USAGE_HINT}", "survey")
    survey_id = parse_id(raw, "survey", "survey", listing="survey list")
    service = ctx.services.surveys
    survey = await (service.find(survey_id) if cached else service.get(survey_id))
    if survey is None:
        raise Refusal.error(f"There is no survey {survey_id}. `survey list` shows them.", "survey")
    return survey
