"""`meeting rsvp`: who comes to each call, per member country; and the RSVP parts of other messages.

An RSVP is per call and per user: yes, no or maybe, changeable until the call starts and refused after.
The call is the series plus its rule start, so moving a call keeps its answers. Reminders and one-call
invitations carry Going / Not going / Maybe as `Choices` whose command is `meeting rsvp <series> <date>
{value}` (platforms with buttons show them; others show the command to type); `meeting show`, the reminders
due an hour or less before a call, and the minutes list who answered, by country.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.args import Args
from handlers.context import Context, Services
from handlers.core import Choice, Choices, Reply, Status, Table
from handlers.errors import Refusal, refusing
from handlers.meetings import forms
from handlers.meetings.changes import ics_command
from handlers.meetings.commands import show_command
from handlers.meetings.input import parse_date
from handlers.meetings.my_calls import countries_spoken_for, part_in
from handlers.meetings.naming import FoundCall, call_on, find_series, is_date, split_name
from handlers.meetings.views import overrides_of, schedule_of, upcoming, when
from schedules.recurrence import Occurrence
from storage.repositories.rsvps import CallKey, RsvpView
from storage.repositories.series_view import SeriesView

RSVP_USAGE = forms.usage(forms.RSVP)
ANSWER_WORDS = {
    "yes": "yes",
    "y": "yes",
    "going": "yes",
    "no": "no",
    "n": "no",
    "not-going": "no",
    "maybe": "maybe",
    "perhaps": "maybe",
}
ANSWER_LABELS = {"yes": "Going", "no": "Not going", "maybe": "Maybe"}
NO_COUNTRY = "(no country)"
REMOVED = {"skip": "skipped", "cancel": "cancelled"}
LIST_BEFORE_MINUTES = 60
"""Reminders due this close to the call (the 1-hour reminder and later ones) list who is coming."""


@dataclass(frozen=True)
class RsvpBook:
    """The answers for some calls and the display names of those who gave them."""

    answers: dict[CallKey, list[RsvpView]]
    names: dict[str, str]

    def of(self, series_id: int, original: datetime) -> list[RsvpView]:
        return self.answers.get((series_id, original), [])

    def label(self, user_key: str) -> str:
        return self.names.get(user_key) or user_key.split(":", 1)[-1]


def lists_rsvps(kind: str, offset: int) -> bool:
    """Whether a delivery lists the answers: the minutes, and reminders an hour or less before."""
    return kind == "minutes" or offset <= LIST_BEFORE_MINUTES


async def rsvp_book(services: Services, calls: Iterable[CallKey]) -> RsvpBook:
    """At most two queries for any number of calls (none for none): the answers, then who gave them."""
    calls = set(calls)
    if not calls:
        return RsvpBook({}, {})
    answers = await services.rsvps.for_calls(calls)
    keys = sorted({r.user_key for views in answers.values() for r in views})
    users = await services.users.many(keys)
    names = {k: u.display_name for k, u in users.items() if u.display_name}
    return RsvpBook(answers, names)


def by_country(views: Sequence[RsvpView], book: RsvpBook) -> dict[str, dict[str, list[str]]]:
    """answer -> member country -> names, countries sorted, answers in yes/maybe/no order."""
    grouped: dict[str, dict[str, list[str]]] = {"yes": {}, "maybe": {}, "no": {}}
    for view in views:
        grouped[view.answer].setdefault(view.member or NO_COUNTRY, []).append(book.label(view.user_key))
    return {a: dict(sorted(countries.items())) for a, countries in grouped.items()}


def summary_lines(views: Sequence[RsvpView], book: RsvpBook) -> list[str]:
    """``Going: Estonia (kadri), Switzerland (alice)`` and so on; one line when nobody answered."""
    if not views:
        return ["RSVPs: none yet."]
    lines = []
    for answer, countries in by_country(views, book).items():
        if countries:
            listed = ", ".join(f"{c} ({', '.join(names)})" for c, names in countries.items())
            lines.append(f"{ANSWER_LABELS[answer]}: {listed}")
    return lines


def rsvps_data(views: Sequence[RsvpView], book: RsvpBook) -> list[dict[str, object]]:
    return [
        {
            "user": v.user_key,
            "name": book.label(v.user_key),
            "member": v.member,
            "answer": v.answer,
            "updated_at": v.updated_at.isoformat(),
        }
        for v in views
    ]


def rsvp_choices(series: SeriesView, occurrence: Occurrence) -> Choices:
    """Going / Not going / Maybe for one call, as the command `meeting rsvp <series> <local date> ...`."""
    day = occurrence.start.astimezone(ZoneInfo(series.timezone)).date()
    return Choices(
        f"Coming to {series.title} on {day:%a %d %b}?",
        tuple(Choice(label, value) for value, label in ANSWER_LABELS.items()),
        command=f"meeting rsvp {series.id} {day.isoformat()} {{value}}",
        public=True,
    )


def with_reminder_rsvps(
    reply: Reply, series: SeriesView, occurrence: Occurrence, offset: int, book: RsvpBook
) -> Reply:
    """A reminder with the RSVP buttons; from an hour before the call, with who is coming too."""
    parts = (*reply.parts, rsvp_choices(series, occurrence))
    if not lists_rsvps("reminder", offset):
        return replace(reply, parts=parts)
    views = book.of(series.id, occurrence.original)
    text = "\n".join([reply.text, *summary_lines(views, book)])
    data = dict(reply.data or {}) | {"rsvps": rsvps_data(views, book)}
    return replace(reply, text=text, parts=parts, data=data)


def minutes_rsvps(series: SeriesView, occurrence: Occurrence, book: RsvpBook) -> dict[str, list[str]]:
    """For the minutes template: answer label -> ``Country (names)`` entries."""
    views = book.of(series.id, occurrence.original)
    return {
        ANSWER_LABELS[answer]: [f"{c} ({', '.join(names)})" for c, names in countries.items()]
        for answer, countries in by_country(views, book).items()
        if countries
    }


# -- the commands ---------------------------------------------------------------------------------
def _call_on(series: SeriesView, day: date, now: datetime) -> FoundCall:
    """The call held on local date ``day``, or moved away from it (with a note); a `Refusal` if none."""
    found = call_on(series, day, now)
    status = found.occurrence.status
    if status in REMOVED.values():
        raise Refusal.error(f"the call of {day} is {status}; there is nothing to answer", "date")
    return found


def _is_tail(word: str) -> bool:
    return is_date(word) or word.lower() in ANSWER_WORDS


def _parse(words: Sequence[str]) -> tuple[str | None, str | None, str]:
    name, rest = split_name(words, _is_tail)
    if name is None or len(rest) not in (1, 2):
        raise Refusal.usage("give the meeting number or title, optionally the date, and yes, no or maybe")
    answer = ANSWER_WORDS.get(rest[-1].lower())
    if answer is None:
        raise Refusal.usage(f"`{rest[-1]}` is not an answer; say yes, no or maybe", "answer")
    return name, (rest[0] if len(rest) == 2 else None), answer


async def rsvp_command(ctx: Context, args: Args) -> Reply:
    """`meeting rsvp <meeting> [<YYYY-MM-DD>] yes|no|maybe`: say whether you come to a call."""
    now = ctx.now()
    note: str | None = None
    with refusing(status=Status.USAGE, usage=RSVP_USAGE):
        number, day_text, answer = _parse(args.words)
        day = parse_date(day_text, "date", "date") if day_text is not None else None
    with refusing(status=Status.ERROR, tail="; nothing saved."):
        series = await find_series(ctx, number)
        if series.cancelled_at is not None:
            raise Refusal.error(f"meeting {series.id} is cancelled", "meeting")
        if day is None:
            nxt = [o for o in upcoming(series, now, 2) if o.start > now]  # one starting now has started
            if not nxt:
                raise Refusal.error(f"meeting {series.id} has no call coming up", "meeting")
            call = nxt[0]
        else:
            found = _call_on(series, day, now)
            call, note = found.occurrence, found.note
    tz = ZoneInfo(series.timezone)
    if call.start <= now:
        raise Refusal.error(
            f"The call of {when(call.start, call.end, tz)} has started; RSVPs close when a call starts. "
            "Nothing saved."
        )
    countries = await countries_spoken_for(ctx.services, ctx.actor_key)
    member = countries[0] if countries else None
    participant = bool(await part_in(ctx.services, ctx.actor_key, series, call.start))
    previous = await ctx.services.rsvps.answer(
        (series.id, call.original), ctx.actor_key, answer, member=member, call_start=call.start, at=now
    )
    local_day = call.start.astimezone(tz).date().isoformat()
    changed = f" (was {ANSWER_LABELS[previous].lower()})" if previous and previous != answer else ""
    other = "no" if answer != "no" else "yes"
    outsider = (
        ""
        if participant
        else "Note: you are not a participant of this call (neither you"
        + (f" nor {', '.join(countries)}" if countries else ", nor a country you speak for,")
        + " is among its participants); your answer is saved and listed with the others.\n"
    )
    return Reply(
        (f"Note: {note}.\n" if note else "")
        + outsider
        + f"Saved: {ANSWER_LABELS[answer].lower()}{changed} for *{series.title}* (meeting {series.id}), "
        f"{when(call.start, call.end, tz)}" + (f", for {member}" if member else "") + ". "
        f"You can change it until the call starts: `meeting rsvp {series.id} {local_day} {other}`.",
        data={
            "series": series.id,
            "start": call.start.isoformat(),
            "original_start": call.original.isoformat(),
            "answer": answer,
            "previous": previous,
            "member": member,
            "user": ctx.actor_key,
            "note": note,
            "participant": participant,
        },
        private=True,
    )


async def show_with_rsvps(ctx: Context, args: Args) -> Reply:
    """`meeting show`, plus who answered for the next call, by member country (``rsvps`` in data)."""

    reply = await show_command(ctx, args)
    if not reply.ok or not isinstance(reply.data, dict):
        return reply
    data = dict(reply.data)
    nxt = data.get("next") or []
    if not nxt:
        return replace(reply, data=data | {"rsvps": [], "rsvp_call": None})
    original = datetime.fromisoformat(str(nxt[0]["original_start"]))
    series_id = int(data["series"])
    book = await rsvp_book(ctx.services, [(series_id, original)])
    views = book.of(series_id, original)
    start = datetime.fromisoformat(str(nxt[0]["start"]))
    tz = ZoneInfo(str(data["tz"]))
    lines = [
        f"RSVPs for the call of {start.astimezone(tz):%a %d %b %Y} (`meeting rsvp {series_id} yes|no|maybe`):"
    ]
    lines += summary_lines(views, book)
    parts = list(reply.parts)
    if views:
        rows = tuple(
            (v.member or NO_COUNTRY, book.label(v.user_key), ANSWER_LABELS[v.answer])
            for v in sorted(views, key=lambda v: (v.member or "~", v.user_key))
        )
        parts.append(Table(("Country", "Who", "RSVP"), rows, title="RSVPs for the next call"))
    return replace(
        reply,
        text="\n".join([reply.text, *lines]),
        parts=tuple(parts),
        data=data
        | {
            "rsvps": rsvps_data(views, book),
            "rsvp_call": start.isoformat(),
            "rsvp_counts": {a: sum(1 for v in views if v.answer == a) for a in ANSWER_LABELS},
        },
    )


async def ics_with_rsvp(ctx: Context, args: Args) -> Reply:
    """`meeting ics <meeting> <date>` (the invitation to one call) with Going / Not going / Maybe."""

    reply = await ics_command(ctx, args)
    if not reply.ok or not isinstance(reply.data, dict) or not reply.data.get("original_start"):
        return reply
    series = await ctx.services.meetings.get(int(reply.data["series"]))
    if series is None:
        return reply
    original = datetime.fromisoformat(str(reply.data["original_start"]))
    planned = schedule_of(series).find(original)
    if planned is None:
        return reply
    change = overrides_of(series).get(planned.original)
    call = planned
    if change is not None and change.action == "move" and change.moved_to is not None:
        call = Occurrence(
            planned.index, planned.original, change.moved_to, change.moved_to + (planned.end - planned.start)
        )
    if call.start <= ctx.now():
        return reply
    return replace(reply, parts=(*reply.parts, rsvp_choices(series, call)))
