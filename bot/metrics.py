"""Prometheus metrics on a registry of the app's own (never the global one), made in a function."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.middleware import Request
from handlers.core import Reply
from storage.repositories.due_work import Backlog

log = logging.getLogger("focbot.metrics")

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

# Counters any part of the bot may increment through the `handlers.ports.Metrics` port:
# name -> (help, label names). `count("reminders", outcome="sent")` adds to focbot_reminders_total.
COUNTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "reminders": ("Meeting reminders by outcome (sent, missed, failed).", ("outcome",)),
    "personal_reminders": ("Personal reminders by outcome (sent, missed, failed).", ("outcome",)),
    "checkin_dms": ("Check-in direct messages (invitations, reminders) by outcome.", ("outcome",)),
    "survey_answers": ("Survey answers saved (one per answer message or form).", ()),
    "deliveries": ("Messages the bot sent on its own, by platform and outcome.", ("platform", "outcome")),
    "platform_errors": ("Errors talking to a chat platform, by platform and kind.", ("platform", "kind")),
    "due_failed": ("Due work that failed for good (after its retries), by kind.", ("kind",)),
    "due_done": (
        "Due work settled (sent, missed, dropped, retry, unknown), by kind and outcome.",
        ("kind", "outcome"),
    ),
}


@dataclass
class BotMetrics:
    """The bot's metrics. `count` implements the core's `Metrics` port; `observe_command` is the
    dispatcher's ``log_commands(observe=...)`` hook."""

    registry: CollectorRegistry
    commands: Counter
    latency: Histogram
    leader: Gauge
    elections: Counter
    due_pending: Gauge
    due_oldest: Gauge
    counters: dict[str, Counter] = field(default_factory=dict)

    def observe_command(self, request: Request, reply: Reply | None, elapsed: float) -> None:
        name = request.spec.name if request.spec else ("unknown" if request.name else "empty")
        self.commands.labels(name=name, outcome=request.outcome).inc()
        self.latency.labels(name=name).observe(elapsed)

    def count(self, name: str, amount: float = 1.0, **labels: str) -> None:
        counter = self.counters.get(name)
        if counter is None:
            counter = Counter(
                f"focbot_{name}", f"focbot {name}", tuple(sorted(labels)), registry=self.registry
            )
            self.counters[name] = counter
        try:
            (counter.labels(**labels) if labels else counter).inc(amount)
        except ValueError as exc:  # wrong label names: a bug, but never worth failing a delivery for
            log.warning("metric %s not counted: %s", name, exc)

    def set_leader(self, is_leader: bool) -> None:
        self.leader.set(1 if is_leader else 0)
        if is_leader:
            self.elections.inc()

    def set_due_backlog(self, backlog: Mapping[str, Backlog], kinds: Iterable[str], now: datetime) -> None:
        """The due-work backlog per kind (every registered kind shows, 0 when nothing waits): rows
        waiting or claimed, and the age in seconds of the oldest one that is due (0 when none is)."""
        for kind in sorted({*kinds, *backlog}):
            entry = backlog.get(kind, Backlog())
            self.due_pending.labels(kind=kind).set(entry.pending)
            age = (now - entry.oldest_due).total_seconds() if entry.oldest_due is not None else 0.0
            self.due_oldest.labels(kind=kind).set(max(age, 0.0))
            self.counters["due_failed"].labels(kind=kind)  # shown at 0 before the first failure

    def render(self) -> bytes:
        return generate_latest(self.registry)


def build_metrics() -> BotMetrics:
    registry = CollectorRegistry(auto_describe=True)
    metrics = BotMetrics(
        registry=registry,
        commands=Counter(
            "focbot_commands",
            "Commands handled, by name and outcome.",
            ("name", "outcome"),
            registry=registry,
        ),
        latency=Histogram(
            "focbot_command_seconds",
            "Time to answer a command, by name.",
            ("name",),
            buckets=LATENCY_BUCKETS,
            registry=registry,
        ),
        leader=Gauge("focbot_leader", "1 while this replica runs the timers, else 0.", registry=registry),
        elections=Counter(
            "focbot_leader_elections", "Times this replica became the leader.", registry=registry
        ),
        due_pending=Gauge(
            "focbot_due_pending", "Due work waiting or being sent, by kind.", ("kind",), registry=registry
        ),
        due_oldest=Gauge(
            "focbot_due_oldest_pending_seconds",
            "Age of the oldest due work that is due and not yet sent, by kind (0: none).",
            ("kind",),
            registry=registry,
        ),
    )
    for name, (text, labels) in COUNTERS.items():
        metrics.counters[name] = Counter(f"focbot_{name}", text, labels, registry=registry)
    return metrics
