"""Due work: one engine (`engine.DueEngine`) for every message the bot sends on its own at a moment;
each kind is one module implementing `engine.DueKind` (see CONTRIBUTING.md, "Add a due-work kind")."""

from handlers.due.engine import OUTCOMES, TIMER, DueEngine, DueKind, GiveUp, Policy, RetryLater

__all__ = ["OUTCOMES", "TIMER", "DueEngine", "DueKind", "GiveUp", "Policy", "RetryLater"]
