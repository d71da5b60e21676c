"""`survey open`, `survey status`, `survey close`: the admin side of a survey's life."""

from __future__ import annotations

from datetime import datetime

from handlers.args import Args
from handlers.context import Context
from handlers.core import ItemList, Reply
from handlers.errors import Refusal
from handlers.focal import focal_points_of
from handlers.meetings.groups import MEMBERS, NETWORK, TROIKA, GroupResolver
from handlers.participants import ALL, read_named
from handlers.surveys import forms
from handlers.surveys.audience import (
    AudienceSpec,
    audience_spec,
    parse_deadline,
    parse_offsets,
)
from handlers.surveys.lookup import definition_data, find_survey
from handlers.surveys.messages import deadline_text
from handlers.surveys.service import SURVEY_KINDS, due_scope
from schedules.zones import ZoneError
from schedules.zones import zone as checked_zone

OPEN_USAGE = f"Usage: `{forms.usage(forms.OPEN)}`"


async def _audience(ctx: Context, spec: AudienceSpec) -> list[str]:
    platform = ctx.command.actor.platform
    if spec.kind == "users":
        return await _named(ctx, spec)
    if spec.kind == "members":
        keys = await ctx.services.users.with_member_country()
        if not keys:
            raise Refusal.error(
                "No user is linked to a member country yet, so `to=members` asks nobody.", "to"
            )
        return keys
    if spec.kind == "here":
        roster = ctx.services.place_rosters.get(ctx.command.place.platform)
        if roster is None:
            raise Refusal.error(
                f"I cannot list who is in this place on {platform}; name them: `to=NAME,NAME`.", "to"
            )
        return await roster(ctx.command.place)
    from handlers.rosters import find_network

    network = await find_network(ctx, spec.network or "")
    if network is None:
        raise Refusal.error(f"No network `{spec.network}`. `network` lists them.", "network")
    members = await ctx.services.rosters.members(network.key)
    if not members:
        raise Refusal.error(
            f"Nobody is listed for the {network.city} network yet: `roster {network.key} add NAME,NAME`.",
            "network",
        )
    return members


async def _named(ctx: Context, spec: AudienceSpec) -> list[str]:
    """``to=`` read by the one parser of participant words (`handlers.participants.read_named`): users
    (bare names typed here too), and countries, ``troika`` (this year's) or ``network=<city>``, which a
    survey asks through the people who speak for them: the countries' focal points, the roster."""
    keys: list[str] = []
    for named in await read_named(ctx, ",".join(spec.names), "to", short_users=True, any_user=True):
        if named.kind == "user":
            keys.append(named.ref)
        elif named.ref.startswith(NETWORK):
            keys.extend(await ctx.services.rosters.members(named.ref.removeprefix(NETWORK)))
        elif named.kind == ALL or named.ref == MEMBERS:
            keys.extend(await ctx.services.users.with_member_country())
        else:
            countries = (
                await GroupResolver(ctx.services).troika(ctx.now().year)
                if named.ref == TROIKA
                else [named.ref]
            )
            keys.extend(p.point.user_key for p in await focal_points_of(ctx.services, countries))
    if not keys:
        raise Refusal.error(f"`to={','.join(spec.names)}` names no one to ask yet", "to")
    return sorted(set(keys))


async def open_command(ctx: Context, args: Args) -> Reply:
    survey = await find_survey(ctx, args)
    if survey.status != "draft":
        raise Refusal.error(f"Survey {survey.id} is {survey.status}; only a draft can be opened.", "survey")
    extra = {w.lower() for w in args.words[1:]} - {"anonymous", "here", "members"}
    if extra:
        raise Refusal.usage(
            f"`{', '.join(sorted(extra))}`: not an option of `survey open`. {OPEN_USAGE}", "options"
        )
    now = ctx.now()
    try:
        zone = checked_zone(args.options["tz"]) if "tz" in args.options else None
    except ZoneError:
        raise Refusal.usage(
            f"`tz={args.options['tz']}` is not a time zone: write e.g. `tz=Europe/Zurich`.", "tz"
        ) from None
    zone = zone or await ctx.services.reader_zone(ctx.actor_key)
    try:
        spec = audience_spec(args.options, args.words[1:])
        deadline = parse_deadline(args.options["deadline"], zone, now) if "deadline" in args.options else None
        offsets = parse_offsets(args.options["reminders"]) if "reminders" in args.options else []
    except Refusal as exc:
        raise Refusal.usage(exc.text, exc.field, hint=OPEN_USAGE) from None
    if offsets and deadline is None:
        raise Refusal.usage("Reminders are set before a deadline: add `deadline=YYYY-MM-DD`.", "deadline")
    if deadline is not None and any(deadline.timestamp() - m * 60 <= now.timestamp() for m in offsets):
        raise Refusal.usage(
            f"A reminder {args.options['reminders']} before {deadline_text_at(deadline)} is already past.",
            "reminders",
        )
    audience = await _audience(ctx, spec)
    if not audience:
        raise Refusal.error("That audience is empty; nobody would be asked.", "to")
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
        timezone=zone.key,
    )
    if outcome is None:
        raise Refusal.error(f"Survey {survey.id} is no longer a draft.", "survey")
    await _due_changed(ctx, survey.id)  # its deadline and reminders: due work
    opened = outcome.survey
    unreachable = f" {outcome.unreachable} could not be reached." if outcome.unreachable else ""
    return Reply(
        f"Survey {opened.id} is open{' and anonymous' if anonymous else ''}: {outcome.invited} of "
        f"{opened.audience_size} invited.{unreachable} Deadline: {deadline_text(opened, zone)}."
        + (f" Reminders {args.options['reminders']} before." if offsets else ""),
        data=definition_data(opened, ctx.services.surveys.definition(opened))
        | {"audience": opened.audience_size, "invited": outcome.invited, "unreachable": outcome.unreachable},
    )


async def _due_changed(ctx: Context, survey_id: int) -> None:
    """Tell the due-work engine this survey's deadline and reminders changed (`handlers.surveys.due`)."""
    await ctx.services.due.changed(list(SURVEY_KINDS), scope=due_scope(survey_id))


def deadline_text_at(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M %Z}"


async def status_command(ctx: Context, args: Args) -> Reply:
    survey = await find_survey(ctx, args)
    view = await ctx.services.surveys.status(survey, ctx.now())
    text = (
        f'Survey {survey.id} "{survey.title}": {survey.status}'
        f"{', anonymous' if survey.anonymous else ''}. {view.responses}/{view.audience} responded "
        f"({view.rate:.0%}), {view.partial} in progress. Deadline: "
        f"{deadline_text(survey, await ctx.services.reader_zone(ctx.actor_key))}."
    )
    parts: tuple[ItemList, ...] = ()
    if view.missing is not None and survey.status != "draft":
        text += f" Not answered yet: {len(view.missing)}."
        parts = (ItemList(tuple(view.missing), title="Not answered yet"),) if view.missing else ()
    elif survey.anonymous:
        text += " Who has answered is not shown: the survey is anonymous."
    invitations = await ctx.services.surveys.invitations(survey.id)
    if invitations.get("failed") or invitations.get("pending"):
        text += (
            f" Invitations: {invitations.get('sent', 0)} sent, {invitations.get('failed', 0)} failed, "
            f"{invitations.get('pending', 0)} pending."
        )
    data = {
        "survey": survey.id,
        "status": survey.status,
        "anonymous": survey.anonymous,
        "responses": view.responses,
        "partial": view.partial,
        "audience": view.audience,
        "rate": round(view.rate, 4),
        "deadline": survey.deadline.isoformat() if survey.deadline else None,
        "invitations": invitations,
    }
    if view.missing is not None:
        data["missing"] = view.missing
    return Reply(text, parts=parts, data=data)


async def close_command(ctx: Context, args: Args) -> Reply:
    survey = await find_survey(ctx, args)
    if survey.status != "open":
        raise Refusal.error(f"Survey {survey.id} is {survey.status}, not open.", "survey")
    closed = await ctx.services.surveys.close(survey.id, ctx.now(), reason="command")
    if closed is None:
        raise Refusal.error(f"Survey {survey.id} has already closed.", "survey")
    await _due_changed(ctx, survey.id)  # its deadline and reminders are dropped
    return Reply(
        f"Survey {closed.id} closed: {closed.responses_at_close}/{closed.audience_size} responded. "
        f"`survey results {closed.id}` shows the results.",
        data={"survey": closed.id, "status": closed.status, "responses": closed.responses_at_close},
    )
