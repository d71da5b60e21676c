"""The error every schedule check raises: its message is shown to the user as it is."""

from __future__ import annotations


class RuleError(ValueError):
    """A recurrence rule, zone, date or time that cannot be used; the message says why, for the user."""
