"""What /healthz reports besides the database: each platform's connection, as its adapter last saw it."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from storage.repositories.due_work import Backlog

ERROR_LIMIT = 300
"""Characters of a last error kept for /healthz (adapters redact secrets before they report one)."""


@dataclass
class PlatformState:
    connected: bool
    detail: str = ""
    standby: bool = False
    """Not connected by design: another replica holds the connection (the Matrix sync); not "degraded"."""
    error: str = ""
    """The last error while not connected (its text, never a secret)."""
    state: str = ""
    """A word for what it is doing: connected, standby, connecting, reconnecting, stopped, disconnected."""
    since: float = field(default_factory=time.time)

    @property
    def name(self) -> str:
        if self.state:
            return self.state
        if self.connected:
            return "connected"
        if self.standby:
            return "standby"
        return "reconnecting" if self.error else "disconnected"


class PlatformStatus:
    """Adapters call `set("slack", connected=True)` when they connect and `connected=False` when they
    lose the connection (``detail`` says why, e.g. "standby: another replica holds the Matrix sync";
    ``error`` the last error while it tries again; ``state`` a word when the default one is not right)."""

    def __init__(self) -> None:
        self._states: dict[str, PlatformState] = {}

    def set(
        self,
        platform: str,
        *,
        connected: bool,
        detail: str = "",
        standby: bool = False,
        error: str = "",
        state: str = "",
    ) -> None:
        new = PlatformState(connected, detail, standby, error[:ERROR_LIMIT], state)
        previous = self._states.get(platform)
        if previous is None:
            self._states[platform] = new
        elif (previous.connected, previous.detail, previous.standby, previous.error, previous.name) != (
            new.connected,
            new.detail,
            new.standby,
            new.error,
            new.name,
        ):
            if previous.name == new.name:
                new.since = previous.since  # the same state with a newer error: since when it is so
            self._states[platform] = new

    def remove(self, platform: str) -> None:
        self._states.pop(platform, None)

    def get(self, platform: str) -> PlatformState | None:
        return self._states.get(platform)

    @property
    def all_connected(self) -> bool:
        return all(state.connected or state.standby for state in self._states.values())

    def snapshot(self) -> dict[str, dict[str, object]]:
        """Per platform: ``state``, ``connected``, and ``detail`` / ``last_error`` when there are any."""
        out: dict[str, dict[str, object]] = {}
        for name, state in sorted(self._states.items()):
            entry: dict[str, object] = {"state": state.name, "connected": state.connected}
            if state.detail:
                entry["detail"] = state.detail
            if state.error and not state.connected:
                entry["last_error"] = state.error
            out[name] = entry
        return out


def due_snapshot(
    backlog: Mapping[str, Backlog], kinds: Iterable[str], now: datetime
) -> dict[str, dict[str, object]]:
    """/healthz's due-work summary per kind: rows waiting or being sent, the age in seconds of the oldest
    one that is due, and how many failed for good."""
    out: dict[str, dict[str, object]] = {}
    for kind in sorted({*kinds, *backlog}):
        entry = backlog.get(kind, Backlog())
        age = (now - entry.oldest_due).total_seconds() if entry.oldest_due is not None else 0.0
        out[kind] = {
            "pending": entry.pending,
            "oldest_seconds": round(max(age, 0.0), 1),
            "failed": entry.failed,
        }
    return out
