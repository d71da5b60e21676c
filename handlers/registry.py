"""The table of commands: names, usage, who may run them, and the handler that answers."""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from handlers.args import Args
from handlers.core import Reply

if TYPE_CHECKING:
    from handlers.context import Context


class Access(StrEnum):
    ANYONE = "anyone"
    ADMIN = "admin"


Handler = Callable[["Context", Args], Awaitable[Reply]]
AccessRule = Callable[[Args], Access]


def anyone(_: Args) -> Access:
    return Access.ANYONE


def always_admin(_: Args) -> Access:
    return Access.ADMIN


def admin_when_word(position: int, *words: str) -> AccessRule:
    """Admin-only when word ``position`` is one of ``words`` (``activity 1A.1 status done``)."""
    wanted = frozenset(w.lower() for w in words)

    def rule(args: Args) -> Access:
        word = args.word(position)
        return Access.ADMIN if word is not None and word.lower() in wanted else Access.ANYONE

    return rule


@dataclass(frozen=True)
class CommandSpec:
    name: str
    summary: str
    usage: tuple[str, ...]
    handler: Handler
    access: AccessRule = anyone
    aliases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    group: str = "Knowledge"
    admin_usage: tuple[str, ...] = field(default=())
    parses: Callable[[Args], bool] | None = None
    """When set, a line whose arguments this rejects is a question ("chairs 2014 to 2018")."""

    def usage_text(self) -> str:
        lines = [f"`{u}`" for u in self.usage]
        lines += [f"`{u}` (admins)" for u in self.admin_usage]
        return "Usage: " + "\n       ".join(lines)


class Registry:
    """Commands by name and alias."""

    def __init__(self, specs: Iterable[CommandSpec]) -> None:
        self._specs: list[CommandSpec] = []
        self._by_name: dict[str, CommandSpec] = {}
        for spec in specs:
            for name in (spec.name, *spec.aliases):
                if name in self._by_name:
                    raise ValueError(f"command {name!r} registered twice")
                self._by_name[name] = spec
            self._specs.append(spec)

    def __iter__(self) -> Iterator[CommandSpec]:
        return iter(self._specs)

    def get(self, name: str) -> CommandSpec | None:
        return self._by_name.get(name.lower())

    def closest(self, name: str) -> CommandSpec | None:
        """The command whose name is nearest to a mistyped ``name``, if any is near enough."""
        match = difflib.get_close_matches(name.lower(), list(self._by_name), n=1, cutoff=0.5)
        return self._by_name[match[0]] if match else None

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self._specs]
