"""All tables. Importing this package registers every model on `Base.metadata`."""

from storage.models.base import Base, UTCDateTime
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
    MatrixPoll,
    MatrixSignedDevice,
    MatrixSyncState,
)
from storage.models.meetings import (
    MEETING_KINDS,
    MeetingDelivery,
    MeetingOverride,
    MeetingParticipant,
    MeetingPlace,
    MeetingSeries,
)
from storage.models.users import User

__all__ = [
    "ACTIVITY_STATUSES",
    "MEETING_KINDS",
    "Activity",
    "ActivityNote",
    "Base",
    "Chair",
    "ContextSection",
    "Goal",
    "MatrixCrossSigning",
    "MatrixDirectRoom",
    "MatrixPoll",
    "MatrixSignedDevice",
    "MatrixSyncState",
    "MeetingDelivery",
    "MeetingOverride",
    "MeetingParticipant",
    "MeetingPlace",
    "MeetingSeries",
    "Member",
    "Network",
    "Objective",
    "ProcessedEvent",
    "Statement",
    "Structure",
    "TaskForce",
    "Topic",
    "Troika",
    "UTCDateTime",
    "User",
]
