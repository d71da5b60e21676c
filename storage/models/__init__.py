"""The core's tables. Importing this package registers them on `Base.metadata`; an adapter's own tables are
registered by its storage package (`storage.migrate.schema_parts`), never imported by the core."""

from storage.models.base import Base, UTCDateTime
from storage.models.checkins import Checkin, CheckinParticipant, CheckinRound
from storage.models.confirmations import CONFIRMATION_STATES, PendingConfirmation
from storage.models.due_work import DUE_STATES, DueWork
from storage.models.engagement import RSVP_ANSWERS, FocalPoint, MeetingRsvp
from storage.models.inbox import ProcessedEvent
from storage.models.knowledge import (
    ACTIVITY_STATUSES,
    Activity,
    ActivityNote,
    Chair,
    ContextSection,
    Goal,
    Member,
    Network,
    Objective,
    Statement,
    Structure,
    TaskForce,
    Topic,
    Troika,
)
from storage.models.meetings import (
    MEETING_KINDS,
    MeetingOverride,
    MeetingParticipant,
    MeetingPlace,
    MeetingSeries,
)
from storage.models.reminders import PersonalReminder
from storage.models.rosters import NetworkMember
from storage.models.surveys import (
    SURVEY_STATUSES,
    BotSecret,
    Survey,
    SurveyAudience,
    SurveyDialogue,
    SurveyReminder,
    SurveyResponse,
)
from storage.models.users import User
from storage.models.web import WEB_TOKEN_KINDS, WebToken

__all__ = [
    "ACTIVITY_STATUSES",
    "CONFIRMATION_STATES",
    "DUE_STATES",
    "MEETING_KINDS",
    "RSVP_ANSWERS",
    "SURVEY_STATUSES",
    "WEB_TOKEN_KINDS",
    "Activity",
    "ActivityNote",
    "Base",
    "BotSecret",
    "Chair",
    "Checkin",
    "CheckinParticipant",
    "CheckinRound",
    "ContextSection",
    "DueWork",
    "FocalPoint",
    "Goal",
    "MeetingOverride",
    "MeetingParticipant",
    "MeetingPlace",
    "MeetingRsvp",
    "MeetingSeries",
    "Member",
    "Network",
    "NetworkMember",
    "Objective",
    "PendingConfirmation",
    "PersonalReminder",
    "ProcessedEvent",
    "Statement",
    "Structure",
    "Survey",
    "SurveyAudience",
    "SurveyDialogue",
    "SurveyReminder",
    "SurveyResponse",
    "TaskForce",
    "Topic",
    "Troika",
    "UTCDateTime",
    "User",
    "WebToken",
]
