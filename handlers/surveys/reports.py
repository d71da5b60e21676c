"""`survey results` (summary and every chart in one image), `survey chart` (one question's chart) and
`survey export` (CSV), for admins."""

from __future__ import annotations

import re
from collections.abc import Sequence

from handlers.args import Args
from handlers.context import Context
from handlers.core import FileAttachment, Reply
from handlers.drawing import drawn
from handlers.errors import Refusal
from handlers.surveys.charts import bar_chart, charts_image
from handlers.surveys.definitions import SurveyDefinition
from handlers.surveys.export import to_csv
from handlers.surveys.lookup import find_survey
from handlers.surveys.results import Results, tally
from storage.repositories.survey_view import SurveyView
from storage.repositories.surveys import StoredResponse


async def _survey(ctx: Context, args: Args) -> SurveyView:
    """The survey named, when its answers may be shown: results of an anonymous survey only after it
    closes (watching them change while it is open would show what the person who just answered said)."""
    survey = await find_survey(ctx, args)
    if survey.anonymous and survey.status != "closed":
        raise Refusal.error(
            f"Survey {survey.id} is anonymous: its results are shown once it closes "
            f"(`survey status {survey.id}` shows the response rate now).",
            "survey",
        )
    if survey.status == "draft":
        raise Refusal.error(f"Survey {survey.id} is a draft: it has no answers yet.", "survey")
    return survey


async def _results(ctx: Context, survey: SurveyView) -> Results:
    service = ctx.services.surveys
    responses = await service.responses(survey.id)
    complete = sum(r.complete for r in responses)
    return tally(
        service.definition(survey),
        [r.answers for r in responses],
        audience=survey.audience_size,
        complete=complete,
        anonymous=survey.anonymous,
        min_group=ctx.services.settings.min_group_size,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "survey"


async def results_command(ctx: Context, args: Args) -> Reply:
    survey = await _survey(ctx, args)
    results = await _results(ctx, survey)
    rate = f"{results.responses}/{results.audience}"
    lines = [
        f"*Results of survey {survey.id}: {survey.title}* ({survey.status}): {rate} complete responses"
        f", {results.partial} partial."
    ]
    min_group = ctx.services.settings.min_group_size
    if results.hidden:
        lines.append(
            f"Fewer than {min_group} complete responses: breakdowns are hidden to keep this survey anonymous."
        )
    for result in results.questions:
        if not results.hidden:
            lines.extend(result.lines())
    if survey.activity:
        lines.append(f"Linked to activity {survey.activity}.")
    png = await drawn(charts_image, results.questions, survey.title, survey.status)
    files: tuple[FileAttachment, ...] = ()
    if png is not None:
        state = "closed" if survey.status == "closed" else "open"
        lines.append(f"The charts are in one image; `survey chart {survey.id} <question>` shows one.")
        files = (
            FileAttachment(
                filename=f"survey-{survey.id}-charts.png",
                content=png,
                mimetype="image/png",
                title=f"Survey {survey.id}, charts ({state}, {results.responses} complete responses)",
            ),
        )
    return Reply("\n".join(lines), parts=files, data={"survey": survey.id} | results.as_data())


CHART_USAGE = "survey chart <id> <question>"


async def chart_command(ctx: Context, args: Args) -> Reply:
    """`survey chart <id> <question>`: one question's chart, by the rules of `survey results`."""
    survey = await _survey(ctx, args)
    number = args.word(1)
    if number is None or not number.isdigit() or len(args.words) > 2:
        raise Refusal.usage("give the survey and the question's number", "question", usage=CHART_USAGE)
    results = await _results(ctx, survey)
    found = [r for r in results.questions if r.question.number == int(number)]
    if not found:
        raise Refusal.error(
            f"survey {survey.id} has no question {number} (1-{len(results.questions)})", "question"
        )
    result = found[0]
    png = await drawn(bar_chart, result, survey.title, survey.status)
    if png is None:
        why = "its answers are hidden (too few to stay anonymous)" if result.hidden else "it is free text"
        raise Refusal.error(f"question {number} of survey {survey.id} has no chart: {why}", "question")
    state = "closed" if survey.status == "closed" else "open"
    return Reply(
        f"Survey {survey.id}, question {number}: {result.question.text}",
        parts=(
            FileAttachment(
                filename=f"survey-{survey.id}-q{number}.png",
                content=png,
                mimetype="image/png",
                title=f"Survey {survey.id}, question {number} ({state}, n = {result.answered})",
            ),
        ),
        data={"survey": survey.id, "question": int(number), "answered": result.answered},
    )


def _anonymous_rows(
    definition: SurveyDefinition, responses: Sequence[StoredResponse], min_group: int
) -> tuple[list[StoredResponse], set[int], int]:
    """What an anonymous export may show, by the rule `survey results` follows: the complete responses,
    the partial ones only when there are at least ``min_group`` of them, and no question's answers when
    fewer than ``min_group`` of the rows kept answered it. Returns (rows, hidden questions, rows left out)."""
    complete = [r for r in responses if r.complete]
    partial = [r for r in responses if not r.complete]
    kept = complete + (partial if len(partial) >= min_group else [])
    hidden = {
        q.number for q in definition.questions if sum(str(q.number) in r.answers for r in kept) < min_group
    }
    return kept, hidden, len(responses) - len(kept)


async def export_command(ctx: Context, args: Args) -> Reply:
    survey = await _survey(ctx, args)
    service = ctx.services.surveys
    responses = await service.responses(survey.id)
    min_group = ctx.services.settings.min_group_size
    if survey.anonymous and sum(r.complete for r in responses) < min_group:
        raise Refusal.error(
            f"Survey {survey.id} is anonymous and has fewer than {min_group} complete responses: "
            "no export, so that no answer can be traced to a person.",
            "survey",
        )
    definition = service.definition(survey)
    kept, hidden, note = list(responses), set[int](), ""
    if survey.anonymous:
        kept, hidden, left_out = _anonymous_rows(definition, responses, min_group)
        if left_out:
            note = f" {left_out} partial responses left out: fewer than {min_group}, they could be traced."
        if hidden:
            numbers = ", ".join(str(n) for n in sorted(hidden))
            note += f" Questions with fewer than {min_group} answers are left empty: {numbers}."
    rows = [(None if survey.anonymous else r.respondent_key, r.complete, r.answers) for r in kept]
    users = {} if survey.anonymous else await ctx.services.users.many([r.respondent_key for r in kept])
    countries = {key: user.member for key, user in users.items() if user.member}
    content = to_csv(definition, rows, hidden, countries)
    filename = f"survey-{survey.id}-{_slug(survey.title)}.csv"
    return Reply(
        f"Survey {survey.id}: {len(rows)} responses exported as CSV"
        + (" (anonymous: no names, no times, rows sorted by answer)." if survey.anonymous else ".")
        + note,
        parts=(FileAttachment(filename, content, "text/csv", title=f"Survey {survey.id} responses"),),
        data={"survey": survey.id, "responses": len(rows), "filename": filename},
    )
