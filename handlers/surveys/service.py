"""The survey rules every platform shares: open, answer (one response per person), close, remind.

Adapters call this directly (a platform's survey form, the DM dialogue) as well as the `survey` command:

    service = services.surveys
    await service.open_surveys_for(user_key)               # what is waiting for this person
    definition = await service.questions(survey_id)        # the questions to render
    result = await service.submit(survey_id, user_key, {1: "2", 3: ["1", "4"]}, now)
    result.errors                                          # {question number: reason}: nothing was stored
    await service.progress(survey_id, user_key, now)       # answers so far, what is still missing

Anonymity: in an anonymous survey the response is stored under a keyed hash (`anonymity.Pseudonyms`),
never the user key, and no log line names a respondent. See docs/surveys.md.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from handlers.core import Reply
from handlers.errors import Refusal
from handlers.ports import DueWork, Metrics, NoDueWork, NoMetrics, Notifier
from handlers.surveys.anonymity import Pseudonyms
from handlers.surveys.answers import RawValue, check
from handlers.surveys.definitions import SurveyDefinition
from handlers.surveys.kinds.slots import in_zone
from handlers.surveys.messages import closed_notice, invitation, reminder
from storage.repositories.survey_view import SurveyView
from storage.repositories.surveys import (
    AnswerWrite,
    NotInAudienceError,
    StoredResponse,
    SurveyClosedError,
    SurveyRepository,
)

log = logging.getLogger("focbot.surveys")
DEADLINE_KIND = "survey_deadline"
"""The due-work kind that closes a survey at its deadline and tells whoever opened it
(`handlers.surveys.due`)."""
REMINDER_KIND = "survey_reminder"
"""The due-work kind that sends one reminder offset to those who have not answered."""
SURVEY_KINDS = (DEADLINE_KIND, REMINDER_KIND)


def due_scope(survey_id: int) -> str:
    """The due-work scope of one survey: its rows' keys start with ``survey<id>:``."""
    return f"survey{survey_id}"


@dataclass(frozen=True)
class Reminded:
    """One reminder offset's run: how many went out, how many failed (tried again by the engine), the
    first failure, and whether a later offset was also due (this one is then skipped)."""

    sent: int = 0
    failed: int = 0
    error: str | None = None
    superseded: bool = False


@dataclass(frozen=True)
class Progress:
    """One person's answers so far (normalised values by question number) and what is still missing."""

    answers: dict[int, Any]
    missing_required: tuple[int, ...]
    missing_optional: tuple[int, ...]

    @property
    def complete(self) -> bool:
        return not self.missing_required

    @property
    def next_question(self) -> int | None:
        """The first unanswered question (required ones first), for one-question-at-a-time forms."""
        pending = self.missing_required or self.missing_optional
        return pending[0] if pending else None


def invalid_answers(errors: Mapping[int, str], about: dict[str, object]) -> Refusal:
    """The refusal of answers that do not fit their questions (surveys and check-ins), about ``answers``:
    each number with its reason; ``about`` (the survey or check-in id) and the errors go into ``data``
    (``data["errors"]``: question number -> reason, which forms show beside each question)."""
    problems = "\n".join(f"{n}: {reason}" for n, reason in sorted(errors.items()))
    return Refusal.error(
        f"Not saved: nothing was stored. Please fix\n{problems}",
        "answers",
        data=about | {"saved": False, "errors": {str(k): v for k, v in errors.items()}},
    )


def _refused(survey_id: int, text: str) -> Refusal:
    """A refusal about the survey itself (unknown, closed, not asked): nothing stored."""
    return Refusal.error(text, "survey", data={"survey": survey_id, "saved": False})


@dataclass(frozen=True)
class OpenOutcome:
    survey: SurveyView
    invited: int
    unreachable: int


@dataclass(frozen=True)
class StatusView:
    survey: SurveyView
    audience: int
    responses: int
    partial: int
    missing: list[str] | None  # None for anonymous surveys: who has not answered stays hidden

    @property
    def rate(self) -> float:
        return self.responses / self.audience if self.audience else 0.0


async def _utc(key: str) -> ZoneInfo:
    return ZoneInfo("UTC")


class SurveyService:
    def __init__(
        self,
        repo: SurveyRepository,
        notifier: Notifier,
        anonymity_key: bytes = b"",
        metrics: Metrics | None = None,
        zone_of: Callable[[str], Awaitable[ZoneInfo]] | None = None,
        due: Callable[[], DueWork] | None = None,
    ) -> None:
        """``due``: the due-work engine (read when needed: the wiring plugs it in after this is made)."""
        self._repo = repo
        self.zone_of = zone_of or _utc  # each reader's zone (handlers/user_zones.py)
        self.notifier = notifier
        self._due = due or NoDueWork
        self.metrics: Metrics = metrics or NoMetrics()
        self.pseudonyms = Pseudonyms(repo, anonymity_key)
        self._definitions: dict[int, SurveyDefinition] = {}
        self._open: dict[int, SurveyView] = {}  # what answering needs; the save re-checks the status

    @property
    def repo(self) -> SurveyRepository:
        """The storage below this service, for adapters' and tests' set-up. Handlers call the methods
        here (`get`, `all`, `invitations`, `responses`, ...), never the repository through the service."""
        return self._repo

    # -- reading -------------------------------------------------------------
    async def get(self, survey_id: int) -> SurveyView | None:
        """The survey as stored now (never from memory)."""
        return await self._repo.get(survey_id)

    async def all(self) -> list[SurveyView]:
        """Every survey, drafts included, by id."""
        return await self._repo.all()

    async def invitations(self, survey_id: int) -> dict[str, int]:
        """The survey's invitations by state: pending, sent, failed."""
        return await self._repo.invitations(survey_id)

    async def responses(self, survey_id: int) -> list[StoredResponse]:
        """Every response, in an order that says nothing about when each came in."""
        return await self._repo.responses(survey_id)

    def definition(self, survey: SurveyView) -> SurveyDefinition:
        """The survey's definition (fixed once created, so parsed once)."""
        found = self._definitions.get(survey.id)
        if found is None:
            found = self._definitions[survey.id] = SurveyDefinition.from_json(survey.definition)
        return found

    def shown(self, survey: SurveyView, zone: ZoneInfo) -> SurveyDefinition:
        """The definition as a reader in ``zone`` sees it (slot options in their zone, `in_zone`), at the
        survey's deadline, or when it opened (a slot is a weekly window: DST is read in that week)."""
        at = survey.deadline or survey.opened_at or survey.created_at
        return in_zone(self.definition(survey), zone, at)

    async def questions_for(self, survey_id: int, user_key: str) -> SurveyDefinition | None:
        """`questions` as ``user_key`` reads them (`shown` in their zone); None for an unknown survey."""
        survey = await self._repo.get(survey_id)
        return self.shown(survey, await self.zone_of(user_key)) if survey is not None else None

    async def answerable(self, survey_id: int, user_key: str) -> tuple[SurveyView, SurveyDefinition]:
        """The survey and its questions as ``user_key`` reads them, to answer in a form; a `Refusal` about
        ``survey`` when there is none or it is not open (a form shows it instead of opening)."""
        survey = await self.find(survey_id)
        definition = await self.questions_for(survey_id, user_key) if survey is not None else None
        if survey is None or definition is None:
            raise _refused(survey_id, f"There is no survey {survey_id}.")
        if survey.status != "open":
            raise _refused(survey_id, f"Survey {survey_id} is {survey.status}: no answers now.")
        return survey, definition

    async def find(self, survey_id: int) -> SurveyView | None:
        """The survey, from memory while it is open (its definition, audience, deadline and anonymity no
        longer change then; whether it is still open is checked again where each answer is saved)."""
        cached = self._open.get(survey_id)
        if cached is not None:
            return cached
        survey = await self._repo.get(survey_id)
        if survey is not None and survey.status == "open":
            self._open[survey_id] = survey
        return survey

    async def questions(self, survey_id: int) -> SurveyDefinition | None:
        survey = await self._repo.get(survey_id)
        return self.definition(survey) if survey is not None else None

    async def open_surveys_for(self, user_key: str) -> Sequence[SurveyView]:
        return await self._repo.open_for(user_key)

    async def progress(self, survey_id: int, user_key: str, now: datetime) -> Progress | None:
        """This person's answers so far; None for an unknown survey."""
        survey = await self._repo.get(survey_id)
        if survey is None:
            return None
        stored = await self._repo.response(survey_id, await self._respondent(survey, user_key, now))
        return self._progress(self.definition(survey), stored.answers if stored else {})

    # -- answering -----------------------------------------------------------
    async def submit(
        self, survey_id: int, user_key: str, answers: Mapping[int, RawValue], now: datetime
    ) -> Progress:
        """Check ``answers`` (raw values from text or a form) and merge them into this person's response:
        their progress. Nothing is stored when it raises `Refusal`: about ``survey`` (unknown, closed, not
        asked) or about ``answers`` (`invalid_answers`: ``data["errors"]`` by question number)."""
        survey = await self.find(survey_id)
        if survey is None:
            raise _refused(survey_id, f"There is no survey {survey_id}.")
        return await self.submit_to(survey, user_key, answers, now)

    async def submit_to(
        self, survey: SurveyView, user_key: str, answers: Mapping[int, RawValue], now: datetime
    ) -> Progress:
        """`submit` for a survey already loaded."""
        refusal = await self._refusal(survey, now)
        if refusal:
            raise _refused(survey.id, refusal)
        definition = self.definition(survey)
        checked = check(definition, answers)
        if not checked.ok:
            raise invalid_answers(checked.errors, {"survey": survey.id})
        if not checked.values:
            raise Refusal.usage(
                "no answers given; nothing was saved",
                "answers",
                data={"survey": survey.id, "saved": False, "errors": {}},
            )
        write = AnswerWrite(
            survey_id=survey.id,
            user_key=user_key,
            respondent_key=await self._respondent(survey, user_key, now),
            values={str(n): v for n, v in checked.values.items()},
            required=definition.required_numbers,
            at=_day(now) if survey.anonymous else now,
        )
        try:
            stored = await self._repo.save_answers(write)
        except NotInAudienceError:
            raise _refused(
                survey.id, f"You are not in the audience of survey {survey.id}, so your answer was not saved."
            ) from None
        except SurveyClosedError:
            self._open.pop(survey.id, None)
            raise _refused(survey.id, f"Survey {survey.id} is closed; your answers were not saved.") from None
        self.metrics.count("survey_answers")
        return self._progress(definition, stored.answers)

    async def _refusal(self, survey: SurveyView, now: datetime) -> str | None:
        if survey.status == "open" and survey.deadline is not None and now >= survey.deadline:
            self._open.pop(survey.id, None)
            await self.deadline_passed(survey.id)  # closed by its due-work row, now if this process sends
            return f"Survey {survey.id} is closed; answers are no longer taken."
        if survey.status == "draft":
            return f"Survey {survey.id} is not open yet."
        if survey.status == "closed":
            return f"Survey {survey.id} is closed; answers are no longer taken."
        return None  # the audience is checked where the answer is saved, in the same transaction

    def _progress(self, definition: SurveyDefinition, answers: Mapping[str, Any]) -> Progress:
        given = {int(k): v for k, v in answers.items()}
        missing = [q for q in definition.questions if q.number not in given]
        return Progress(
            answers=dict(sorted(given.items())),
            missing_required=tuple(q.number for q in missing if q.required),
            missing_optional=tuple(q.number for q in missing if not q.required),
        )

    # -- anonymity -----------------------------------------------------------
    async def _respondent(self, survey: SurveyView, user_key: str, now: datetime) -> str:
        return await self.pseudonyms.respondent(survey, user_key, now)

    async def _not_answered(self, survey: SurveyView, now: datetime) -> list[str]:
        """Audience members without a complete response (computed from hashes if anonymous)."""
        done = await self._repo.respondents(survey.id)
        audience = await self._repo.audience(survey.id)
        return [key for key in audience if await self._respondent(survey, key, now) not in done]

    # -- lifecycle -----------------------------------------------------------
    async def create(
        self, definition: SurveyDefinition, *, template: str | None, by: str, now: datetime
    ) -> SurveyView:
        survey = await self._repo.create(
            definition=definition.to_json(), template=template, created_by=by, at=now
        )
        log.info("survey %s created (%d questions)", survey.id, len(definition.questions))
        return survey

    async def open(
        self,
        survey_id: int,
        *,
        audience: Sequence[str],
        audience_label: str,
        anonymous: bool,
        deadline: datetime | None,
        reminder_minutes: Sequence[int],
        by: str,
        now: datetime,
        timezone: str | None = None,
    ) -> OpenOutcome | None:
        """Open a draft and invite its audience; None when it is not a draft."""
        survey = await self._repo.open(
            survey_id,
            audience=sorted(set(audience)),
            audience_label=audience_label,
            anonymous=anonymous,
            deadline=deadline,
            reminder_minutes=reminder_minutes,
            by=by,
            at=now,
            timezone=timezone,
        )
        if survey is None:
            return None
        if anonymous:
            await self.pseudonyms.key(now)  # made (and stored) before the first answer needs it
        sent, failed = await self.send_invitations(survey)
        log.info("survey %s opened: %d invited, %d unreachable", survey.id, sent, failed)
        return OpenOutcome(survey, sent, failed)

    async def send_invitations(self, survey: SurveyView, chunk: int = 20) -> tuple[int, int]:
        """Send the pending invitations, a chunk claimed at a time; returns (sent, failed). Run when a
        survey opens and again at start, for invitations a crash left pending."""
        sent = failed = 0
        while keys := await self._repo.claim_invitations(survey.id, chunk):
            lost = []
            for key in keys:
                zone = await self.zone_of(key)
                if not await self._send(key, invitation(survey, self.shown(survey, zone), zone)):
                    lost.append(key)
            await self._repo.invitation_failed(survey.id, lost)
            sent, failed = sent + len(keys) - len(lost), failed + len(lost)
        return sent, failed

    async def close(self, survey_id: int, now: datetime, *, reason: str) -> SurveyView | None:
        """Close an open survey (once, whoever calls first) and tell whoever opened it. At its deadline
        a survey is closed by its due-work row instead (`close_at_deadline`, `handlers.surveys.due`)."""
        survey = await self._close(survey_id, now, reason)
        if survey is not None and survey.opened_by:
            await self._send(survey.opened_by, closed_notice(survey))
        return survey

    async def close_at_deadline(self, survey_id: int, now: datetime) -> SurveyView | None:
        """Close an open survey for its deadline (once); the caller, its due-work row, tells the opener."""
        return await self._close(survey_id, now, "deadline")

    async def _close(self, survey_id: int, now: datetime, reason: str) -> SurveyView | None:
        self._open.pop(survey_id, None)
        survey = await self._repo.close(survey_id, at=now, reason=reason)
        if survey is not None:
            log.info(
                "survey %s closed (%s): %s/%s responded",
                survey.id,
                reason,
                survey.responses_at_close,
                survey.audience_size,
            )
        return survey

    async def status(self, survey: SurveyView, now: datetime) -> StatusView:
        counts = await self._repo.counts(survey.id)
        missing = None if survey.anonymous else await self._not_answered(survey, now)
        responses = counts.complete if survey.status != "closed" else (survey.responses_at_close or 0)
        return StatusView(survey, survey.audience_size, responses, counts.partial, missing)

    # -- deadlines and reminders (due work: `handlers.surveys.due`) ----------------
    async def deadline_passed(self, survey_id: int) -> None:
        """A command met an open survey past its deadline: have its due-work row close it now (the row
        is due: the engine sends it, if this process can)."""
        await self._due().changed(DEADLINE_KIND, due_scope(survey_id))

    async def close_overdue(self, now: datetime) -> list[int]:
        """The open surveys past their deadline, each closed by its due-work row (`deadline_passed`):
        run by each survey command, so what it reads is closed already."""
        overdue = await self._repo.overdue(now)
        for survey_id in overdue:
            self._open.pop(survey_id, None)
            await self.deadline_passed(survey_id)
        return overdue

    async def open_with_deadlines(self, survey_id: int | None = None) -> list[SurveyView]:
        """The open surveys with a deadline (only ``survey_id``, when given): what due work derives from."""
        if survey_id is None:
            found = await self._repo.all(statuses=("open",))
        else:
            one = await self._repo.get(survey_id)
            found = [one] if one is not None and one.status == "open" else []
        return [s for s in found if s.deadline is not None]

    async def owed_reminder(self, survey: SurveyView, minutes: int, now: datetime) -> list[str]:
        """Who is still owed reminder ``minutes`` (not answered, and not claimed, or failed): the
        audience keys."""
        claimed = await self._repo.reminder_outcomes(survey.id)
        owed = []
        for key in await self._not_answered(survey, now):
            recipient = await self.pseudonyms.reminder_recipient(survey, key, now)
            if claimed.get((minutes, recipient), "failed") == "failed":
                owed.append(key)
        return owed

    async def send_reminders(self, survey: SurveyView, minutes: int, now: datetime) -> Reminded:
        """Send reminder ``minutes`` (before the deadline) to each person who has not answered, in their
        zone. When a later reminder is due too (the bot was down), this one is recorded ``skipped`` for
        them instead. Each (survey, offset, person) is claimed before sending (a keyed hash in an
        anonymous survey): at most once; a failed one is claimed again by the next try."""
        assert survey.deadline is not None
        deadline = survey.deadline
        later = [m for m in survey.reminder_minutes if m < minutes]
        superseded = any(deadline - timedelta(minutes=m) <= now for m in later)
        claimed = await self._repo.reminder_outcomes(survey.id)
        sent = failed = 0
        error: str | None = None
        for key in await self._not_answered(survey, now):
            recipient = await self.pseudonyms.reminder_recipient(survey, key, now)
            state = claimed.get((minutes, recipient))
            if state is None:
                ours = await self._repo.claim_reminder(survey.id, minutes, recipient, now)
            elif state == "failed" and not superseded:
                ours = await self._repo.retake_reminder(survey.id, minutes, recipient)
            else:
                continue  # sent, skipped, or claimed by a send that may have gone out: never twice
            if not ours:
                continue
            if superseded:
                await self._repo.mark_reminder(survey.id, minutes, recipient, "skipped")
                continue
            zone = await self.zone_of(key)
            try:
                await self.notifier.send_direct(key, reminder(survey, self.shown(survey, zone), now, zone))
            except Exception as exc:  # recorded; the engine tries the row again (the others went out)
                await self._repo.mark_reminder(survey.id, minutes, recipient, "failed")
                failed += 1
                error = error or f"{type(exc).__name__}: {exc}"
                continue
            await self._repo.mark_reminder(survey.id, minutes, recipient, "sent")
            sent += 1
        if sent or failed:
            log.info("survey %s: %d reminders sent, %d failed", survey.id, sent, failed)
        return Reminded(sent, failed, error, superseded)

    async def finish_invitations(self) -> None:
        """A start hook: send the invitations a crash interrupted."""
        for survey_id in await self._repo.with_pending_invitations():
            survey = await self._repo.get(survey_id)
            if survey is not None:
                await self.send_invitations(survey)

    # -- activity link ---------------------------------------------------------
    async def annotate(self, activity_id: str) -> list[str]:
        """Lines for `activity <id>`: each survey linked to it, with its response rate."""
        lines = []
        for survey in await self._repo.by_activity(activity_id):
            if survey.status == "closed":
                responded, asked = survey.responses_at_close or 0, survey.audience_size
                closed = f"{survey.closed_at:%Y-%m-%d}" if survey.closed_at else "?"
                lines.append(
                    f'Survey {survey.id} "{survey.title}" ran {survey.opened_at:%Y-%m-%d} to {closed}: '
                    f"{responded}/{asked} responded ({_percent(responded, asked)})."
                    f" `survey results {survey.id}`"
                )
            else:
                lines.append(
                    f'Survey {survey.id} "{survey.title}" is open since {survey.opened_at:%Y-%m-%d}.'
                )
        return lines

    async def _send(self, user_key: str, message: Reply) -> bool:
        try:
            await self.notifier.send_direct(user_key, message)
        except Exception as exc:  # a platform that is down must not stop the others
            log.warning("survey message not delivered (%s)", type(exc).__name__)
            return False
        return True


def _day(moment: datetime) -> datetime:
    """The start of the UTC day: anonymous responses keep no time of day that could be matched."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"
