"""All tables. Importing this package registers every model on `Base.metadata`."""

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
from storage.models.matrix import (
    MatrixCrossSigning,
    MatrixDirectRoom,
    MatrixMessageActions,
    MatrixPoll,
    MatrixSignedDevice,
    MatrixSurveyDialogue,
    MatrixSyncState,
)
from storage.models.meetings import (
    MEETING_KINDS,
    MeetingOverride,
    MeetingParticipant,
    MeetingPlace,
    MeetingSeries,
)
from storage.models.reminders import PersonalReminder, PersonalReminderDelivery
from storage.models.rosters import NetworkMember
from storage.models.slack import SlackOutboxMessage
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
    "MatrixCrossSigning",
    "MatrixDirectRoom",
    "MatrixMessageActions",
    "MatrixPoll",
    "MatrixSignedDevice",
    "MatrixSurveyDialogue",
    "MatrixSyncState",
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
    "PersonalReminderDelivery",
    "ProcessedEvent",
    "SlackOutboxMessage",
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
