"""`survey results` (summary, one chart per question) and `survey export` (CSV), for admins."""

from __future__ import annotations

import re

from handlers.args import Args
from handlers.context import Context
from handlers.core import FileAttachment, Reply
from handlers.surveys.charts import bar_chart
from handlers.surveys.export import to_csv
from handlers.surveys.lookup import find_survey
from handlers.surveys.results import Results, tally
from storage.models import Survey


async def _survey(ctx: Context, args: Args) -> Survey | Reply:
    return await find_survey(ctx, args)


def _anonymous_refusal(survey: Survey) -> Reply | None:
    """Results of an anonymous survey only after it closes: watching them change while it is open
    would show what the person who just answered said."""
    if survey.anonymous and survey.status != "closed":
        return Reply.error(
            f"Survey {survey.id} is anonymous: its results are shown once it closes "
            f"(`survey status {survey.id}` shows the response rate now)."
        )
    if survey.status == "draft":
        return Reply.error(f"Survey {survey.id} is a draft: it has no answers yet.")
    return None


async def _results(ctx: Context, survey: Survey) -> Results:
    service = ctx.services.surveys
    responses = await service.repo.responses(survey.id)
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
    if isinstance(survey, Reply):
        return survey
    refusal = _anonymous_refusal(survey)
    if refusal is not None:
        return refusal
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
    files = []
    for result in results.questions:
        if not results.hidden:
            lines.extend(result.lines())
        png = bar_chart(result, survey.title, survey.status)
        if png is not None:
            files.append(
                FileAttachment(
                    filename=f"survey-{survey.id}-q{result.question.number}.png",
                    content=png,
                    mimetype="image/png",
                    title=f"Survey {survey.id}, question {result.question.number} "
                    f"({'closed' if survey.status == 'closed' else 'open'}, n = {result.answered})",
                )
            )
    if survey.activity:
        lines.append(f"Linked to activity {survey.activity}.")
    return Reply("\n".join(lines), parts=tuple(files), data={"survey": survey.id} | results.as_data())


async def export_command(ctx: Context, args: Args) -> Reply:
    survey = await _survey(ctx, args)
    if isinstance(survey, Reply):
        return survey
    refusal = _anonymous_refusal(survey)
    if refusal is not None:
        return refusal
    service = ctx.services.surveys
    responses = await service.repo.responses(survey.id)
    min_group = ctx.services.settings.min_group_size
    if survey.anonymous and sum(r.complete for r in responses) < min_group:
        return Reply.error(
            f"Survey {survey.id} is anonymous and has fewer than {min_group} complete responses: "
            "no export, so that no answer can be traced to a person."
        )
    rows = [(None if survey.anonymous else r.respondent_key, r.complete, r.answers) for r in responses]
    users = {} if survey.anonymous else await ctx.services.users.many([r.respondent_key for r in responses])
    countries = {key: user.member for key, user in users.items() if user.member}
    content = to_csv(service.definition(survey), rows, countries)
    filename = f"survey-{survey.id}-{_slug(survey.title)}.csv"
    return Reply(
        f"Survey {survey.id}: {len(rows)} responses exported as CSV"
        + (" (anonymous: no names, no times, rows sorted by answer)." if survey.anonymous else "."),
        parts=(FileAttachment(filename, content, "text/csv", title=f"Survey {survey.id} responses"),),
        data={"survey": survey.id, "responses": len(rows), "filename": filename},
    )
