"""The core contract: a Command comes in from an adapter, Reply values go back out.

These are plain values. Adapters translate platform events into `Command` and render `Reply`
(text plus structured parts: tables, lists, choices, files) in the platform's own format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

Clock = Callable[[], datetime]
"""Returns the current time as an aware datetime. Handlers never read the system clock themselves."""


@dataclass(frozen=True)
class Actor:
    """Who sent a command: a user on one platform."""

    platform: str
    user_id: str
    display_name: str | None = None
    is_bot: bool = False

    @property
    def key(self) -> str:
        """The platform-qualified id used everywhere in storage, ``<platform>:<user id>``."""
        return f"{self.platform}:{self.user_id}"

    @property
    def name(self) -> str:
        return self.display_name or self.user_id


@dataclass(frozen=True)
class Place:
    """Where a command was said and where replies and notifications go."""

    platform: str
    channel_id: str
    is_direct: bool = False

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.channel_id}"

    @classmethod
    def parse(cls, key: str) -> Place:
        """Inverse of `key`: ``chat:!room:example.org`` -> Place("chat", "!room:example.org")."""
        platform, _, channel = key.partition(":")
        if not platform or not channel:
            raise ValueError(f"not a place: {key!r} (expected platform:channel)")
        return cls(platform, channel)


Value = str | tuple[str, ...]
"""A typed value a form submits: text, or several picks (people, countries, answers of a multiple choice)."""


@dataclass(frozen=True)
class Command:
    """One chat command as an adapter saw it, without the platform's command prefix."""

    actor: Actor
    place: Place
    text: str
    event_id: str | None = None
    values: Mapping[str, Value] = field(default_factory=dict)
    """A form's submission: typed option values (field name -> value, a tuple for several), taken as given.
    ``text`` then holds only the command's words (``meeting new``, ``activity 3B.3 set``): the values are
    never joined into a line and parsed again, so a title keeps its quotes."""


class Status(StrEnum):
    OK = "ok"
    USAGE = "usage"  # malformed input: the reply explains the right usage
    ERROR = "error"  # well-formed but refused (unknown id, bad date, ...)
    DENIED = "denied"  # the actor may not do this


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None


@dataclass(frozen=True)
class ItemList:
    items: tuple[str, ...]
    title: str | None = None


@dataclass(frozen=True)
class Choice:
    label: str
    value: str
    sign: str | None = None
    """What a gesture on the message may mean instead of a click, where the platform reads reactions
    (``"stop"``: 🛑 ❌ ✋ on Matrix): the reaction runs the command with this choice's value, as the
    reacting user, so the core decides whether they may."""


@dataclass(frozen=True)
class Choices:
    """A question the user can answer with a click where the platform has buttons.

    ``command`` is the command text to run with ``{value}`` replaced by the chosen value(s), so a
    platform without buttons can show it as a typed command instead.
    """

    prompt: str
    options: tuple[Choice, ...]
    command: str
    multiple: bool = False
    max_selected: int | None = None
    public: bool = False
    """A show of hands (an RSVP): the choices may be shown openly, as a native poll where the platform has
    them, since everyone in the place may see who chose what. Never set for a survey question."""


@dataclass(frozen=True)
class FileAttachment:
    filename: str
    content: bytes
    mimetype: str
    title: str | None = None


@dataclass(frozen=True)
class SurveyPrompt:
    """An invitation to answer a survey (its invitation or a reminder): platforms with forms show an
    answer button, platforms with the one-question-at-a-time dialogue start it in the direct chat, a
    terminal says how to begin. ``reason`` is ``invitation`` or ``reminder``."""

    survey_id: int  # the survey's id, or the check-in's (``kind``)
    title: str
    reason: str = "invitation"
    kind: Literal["survey", "checkin"] = "survey"  # a check-in's round is answered in a form or by typing

    @property
    def command(self) -> str:
        """The typed command that answers: question by question in a direct chat for a survey; for a
        check-in, `checkin answer <id> 1=... 2=...`."""
        return f"{self.kind} answer {self.survey_id}"


@dataclass(frozen=True)
class FormField:
    """One input of a `FormPart`: a declared option (`handlers.declare.Option`) with its current value."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    value: Value | None = None
    choices: tuple[str, ...] = ()
    help: str = ""
    example: str = ""


@dataclass(frozen=True)
class FormPart:
    """A form to fill in, declared from a command's options (`handlers.declare.form_part`): ``command`` is
    the words it submits (``activity 3B.3 set``), its fields carry their current values. A platform with
    forms shows its own (a Slack modal) and submits a `Command` whose ``values`` are the fields; others
    show the fields and the typed command line (`typed`)."""

    title: str
    command: str
    fields: tuple[FormField, ...]

    @property
    def typed(self) -> str:
        """The command line a platform without forms types: ``activity 3B.3 set [status=...] ...``."""
        shown = [f"{f.name}=<{f.label or f.name}>" for f in self.fields]
        optional = [s if f.required else f"[{s}]" for s, f in zip(shown, self.fields, strict=True)]
        return " ".join([self.command, *optional])


Part = Table | ItemList | Choices | FileAttachment | SurveyPrompt | FormPart
"""Every renderer handles every part type; a chain over them ends in `typing.assert_never`."""


@dataclass(frozen=True)
class Reply:
    """What a handler answers. ``data`` is the machine-readable structured part (JSON-able) or None."""

    text: str
    parts: tuple[Part, ...] = ()
    data: Any = None
    status: Status = Status.OK
    private: bool = False
    mentions: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    @classmethod
    def usage(cls, text: str, data: Any = None) -> Reply:
        return cls(text=text, status=Status.USAGE, private=True, data=data)

    @classmethod
    def error(cls, text: str, data: Any = None) -> Reply:
        return cls(text=text, status=Status.ERROR, private=True, data=data)

    @classmethod
    def denied(cls, text: str) -> Reply:
        return cls(text=text, status=Status.DENIED, private=True)

    def files(self) -> tuple[FileAttachment, ...]:
        return tuple(p for p in self.parts if isinstance(p, FileAttachment))

    def survey_prompt(self) -> SurveyPrompt | None:
        """The reply's survey prompt, if it is an invitation to answer one."""
        return next((p for p in self.parts if isinstance(p, SurveyPrompt)), None)
