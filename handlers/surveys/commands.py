"""The `survey` command: its subcommands, and templates, new, import, show and list."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers.args import Args
from handlers.context import Context
from handlers.core import ItemList, Reply, Table
from handlers.errors import Refusal
from handlers.registry import CommandSpec
from handlers.surveys import answering, forms, lifecycle, reports
from handlers.surveys.definitions import (
    SurveyDefinition,
    load_template,
    parse_definition,
    template_names,
)
from handlers.surveys.lookup import definition_data, find_survey
from handlers.surveys.messages import deadline_text, question_lines

SubHandler = Callable[[Context, Args], Awaitable[Reply]]


async def templates_command(ctx: Context, args: Args) -> Reply:
    rows = []
    for name in template_names():
        definition = load_template(name)
        assert definition is not None
        rows.append((name, definition.title, str(len(definition.questions)), definition.activity or "-"))
    return Reply(
        f"{len(rows)} survey templates. `survey new <template>` makes a draft from one.",
        parts=(Table(("Template", "Title", "Questions", "Activity"), tuple(rows)),),
        data={"templates": [{"name": r[0], "title": r[1], "questions": int(r[2])} for r in rows]},
    )


async def _create(ctx: Context, definition: SurveyDefinition, template: str | None) -> Reply:
    survey = await ctx.services.surveys.create(definition, template=template, by=ctx.actor_key, now=ctx.now())
    return Reply(
        f'Draft survey {survey.id} "{survey.title}" with {len(definition.questions)} questions. '
        f"Open it with `survey open {survey.id} to=NAME,NAME [deadline=YYYY-MM-DD] [anonymous]`.",
        parts=(ItemList(question_lines(definition), title="Questions"),),
        data=definition_data(survey, definition),
    )


async def new_command(ctx: Context, args: Args) -> Reply:
    name = args.word(0)
    if name is None:
        raise Refusal.usage(
            f"Which template? `survey templates` lists them: {', '.join(template_names())}.", "template"
        )
    definition = load_template(name.lower())
    if definition is None:
        raise Refusal.error(f"No template `{name}`. Templates: {', '.join(template_names())}.", "template")
    return await _create(ctx, definition, name.lower())


async def import_command(ctx: Context, args: Args) -> Reply:
    text = args.rest.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("yaml").strip()
    if not text:
        raise Refusal.usage(
            "Give the survey as YAML after `survey import` (docs/surveys.md), e.g. "
            "`survey import {title: Quick poll, questions: [{text: Monthly calls?, type: single, "
            "options: [Yes, No]}]}`",
            "definition",
        )
    try:
        definition = parse_definition(text)
    except Refusal as exc:
        raise Refusal.usage(
            f"That survey definition cannot be used; nothing was saved.\n{exc.text}",
            exc.field or "definition",
        ) from None
    return await _create(ctx, definition, None)


async def show_command(ctx: Context, args: Args) -> Reply:
    survey = await find_survey(ctx, args)
    definition = ctx.services.surveys.definition(survey)
    zone = await ctx.services.reader_zone(ctx.actor_key)
    shown = ctx.services.surveys.shown(survey, zone)  # slot options in the reader's zone
    return Reply(
        f"*Survey {survey.id}: {survey.title}* ({survey.status}"
        f"{', anonymous' if survey.anonymous else ''}, {deadline_text(survey, zone)})\n"
        f"{definition.description}",
        parts=(ItemList(question_lines(shown), title="Questions"),),
        data=definition_data(survey, definition) | {"reader_zone": zone.key},
    )


async def list_command(ctx: Context, args: Args) -> Reply:
    service = ctx.services.surveys
    zone = await ctx.services.reader_zone(ctx.actor_key)
    if not ctx.is_admin:
        mine = await service.open_surveys_for(ctx.actor_key)
        mine_rows: list[tuple[str, str, str, str]] = []
        for survey in mine:
            progress = await service.progress(survey.id, ctx.actor_key, ctx.now())
            done = "complete" if progress and progress.complete else "to answer"
            mine_rows.append((str(survey.id), survey.title, deadline_text(survey, zone), done))
        return Reply(
            f"{len(mine_rows)} open surveys for you."
            + (" `survey answer <id>` to answer." if mine_rows else ""),
            parts=(Table(("Id", "Title", "Deadline", "You"), tuple(mine_rows)),) if mine_rows else (),
            data={"surveys": [{"id": int(r[0]), "title": r[1], "you": r[3]} for r in mine_rows]},
            private=True,  # which surveys you are asked and whether you completed them: yours only
        )
    surveys = await service.all()
    rows = [(str(s.id), s.title, s.status, str(s.audience_size), deadline_text(s, zone)) for s in surveys]
    return Reply(
        f"{len(rows)} surveys.",
        parts=(Table(("Id", "Title", "Status", "Asked", "Deadline"), tuple(rows)),) if rows else (),
        data={"surveys": [{"id": s.id, "title": s.title, "status": s.status} for s in surveys]},
    )


def _closing_overdue(handler: SubHandler) -> SubHandler:
    """``handler`` after closing the surveys past their deadline (an answer checks its own survey's)."""

    async def run(ctx: Context, args: Args) -> Reply:
        await ctx.services.surveys.close_overdue(ctx.now())
        return await handler(ctx, args)

    return run


SURVEY = CommandSpec(
    name="survey",
    summary="In-chat surveys: answer the ones sent to you; admins create, open, close and read results.",
    forms=(
        forms.LIST.handled_by(_closing_overdue(list_command)),
        forms.SHOW.handled_by(_closing_overdue(show_command)),
        forms.ANSWER.handled_by(answering.answer_command),
        forms.TEMPLATES.handled_by(_closing_overdue(templates_command)),
        forms.NEW.handled_by(_closing_overdue(new_command)),
        forms.IMPORT.handled_by(_closing_overdue(import_command)),
        forms.OPEN.handled_by(_closing_overdue(lifecycle.open_command)),
        forms.STATUS.handled_by(_closing_overdue(lifecycle.status_command)),
        forms.CLOSE.handled_by(_closing_overdue(lifecycle.close_command)),
        forms.RESULTS.handled_by(_closing_overdue(reports.results_command)),
        forms.CHART.handled_by(_closing_overdue(reports.chart_command)),
        forms.EXPORT.handled_by(_closing_overdue(reports.export_command)),
    ),
    default="list",
    aliases=("surveys",),
    examples=(
        "survey new support-unit",
        "survey open 1 to=alice,bob deadline=2026-12-15 anonymous reminders=3d,1d",
        'survey answer 1 1=1,4 2="Quick replies" 6=2 14=4',
        "survey results 1",
        "survey chart 1 14",
    ),
    group="Surveys",
)
COMMANDS = [SURVEY]
