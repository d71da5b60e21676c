"""Survey deadlines and reminders: two kinds of due work (`handlers.due`), derived from the stored surveys.

- `SurveyDeadlineKind`: one row per open survey with a deadline (key ``survey<id>:close@<deadline>``, in
  its opener's lane). Sending it closes the survey (a guarded update: once, whoever comes first) and tells
  whoever opened it; a deadline passed while the bot was down is closed at start (the engine's start
  produces the row, due already). A command that meets an open survey past its deadline has the engine
  send the row at once (`SurveyService.deadline_passed`).
- `SurveyReminderKind`: one row per reminder offset of an open survey (key
  ``survey<id>:remind:<minutes>@<moment>``, in the opener's lane), sent to everyone who has not answered,
  each in their zone.

Why one reminder row per offset, not one per person: who has not answered is known only when the reminder
is due, and in an anonymous survey it must never be stored in clear; a row per person would put, in the
``due_work`` table, each person's user key beside ``sent`` or ``dropped``: who had answered. So the row
stays per offset, and the exactly-once per person is the survey's own claim (``survey_reminders``, a keyed
hash in an anonymous survey), committed before each message: a row retaken after a crash sends only to
those not claimed yet, and a claim whose send may have gone out is never sent again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from handlers.surveys.messages import closed_notice
from handlers.surveys.service import DEADLINE_KIND, REMINDER_KIND, due_scope
from storage.repositories.due_work import DueItem, DueRow
from storage.repositories.survey_view import SurveyView

if TYPE_CHECKING:
    from handlers.context import Services

__all__ = ["DEADLINE_KIND", "REMINDER_KIND", "SurveyDeadlineKind", "SurveyReminderKind", "deadline_row"]


def _scoped(scope: str | None) -> int | None:
    """The survey id of a scope (``survey<id>``); -1 for a scope naming no survey."""
    if scope is None:
        return None
    number = scope.removeprefix("survey")
    return int(number) if scope.startswith("survey") and number.isdigit() else -1


def _lane(survey: SurveyView) -> str:
    """A survey's rows go in its opener's lane: one admin's many surveys wait behind everyone else's."""
    return survey.opened_by or due_scope(survey.id)


def deadline_row(survey: SurveyView) -> DueRow | None:
    """The row that closes ``survey`` at its deadline (None without one)."""
    if survey.deadline is None:
        return None
    at = survey.deadline.isoformat()
    key = f"{due_scope(survey.id)}:close@{at}"
    return DueRow(DEADLINE_KIND, key, _lane(survey), survey.deadline, {"survey": survey.id, "at": at})


def reminder_rows(survey: SurveyView) -> list[DueRow]:
    """One row per reminder offset of ``survey``, due that many minutes before its deadline."""
    if survey.deadline is None:
        return []
    rows = []
    for minutes in survey.reminder_minutes:
        moment = survey.deadline - timedelta(minutes=minutes)
        at = moment.isoformat()
        payload = {"survey": survey.id, "minutes": minutes, "at": at}
        key = f"{due_scope(survey.id)}:remind:{minutes}@{at}"
        rows.append(DueRow(REMINDER_KIND, key, _lane(survey), moment, payload))
    return rows


class _SurveyKind:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def _open(self, scope: str | None) -> list[SurveyView]:
        survey_id = _scoped(scope)
        if survey_id == -1:
            return []
        return await self.services.surveys.open_with_deadlines(survey_id)

    async def settled(self, item: DueItem, outcome: str, now: datetime) -> Sequence[DueRow]:
        return ()


class SurveyDeadlineKind(_SurveyKind):
    """`handlers.due.DueKind`: close a survey at its deadline, once, and tell whoever opened it."""

    name = DEADLINE_KIND

    async def produce(self, now: datetime, scope: str | None = None) -> Sequence[DueRow]:
        return [r for r in map(deadline_row, await self._open(scope)) if r is not None]

    async def send(self, item: DueItem, now: datetime) -> str:
        surveys = self.services.surveys
        survey = await surveys.get(int(item.payload["survey"]))
        if survey is None or survey.deadline is None or survey.deadline.isoformat() != item.payload["at"]:
            return "dropped"
        if survey.status == "open":
            survey = await surveys.close_at_deadline(survey.id, now) or await surveys.get(survey.id) or survey
        if survey.status != "closed" or survey.close_reason != "deadline":
            return "dropped"  # closed by a command first (which told the opener), or never opened
        # Closed for its deadline: by this row (now, or in a try whose message failed). Tell the opener;
        # a failure is tried again (the survey stays closed: the close is never redone).
        if survey.opened_by:
            await self.services.notifier.send_direct(survey.opened_by, closed_notice(survey))
        return "sent"

    async def began(self, item: DueItem) -> bool:
        """Its send began once the survey is closed; a survey still open was not closed: taken again."""
        survey = await self.services.surveys.get(int(item.payload["survey"]))
        return survey is None or survey.status != "open"


class SurveyReminderKind(_SurveyKind):
    """`handlers.due.DueKind`: one reminder offset, to each person who has not answered (see above)."""

    name = REMINDER_KIND

    async def produce(self, now: datetime, scope: str | None = None) -> Sequence[DueRow]:
        return [row for survey in await self._open(scope) for row in reminder_rows(survey)]

    async def _wanted(self, item: DueItem) -> tuple[SurveyView, int] | None:
        survey = await self.services.surveys.get(int(item.payload["survey"]))
        minutes = int(item.payload["minutes"])
        if survey is None or survey.status != "open" or survey.deadline is None:
            return None
        if minutes not in survey.reminder_minutes:
            return None
        if (survey.deadline - timedelta(minutes=minutes)).isoformat() != item.payload["at"]:
            return None
        return survey, minutes

    async def send(self, item: DueItem, now: datetime) -> str:
        wanted = await self._wanted(item)
        if wanted is None:
            return "dropped"  # closed, or its deadline or reminders changed
        survey, minutes = wanted
        assert survey.deadline is not None
        if now >= survey.deadline:
            return "missed"  # the survey closes now: no reminder
        done = await self.services.surveys.send_reminders(survey, minutes, now)
        if done.failed:
            raise RuntimeError(f"{done.failed} survey reminders not delivered: {done.error}")
        if done.superseded:
            return "missed"  # a later reminder was due too: that one is sent
        return "sent" if done.sent else "dropped"

    async def began(self, item: DueItem) -> bool:
        """Whether anyone is still owed this reminder: then the row is taken again (those claimed
        already are skipped: never twice); else it may all have gone out."""
        wanted = await self._wanted(item)
        if wanted is None:
            return True
        survey, minutes = wanted
        return not await self.services.surveys.owed_reminder(survey, minutes, item.due_at)
