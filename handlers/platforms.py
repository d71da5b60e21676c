"""The platforms the core can name, as the wiring registered them: each one's command prefix and how people
write its users. The core knows no platform by name; it asks `Services.platforms`.

A platform's `PlatformKeys` is known even where its adapter does not run (an admin in the terminal can
name a user of any platform the bot serves); `bot.adapters.base.PlatformAdapter` adds the running parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

BOT_PREFIX = "foc"
"""The bot's own name: accepted as a prefix everywhere (``foc help``), beside each platform's own."""
USER = "{user}"
"""In a command's examples: replaced by `help` with a user key of the asker's platform."""


class PlatformKeys:
    """What the core knows of one platform: its name (the first part of every user and place key), its
    command prefix (``None``: commands need none), and how its users are written."""

    name: str = ""
    label: str = ""
    """Its name in a sentence, capitalised."""
    prefix: str | None = None
    user_example: str = ""
    """A user id as it follows ``<name>:`` in a key, for help texts."""
    place_example: str = ""
    """A chat place id as it follows ``<name>:`` in a key, for help texts."""

    def parse_user(self, text: str, *, typed_here: bool) -> str | None:
        """The user id in ``text`` (without ``<name>:``) when it is written the way only this platform
        writes users (a mention); with ``typed_here`` also its short forms (a bare id or name typed on this
        platform). None when ``text`` is not one of its users."""
        return None

    def mention(self, user_id: str) -> str:
        """``user_id`` as a mention a person on this platform reads (and the bot's parsing reads back)."""
        return user_id

    def is_place(self, place_id: str) -> bool:
        """Whether ``place_id`` (after ``<name>:``) names a chat place (a channel, a room), not a user."""
        return False


class Platforms:
    """The registered platforms, in the order they were added."""

    def __init__(self, platforms: Iterable[PlatformKeys] = ()) -> None:
        self._by_name: dict[str, PlatformKeys] = {}
        for platform in platforms:
            self.add(platform)

    def add(self, platform: PlatformKeys) -> None:
        """Register ``platform`` (a later one of the same name replaces it)."""
        self._by_name[platform.name] = platform

    def get(self, name: str) -> PlatformKeys | None:
        return self._by_name.get(name)

    def __iter__(self) -> Iterator[PlatformKeys]:
        return iter(self._by_name.values())

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    @property
    def prefixes(self) -> tuple[str, ...]:
        """Every registered prefix and the bot's own name, longest first."""
        found = {p.prefix for p in self if p.prefix} | {BOT_PREFIX}
        return tuple(sorted(found, key=lambda p: (-len(p), p)))

    def parse_user(self, text: str, default_platform: str | None = None) -> str | None:
        """A platform-qualified user key (``<platform>:<id>``) from what a person typed: a key of a
        registered platform, a form only one platform writes (a mention), or, with ``default_platform``
        (where it was typed), that platform's short forms. None when it is not a user."""
        text = text.strip()
        if not text:
            return None
        qualified = text.strip("<>")
        name, colon, rest = qualified.partition(":")
        if colon and name in self._by_name and rest and not any(c.isspace() for c in rest):
            return qualified
        for platform in self._ordered(default_platform):
            found = platform.parse_user(text, typed_here=False)
            if found:
                return f"{platform.name}:{found}"
        here = self._by_name.get(default_platform or "")
        found = here.parse_user(text, typed_here=True) if here else None
        return f"{here.name}:{found}" if here and found else None

    def place(self, text: str) -> str | None:
        """``text`` when it is a place key (``<platform>:<channel>``) of a registered platform, else None."""
        name, colon, rest = text.strip().partition(":")
        platform = self._by_name.get(name)
        return text.strip() if colon and platform is not None and platform.is_place(rest) else None

    def mention(self, user_key: str) -> str:
        """A user key as its platform's mention (the key itself for an unknown platform)."""
        name, _, user_id = user_key.partition(":")
        platform = self._by_name.get(name)
        return platform.mention(user_id) if platform else user_key

    def user_example(self, platform: str | None = None) -> str:
        """An example user key of ``platform`` (else the first registered one that has an example)."""
        chosen = self._by_name.get(platform or "")
        if chosen is None or not chosen.user_example:
            chosen = next((p for p in self if p.user_example), None)
        return f"{chosen.name}:{chosen.user_example}" if chosen else "<platform>:<user>"

    def user_examples(self) -> str:
        """One example key a platform (`` `a:1`, `b:2` or `c:3` ``), for a message on how to write one."""
        return _or([f"`{p.name}:{p.user_example}`" for p in self if p.user_example]) or "`<platform>:<user>`"

    def place_examples(self) -> str:
        return _or([f"{p.name}:{p.place_example}" for p in self if p.place_example]) or "<platform>:<place>"

    def command_forms(self) -> str:
        """How commands are typed on each platform that has a prefix (for `help`)."""
        return _and([f"`{p.prefix} <command>` in {p.label or p.name}" for p in self if p.prefix])

    def fill(self, example: str, platform: str | None = None) -> str:
        """A command example with its `USER` placeholder replaced by a user key of ``platform``."""
        return example.replace(USER, self.user_example(platform))

    def _ordered(self, first: str | None) -> list[PlatformKeys]:
        platforms = list(self)
        platforms.sort(key=lambda p: p.name != first)
        return platforms


def _or(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1] if items else ""


def _and(items: Sequence[str]) -> str:
    return ", ".join(items)
