"""`survey answer`: the text form every platform has, with progress and the next question (as buttons, or
asked by itself in a direct chat: `handlers.surveys.dialogue`)."""

from __future__ import annotations

from dataclasses import replace

from handlers.args import Args
from handlers.context import Context
from handlers.core import Choices, ItemList, Reply
from handlers.errors import Refusal
from handlers.surveys.answers import RawValue, form_answers, show_value, split_answers
from handlers.surveys.definitions import SurveyDefinition
from handlers.surveys.lookup import find_survey
from handlers.surveys.messages import deadline_text, question_prompt
from handlers.surveys.service import Progress
from storage.repositories.survey_view import SurveyView


def _progress_reply(survey: SurveyView, definition: SurveyDefinition, progress: Progress, head: str) -> Reply:
    lines = [head]
    if progress.missing_required:
        lines.append("Still needed: " + ", ".join(map(str, progress.missing_required)) + ".")
    elif progress.missing_optional:
        lines.append(
            "All required questions answered. Optional: "
            + ", ".join(map(str, progress.missing_optional))
            + "."
        )
    else:
        lines.append("All questions answered. Thank you!")
    if progress.answers:
        lines.append(f"You can change any answer until the survey closes ({deadline_text(survey)}).")
    answered = tuple(
        f"{n}. {show_value(q, v)}"
        for n, v in progress.answers.items()
        if (q := definition.question(n)) is not None
    )
    parts: list[ItemList | Choices] = [ItemList(answered, title="Your answers")] if answered else []
    if progress.next_question is not None:
        question = definition.questions[progress.next_question - 1]
        prompt = question_prompt(survey.id, question)
        if prompt is not None:
            parts.append(prompt)
        else:
            lines.append(
                f"Next: {question.number}. {question.text} "
                f'`survey answer {survey.id} {question.number}="..."`'
            )
    return Reply(
        "\n".join(lines),
        parts=tuple(parts),
        private=True,
        data={
            "survey": survey.id,
            "answers": {str(n): v for n, v in progress.answers.items()},
            "missing_required": list(progress.missing_required),
            "missing_optional": list(progress.missing_optional),
            "complete": progress.complete,
        },
    )


async def _ask_one_at_a_time(ctx: Context, survey_id: int, progress: Reply) -> Reply:
    """In a direct chat, `survey answer <id>` goes on question by question (`handlers.surveys.dialogue`):
    the next question's text replaces its buttons."""
    question = await ctx.services.dialogues.start(ctx.actor_key, survey_id, ctx.now())
    if question is None:
        return progress
    parts = tuple(p for p in progress.parts if not isinstance(p, Choices))
    return replace(progress, text=f"{progress.text}\n\n{question.text}", parts=parts)


async def answer_command(ctx: Context, args: Args) -> Reply:
    survey = await find_survey(ctx, args, cached=True)
    service, now = ctx.services.surveys, ctx.now()
    definition = service.definition(survey)
    line = args.shift(1).rest.strip()
    typed = form_answers(args.values)  # a form's answers, as submitted
    if not line and not typed:
        progress = await service.progress(survey.id, ctx.actor_key, now)
        assert progress is not None
        reply = _progress_reply(survey, definition, progress, f"*Survey {survey.id}: {survey.title}*")
        if ctx.command.place.is_direct and survey.status == "open":
            return await _ask_one_at_a_time(ctx, survey.id, reply)
        return reply
    pairs: dict[int, RawValue] = dict(typed)
    try:
        pairs = pairs or dict(split_answers(line))
    except Refusal as exc:
        example = f'Example: `survey answer {survey.id} 1=2 2="more often" 3=1,4`'
        raise Refusal.usage(exc.text, exc.field, hint=example) from None
    progress = await service.submit_to(survey, ctx.actor_key, pairs, now)
    head = f"Saved your answer{'s' if len(pairs) > 1 else ''} to {', '.join(map(str, sorted(pairs)))}."
    reply = _progress_reply(survey, definition, progress, head)
    return Reply(reply.text, parts=reply.parts, private=True, data=reply.data | {"saved": True})
