"""The confirm step of `meeting new` with a schedule in words: the proposal is shown back (the schedule in
words, the RRULE, the next three calls in the admin's zone and in the series' zone) and stored; its author's
`yes` creates the series exactly as `meeting new` would, once; `no` drops it.

Only the proposal is stored (who, where, the full parsed request, until `EXPIRY`). `meeting confirm <n>
yes|no` answers it: Slack's Confirm / Cancel buttons run it (`Choices`), and in the console and Matrix a
plain `yes` or `no` from the same person in the same place does (`bot.middleware.pending_answers`). The
proposal moves out of ``pending`` with one conditional update, so a second `yes`, a replayed button or
another replica finds it decided and creates nothing. The exact form (``rrule=``) still saves at once.
"""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from handlers.args import Args, parse_id
from handlers.context import Context, Services
from handlers.core import Choice, Choices, Reply, Status, Table
from handlers.errors import Refusal, refusing
from handlers.meetings import forms
from handlers.meetings.commands import NEW_USAGE, ReadNew, create_series, new_command, read_new
from handlers.meetings.spec import AskerZone, worded_spec
from handlers.meetings.worded import read_worded
from schedules.phrases import SchedulePhrase
from schedules.recurrence import WINDOW_END, RuleError, Schedule
from schedules.reminders import OffsetError
from storage.repositories.confirmations import Proposal
from storage.repositories.meetings import NewSeries

EXPIRY = timedelta(minutes=15)
ACTION = "meeting new"
YES = frozenset(("yes", "y"))
NO = frozenset(("no", "n"))
CONFIRM_USAGE = forms.usage(forms.CONFIRM)
SHOWN = 3
ANSWER_WINDOW = timedelta(hours=1)
"""How long after it expired an undecided proposal still takes its author's plain `yes` (told it expired)."""
DECIDED_WINDOW = EXPIRY
"""How long after it was decided a proposal still takes a plain `yes` (told it was already confirmed or
dropped); after that a plain `yes` there is read as before (a question, a survey answer)."""


def request_data(new: NewSeries) -> dict[str, Any]:
    """``new`` as JSON-able data (what the proposal stores)."""
    data = asdict(new)
    data["first_date"] = new.first_date.isoformat()
    return data


def series_from(data: dict[str, Any], alternative: bool = False) -> NewSeries:
    """The inverse of `request_data` (``alternative``: the other reading of an ambiguous phrase)."""
    fields = dict(data)
    other = fields.pop("alternative", None)
    if alternative:
        if other is None:
            raise Refusal.error("this proposal has only one reading; say yes or no", "proposal")
        fields = dict(other)
    fields["first_date"] = date.fromisoformat(fields["first_date"])
    fields["participants"] = [tuple(p) for p in fields["participants"]]
    return NewSeries(**fields)


async def new_or_propose(ctx: Context, args: Args) -> Reply:
    """`meeting new`: with a schedule in words, the proposal to confirm; the exact form saves at once.
    The phrase is read once and its rule and zone travel as values (`handlers.meetings.spec`); the asker's
    zone is resolved once (`AskerZone`), for the phrase, ``start=`` and the proposal's table alike."""
    mine = AskerZone(ctx)
    worded = await read_worded(ctx, args, mine)
    if worded is None:
        return await new_command(ctx, args)
    with refusing(kinds=(RuleError, OffsetError), usage=NEW_USAGE):
        spec = await worded_spec(ctx, args, worded.title, worded.when)
    read = await read_new(ctx, spec)
    return await propose(ctx, read, worded.phrase, await mine.get(), worded.text)


def _schedule(new: NewSeries) -> Schedule:
    return Schedule.build(new.rrule, new.first_date, list(new.rotation), new.duration_minutes, new.timezone)


_SECOND = re.compile(r"\bevery\s+(?:second|2nd)\s+([a-z]+day)s?\b(?!\s+(?:of|in|each)\b)", re.I)
MONTHLY = frozenset(("monthly",))


def plain_answer(text: str) -> str | None:
    """The answer a plain word typed after a proposal gives, as the proposal words it (`yes`, `no`,
    `monthly`), or None for anything else."""
    word = text.strip().lower().rstrip(".!")
    if word in YES:
        return "yes"
    if word in NO:
        return "no"
    return "monthly" if word in MONTHLY else None


def other_reading(said: str, new: NewSeries) -> NewSeries | None:
    """``every second Tuesday`` also means the 2nd Tuesday of each month: that series, when ``said`` is
    read as every other week; None for a phrase with one reading."""
    match = _SECOND.search(said)
    day = re.search(r"BYDAY=([A-Z]{2})$", new.rrule)
    if match is None or day is None or "INTERVAL=2" not in new.rrule:
        return None
    first = new.first_date
    while not (8 <= first.day <= 14 and first.weekday() == new.first_date.weekday()):
        first += timedelta(days=1)
    return replace(new, rrule=f"FREQ=MONTHLY;BYDAY=2{day.group(1)}", first_date=first)


async def propose(
    ctx: Context, read: ReadNew, phrase: SchedulePhrase, mine: ZoneInfo, said: str = ""
) -> Reply:
    """Store the proposal and show it back, with Confirm / Cancel (and, for a phrase with two readings,
    the other one as a choice: asked, not guessed). ``mine``: the asker's zone, already resolved."""
    now = ctx.now()
    new = read.series
    other = other_reading(said, new)
    theirs = read.schedule.tz
    calls = read.schedule.occurrences(now, WINDOW_END, limit=SHOWN)
    summary = f"{new.title}: {phrase.words}"
    proposal = await ctx.services.confirmations.propose(
        actor_key=ctx.actor_key,
        place_key=ctx.command.place.key,
        action=ACTION,
        request=request_data(new) | ({"alternative": request_data(other)} if other else {}),
        summary=summary,
        at=now,
        expires_at=now + EXPIRY,
    )
    shown = "%a %d %b %Y %H:%M"
    rows = tuple(
        (str(i), f"{c.start.astimezone(mine):{shown}}", f"{c.start.astimezone(theirs):{shown}}")
        for i, c in enumerate(calls, 1)
    )
    table = Table(("#", f"Your time ({mine.key})", f"Series time ({theirs.key})"), rows, title="Next calls")
    until = proposal.expires_at.astimezone(mine)
    who = ", ".join(ref for _, ref in new.participants)
    lines = [
        f"*{new.title}*: {phrase.words}, {new.duration_minutes} min, with {who}.",
        f"Rule: {new.rrule} from {new.first_date.isoformat()}.",
        f"Say `yes` to save it or `no` to drop it (proposal {proposal.id}, open until "
        f"{until:%H:%M} {mine.key}). Nothing is saved until then.",
    ]
    options: tuple[Choice, ...] = (Choice("Confirm", "yes"), Choice("Cancel", "no"))
    if other is not None:
        weekday = f"{other.first_date:%A}"
        alt_calls = _schedule(other).occurrences(now, WINDOW_END, limit=SHOWN)
        lines.insert(
            1,
            f"Two readings: every 2 weeks (above; `yes`), or the 2nd {weekday} of each month "
            f"({other.rrule}, next: "
            + ", ".join(f"{c.start.astimezone(mine):%a %d %b}" for c in alt_calls)
            + "; say `monthly`).",
        )
        options = (
            Choice("Every 2 weeks", "yes"),
            Choice(f"2nd {weekday} monthly", "monthly"),
            Choice("Cancel", "no"),
        )
    choices = Choices("Save this meeting?", options, command=f"meeting confirm {proposal.id} {{value}}")
    data = {
        "proposal": proposal.id,
        "title": new.title,
        "schedule": phrase.words,
        "rrule": new.rrule,
        "start": new.first_date.isoformat(),
        "at": f"{phrase.at:%H:%M}",
        "tz": new.timezone,
        "your_tz": mine.key,
        "expires_at": proposal.expires_at.isoformat(),
        "readings": [new.rrule, other.rrule] if other else [new.rrule],
        "next": [
            {
                "start": c.start.isoformat(),
                "yours": c.start.astimezone(mine).isoformat(),
                "series": c.start.astimezone(theirs).isoformat(),
            }
            for c in calls
        ],
    }
    return Reply("\n".join(lines), parts=(table, choices), data=data)


async def confirm_command(ctx: Context, args: Args) -> Reply:
    """`meeting confirm <proposal> yes|no`."""
    number, said = (args.word(0) or "").lstrip("#"), (args.word(1) or "").lower()
    if not number or said not in YES | NO | MONTHLY or len(args.words) != 2:
        raise Refusal.usage("say which proposal and yes or no", "proposal", usage=CONFIRM_USAGE)
    try:
        proposal_id = parse_id(number, "proposal", "proposal")
    except Refusal as refusal:  # not a number: the usage; a number past any id: there is none
        raise (refusal.with_usage(CONFIRM_USAGE) if refusal.status is Status.USAGE else refusal) from None
    proposal = await ctx.services.confirmations.get(proposal_id)
    if proposal is None or proposal.action != ACTION:
        raise Refusal.error(f"there is no proposal {number}", "proposal")
    if proposal.actor_key != ctx.actor_key:
        raise Refusal.error(
            f"proposal {proposal.id} is for the admin who made it to confirm; nothing was saved", "proposal"
        )
    return await answer(ctx, proposal, said not in NO, alternative=said in MONTHLY)


async def answer(ctx: Context, proposal: Proposal, yes: bool, *, alternative: bool = False) -> Reply:
    """Confirm (create the series, once) or drop the author's proposal."""
    now = ctx.now()
    repo = ctx.services.confirmations
    settled = _settled(proposal)
    if settled is not None:
        return settled
    if proposal.expires_at <= now:
        await repo.decide(proposal.id, proposal.actor_key, "expired", now)
        raise Refusal.error(_expired(proposal, await ctx.services.reader_zone(ctx.actor_key)), "proposal")
    if not yes:
        if not await repo.decide(proposal.id, proposal.actor_key, "dropped", now):
            return await _decided_meanwhile(ctx, proposal.id)
        return Reply(
            f"Dropped proposal {proposal.id} ({proposal.summary}); nothing was saved.",
            data={"proposal": proposal.id, "state": "dropped"},
        )
    new = series_from(proposal.request, alternative)
    with refusing("proposal", (RuleError,), status=Status.ERROR):
        first = _schedule(new).first_start()
    if first <= now:
        await repo.decide(proposal.id, proposal.actor_key, "expired", now)
        raise Refusal.error(
            "its first call has begun since it was proposed; nothing was saved. Send the `meeting new` again",
            "proposal",
        )
    if not await repo.decide(proposal.id, proposal.actor_key, "confirming", now):
        return await _decided_meanwhile(ctx, proposal.id)
    try:
        reply = await create_series(ctx, new)
    except Exception:
        await repo.settle(proposal.id, "dropped")
        raise
    series_id = (reply.data or {}).get("series")
    await repo.settle(proposal.id, "confirmed", series_id)
    return Reply(reply.text, reply.parts, data=dict(reply.data or {}) | {"proposal": proposal.id})


def _settled(proposal: Proposal) -> Reply | None:
    """The answer for a proposal decided before (a second `yes`, a replayed button): a `Refusal` when it
    was dropped, expired or replaced; None while it is pending."""
    if proposal.state == "pending":
        return None
    data = {"proposal": proposal.id, "state": proposal.state, "series": proposal.result_id}
    if proposal.state == "confirmed":
        return Reply(
            f"Proposal {proposal.id} was already confirmed: meeting {proposal.result_id}. "
            "Nothing new was saved.",
            data=data,
        )
    if proposal.state == "confirming":
        return Reply(f"Proposal {proposal.id} is being saved; `meeting list` shows it.", data=data)
    said = {"dropped": "was dropped", "expired": "expired", "replaced": "was replaced by a newer proposal"}
    raise Refusal.error(
        f"Proposal {proposal.id} {said.get(proposal.state, proposal.state)}; nothing was saved.",
        "proposal",
        data=data,
    )


async def _decided_meanwhile(ctx: Context, proposal_id: int) -> Reply:
    proposal = await ctx.services.confirmations.get(proposal_id)
    settled = _settled(proposal) if proposal is not None else None
    if settled is None:
        raise Refusal.error(f"Proposal {proposal_id} is gone; nothing was saved.", "proposal")
    return settled


def _expired(proposal: Proposal, tz: ZoneInfo) -> str:
    minutes = int(EXPIRY.total_seconds() // 60)
    return (
        f"proposal {proposal.id} expired at {proposal.expires_at.astimezone(tz):%H:%M} {tz.key} (proposals "
        f"wait {minutes} minutes); nothing was saved. Send the `meeting new` again"
    )


async def pending_for(services: Services, actor_key: str, place_key: str, now: datetime) -> Proposal | None:
    """The author's latest proposal in that place, which a plain `yes`/`no` answers: an undecided one until
    `ANSWER_WINDOW` after it expired (told it expired), a decided one for `DECIDED_WINDOW` after (a second
    `yes` is told it was already confirmed). Otherwise None: the `yes` is read as before."""
    proposal = await services.confirmations.latest_for(actor_key, place_key, now - ANSWER_WINDOW)
    if proposal is None or proposal.state == "pending":
        return proposal
    decided = proposal.decided_at or proposal.created_at
    return proposal if decided > now - DECIDED_WINDOW else None


async def answers_proposal(
    services: Services, actor_key: str, place_key: str, text: str, now: datetime
) -> bool:
    """Whether ``text``, said unaddressed in a shared room, is its author's plain answer (`plain_answer`) to
    their own undecided proposal there: the adapter then passes it on as a command. Anyone else's `yes`,
    or one after the proposal was decided, stays chatter the bot does not answer."""
    if plain_answer(text) is None:
        return False
    proposal = await services.confirmations.latest_for(actor_key, place_key, now - ANSWER_WINDOW)
    return proposal is not None and proposal.state == "pending"
