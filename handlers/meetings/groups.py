"""Participant groups of a series, resolved at each call: ``troika``, ``members``, ``network:<key>``.

A group is stored as a participant row of kind ``group``; who it names is worked out for each call
from the data of that call's date, so `troika set next=Germany` changes who the next call invites, and
a roster change (`roster geneva add ...`) who a network call reaches. `all` is not a group: it is
expanded to the current members when the series is made (as it always was).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.context import Services
from storage.repositories.series_view import ParticipantView, SeriesView

TROIKA = "troika"
MEMBERS = "members"
NETWORK = "network:"


def group_label(ref: str) -> str:
    """How a group is written: ``troika``, ``members``, ``network=geneva``."""
    return f"network={ref.removeprefix(NETWORK)}" if ref.startswith(NETWORK) else ref


def participant_label(p: ParticipantView) -> str:
    return group_label(p.ref) if p.kind == "group" else p.ref


@dataclass
class GroupResolver:
    """Who each group names at a given call; reads each troika year, roster and the members once."""

    services: Services
    _troikas: dict[int, list[str]] = field(default_factory=dict)
    _rosters: dict[str, list[str]] = field(default_factory=dict)
    _members: list[str] | None = None

    async def expand(self, series: SeriesView, at: datetime) -> list[ParticipantView]:
        """The series' participants for the call starting at ``at``: groups replaced by who they name
        (the troika of the call's year in the series' zone), duplicates dropped, order kept."""
        return await self.expand_participants(series.participants, series.timezone, at)

    async def expand_participants(
        self, participants: Sequence[ParticipantView], timezone: str, at: datetime
    ) -> list[ParticipantView]:
        """`expand` for participants not (yet) stored as a series (`meeting plan participants=...`)."""
        found: list[ParticipantView] = []
        for p in participants:
            if p.kind != "group":
                found.append(p)
            elif p.ref == TROIKA:
                year = at.astimezone(ZoneInfo(timezone)).year
                found.extend(ParticipantView("member", name) for name in await self.troika(year))
            elif p.ref == MEMBERS:
                found.extend(ParticipantView("member", name) for name in await self.members())
            elif p.ref.startswith(NETWORK):
                found.extend(ParticipantView("user", key) for key in await self.roster(p.ref[len(NETWORK) :]))
        return list(dict.fromkeys(found))

    async def troika(self, year: int) -> list[str]:
        if year not in self._troikas:
            view = await self.services.knowledge.troika(year)
            self._troikas[year] = [c for c in dict.fromkeys((view.past, view.current, view.next)) if c]
        return self._troikas[year]

    async def troika_note(self, series: SeriesView, at: datetime) -> str | None:
        """For a series with the troika group, a warning when the troika of the call's year is not
        complete (not set with `troika set` and not all three Chairs known): the call then lists fewer
        countries, and says so instead of silently shrinking."""
        if not has_troika(series):
            return None
        year = at.astimezone(ZoneInfo(series.timezone)).year
        view = await self.services.knowledge.troika(year)
        if view.past and view.current and view.next:
            return None
        named = ", ".join(await self.troika(year)) or "no country"
        return (
            f"the {year} troika is not set (its Chairs are not all known): this call lists {named} only; "
            f"an admin sets it with `troika set year={year} past=... current=... next=...`"
        )

    async def members(self) -> list[str]:
        if self._members is None:
            self._members = [m.name for m in await self.services.knowledge.members() if m.is_current]
        return self._members

    async def roster(self, network_key: str) -> list[str]:
        if network_key not in self._rosters:
            self._rosters[network_key] = await self.services.rosters.members(network_key)
        return self._rosters[network_key]


def has_groups(series: SeriesView) -> bool:
    return any(p.kind == "group" for p in series.participants)


def has_troika(series: SeriesView) -> bool:
    """Whether the series names the troika, the one group whose members depend on the call (its year)."""
    return any(p.kind == "group" and p.ref == TROIKA for p in series.participants)


def groups_of(series: SeriesView) -> Sequence[str]:
    return [group_label(p.ref) for p in series.participants if p.kind == "group"]
