"""What /healthz reports besides the database: each platform's connection, as its adapter last saw it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class PlatformState:
    connected: bool
    detail: str = ""
    standby: bool = False
    """Not connected by design: another replica holds the connection (the Matrix sync); not "degraded"."""
    since: float = field(default_factory=time.time)


class PlatformStatus:
    """Adapters call `set("slack", connected=True)` when they connect and `connected=False` when they
    lose the connection (``detail`` says why, e.g. "standby: another replica holds the Matrix sync")."""

    def __init__(self) -> None:
        self._states: dict[str, PlatformState] = {}

    def set(self, platform: str, *, connected: bool, detail: str = "", standby: bool = False) -> None:
        previous = self._states.get(platform)
        if previous is None or (previous.connected, previous.detail, previous.standby) != (
            connected,
            detail,
            standby,
        ):
            self._states[platform] = PlatformState(connected, detail, standby)

    def remove(self, platform: str) -> None:
        self._states.pop(platform, None)

    @property
    def all_connected(self) -> bool:
        return all(state.connected or state.standby for state in self._states.values())

    def snapshot(self) -> dict[str, dict[str, object]]:
        return {
            name: {"connected": state.connected, "detail": state.detail}
            if state.detail
            else {"connected": state.connected}
            for name, state in sorted(self._states.items())
        }
