"""`poll`: a survey's single-choice question as a native poll in a room, where the platform has native polls
(the capability `handlers.ports.NativePolls`, registered per platform in `Services.native_polls`); votes run
the question's command as each voter, so the survey core checks and saves them. Never for an anonymous
survey: a poll shows who chose what. Who may post or end one is decided here, not by the platform."""

from __future__ import annotations

from handlers.args import Args, is_digits, parse_id
from handlers.context import Context
from handlers.core import Reply
from handlers.declare import Form
from handlers.errors import Refusal
from handlers.ports import NativePolls
from handlers.registry import CommandSpec
from handlers.surveys.messages import question_prompt

COMMAND = "poll"
POST = Form(
    args="<survey> <question>",
    admin=True,
    help="Post a survey's single-choice question as a poll in this room; votes count as answers.",
)
END = Form("end", help="End the room's open poll with its tally (an admin, or whoever started it).")
USAGE = POST.usage(COMMAND)


def native_polls(ctx: Context) -> NativePolls:
    """The platform's native polls; a refusal naming the reason where it has none, or in a direct chat."""
    platform = ctx.command.place.platform
    polls = ctx.services.native_polls.get(platform)
    if polls is None:
        known = ctx.services.platforms.get(platform)
        name = known.label if known is not None else platform
        raise Refusal.error(
            f"polls need a platform with native polls, and {name} has none here: "
            "answer with `survey answer <id>` instead",
            "platform",
        )
    if ctx.command.place.is_direct:
        raise Refusal.error("a poll is posted in a room, not in a direct chat", "place")
    return polls


async def post_command(ctx: Context, args: Args) -> Reply:
    polls = native_polls(ctx)
    survey_id = parse_id(args.word(0), "survey", "survey", listing="survey list")
    raw = args.word(1)
    if raw is None or not is_digits(raw, 4):
        raise Refusal.usage("give the survey's number and the question's number", "question", usage=USAGE)
    number = int(raw)
    surveys = ctx.services.surveys
    survey = await surveys.find(survey_id)
    if survey is None:
        raise Refusal.error(f"there is no survey {survey_id}", "survey")
    if survey.anonymous:
        raise Refusal.error(
            f"survey {survey_id} is anonymous: a poll would show who chose what. Answer it in a direct chat",
            "survey",
        )
    if survey.status != "open":
        raise Refusal.error(f"survey {survey_id} is not open", "survey")
    questions = surveys.definition(survey).questions
    if not 1 <= number <= len(questions):
        raise Refusal.usage(f"survey {survey_id} has questions 1 to {len(questions)}", "question")
    choices = question_prompt(survey_id, questions[number - 1])
    if choices is None or choices.multiple or not 2 <= len(choices.options) <= polls.max_answers:
        raise Refusal.usage(
            f"question {number} is not single-choice; only single-choice questions can be polls", "question"
        )
    poll_id = await polls.post(ctx.command.place, choices, ctx.actor_key)
    return Reply(
        f"Poll posted for survey {survey_id}, question {number}. Votes count as answers; `poll end` ends it.",
        data={"poll": poll_id, "survey": survey_id, "question": number},
    )


async def end_command(ctx: Context, args: Args) -> Reply:
    polls = native_polls(ctx)
    place = ctx.command.place
    poll = await polls.latest_open(place)
    if poll is None:
        raise Refusal.error("there is no open poll in this room", "poll")
    if not ctx.is_admin and poll.created_by != ctx.actor_key:
        raise Refusal.denied("Only an admin or whoever started the poll may end it.")
    ended = await polls.end(place)
    if ended is None:
        raise Refusal.error("there is no open poll in this room", "poll")
    return Reply(ended.text, data={"poll": ended.poll_id, "counts": dict(ended.counts)})


POLL = CommandSpec(
    name=COMMAND,
    summary="A survey question as a native poll in a room (platforms with native polls).",
    forms=(
        POST.handled_by(post_command),
        END.handled_by(end_command),
        Form("close", help="The same as `poll end`.").handled_by(end_command),
    ),
    examples=("poll 1 2", "poll end"),
    group="Surveys",
)
COMMANDS = [POLL]
