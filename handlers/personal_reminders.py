"""`remind me|@user|#channel <when> <what>`, `reminders`, `reminder cancel|snooze`.

Rule: anyone may remind themselves, another user or a channel; a reminder for someone else says who
set it. Only its creator or an admin may cancel or snooze it. Times are read in the asker's zone
(set with `tz`, else their member's capital, else the default); a city or IANA zone overrides it.
"""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from handlers.args import Args
from handlers.context import Context
from handlers.core import Reply
from handlers.errors import Refusal
from handlers.meetings.commands import actor_zone
from handlers.registry import CommandSpec
from schedules.reminder_phrases import EXAMPLE, PhraseError, parse_when

MAX_TEXT = 500
SNOOZE = re.compile(r"^(\d{1,4})\s*(m|min|minutes?|h|hours?|d|days?)$", re.I)


def _target(ctx: Context, word: str) -> tuple[str, bool] | None:
    """(key, is a place) for ``me``, ``here``, a user as the platforms write them (a mention, a short form
    that the platform it was typed on accepts, ``<platform>:<user>``), ``#channel``, or a place key
    ``<platform>:<channel>`` (a Slack ``<#C123>`` arrives as such a key; a room id typed bare is a place on
    the platform it was typed on)."""
    platform = ctx.command.actor.platform
    platforms = ctx.services.platforms
    if word.lower() == "me":
        return ctx.actor_key, False
    if word.lower() == "here":
        return ctx.command.place.key, True
    if word.startswith("#") and len(word) > 1:
        return f"{platform}:{word[1:]}", True
    if word.startswith("!") and ":" in word:
        return f"{platform}:{word}", True
    place = platforms.place(word)
    if place is not None:
        return place, True
    user = platforms.parse_user(word, platform)
    if user is not None:
        return user, False
    return None


async def _wake(ctx: Context) -> None:
    for listener in ctx.services.reminder_listeners:
        await listener()


async def remind_command(ctx: Context, args: Args) -> Reply:
    first = args.word(0)
    target = _target(ctx, first) if first else None
    if target is None:
        raise Refusal.usage(f"Usage: `remind me|@user|#channel <when> <what>`; {EXAMPLE}.", "target")
    key, to_place = target
    phrase = args.rest.split(maxsplit=1)[1] if len(args.rest.split(maxsplit=1)) > 1 else ""
    tz = await actor_zone(ctx)
    try:
        when = parse_when(phrase, ctx.now(), tz)
    except PhraseError as exc:
        raise Refusal.usage(f"{exc} Nothing was saved.", exc.field) from None
    if not when.what:
        raise Refusal.usage(f"Remind about what? {EXAMPLE}. Nothing was saved.", "what")
    if len(when.what) > MAX_TEXT:
        raise Refusal.usage(
            f"That text is too long ({len(when.what)} characters, at most {MAX_TEXT}). Nothing was saved.",
            "what",
        )
    row = await ctx.services.reminders.add(
        created_by=ctx.actor_key,
        creator_name=(ctx.command.actor.display_name or ctx.actor_key)[:255],
        target=key,
        to_place=to_place,
        text=when.what,
        timezone=when.tz.key,
        weekday=when.weekday,
        wall_time=when.wall.strftime("%H:%M") if when.wall else None,
        next_at=when.at,
        created_at=ctx.now(),
    )
    await _wake(ctx)
    who = "you" if key == ctx.actor_key else key
    every = f" and every {when.at.astimezone(when.tz):%A} at {when.wall:%H:%M}" if when.wall else ""
    local = when.at.astimezone(when.tz)
    return Reply(
        f"Reminder {row.id}: I will remind {who} {local:%a %d %b %Y %H:%M} {when.tz.key}{every}: {when.what}",
        data={"id": row.id, "next": when.at.isoformat(), "target": key},
    )


async def reminders_command(ctx: Context, args: Args) -> Reply:
    rows = await ctx.services.reminders.of(ctx.actor_key)
    if not rows:
        return Reply(
            "You have no reminders. Set one: `remind me in 2 hours to call Accra`.", data={"ids": []}
        )
    tz = await actor_zone(ctx)
    lines = []
    for r in rows:
        assert r.next_at is not None
        repeat = " (weekly)" if r.weekday is not None else ""
        who = "" if r.target == ctx.actor_key else f" for {r.target}"
        lines.append(f"{r.id}. {r.next_at.astimezone(tz):%a %d %b %Y %H:%M}{repeat}{who}: {r.text}")
    return Reply(  # private: what people asked to be reminded of is theirs
        f"Your reminders (times in {tz.key}):\n" + "\n".join(lines),
        data={"ids": [r.id for r in rows]},
        private=True,
    )


def _snooze(text: str) -> timedelta | None:
    """``10m``, ``1h``, ``2 days``."""
    m = SNOOZE.match(text.strip())
    if m:
        unit = m[2][0].lower()
        return timedelta(minutes=int(m[1]) * {"m": 1, "h": 60, "d": 1440}[unit])
    return None


async def reminder_command(ctx: Context, args: Args) -> Reply:
    action, ident = (args.word(0) or "").lower(), args.word(1) or ""
    usage = "Usage: `reminder cancel <id>`, `reminder snooze <id> <for>` (10m, 1h, tomorrow)"
    if action not in ("cancel", "snooze") or not ident.isdigit():
        raise Refusal.usage(usage, "action" if action not in ("cancel", "snooze") else "id")
    row = await ctx.services.reminders.get(int(ident))
    if row is None or row.next_at is None:
        raise Refusal.error(f"There is no active reminder {ident}.", "id")
    if (
        row.created_by != ctx.actor_key
        and not (row.target == ctx.actor_key and action == "snooze")
        and not ctx.is_admin
    ):
        raise Refusal.error(
            f"Reminder {ident} was set by {row.created_by}; only they or an admin can change it.", "id"
        )
    if action == "cancel":
        await ctx.services.reminders.set_next(row.id, None, None, cancelled_at=ctx.now())
        await _wake(ctx)
        return Reply(f"Reminder {row.id} cancelled.", data={"id": row.id})
    tz = await actor_zone(ctx)
    spec = " ".join(args.words[2:])
    if spec.lower() == "tomorrow":
        local = row.next_at.astimezone(tz)
        new = (ctx.now().astimezone(tz) + timedelta(days=1)).replace(
            hour=local.hour, minute=local.minute, second=0, microsecond=0
        )
    else:
        delta = _snooze(spec)
        if delta is None:
            raise Refusal.usage(usage, "for")
        new = ctx.now() + delta
    await ctx.services.reminders.set_next(row.id, None, new.astimezone(ZoneInfo("UTC")))
    await _wake(ctx)
    return Reply(
        f"Reminder {row.id} snoozed to {new.astimezone(tz):%a %d %b %H:%M} {tz.key}.", data={"id": row.id}
    )


REMIND = CommandSpec(
    name="remind",
    summary="Remind yourself, someone or a channel: once, or every week.",
    usage=("remind me|@user|#channel <when> <what>",),
    examples=("remind me in 2 minutes to call Accra", "remind me every Monday at 9:00 to send the report"),
    handler=remind_command,
    group="Meetings",
)
REMINDERS = CommandSpec(
    name="reminders",
    summary="Your reminders.",
    usage=("reminders",),
    handler=reminders_command,
    group="Meetings",
)
REMINDER = CommandSpec(
    name="reminder",
    summary="Cancel or snooze a reminder.",
    usage=("reminder cancel <id>", "reminder snooze <id> <10m|1h|tomorrow>"),
    handler=reminder_command,
    group="Meetings",
)
COMMANDS = [REMIND, REMINDERS, REMINDER]
