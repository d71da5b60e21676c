"""A survey as a plain value (what `SurveyRepository` returns): the ``surveys`` row's attribute names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.models.surveys import SURVEY_STATUSES

__all__ = ["SURVEY_STATUSES", "SurveyView"]


@dataclass(frozen=True, slots=True)
class SurveyView:
    """One survey; fixed once read (a lifecycle change returns a new value)."""

    id: int
    title: str
    template: str | None
    activity: str | None
    definition: dict[str, Any]
    status: str  # draft | open | closed
    anonymous: bool
    audience_label: str | None
    audience_size: int
    deadline: datetime | None
    timezone: str | None  # the zone its deadline was given in
    reminder_minutes: list[int]
    created_by: str
    created_at: datetime
    opened_by: str | None
    opened_at: datetime | None
    closed_at: datetime | None
    close_reason: str | None  # deadline | command
    responses_at_close: int | None
