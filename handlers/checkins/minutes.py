"""The digest of a check-in linked to a meeting series (``before=<meeting>``), for that call's minutes
template: the latest round closed before the call, as the digest reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from handlers.checkins.service import CheckinService
from handlers.context import Services


async def digests_for_calls(
    services: Services, calls: Sequence[tuple[int, datetime]]
) -> dict[int, list[str]]:
    """Per series id of ``calls`` (series id, call start), the digests of its linked check-ins' latest
    rounds closed before that start (one query when no check-in is linked)."""
    starts = dict(calls)
    found: dict[int, list[str]] = {}
    for checkin in await services.checkins.linked_to(sorted(starts)):
        assert checkin.before_series is not None
        start = starts[checkin.before_series]
        closed = [
            r
            for r in await services.checkins.rounds(checkin.id)
            if r.closed_at is not None and r.closed_at <= start
        ]
        if not closed:
            continue
        shown = await CheckinService(services).digest(checkin, closed[-1])
        found.setdefault(checkin.before_series, []).append(shown.text)
    return found
