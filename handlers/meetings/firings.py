"""What a meeting series owes, as due-work rows: one per reminder or minutes template, per call and
place, keyed by where and when the call is held (``series<id>:<call start>:<reminder|minutes>:<offset>:
<place>``: moving a call makes its reminders due again for the new time). Pure: ``now`` is passed in;
`handlers.meetings.delivery` sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from handlers.meetings.views import overrides_of, problem_of, schedule_of
from schedules.recurrence import Occurrence
from schedules.reminders import Due, decide, events, next_due, scan_window
from storage.repositories.due_work import DueItem, DueRow
from storage.repositories.series_view import SeriesView

KINDS = {"reminder": "meeting_reminder", "minutes": "meeting_minutes"}
"""The due-work kind of each message a series sends on its own: its reminders, its minutes templates."""
REMINDERS, MINUTES = KINDS["reminder"], KINDS["minutes"]


def scope_of(series_id: int) -> str:
    """The due-work scope of one series: its rows' keys start with this and ``:``."""
    return f"series{series_id}"


@dataclass(frozen=True)
class Firing:
    """One message a series owes: its call (held at ``start``), reminder or minutes, offset, place, and
    the moment it falls due (kept in the row's payload: ``due_at`` moves on a retry)."""

    series: int
    start: datetime
    kind: str
    offset: int
    place: str
    at: datetime

    @property
    def key(self) -> str:
        return f"{scope_of(self.series)}:{self.start.isoformat()}:{self.kind}:{self.offset}:{self.place}"

    def row(self) -> DueRow:
        payload = {
            "series": self.series,
            "start": self.start.isoformat(),
            "kind": self.kind,
            "offset": self.offset,
            "place": self.place,
            "at": self.at.isoformat(),
        }
        return DueRow(KINDS[self.kind], self.key, self.place, self.at, payload)

    @classmethod
    def of(cls, item: DueItem) -> Firing:
        p = item.payload
        start, at = datetime.fromisoformat(p["start"]), datetime.fromisoformat(p["at"])
        return cls(int(p["series"]), start, str(p["kind"]), int(p["offset"]), str(p["place"]), at)


def firings(series: SeriesView, now: datetime, what: str) -> list[DueRow]:
    """The rows of ``what`` (``reminder`` or ``minutes``) ``series`` owes at ``now``: each one due (in
    the look-back window: sent, or recorded missed, when claimed; one settled already stays as it is),
    and each one at its next due moment."""
    schedule, overrides, offsets = schedule_of(series), overrides_of(series), series.offsets
    low, high = scan_window(offsets, now)
    held = [o for o in schedule.occurrences(low, high, overrides) if o.end > series.delivered_from]
    owed = [d for o in held for d in events(o, offsets) if d.kind == what and decide(d, now) != "later"]
    ahead = now + timedelta(minutes=max(offsets, default=0), days=400)
    coming = schedule.occurrences(now - timedelta(days=1), ahead, overrides, limit=3)
    coming = [o for o in coming if o.end > series.delivered_from]
    at = next_due(coming, offsets, now, what)
    owed += [d for o in coming for d in events(o, offsets) if d.kind == what and d.at == at]
    return [
        Firing(series.id, _utc(due.occurrence.start), due.kind, due.offset, place.place, due.at).row()
        for due in owed
        for place in series.places
    ]


def owed(series: SeriesView | None, firing: Firing) -> Due | None:
    """What ``firing`` is for the series as it is now, or None when it no longer owes it (cancelled,
    call skipped or moved, offset or place removed, a call before the series' last edit)."""
    if series is None or series.cancelled_at is not None or problem_of(series) is not None:
        return None
    if firing.place not in {p.place for p in series.places}:
        return None
    if firing.kind == "reminder" and firing.offset not in series.offsets:
        return None
    occurrence = held_at(series, firing.start)
    if occurrence is None or occurrence.end <= series.delivered_from:
        return None
    found = [
        d for d in events(occurrence, series.offsets) if (d.kind, d.offset) == (firing.kind, firing.offset)
    ]
    return found[0] if found else None


def held_at(series: SeriesView, start: datetime) -> Occurrence | None:
    """The occurrence held at ``start`` (moved there, or the rule's own and unchanged), if any."""
    schedule = schedule_of(series)
    overrides = overrides_of(series)
    for original, change in overrides.items():
        if change.action == "move" and change.moved_to == start:
            return Occurrence(0, original, start, start + schedule.duration, "moved")
    found = schedule.find(start)
    return found if found is not None and found.original not in overrides else None


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)
