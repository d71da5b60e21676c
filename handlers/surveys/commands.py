"""The `survey` command: templates, new, import, show, open, answer, status, close, results, export, list."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from handlers.args import Args
from handlers.context import Context
from handlers.core import Choices, ItemList, Reply, Table
from handlers.registry import CommandSpec, admin_when_word
from handlers.surveys import reports
from handlers.surveys.answers import AnswerSyntaxError, show_value, split_answers
from handlers.surveys.audience import (
    AudienceSpec,
    OptionError,
    audience_spec,
    parse_deadline,
    parse_offsets,
    user_keys,
)
from handlers.surveys.definitions import (
    DefinitionError,
    SurveyDefinition,
    load_template,
    parse_definition,
    template_names,
)
from handlers.surveys.messages import deadline_text, question_lines, question_prompt
from handlers.surveys.service import Progress
from storage.models import Survey

SubHandler = Callable[[Context, Args], Awaitable[Reply]]
ADMIN_ACTIONS = ("new", "import", "open", "close", "status", "results", "export")


def definition_data(survey: Survey, definition: SurveyDefinition) -> dict[str, object]:
    return {
        "survey": survey.id,
        "status": survey.status,
        "title": survey.title,
        "activity": survey.activity,
        "anonymous": survey.anonymous,
        "deadline": survey.deadline.isoformat() if survey.deadline else None,
        "questions": [
            {
                "number": q.number,
                "type": q.type.value,
                "text": q.text,
                "required": q.required,
                "options": list(q.options),
                "max": q.max_selected if q.type.value in {"multiple", "slots"} else None,
                "labels": {str(k): v for k, v in q.labels.items()},
            }
            for q in definition.questions
        ],
    }


async def find_survey(ctx: Context, args: Args, *, cached: bool = False) -> Survey | Reply:
    """The survey named by the first word, or the reply explaining why there is none. ``cached``: an
    open survey may come from memory (answering, where the save checks the status again)."""
    raw = args.word(0)
    if raw is None or not raw.lstrip("#").isdigit():
        return Reply.usage(f"Which survey? Give its number. {SURVEY.usage_text()}")
    service, survey_id = ctx.services.surveys, int(raw.lstrip("#"))
    survey = await (service.find(survey_id) if cached else service.repo.get(survey_id))
    if survey is None:
        return Reply.error(f"There is no survey {raw}. `survey list` shows them.")
    return survey


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
        return Reply.usage(f"Which template? `survey templates` lists them: {', '.join(template_names())}.")
    definition = load_template(name.lower())
    if definition is None:
        return Reply.error(f"No template `{name}`. Templates: {', '.join(template_names())}.")
    return await _create(ctx, definition, name.lower())


async def import_command(ctx: Context, args: Args) -> Reply:
    text = args.rest.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("yaml").strip()
    if not text:
        return Reply.usage(
            "Give the survey as YAML after `survey import` (docs/surveys.md), e.g. "
            "`survey import {title: Quick poll, questions: [{text: Monthly calls?, type: single, "
            "options: [Yes, No]}]}`"
        )
    try:
        definition = parse_definition(text)
    except DefinitionError as exc:
        return Reply.usage(f"That survey definition cannot be used; nothing was saved.\n{exc}")
    return await _create(ctx, definition, None)


async def show_command(ctx: Context, args: Args) -> Reply:
    survey = await find_survey(ctx, args)
    if isinstance(survey, Reply):
        return survey
    definition = ctx.services.surveys.definition(survey)
    return Reply(
        f"*Survey {survey.id}: {survey.title}* ({survey.status}"
        f"{', anonymous' if survey.anonymous else ''}, {deadline_text(survey)})\n{definition.description}",
        parts=(ItemList(question_lines(definition), title="Questions"),),
        data=definition_data(survey, definition),
    )


async def _audience(ctx: Context, spec: AudienceSpec) -> list[str] | Reply:
    platform = ctx.command.actor.platform
    if spec.kind == "users":
        return user_keys(spec.names, platform)
    if spec.kind == "members":
        keys = await ctx.services.users.with_member_country()
        if not keys:
            return Reply.error("No user is linked to a member country yet, so `to=members` asks nobody.")
        return keys
    if spec.kind == "here":
        roster = ctx.services.place_rosters.get(ctx.command.place.platform)
        if roster is None:
            return Reply.error(
                f"I cannot list who is in this place on {platform}; name them: `to=NAME,NAME`."
            )
        return await roster(ctx.command.place)
    from handlers.rosters import find_network

    network = await find_network(ctx, spec.network or "")
    if network is None:
        return Reply.error(f"No network `{spec.network}`. `network` lists them.")
    members = await ctx.services.rosters.members(network.key)
    if not members:
        return Reply.error(
            f"Nobody is listed for the {network.city} network yet: `roster {network.key} add NAME,NAME`."
        )
    return members


async def open_command(ctx: Context, args: Args) -> Reply:
    survey = await find_survey(ctx, args)
    if isinstance(survey, Reply):
        return survey
    if survey.status != "draft":
        return Reply.error(f"Survey {survey.id} is {survey.status}; only a draft can be opened.")
    extra = {w.lower() for w in args.words[1:]} - {"anonymous", "here", "members"}
    unknown = set(args.options) - {"to", "network", "deadline", "reminders"}
    if extra or unknown:
        bad = ", ".join(sorted(extra | {f"{k}=" for k in unknown}))
        return Reply.usage(f"`{bad}`: not an option of `survey open`. {SURVEY.usage_text()}")
    now = ctx.now()
    try:
        spec = audience_spec(args.options, args.words[1:])
        deadline = (
            parse_deadline(args.options["deadline"], ctx.default_zone, now)
            if "deadline" in args.options
            else None
        )
        offsets = parse_offsets(args.options["reminders"]) if "reminders" in args.options else []
    except OptionError as exc:
        return Reply.usage(f"{exc}. {SURVEY.usage_text()}")
    if offsets and deadline is None:
        return Reply.usage("Reminders are set before a deadline: add `deadline=YYYY-MM-DD`.")
    if deadline is not None and any(deadline.timestamp() - m * 60 <= now.timestamp() for m in offsets):
        return Reply.usage(
            f"A reminder {args.options['reminders']} before {deadline_text_at(deadline)} is already past."
        )
    audience = await _audience(ctx, spec)
    if isinstance(audience, Reply):
        return audience
    if not audience:
        return Reply.error("That audience is empty; nobody would be asked.")
    anonymous = "anonymous" in {w.lower() for w in args.words[1:]}
    outcome = await ctx.services.surveys.open(
        survey.id,
        audience=audience,
        audience_label=spec.label,
        anonymous=anonymous,
        deadline=deadline,
        reminder_minutes=offsets,
        by=ctx.actor_key,
        now=now,
        clock=ctx.clock,
    )
    if outcome is None:
        return Reply.error(f"Survey {survey.id} is no longer a draft.")
    opened = outcome.survey
    unreachable = f" {outcome.unreachable} could not be reached." if outcome.unreachable else ""
    return Reply(
        f"Survey {opened.id} is open{' and anonymous' if anonymous else ''}: {outcome.invited} of "
        f"{opened.audience_size} invited.{unreachable} Deadline: {deadline_text(opened)}."
        + (f" Reminders {args.options['reminders']} before." if offsets else ""),
        data=definition_data(opened, ctx.services.surveys.definition(opened))
        | {"audience": opened.audience_size, "invited": outcome.invited, "unreachable": outcome.unreachable},
    )


def deadline_text_at(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M %Z}"


def _progress_reply(survey: Survey, definition: SurveyDefinition, progress: Progress, head: str) -> Reply:
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


async def answer_command(ctx: Context, args: Args) -> Reply:
    survey = await find_survey(ctx, args, cached=True)
    if isinstance(survey, Reply):
        return survey
    service, now = ctx.services.surveys, ctx.now()
    definition = service.definition(survey)
    line = args.shift(1).rest.strip()
    if not line:
        progress = await service.progress(survey.id, ctx.actor_key, now)
        assert progress is not None
        return _progress_reply(survey, definition, progress, f"*Survey {survey.id}: {survey.title}*")
    try:
        pairs = split_answers(line)
    except AnswerSyntaxError as exc:
        return Reply.usage(f'{exc}. Example: `survey answer {survey.id} 1=2 2="more often" 3=1,4`')
    result = await service.submit_to(survey, ctx.actor_key, pairs, now)
    if result.status == "refused":
        return Reply.error(result.message, data={"survey": survey.id, "saved": False})
    if result.status == "invalid":
        problems = "\n".join(f"{n}: {reason}" for n, reason in sorted(result.errors.items()))
        return Reply.error(
            f"Not saved: nothing was stored. Please fix\n{problems}",
            data={
                "survey": survey.id,
                "saved": False,
                "errors": {str(k): v for k, v in result.errors.items()},
            },
        )
    assert result.progress is not None
    head = f"Saved your answer{'s' if len(pairs) > 1 else ''} to {', '.join(map(str, sorted(pairs)))}."
    reply = _progress_reply(survey, definition, result.progress, head)
    return Reply(reply.text, parts=reply.parts, private=True, data=reply.data | {"saved": True})


async def status_command(ctx: Context, args: Args) -> Reply:
    survey = await find_survey(ctx, args)
    if isinstance(survey, Reply):
        return survey
    view = await ctx.services.surveys.status(survey, ctx.now())
    text = (
        f'Survey {survey.id} "{survey.title}": {survey.status}'
        f"{', anonymous' if survey.anonymous else ''}. {view.responses}/{view.audience} responded "
        f"({view.rate:.0%}), {view.partial} in progress. Deadline: {deadline_text(survey)}."
    )
    parts: tuple[ItemList, ...] = ()
    if view.missing is not None and survey.status != "draft":
        text += f" Not answered yet: {len(view.missing)}."
        parts = (ItemList(tuple(view.missing), title="Not answered yet"),) if view.missing else ()
    elif survey.anonymous:
        text += " Who has answered is not shown: the survey is anonymous."
    data = {
        "survey": survey.id,
        "status": survey.status,
        "anonymous": survey.anonymous,
        "responses": view.responses,
        "partial": view.partial,
        "audience": view.audience,
        "rate": round(view.rate, 4),
        "deadline": survey.deadline.isoformat() if survey.deadline else None,
    }
    if view.missing is not None:
        data["missing"] = view.missing
    return Reply(text, parts=parts, data=data)


async def close_command(ctx: Context, args: Args) -> Reply:
    survey = await find_survey(ctx, args)
    if isinstance(survey, Reply):
        return survey
    if survey.status != "open":
        return Reply.error(f"Survey {survey.id} is {survey.status}, not open.")
    closed = await ctx.services.surveys.close(survey.id, ctx.now(), reason="command")
    if closed is None:
        return Reply.error(f"Survey {survey.id} has already closed.")
    return Reply(
        f"Survey {closed.id} closed: {closed.responses_at_close}/{closed.audience_size} responded. "
        f"`survey results {closed.id}` shows the results.",
        data={"survey": closed.id, "status": closed.status, "responses": closed.responses_at_close},
    )


async def list_command(ctx: Context, args: Args) -> Reply:
    service = ctx.services.surveys
    if not ctx.is_admin:
        mine = await service.open_surveys_for(ctx.actor_key)
        mine_rows: list[tuple[str, str, str, str]] = []
        for survey in mine:
            progress = await service.progress(survey.id, ctx.actor_key, ctx.now())
            done = "complete" if progress and progress.complete else "to answer"
            mine_rows.append((str(survey.id), survey.title, deadline_text(survey), done))
        return Reply(
            f"{len(mine_rows)} open surveys for you."
            + (" `survey answer <id>` to answer." if mine_rows else ""),
            parts=(Table(("Id", "Title", "Deadline", "You"), tuple(mine_rows)),) if mine_rows else (),
            data={"surveys": [{"id": int(r[0]), "title": r[1], "you": r[3]} for r in mine_rows]},
        )
    surveys = await service.repo.all()
    rows = [(str(s.id), s.title, s.status, str(s.audience_size), deadline_text(s)) for s in surveys]
    return Reply(
        f"{len(rows)} surveys.",
        parts=(Table(("Id", "Title", "Status", "Asked", "Deadline"), tuple(rows)),) if rows else (),
        data={"surveys": [{"id": s.id, "title": s.title, "status": s.status} for s in surveys]},
    )


SUBCOMMANDS: dict[str, SubHandler] = {
    "templates": templates_command,
    "new": new_command,
    "import": import_command,
    "show": show_command,
    "open": open_command,
    "answer": answer_command,
    "status": status_command,
    "close": close_command,
    "results": reports.results_command,
    "export": reports.export_command,
    "list": list_command,
}


async def survey_command(ctx: Context, args: Args) -> Reply:
    action = (args.word(0) or "list").lower()
    handler = SUBCOMMANDS.get(action)
    if handler is None:
        return Reply.usage(f"`survey {action}` is not a survey command. {SURVEY.usage_text()}")
    if action != "answer":  # an answer checks its own survey's deadline; the others look at all of them
        await ctx.services.surveys.close_overdue(ctx.now())
    return await handler(ctx, args.shift(1))


SURVEY = CommandSpec(
    name="survey",
    summary="In-chat surveys: answer the ones sent to you; admins create, open, close and read results.",
    usage=("survey list", "survey show <id>", "survey answer <id> <n>=<value> ...", "survey templates"),
    admin_usage=(
        "survey new <template>",
        "survey import <YAML>",
        "survey open <id> to=NAME,NAME|members|here|network=<city> [deadline=YYYY-MM-DD[THH:MM]] "
        "[anonymous] [reminders=3d,1d]",
        "survey status <id>",
        "survey close <id>",
        "survey results <id>",
        "survey export <id>",
    ),
    aliases=("surveys",),
    examples=(
        "survey new support-unit",
        "survey open 1 to=alice,bob deadline=2026-12-15 anonymous reminders=3d,1d",
        'survey answer 1 1=1,4 2="Quick replies" 6=2 14=4',
        "survey results 1",
    ),
    handler=survey_command,
    access=admin_when_word(0, *ADMIN_ACTIONS),
    group="Surveys",
)
COMMANDS = [SURVEY]
