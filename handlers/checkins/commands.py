"""`checkin ...`: define recurring check-ins, run their rounds, answer them, read the digest.

Admins: `checkin new|open|close|pause|resume|results|export`. Anyone: `checkin list|show` and
`checkin answer` (for the rounds they are asked in).
"""

from __future__ import annotations

from dataclasses import replace

from handlers.args import Args
from handlers.checkins import answering, forms, reports
from handlers.checkins.define import read_deadline_days, read_new
from handlers.checkins.lookup import checkin_arg
from handlers.checkins.messages import definition_of, local, question_lines
from handlers.checkins.rounds import audience_of
from handlers.checkins.service import CheckinService
from handlers.context import Context
from handlers.core import Reply, Table
from handlers.errors import Refusal
from handlers.places import place_name
from handlers.registry import CommandSpec
from storage.repositories.checkins import CheckinView

REOPEN_USAGE = forms.usage(forms.REOPEN)


async def new_command(ctx: Context, args: Args) -> Reply:
    new = await read_new(ctx, args)
    checkin = await CheckinService(ctx.services).create(new, ctx.actor_key, ctx.now())
    questions = [
        {
            "number": q.number,
            "type": q.type,
            "options": list(q.options),
            "text": q.text,
            "required": q.required,
        }
        for q in new.definition.questions
    ]
    text = (
        f"Check-in {checkin.id} ({checkin.title}) defined: {new.audience.label} ({new.people} "
        f"{'person' if new.people == 1 else 'people'}), rounds {new.rule} from "
        f"{new.first_round.isoformat()}, "
        f"each at {checkin.wall_time} their own time, open {new.deadline_days} days."
        f" `checkin open {checkin.id}` starts a round now."
    )
    if new.without_focal_point:
        text += (
            f" No focal point yet for {', '.join(new.without_focal_point)}: they are listed as not answered "
            "until one is named (`focal <country> add <user>`)."
        )
    return Reply(
        text,
        data={
            "checkin": checkin.id,
            "title": checkin.title,
            "questions": questions,
            "audience": new.audience.label,
            "participants": new.people,
            "without_focal_point": list(new.without_focal_point),
            "rrule": new.rule,
            "at": checkin.wall_time,
            "next_round": new.first_round.isoformat(),
            "digest": checkin.digest_place,
            "before": checkin.before_series,
        },
    )


def _next_on(checkin: CheckinView) -> str:
    active = checkin.next_round_on is not None and checkin.status == "active"
    return checkin.next_round_on.isoformat() if active and checkin.next_round_on else "none"


async def list_command(ctx: Context, args: Args) -> Reply:
    checkins = await ctx.services.checkins.all()
    if not checkins:
        return Reply("No check-ins yet. Admins: `checkin new quarterly-update`.", data={"checkins": []})
    rows, data = [], []
    for c in checkins:
        latest = await ctx.services.checkins.latest_round(c.id)
        state = "none" if latest is None else f"{latest.number} ({'open' if latest.is_open else 'closed'})"
        next_on = c.next_round_on.isoformat() if c.next_round_on and c.status == "active" else "-"
        rows.append((str(c.id), c.title, audience_of(c).label, c.rule, c.status, next_on, state))
        data.append({"checkin": c.id, "title": c.title, "status": c.status, "next_round": next_on})
    table = Table(("Id", "Title", "Audience", "Rule", "Status", "Next round", "Last round"), tuple(rows))
    return Reply(
        f"{len(checkins)} check-in{'s' if len(checkins) != 1 else ''}.",
        parts=(table,),
        data={"checkins": data},
    )


async def show_command(ctx: Context, args: Args) -> Reply:
    checkin = await checkin_arg(ctx, args.word(0))
    rounds = await ctx.services.checkins.rounds(checkin.id)
    lines = [
        f"*Check-in {checkin.id}: {checkin.title}* ({checkin.status})",
        f"Asks: {audience_of(checkin).label}. Rounds: {checkin.rule} from {checkin.first_date.isoformat()}, "
        f"at {checkin.wall_time} in each one's own zone; open {checkin.deadline_days} days"
        + (
            f"; reminders {', '.join(f'{m // 60}h' for m in checkin.reminder_minutes)} before the deadline"
            if checkin.reminder_minutes
            else ""
        )
        + ".",
        f"Next round: {_next_on(checkin)}."
        + (
            f" Digest to {await place_name(ctx.services, checkin.digest_place)}."
            if checkin.digest_place
            else ""
        ),
        *question_lines(definition_of(checkin)),
    ]
    data_rounds = []
    for rnd in rounds:
        rows = await ctx.services.checkins.participants(rnd.id)
        answered = sum(1 for r in rows if r.answered_at is not None)
        sent = sum(1 for r in rows if r.sent == "sent")
        lines.append(
            f"Round {rnd.number} ({rnd.round_date.isoformat()}): {sent}/{len(rows)} sent, "
            f"{answered} answered, " + ("open" if rnd.is_open else f"closed ({rnd.close_reason})")
        )
        data_rounds.append(
            {
                "round": rnd.number,
                "date": rnd.round_date.isoformat(),
                "open": rnd.is_open,
                "participants": len(rows),
                "sent": sent,
                "answered": answered,
            }
        )
    return Reply(
        "\n".join(lines),
        data={"checkin": checkin.id, "title": checkin.title, "status": checkin.status, "rounds": data_rounds},
    )


async def open_command(ctx: Context, args: Args) -> Reply:
    checkin = await checkin_arg(ctx, args.word(0))
    opened = await CheckinService(ctx.services).open_now(checkin, ctx.actor_key, ctx.now())
    rnd, people = opened.round, opened.people
    if opened.brought_forward:  # a scheduled round whose local times had not all come: they go now
        return Reply(
            f"Round {rnd.number} of check-in {checkin.id} ({checkin.title}) was waiting for each one's "
            f"local {checkin.wall_time}: sent to {people} "
            f"{'person' if people == 1 else 'people'} now; it closes {local(rnd.deadline_at, 'UTC')}.",
            data={
                "checkin": checkin.id,
                "round": rnd.number,
                "participants": people,
                "brought_forward": True,
            },
        )
    skipped = opened.skipped
    text = (
        f"Round {rnd.number} of check-in {checkin.id} ({checkin.title}) is open: sent to {people} "
        f"{'person' if people == 1 else 'people'} now; it closes {local(rnd.deadline_at, 'UTC')}."
    )
    if skipped is not None:
        following = skipped[1].isoformat() if skipped[1] else "none (its rule has no more dates)"
        text += (
            f" It stands for the round scheduled on {skipped[0].isoformat()} (one round a period): "
            f"next scheduled round {following}."
        )
    return Reply(
        text,
        data={
            "checkin": checkin.id,
            "round": rnd.number,
            "participants": people,
            "deadline": rnd.deadline_at.isoformat(),
            "skipped": skipped[0].isoformat() if skipped else None,
            "next_round": skipped[1].isoformat() if skipped and skipped[1] else _next_on(checkin),
        },
    )


async def reopen_command(ctx: Context, args: Args) -> Reply:
    """`checkin reopen <id> [<round>|round=N] [deadline=7d]`: a closed round takes answers again until a
    new deadline (the check-in's days from today); its digest goes again when it closes."""
    checkin = await checkin_arg(ctx, args.word(0))
    number = args.word(1)
    if (number is not None and not number.isdigit()) or len(args.words) > 2:
        raise Refusal.usage("give the round's number", "round", usage=REOPEN_USAGE)
    if number is not None:
        args = replace(args, options={**args.options, "round": number})
    rnd = await reports.round_arg(ctx, checkin, args)
    if rnd.is_open:
        raise Refusal.error(f"round {rnd.number} of check-in {checkin.id} is open already", "round")
    days = read_deadline_days(args.options.get("deadline"), checkin.deadline_days)
    deadline = await CheckinService(ctx.services).reopen(checkin, rnd, days, ctx.now())
    return Reply(
        f"Round {rnd.number} of check-in {checkin.id} ({checkin.title}, {rnd.round_date.isoformat()}) is "
        f"open again: answers are taken until {local(deadline, 'UTC')}"
        + ("; the digest goes again when it closes." if checkin.digest_place else "."),
        data={
            "checkin": checkin.id,
            "round": rnd.number,
            "deadline": deadline.isoformat(),
            "reopened": True,
        },
    )


async def close_command(ctx: Context, args: Args) -> Reply:
    checkin = await checkin_arg(ctx, args.word(0))
    closed = await CheckinService(ctx.services).close_now(checkin, ctx.now())
    shown = await reports.results_command(ctx, args)
    if checkin.digest_place is None or closed.digest_due_at is None:
        return shown
    when = "now" if closed.digest_due_at <= ctx.now() else f"at {closed.digest_due_at:%Y-%m-%d %H:%M} UTC"
    note = f"The digest goes to {await place_name(ctx.services, checkin.digest_place)} {when}."
    return replace(shown, text=f"{shown.text}\n\n{note}", data=shown.data | {"digest_at": when})


async def pause_command(ctx: Context, args: Args) -> Reply:
    checkin = await checkin_arg(ctx, args.word(0))
    await CheckinService(ctx.services).pause(checkin)
    return Reply(
        f"Check-in {checkin.id} is paused: no more scheduled rounds (an open round stays open). "
        f"`checkin resume {checkin.id}` restarts the schedule from its next date.",
        data={"checkin": checkin.id, "status": "paused"},
    )


async def resume_command(ctx: Context, args: Args) -> Reply:
    checkin = await checkin_arg(ctx, args.word(0))
    day = await CheckinService(ctx.services).resume(checkin, ctx.now())
    when = f"next round {day.isoformat()}" if day else "its rule has no more dates"
    return Reply(
        f"Check-in {checkin.id} is active again: {when}.",
        data={"checkin": checkin.id, "status": "active", "next_round": day.isoformat() if day else None},
    )


CHECKIN = CommandSpec(
    name="checkin",
    summary="Recurring check-ins: a DM to each focal point at their local time; a digest by country.",
    forms=(
        forms.LIST.handled_by(list_command),
        forms.SHOW.handled_by(show_command),
        forms.ANSWER.handled_by(answering.answer_command),
        forms.NEW.handled_by(new_command),
        forms.OPEN.handled_by(open_command),
        forms.CLOSE.handled_by(close_command),
        forms.REOPEN.handled_by(reopen_command),
        forms.PAUSE.handled_by(pause_command),
        forms.RESUME.handled_by(resume_command),
        forms.RESULTS.handled_by(reports.results_command),
        forms.EXPORT.handled_by(reports.export_command),
    ),
    default="list",
    aliases=("checkins",),
    examples=(
        "checkin new quarterly-update to=Japan,Canada,Ghana digest=here",
        "checkin open 1",
        'checkin answer 1 1=1 2="cyber norms with the mission in Geneva" 3="a joint statement"',
        "checkin results 1",
    ),
    group="Surveys",
)
COMMANDS = [CHECKIN]
