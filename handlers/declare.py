"""Commands declared once: each form of a command (``meeting new``, ``activity <id> status``, the plain
``chairs``) names its words, its options, who may run it and whether its answer is private.

From the declaration come the usage lines and `help`, the access rule (tests/test_authorization.py checks
its table against it), the refusal of an option a form does not have (`Form.check`), which options' unquoted
values run on to the next ``key=`` (`spaced`), whether a line starting with the command's name is a question
(`CommandSpec.accepts`), the privacy of the answer (`handlers.visibility`) and the typed fields a platform's
form shows (`fields`, `form_part`), whose submission comes back as typed values (`Command.values`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from handlers.args import Args
from handlers.core import FormField, FormPart, Reply, Value
from handlers.errors import Refusal
from handlers.questions import echo

if TYPE_CHECKING:
    from handlers.context import Context

Handler = Callable[["Context", Args], Awaitable[Reply]]
Kind = Literal[
    "text",
    "long_text",
    "choice",
    "date",
    "time",
    "zone",
    "number",
    "rule",
    "offsets",
    "places",
    "people",
    "id",
]
"""What an option's value is, for a form to pick its input: a line of text, a choice among ``choices``, a
date, a time of day, an IANA zone, a whole number, a recurrence rule, reminder offsets (``24h,1h``), places
(``platform:channel,...``), people or countries, a record id."""


@dataclass(frozen=True, slots=True)
class Option:
    """One ``key=value`` option (or, in `Form.words`, one positional value) of a form."""

    name: str
    help: str
    value: str = "<text>"
    """How the usage line shows the value (``<YYYY-MM-DD>``, ``24h,1h``)."""
    kind: Kind = "text"
    required: bool = False
    example: str = ""
    spaced: bool = False
    """Its unquoted value runs on to the next ``key=`` (names and titles hold spaces); a word with a ``/``
    (an IANA zone) ends it."""
    label: str = ""
    """What a form shows beside its input (the help when none)."""
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        """The option in a usage line: ``start=<YYYY-MM-DD>``, or ``[kind=...]`` when optional."""
        text = f"{self.name}={self.value}" if self.value else self.name
        return text if self.required else f"[{text}]"

    @property
    def caption(self) -> str:
        return self.label or self.help


@dataclass(frozen=True)
class Form:
    """One form of a command: ``word`` (its action word, None for the plain form) at position ``at``
    (-1: any word after the first, as in ``focal <country> add <user>``), then its positional ``words``
    and ``args`` (usage text for what the words do not say), its ``options``; ``admin``: admins only;
    ``private``: its answer is the asker's alone. ``handler``: a subcommand's own handler, given the
    words after ``word``; else the command's handler runs."""

    word: str | None = None
    args: str = ""
    options: tuple[Option, ...] = ()
    admin: bool = False
    private: bool = False
    handler: Handler | None = None
    at: int = 0
    words: tuple[Option, ...] = ()
    answers: bool = False
    """Also takes numbered answers (``1=yes 2="..."``): the question numbers are its options."""
    free_text: bool = False
    """Its text is free (a reminder's message, a note, a question): ``key=value`` in it is text."""
    also: tuple[str, ...] = ()
    """More usage lines: other ways to write the same form (``meeting new`` with a schedule in words)."""
    help: str = ""

    def handled_by(self, handler: Handler) -> Form:
        """The same form, answered by ``handler`` (declarations live beside the parsers that read them)."""
        return dataclasses.replace(self, handler=handler)

    def usage(self, command: str) -> str:
        """The usage line: ``meeting move <meeting> <YYYY-MM-DD> [to=<YYYY-MM-DD>] [at=<HH:MM>]``."""
        parts = [command]
        if self.word is not None and self.at == 0:
            parts.append(self.word)
        parts += [w.value if w.required else f"[{w.value}]" for w in self.words]
        if self.args:
            parts.append(self.args)
        parts += [o.shown for o in self.options]
        return " ".join(parts)

    def title(self, command: str) -> str:
        """The form's name in a refusal: ``meeting list``, ``activity ... status``."""
        if self.word is None:
            return command
        return f"{command} {self.word}" if self.at == 0 else f"{command} ... {self.word}"

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if key == o.name or key in o.aliases), None)

    def placed(self, args: Args) -> Args:
        """A form's typed values for this form's positional ``words`` (the title of ``meeting new``) as its
        last words, in declared order, so the handler reads them where a typed line puts them."""
        names = [w.name for w in self.words if w.name in args.values]
        if not names:
            return args
        taken = [v if isinstance(v := args.values[n], str) else " ".join(v) for n in names]
        options = {k: v for k, v in args.options.items() if k not in names}
        values = {k: v for k, v in args.values.items() if k not in names}
        return Args((*args.words, *taken), options, args.rest, values)

    def check(self, command: str, options: Iterable[str]) -> None:
        """Refuse (naming it) the first option this form does not have."""
        if self.free_text:
            return
        for key in options:
            if self.option(key) is None and not (self.answers and key.isascii() and key.isdigit()):
                raise Refusal.usage(
                    f"`{echo(key, 30)}` is not an option of `{self.title(command)}`; {self.options_text()}",
                    key,
                )

    def options_text(self) -> str:
        names = [f"`{o.name}=`" for o in self.options]
        if self.answers:
            names.append("`<question number>=`")
        return "options: " + ", ".join(names) if names else "it takes no options"

    def matches(self, words: Sequence[str]) -> bool:
        if self.word is None:
            return False
        if self.at < 0:
            return self.word in words[1:]
        return len(words) > self.at and words[self.at] == self.word


def spaced(forms: Iterable[Form]) -> frozenset[str]:
    """The options of ``forms`` whose unquoted values run on to the next ``key=``."""
    return frozenset(o.name for f in forms for o in f.options if o.spaced)


def fields(form: Form) -> tuple[Option, ...]:
    """The typed fields a platform's form shows for ``form``: its positional values, then its options
    (name, label, kind, required, help, example, choices)."""
    return (*form.words, *form.options)


def form_part(
    form: Form, title: str, command: str, current: Mapping[str, Value | None] | None = None
) -> FormPart:
    """The form a platform shows for ``form``'s options (`fields`), each with its ``current`` value; a
    submission is the `Command` ``command`` (its words: ``activity 3B.3 set``) with the fields as its
    typed ``values``."""
    current = current or {}
    return FormPart(
        title,
        command,
        tuple(
            FormField(
                o.name,
                o.caption,
                o.kind,
                o.required,
                current.get(o.name),
                o.choices,
                o.help,
                o.example,
            )
            for o in fields(form)
        ),
    )
