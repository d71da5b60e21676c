"""The table of commands: names, usage, who may run them, and the handler that answers."""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from handlers.args import Args, split_command
from handlers.core import Reply
from handlers.declare import Form, spaced
from handlers.errors import Refusal
from handlers.platforms import BOT_PREFIX
from handlers.questions import echo

if TYPE_CHECKING:
    from handlers.context import Context


class Access(StrEnum):
    ANYONE = "anyone"
    ADMIN = "admin"


Handler = Callable[["Context", Args], Awaitable[Reply]]


@dataclass(frozen=True)
class CommandSpec:
    """A command: its name, what it is for, its declared forms (`handlers.declare.Form`: words, options,
    access, privacy) and the handler that answers. Usage, `help`, the access rule and the refusal of an
    unknown option all come from ``forms``."""

    name: str
    summary: str
    handler: Handler | None = None
    """Answers every form without a handler of its own."""
    forms: tuple[Form, ...] = (Form(),)
    aliases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    group: str = "Knowledge"
    default: str | None = None
    """The form a bare ``survey`` runs (``list``); None: the plain form (a usage refusal when none)."""
    parses: Callable[[Args], bool] | None = None
    """When set, a line whose arguments this rejects is a question ("activities about spyware")."""
    asks: bool = False
    """A line whose words its forms do not take is a question ("chairs 2014 to 2018", "troika in 2020?")."""

    @property
    def usage(self) -> tuple[str, ...]:
        return tuple(u for f in self.forms if not f.admin for u in (f.usage(self.name), *f.also))

    @property
    def admin_usage(self) -> tuple[str, ...]:
        return tuple(u for f in self.forms if f.admin for u in (f.usage(self.name), *f.also))

    def usage_text(self) -> str:
        lines = [f"`{u}`" for u in self.usage]
        lines += [f"`{u}` (admins)" for u in self.admin_usage]
        return "Usage: " + "\n       ".join(lines)

    def form_of(self, words: Sequence[str]) -> Form | None:
        """The declared form these words (after the name) are: an action word's, else the default's when
        there are no words, else the plain form (None when the command has none)."""
        lowered = [w.lower() for w in words]
        found = next((f for f in self.forms if f.matches(lowered)), None)
        if found is None and not lowered and self.default is not None:
            found = next((f for f in self.forms if f.word == self.default), None)
        if found is None:
            found = next((f for f in self.forms if f.word is None), None)
        return found

    def access(self, args: Args) -> Access:
        form = self.form_of(args.words)
        return Access.ADMIN if form is not None and form.admin else Access.ANYONE

    def is_private(self, words: Sequence[str]) -> bool:
        """Its answer to these words is the asker's alone (`handlers.visibility`)."""
        form = self.form_of(words)
        return form is not None and form.private

    @property
    def spaced(self) -> frozenset[str]:
        return spaced(self.forms)

    def accepts(self, args: Args) -> bool:
        """The arguments are this command's (else the line is a question): its ``parses`` test, and with
        ``asks``, words its forms take (no words for a plain form that takes none, or an action word)."""
        if self.parses is not None and not self.parses(args):
            return False
        if not self.asks or not args.words:
            return True
        form = self.form_of(args.words)
        return form is not None and (form.word is not None or bool(form.words or form.args))

    async def run(self, ctx: Context, args: Args) -> Reply:
        """The form the arguments are, its options checked, answered by its handler."""
        form = self.form_of(args.words)
        if form is None or (form.handler is None and self.handler is None):
            what = f"`{self.name} {echo(args.words[0], 30)}` is not" if args.words else "Which"
            raise Refusal.usage(f"{what} a `{self.name}` command. {self.usage_text()}", "action")
        args = form.placed(args)  # a form's typed value of a positional word (a title) is a word
        form.check(self.name, args.options)
        if form.handler is not None:
            return await form.handler(ctx, args.shift(1) if form.word is not None and args.words else args)
        assert self.handler is not None
        return await self.handler(ctx, args)


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

    def spaced(self, name: str) -> frozenset[str]:
        """The options of the command ``name`` whose unquoted values run on to the next ``key=``."""
        spec = self.get(name)
        return spec.spaced if spec is not None else frozenset()

    def split(self, text: str, prefixes: Sequence[str] = (BOT_PREFIX,)) -> tuple[str, Args]:
        """`split_command` with the command's own spaced options (``participants=New Zealand,Estonia``)."""
        return split_command(text, prefixes, self.spaced)
