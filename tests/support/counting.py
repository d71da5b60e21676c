"""Counting the schedule rule parser and the user-zone rule during a request: a small wrapper (not a
Mock) that calls through to the real function, installed with ``monkeypatch`` by `count_parsing`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

import handlers.context
import schedules.recurrence


@dataclass
class Counting:
    """Calls through to ``inner``, counting them."""

    inner: Callable[..., Any]
    calls: int = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.inner(*args, **kwargs)


@dataclass
class Counts:
    rules: Counting
    zones: Counting

    def reset(self) -> None:
        self.rules.calls = self.zones.calls = 0

    @property
    def seen(self) -> tuple[int, int]:
        return self.rules.calls, self.zones.calls


def count_parsing(monkeypatch: pytest.MonkeyPatch) -> Counts:
    """Count `schedules.recurrence.parse_rule` (wherever it was imported by name) and the one rule of a
    user's zone behind `Services.zone_of`; the parsed-rule cache is emptied so an earlier test's parse
    does not hide one."""
    rules = Counting(schedules.recurrence.parse_rule)
    zones = Counting(handlers.context.zone_of)
    for module in list(sys.modules.values()):
        if getattr(module, "parse_rule", None) is rules.inner:
            monkeypatch.setattr(module, "parse_rule", rules)
    monkeypatch.setattr(handlers.context, "zone_of", zones)
    schedules.recurrence._RULES.clear()
    return Counts(rules, zones)
