"""The minutes template the bot posts after each call: date, attendees, decisions, actions with owners."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo


def minutes_template(
    title: str,
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    attendees: Sequence[str],
    agenda: str | None = None,
    rsvps: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """A fill-in-the-blanks text for the notes of one call (Program of Action 3B.3 asks for minutes).

    ``rsvps`` maps an answer label (``Going``) to the ``Country (names)`` entries that gave it."""
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    lines = [
        f"*Minutes: {title}*",
        f"Date: {local_start:%A %d %B %Y}, {local_start:%H:%M}-{local_end:%H:%M} {tz.key}"
        f" ({start:%H:%M} UTC)",
        "Attendees: " + (", ".join(attendees) if attendees else "(list them)"),
    ]
    if rsvps is not None:
        answered = [f"{label}: {', '.join(entries)}" for label, entries in rsvps.items() if entries]
        lines.append("RSVPs: " + ("; ".join(answered) if answered else "none"))
    if agenda:
        lines.append(f"Agenda: {agenda}")
    lines += [
        "Decisions:",
        "1. ",
        "Actions (owner, what, due date):",
        "- [owner] ... (due YYYY-MM-DD)",
        "Next call: see `meeting next`.",
    ]
    return "\n".join(lines)
