"""The core's services, built in one place: every repository and application service made explicitly
and handed to `handlers.context.Services` (which builds nothing). The bot (`bot.app.build_app`), the
benches and the tests that need services without a whole app all call `build_services`."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from handlers.context import CoreSettings, Services
from handlers.platforms import Platforms
from handlers.ports import Metrics, NoMetrics, Notifier, Timers
from handlers.surveys.dialogue import SurveyDialogue
from handlers.surveys.service import SurveyService
from storage.db import Database
from storage.repositories.checkins import CheckinRepository
from storage.repositories.confirmations import ConfirmationRepository
from storage.repositories.due_work import DueWorkRepository
from storage.repositories.focal_points import FocalPointRepository
from storage.repositories.inbox import Inbox
from storage.repositories.knowledge import KnowledgeRepository
from storage.repositories.meetings import MeetingRepository
from storage.repositories.participation import ParticipationRepository
from storage.repositories.personal_reminders import PersonalReminderRepository
from storage.repositories.rosters import RosterRepository
from storage.repositories.rsvps import RsvpRepository
from storage.repositories.search import KnowledgeSearch
from storage.repositories.survey_dialogues import SurveyDialogueRepository
from storage.repositories.surveys import SurveyRepository
from storage.repositories.users import UserRepository
from storage.repositories.web_tokens import WebTokenRepository


def build_services(
    db: Database,
    settings: CoreSettings,
    notifier: Notifier,
    timers: Timers,
    *,
    metrics: Metrics | None = None,
    platforms: Platforms | None = None,
) -> Services:
    """Every repository on ``db`` and every application service, wired to the ports given."""
    metrics = metrics or NoMetrics()
    knowledge = KnowledgeRepository(db)

    async def reader_zone(key: str) -> ZoneInfo:
        # The one rule of a user's zone is `Services.zone_of`; bound here, called after it exists.
        return await services.reader_zone(key)

    surveys = SurveyService(
        SurveyRepository(db),
        notifier,
        settings.anonymity_key,
        metrics,
        zone_of=reader_zone,
        due=lambda: services.due,  # the engine is plugged in after (it needs the services)
    )
    services = Services(
        db=db,
        settings=settings,
        notifier=notifier,
        timers=timers,
        inbox=Inbox(db),
        knowledge=knowledge,
        users=UserRepository(db),
        search=KnowledgeSearch(knowledge),
        meetings=MeetingRepository(db),
        surveys=surveys,
        dialogues=SurveyDialogue(surveys, SurveyDialogueRepository(db)),
        rosters=RosterRepository(db),
        reminders=PersonalReminderRepository(db),
        focal_points=FocalPointRepository(db),
        rsvps=RsvpRepository(db),
        participation=ParticipationRepository(db),
        confirmations=ConfirmationRepository(db),
        checkins=CheckinRepository(db),
        web_tokens=WebTokenRepository(db),
        due_work=DueWorkRepository(db),
        metrics=metrics,
        platforms=platforms or Platforms(),
        activity_annotators=[surveys.annotate],
    )
    return services
