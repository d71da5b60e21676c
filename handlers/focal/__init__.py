"""Focal points: who speaks for each member country. This module is the audience other features use (each
member's focal points with the zone that reaches them: check-ins, RSVPs, participation) and the strict
reading of a member's name; ``commands`` holds the `focal` command that names them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from handlers.context import Services
from handlers.user_zones import ResolvedZone, resolve_zone
from storage.repositories.focal_points import FocalPointView


@dataclass(frozen=True)
class FocalPoint:
    """A focal point and the zone that reaches them: their own, else their country's capital's (the one
    rule, handlers/user_zones.py, with the country they speak for as their member country)."""

    point: FocalPointView
    zone: ResolvedZone

    @property
    def timezone(self) -> str:
        return self.zone.key

    @property
    def zone_is_own(self) -> bool:
        return self.zone.source in ("user", "platform")


async def focal_points_of(services: Services, members: Sequence[str] | None = None) -> list[FocalPoint]:
    """Focal points of these member countries (None: of every member), by country then user key, each with
    the zone to reach them in: the audience other features use (check-ins, RSVPs, participation)."""
    default = services.settings.timezone
    return [
        FocalPoint(
            p,
            resolve_zone(
                own=p.own_zone,
                own_source=p.own_zone_source,
                member=p.member,
                capitals={p.member: p.capital_zone} if p.capital_zone else {},
                default=default,
            ),
        )
        for p in await services.focal_points.of_members(members)
    ]


def strict_member(text: str, names: Sequence[str]) -> str | None:
    """The member named ``text`` exactly (any case) or by a unique prefix of 3 letters or more.

    Stricter than the listing commands' matching: a near spelling ("Narnia" ~ "Armenia") must never
    store someone as another government's focal point."""
    lowered = " ".join(text.split()).lower()
    exact = [n for n in names if n.lower() == lowered]
    if exact:
        return exact[0]
    starts = [n for n in names if len(lowered) >= 3 and n.lower().startswith(lowered)]
    return starts[0] if len(starts) == 1 else None
