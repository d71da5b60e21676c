"""What a handler gets besides its arguments: the command, the services, the clock, the actor's rights."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from handlers.core import Clock, Command
from handlers.platforms import Platforms
from handlers.ports import (
    DueWork,
    Metrics,
    NativePolls,
    NoDueWork,
    NoMetrics,
    Notifier,
    PlaceNamer,
    PlaceRoster,
    Timers,
)
from handlers.surveys.dialogue import SurveyDialogue
from handlers.surveys.service import SurveyService
from handlers.user_zones import ResolvedZone, zone_of, zones_of
from storage.db import Database

if TYPE_CHECKING:
    from handlers.checkins.service import CheckinService
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
from storage.repositories.users import UserRepository, UserView
from storage.repositories.web_tokens import WebTokenRepository

ActivityAnnotator = Callable[[str], Awaitable[list[str]]]
SeriesListener = Callable[[int], Awaitable[None]]


@dataclass(frozen=True)
class CoreSettings:
    """The settings the core needs, passed in from `bot.config.Settings`."""

    admins: frozenset[str] = frozenset()
    timezone: str = "UTC"
    anonymity_key: bytes = b""
    min_group_size: int = 3
    public_url: str = "http://127.0.0.1:3000"
    """The base of every web link (calendar feeds, dashboard sign-in): FOCBOT_PUBLIC_URL."""
    reminders_per_user: int = 100
    """Active personal reminders one user may have set (admins are not counted)."""
    reminders_per_minute: int = 20
    """Personal reminders one user may set in a minute (admins are not counted)."""


@dataclass
class Services:
    """Repositories and ports, made once by the wiring and shared by every command."""

    db: Database
    settings: CoreSettings
    notifier: Notifier
    timers: Timers
    inbox: Inbox = field(init=False)
    knowledge: KnowledgeRepository = field(init=False)
    users: UserRepository = field(init=False)
    search: KnowledgeSearch = field(init=False)
    meetings: MeetingRepository = field(init=False)
    activity_annotators: list[ActivityAnnotator] = field(default_factory=list)
    """Features that add lines to `activity <id>` (a linked meeting series, a survey that ran)."""
    metrics: Metrics = field(default_factory=NoMetrics)
    """Counters (reminders sent/missed, survey answers, platform errors): `metrics.count(name, **labels)`."""
    meeting_listeners: list[SeriesListener] = field(default_factory=list)
    """Called with a series id after a command changed it (the delivery service re-arms its timer)."""
    surveys: SurveyService = field(init=False)
    dialogues: SurveyDialogue = field(init=False)
    """Surveys answered one question at a time in direct chats (every platform)."""
    rosters: RosterRepository = field(init=False)
    reminders: PersonalReminderRepository = field(init=False)
    place_rosters: dict[str, PlaceRoster] = field(default_factory=dict)
    """Per platform, who is in a chat place (`survey open ... here`); `App.add_platform` registers them."""
    place_namers: dict[str, PlaceNamer] = field(default_factory=dict)
    """Per platform, the name of a chat place (`handlers.places.place_name`); registered the same way."""
    native_polls: dict[str, NativePolls] = field(default_factory=dict)
    """Per platform, its native polls where it has them (the `poll` command's capability)."""
    platforms: Platforms = field(default_factory=Platforms)
    """The platforms the wiring registered: prefixes and how their users are written (`parse_user`)."""
    focal_points: FocalPointRepository = field(init=False)
    rsvps: RsvpRepository = field(init=False)
    participation: ParticipationRepository = field(init=False)
    confirmations: ConfirmationRepository = field(init=False)
    """Proposals waiting for their author's `yes` (`meeting new` with a schedule in words)."""
    checkins: CheckinRepository = field(init=False)
    checkin_service: CheckinService = field(init=False)
    """The check-in use cases (`handlers.checkins.service`), built by the wiring (`bot.app`)."""
    web_tokens: WebTokenRepository = field(init=False)
    """Calendar-feed tokens, dashboard sign-in links and sessions (stored hashed)."""
    due: DueWork = field(default_factory=NoDueWork)
    """The due-work engine (`handlers.due`): a command that changed what the bot will send on its own
    says so with ``await services.due.changed(kind, scope)``."""
    due_work: DueWorkRepository = field(init=False)
    """The rows of due work (`handlers.due`): one table for every message the bot sends on its own."""

    async def zone_of(self, key: str) -> ResolvedZone:
        """The zone a user reads times in and where it came from: the one rule (handlers/user_zones.py)."""
        return await zone_of(self.users, self.knowledge, key, self.settings.timezone, self.focal_points)

    async def zones_of(self, keys: Sequence[str]) -> dict[str, ResolvedZone]:
        """`zone_of` for many users at once."""
        return await zones_of(self.users, self.knowledge, keys, self.settings.timezone, self.focal_points)

    async def reader_zone(self, key: str) -> ZoneInfo:
        """Just the zone of `zone_of`."""
        return (await self.zone_of(key)).zone

    def __post_init__(self) -> None:
        self.inbox = Inbox(self.db)
        self.knowledge = KnowledgeRepository(self.db)
        self.users = UserRepository(self.db)
        self.search = KnowledgeSearch(self.knowledge)
        self.meetings = MeetingRepository(self.db)
        self.surveys = SurveyService(
            SurveyRepository(self.db),
            self.notifier,
            self.timers,
            self.settings.anonymity_key,
            self.metrics,
            zone_of=self.reader_zone,
        )
        self.dialogues = SurveyDialogue(self.surveys, SurveyDialogueRepository(self.db))
        self.activity_annotators.append(self.surveys.annotate)
        self.rosters = RosterRepository(self.db)
        self.focal_points = FocalPointRepository(self.db)
        self.rsvps = RsvpRepository(self.db)
        self.participation = ParticipationRepository(self.db)
        self.reminders = PersonalReminderRepository(self.db)
        self.confirmations = ConfirmationRepository(self.db)
        self.checkins = CheckinRepository(self.db)
        self.web_tokens = WebTokenRepository(self.db)
        self.due_work = DueWorkRepository(self.db)

    async def is_admin(self, user_key: str) -> bool:
        return self.admin_for(user_key, await self.users.get(user_key))

    def admin_for(self, user_key: str, user: UserView | None) -> bool:
        """Whether ``user_key`` is an admin, given their stored row (None: they have none)."""
        return user_key in self.settings.admins or (user is not None and user.is_admin)


@dataclass(frozen=True)
class Context:
    command: Command
    services: Services
    clock: Clock
    is_admin: bool = False
    user: UserView | None = None
    """The actor's stored row as read once for this command (None: they have none yet, or it was not read:
    an admin by the settings)."""

    def now(self) -> datetime:
        return self.clock()

    @property
    def actor_key(self) -> str:
        return self.command.actor.key

    @property
    def default_zone(self) -> ZoneInfo:
        return ZoneInfo(self.services.settings.timezone)
