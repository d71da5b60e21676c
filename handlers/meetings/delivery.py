"""Meeting reminders and minutes templates: a kind of due work (`handlers.due`), sent exactly once.

Each message a series owes is one ``due_work`` row, keyed by where and when the call is held
(``series<id>:<call start>:<reminder|minutes>:<offset>:<place>``: moving a call makes its reminders due
again for the new time), in its place's lane; the one engine claims, sends and marks it, retries a
failed send with its one `Policy` and never resends a row whose send began (a row left ``sending`` by a
process that died mid-send ends ``unknown``: a duplicate reminder is worse than a lost one).

`MeetingKind.produce` makes, per active series (or the one series in scope, ``series<id>``: a command
changed it), the rows due now (in the look-back window: `schedules.reminders.scan_window`) and those at
its next due moment; `MeetingKind.settled` adds the series' next ones after a row is settled, so the
engine's one timer waits for the next due row and no series is read again until then. A reminder owed
while the bot was down is sent at start if its call has not begun, else recorded ``missed``
(`schedules.reminders.decide`; the minutes are posted up to `MINUTES_GRACE` after the call).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from handlers.checkins.minutes import digests_for_calls
from handlers.context import Services
from handlers.core import Place, Reply
from handlers.due import GiveUp
from handlers.meetings.firings import KINDS, Firing, firings, owed
from handlers.meetings.rsvp import (
    RsvpBook,
    lists_rsvps,
    minutes_rsvps,
    rsvp_book,
    with_reminder_rsvps,
)
from handlers.meetings.views import (
    Attendee,
    attendees_at,
    minutes_reply,
    problem_of,
    reminder_reply,
    skip_note,
    usable,
)
from schedules.reminders import Due, decide
from storage.repositories.due_work import DueItem, DueRow
from storage.repositories.series_view import SeriesView
from storage.repositories.write_batch import WriteBatcher

log = logging.getLogger("focbot.meetings")
Prepared = tuple[SeriesView | None, Due | None, Reply | None]
"""A row's series, what it owes now (None: no longer), and its message when it is to be sent now."""


class MeetingKind:
    """`handlers.due.DueKind` for meeting reminders (``what="reminder"``) or minutes templates
    (``"minutes"``): two kinds, each with its own rows, backlog and contract."""

    def __init__(self, services: Services, what: str) -> None:
        self.services = services
        self.what = what
        self.name = KINDS[what]
        self._read: dict[int, SeriesView] = {}  # due-work row id -> its series as `send` read it
        self._reads: WriteBatcher[tuple[Firing, datetime], Prepared] = WriteBatcher(self._prepare)

    async def produce(self, now: datetime, scope: str | None = None) -> Sequence[DueRow]:
        """Every active series' rows (`firings`), or only the series named by ``scope``."""
        repo = self.services.meetings
        if scope is None:
            found = await repo.active()
        else:
            one = await repo.get(int(scope.removeprefix("series")))
            found = [one] if one is not None and one.cancelled_at is None else []
        # a series stored bad is skipped, with one log line (the reminders' kind writes it)
        series = usable(found) if self.what == "reminder" else [s for s in found if problem_of(s) is None]
        return [row for one in series for row in firings(one, now, self.what)]

    async def send(self, item: DueItem, now: datetime) -> str:
        firing = Firing.of(item)
        series, due, reply = await self._reads.submit((firing, now))  # read with the round's other rows
        if series is None or due is None:
            return "dropped"
        verdict = decide(due, now)
        if verdict == "later":
            self._read[item.id] = series
            return "dropped"  # its call was lengthened: `settled` adds the row at its new moment
        if verdict == "missed":
            if item.last_error is not None:  # an earlier attempt failed: it is too late to try again
                self._count(due, "failed")
                raise GiveUp(f"the call began before {due.kind} could be sent")
            log.warning(
                "meeting %s: %s %sm for %s missed (bot was down)",
                series.id,
                due.kind,
                due.offset,
                firing.start,
            )
            self._count(due, "missed")
            self._read[item.id] = series
            return "missed"
        assert reply is not None
        try:
            await self.services.notifier.send(Place.parse(firing.place), reply)
        except Exception as exc:
            log.warning(
                "meeting %s: sending to %s failed (attempt %s): %s",
                series.id,
                firing.place,
                item.attempts,
                exc,
            )
            self._count(due, "failed")
            raise
        self._count(due, "sent")
        self._read[item.id] = series
        return "sent"

    async def _prepare(self, batch: Sequence[tuple[Firing, datetime]]) -> list[Prepared]:
        """What the rows sent together need, read together (a handful of queries for a whole round):
        their series, what each owes now, and the message of each one to send."""
        services = self.services
        found = {s.id: s for s in await services.meetings.many({f.series for f, _ in batch})}
        dues = [owed(found.get(f.series), f) for f, _ in batch]
        sending = [
            (found[f.series], due)
            for (f, now), due in zip(batch, dues, strict=True)
            if due is not None and decide(due, now) == "send"
        ]
        calls = {(s.id, d.occurrence.start): s for s, d in sending}
        people = await attendees_at(services, [(s, at) for (_, at), s in calls.items()]) if calls else {}
        listing = {(s.id, d.occurrence.original) for s, d in sending if lists_rsvps(d.kind, d.offset)}
        book = await rsvp_book(services, listing)
        minutes = [(s.id, d.occurrence.start) for s, d in sending if d.kind == "minutes"]
        digests = await digests_for_calls(services, minutes) if minutes else {}
        out: list[Prepared] = []
        for (f, now), due in zip(batch, dues, strict=True):
            series = found.get(f.series)
            reply = None
            if series is not None and due is not None and decide(due, now) == "send":
                attending = people[(series.id, due.occurrence.start)]
                reply = _reply(series, due, attending, book, digests.get(series.id, ()))
            out.append((series, due, reply))
        return out

    def _count(self, due: Due, outcome: str) -> None:
        """Reminders by outcome on /metrics (``focbot_reminders_total``); the minutes are not reminders."""
        if due.kind == "reminder":
            self.services.metrics.count("reminders", outcome=outcome)

    async def began(self, item: DueItem) -> bool:
        """A post leaves no trace before it returns: it may have gone out."""
        return True

    async def settled(self, item: DueItem, outcome: str, now: datetime) -> Sequence[DueRow]:
        """The series' next rows (the engine's timer then waits for the earliest)."""
        firing = Firing.of(item)
        series = self._read.pop(item.id, None) or await self.services.meetings.get(firing.series)
        if series is None or series.cancelled_at is not None:
            return ()
        problem = problem_of(series)
        if problem is not None:
            skip_note(series, problem)
            return ()
        return firings(series, now, self.what)


def _reply(
    series: SeriesView, due: Due, people: Sequence[Attendee], book: RsvpBook, digests: Sequence[str]
) -> Reply:
    """The message, with each participant's local time, the RSVP buttons (reminders) and who is coming
    (from an hour before), and the linked check-ins' digests (minutes)."""
    occurrence = due.occurrence
    if due.kind == "reminder":
        reply = reminder_reply(series, occurrence, due.offset, people)
        return with_reminder_rsvps(reply, series, occurrence, due.offset, book)
    reply = minutes_reply(series, occurrence, people, minutes_rsvps(series, occurrence, book))
    if digests:  # a linked check-in's digest (`checkin new ... before=<meeting>`)
        reply = replace(reply, text="\n\n".join([reply.text, *digests]))
    return reply
