"""`remind me|@user|#channel <when> <what>`, `reminders`, `reminder cancel|stop|snooze`.

Rule: a reminder cannot be aimed at people who did not ask for it. Anyone may remind themselves, the
place they type in (`remind here`), a place the platform confirms they are in, and people who are in
the place they type in with them, on the platform they type on; an admin may remind anyone anywhere.
A reminder for someone else says who set it by platform id (not only by a name the sender chooses), and
whoever it reminds can stop it (`reminder stop <id>`, or the button / reaction on the message). Each
user may have `CoreSettings.reminders_per_user` active reminders and set
`CoreSettings.reminders_per_minute` a minute. Only its creator, its recipient or an admin may change a
reminder; to anyone else it does not exist (a refusal names nobody). Times are read in the asker's zone
(set with `tz`, else their member's capital, else the default); a city or IANA zone overrides it.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from handlers.args import Args, parse_id
from handlers.context import Context
from handlers.core import Place, Reply
from handlers.declare import Form
from handlers.errors import Refusal
from handlers.meetings.commands import actor_zone
from handlers.registry import CommandSpec
from schedules.reminder_phrases import EXAMPLE, PhraseError, parse_when
from storage.repositories.personal_reminders import ReminderView

log = logging.getLogger("focbot.reminders")
MAX_TEXT = 500
MAX_TARGET = 255
"""The width of the target column: a longer target names nothing and is refused before storage."""
SNOOZE = re.compile(r"^(\d{1,4})\s*(m|min|minutes?|h|hours?|d|days?)$", re.I)
_ROOM = re.compile(r"![A-Za-z0-9._~+/=:-]+")
"""A Matrix room id as typed: ``!opaque:server``, or a room version 12 id (``!`` and a hash, no server)."""


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
    if _ROOM.fullmatch(word):
        return f"{platform}:{word}", True
    place = platforms.place(word)
    if place is not None:
        return place, True
    user = platforms.parse_user(word, platform)
    if user is not None:
        return user, False
    return None


async def _members(ctx: Context, place: Place) -> list[str] | None:
    """Who the platform says is in ``place`` (its `PlaceRoster`); None when it cannot say (no roster,
    a place the bot is not in, an error)."""
    roster = ctx.services.place_rosters.get(place.platform)
    if roster is None:
        return None
    try:
        return list(await roster(place))
    except Exception as exc:  # the platform refused or failed: nothing is confirmed
        log.info("reminders: the members of %s could not be listed: %s", place.key, exc)
        return None


async def _may_remind(ctx: Context, key: str, to_place: bool) -> None:
    """Refuse a target the actor does not share (admins may remind anyone anywhere)."""
    if ctx.is_admin or key == ctx.actor_key:
        return
    here = ctx.command.place
    platform = ctx.command.actor.platform
    if key.partition(":")[0] != platform:
        raise Refusal.error(
            "You can remind people and places only on the platform you type on. Nothing was saved.", "target"
        )
    if to_place:
        if key == here.key:
            return
        members = await _members(ctx, Place.parse(key))
        if members is None or ctx.actor_key not in members:
            raise Refusal.error(
                "You can remind a channel or room only when you are in it (and the bot can see it);"
                " type `remind here ...` in it. Nothing was saved.",
                "target",
            )
        return
    members = await _members(ctx, here)
    if members is None or ctx.actor_key not in members or key not in members:
        raise Refusal.error(
            "You can remind someone only from a channel or room you are both in; type the reminder there."
            " Nothing was saved.",
            "target",
        )


async def _within_quota(ctx: Context) -> None:
    """Refuse a reminder over the actor's quota (admins have none)."""
    if ctx.is_admin:
        return
    settings = ctx.services.settings
    active, recent = await ctx.services.reminders.counts(ctx.actor_key, ctx.now() - timedelta(minutes=1))
    if active >= settings.reminders_per_user:
        raise Refusal.error(
            f"You have {active} active reminders, the most one person may have; cancel some first"
            " (`reminders` lists them). Nothing was saved.",
            "target",
        )
    if recent >= settings.reminders_per_minute:
        raise Refusal.error(
            f"You set {recent} reminders in the last minute, the most one person may; try again in a"
            " minute. Nothing was saved.",
            "target",
        )


async def _wake(ctx: Context) -> None:
    await ctx.services.due.changed("personal_reminder")


async def remind_command(ctx: Context, args: Args) -> Reply:
    first = args.word(0)
    target = _target(ctx, first) if first else None
    if target is None:
        raise Refusal.usage(f"Usage: `remind me|@user|#channel <when> <what>`; {EXAMPLE}.", "target")
    key, to_place = target
    if len(key) > MAX_TARGET:
        raise Refusal.usage(
            f"That target is too long ({len(key)} characters, at most {MAX_TARGET}). Nothing was saved.",
            "target",
        )
    await _may_remind(ctx, key, to_place)
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
    await _within_quota(ctx)
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


async def _mine(ctx: Context, row: ReminderView | None, may_stop: bool) -> bool:
    """Whether the actor may change ``row``: its creator, an admin, or (to stop or snooze it) the person
    or a member of the place it reminds."""
    if row is None:
        return False
    if row.created_by == ctx.actor_key or ctx.is_admin:
        return True
    if not may_stop:
        return False
    if not row.to_place:
        return row.target == ctx.actor_key
    if row.target == ctx.command.place.key:
        return True
    members = await _members(ctx, Place.parse(row.target))
    return members is not None and ctx.actor_key in members


async def reminder_command(ctx: Context, args: Args) -> Reply:
    action = (args.word(0) or "").lower()
    usage = "Usage: `reminder cancel|stop <id>`, `reminder snooze <id> <for>` (10m, 1h, tomorrow)"
    if action not in ("cancel", "stop", "snooze"):
        raise Refusal.usage(usage, "action")
    ident = parse_id(args.word(1), "reminder", "id", listing="reminders")
    row = await ctx.services.reminders.get(ident)
    # Someone else's reminder is refused as one that does not exist: the refusal names nobody.
    if row is None or row.next_at is None or not await _mine(ctx, row, action in ("stop", "snooze")):
        raise Refusal.error(f"There is no active reminder {ident} of yours (`reminders` lists them).", "id")
    if action in ("cancel", "stop"):
        await ctx.services.reminders.set_next(row.id, None, None, cancelled_at=ctx.now())
        await _wake(ctx)
        verb = "stopped" if action == "stop" else "cancelled"
        return Reply(f"Reminder {row.id} {verb}.", data={"id": row.id})
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
    forms=(Form(args="me|@user|#channel <when> <what>", free_text=True, private=True),),
    examples=("remind me in 2 minutes to call Accra", "remind me every Monday at 9:00 to send the report"),
    handler=remind_command,
    group="Meetings",
)
REMINDERS = CommandSpec(
    name="reminders",
    summary="Your reminders.",
    forms=(Form(private=True),),
    handler=reminders_command,
    group="Meetings",
)
REMINDER = CommandSpec(
    name="reminder",
    summary="Cancel, stop or snooze a reminder (stop: one set for you by someone else).",
    forms=(
        Form("cancel", "<id>", private=True),
        Form("stop", "<id>", private=True),
        Form("snooze", "<id> <10m|1h|tomorrow>", private=True),
    ),
    handler=reminder_command,
    group="Meetings",
)
COMMANDS = [REMIND, REMINDERS, REMINDER]
