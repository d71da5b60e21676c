"""What a handler gets besides its arguments: the command, the services, the clock, the actor's rights."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
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
from storage.repositories.users import UserRepository, UserView
from storage.repositories.web_tokens import WebTokenRepository

ActivityAnnotator = Callable[[str], Awaitable[list[str]]]


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
    """Repositories and ports, made once by the wiring (`bot.wiring.build_services`) and shared by every
    command. A plain container: it builds nothing; each member is given."""

    db: Database
    settings: CoreSettings
    notifier: Notifier
    timers: Timers
    inbox: Inbox
    knowledge: KnowledgeRepository
    users: UserRepository
    search: KnowledgeSearch
    meetings: MeetingRepository
    surveys: SurveyService
    dialogues: SurveyDialogue
    """Surveys answered one question at a time in direct chats (every platform)."""
    rosters: RosterRepository
    reminders: PersonalReminderRepository
    focal_points: FocalPointRepository
    rsvps: RsvpRepository
    participation: ParticipationRepository
    confirmations: ConfirmationRepository
    """Proposals waiting for their author's `yes` (`meeting new` with a schedule in words)."""
    checkins: CheckinRepository
    web_tokens: WebTokenRepository
    """Calendar-feed tokens, dashboard sign-in links and sessions (stored hashed)."""
    due_work: DueWorkRepository
    """The rows of due work (`handlers.due`): one table for every message the bot sends on its own."""
    metrics: Metrics = field(default_factory=NoMetrics)
    """Counters (reminders sent/missed, survey answers, platform errors): `metrics.count(name, **labels)`."""
    platforms: Platforms = field(default_factory=Platforms)
    """The platforms the wiring registered: prefixes and how their users are written (`parse_user`)."""
    activity_annotators: list[ActivityAnnotator] = field(default_factory=list)
    """Features that add lines to `activity <id>` (a linked meeting series, a survey that ran)."""
    place_rosters: dict[str, PlaceRoster] = field(default_factory=dict)
    """Per platform, who is in a chat place (`survey open ... here`); `App.add_platform` registers them."""
    place_namers: dict[str, PlaceNamer] = field(default_factory=dict)
    """Per platform, the name of a chat place (`handlers.places.place_name`); registered the same way."""
    native_polls: dict[str, NativePolls] = field(default_factory=dict)
    """Per platform, its native polls where it has them (the `poll` command's capability)."""
    due: DueWork = field(default_factory=NoDueWork)
    """The due-work engine (`handlers.due`): a command that changed what the bot will send on its own
    says so with ``await services.due.changed(kind, scope)``."""

    async def zone_of(self, key: str) -> ResolvedZone:
        """The zone a user reads times in and where it came from: the one rule (handlers/user_zones.py)."""
        return await zone_of(self.users, self.knowledge, key, self.settings.timezone, self.focal_points)

    async def zones_of(self, keys: Sequence[str]) -> dict[str, ResolvedZone]:
        """`zone_of` for many users at once."""
        return await zones_of(self.users, self.knowledge, keys, self.settings.timezone, self.focal_points)

    async def reader_zone(self, key: str) -> ZoneInfo:
        """Just the zone of `zone_of`."""
        return (await self.zone_of(key)).zone

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
