"""Counting acts per member country, and the order that puts the quiet members first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from handlers.participation.sources import Act


@dataclass
class CountryActivity:
    country: str
    calls_yes: set[tuple[int, datetime]] = field(default_factory=set)
    calls_held_yes: set[tuple[int, datetime]] = field(default_factory=set)
    rsvps: int = 0
    survey_responses: int = 0
    checkin_responses: int = 0
    last_activity: datetime | None = None

    @property
    def acts(self) -> int:
        return self.rsvps + self.survey_responses + self.checkin_responses

    @property
    def inactive(self) -> bool:
        return self.acts == 0

    def add(self, act: Act) -> None:
        if act.kind == "rsvp":
            self.rsvps += 1
            if act.yes and act.call is not None:
                self.calls_yes.add(act.call)
                if act.held:
                    self.calls_held_yes.add(act.call)
        elif act.kind == "survey":
            self.survey_responses += 1
        elif act.kind == "checkin":
            self.checkin_responses += 1
        if self.last_activity is None or act.at > self.last_activity:
            self.last_activity = act.at

    def data(self) -> dict[str, object]:
        return {
            "country": self.country,
            "inactive": self.inactive,
            "calls_rsvped_yes": len(self.calls_yes),
            "calls_attended_by_rsvp": len(self.calls_held_yes),
            "rsvps": self.rsvps,
            "survey_responses": self.survey_responses,
            "checkin_responses": self.checkin_responses,
            "last_activity": self.last_activity.date().isoformat() if self.last_activity else None,
        }


def tally(
    countries: Sequence[str], acts: Iterable[Act], countries_of: Mapping[str, Sequence[str]]
) -> list[CountryActivity]:
    """Per country of ``countries``, what its people did; quiet members first.

    An act counts for the country it was made for, else for every country its user speaks for now; acts
    of users who speak for no country (or for one outside ``countries``) count for none."""
    found = {name: CountryActivity(name) for name in countries}
    for act in acts:
        targets = [act.member] if act.member else list(countries_of.get(act.user_key, ()))
        for country in targets:
            if country in found:
                found[country].add(act)
    return quiet_first(found.values())


def quiet_first(rows: Iterable[CountryActivity]) -> list[CountryActivity]:
    """Inactive members first, then the fewest acts, then the longest silence, then by name."""
    return sorted(
        rows,
        key=lambda r: (
            not r.inactive,
            r.acts,
            r.last_activity.isoformat() if r.last_activity else "",
            r.country,
        ),
    )
