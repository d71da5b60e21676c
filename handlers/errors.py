"""The core's one way to refuse a command: raise `Refusal`.

A handler (or anything it calls) raises ``Refusal.usage(...)`` for malformed input, ``Refusal.error(...)`` for
well-formed input that cannot be done (an unknown id, a date in the past) and ``Refusal.denied(...)`` for
what the actor may not do. The dispatcher's `refusals` middleware (bot/middleware.py) turns it into the
private reply: its first letter capitalised, the usage line after it, and ``data["field"]``: the option or
input the refusal is about (``tz``, ``participants``, ``title``...), which forms use to show it beside the
right input. Nothing is stored by a refused command: refuse before writing.

The pure layers (`schedules/`, survey question kinds) raise their own `ValueError`s; the core turns them
into refusals where it calls them (`refusing`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from handlers.core import Reply, Status


class Refusal(Exception):
    """A refused command: ``status`` (usage, error or denied), ``text`` for the user (a sentence or a
    phrase; its first letter is capitalised when it is shown), the ``field`` it is about, and an optional
    ``hint`` shown after it (the usage line, an example)."""

    def __init__(
        self,
        status: Status,
        text: str,
        field: str | None = None,
        *,
        hint: str | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(text)
        self.status = status
        self.text = text
        self.field = field
        self.hint = hint
        self.data = dict(data or {})

    @classmethod
    def usage(
        cls,
        text: str,
        field: str | None = None,
        *,
        usage: str | None = None,
        hint: str | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> Refusal:
        """Malformed input: the reply explains the right usage (``usage``: the command's usage, shown as
        ``Usage: `<usage>```; ``hint``: any other text shown after the problem)."""
        return cls(Status.USAGE, text, field, hint=f"Usage: `{usage}`" if usage else hint, data=data)

    @classmethod
    def error(cls, text: str, field: str | None = None, *, data: Mapping[str, Any] | None = None) -> Refusal:
        """Well-formed but refused: an unknown id, a date in the past..."""
        return cls(Status.ERROR, text, field, data=data)

    @classmethod
    def denied(cls, text: str) -> Refusal:
        """The actor may not do this."""
        return cls(Status.DENIED, text)

    def about(self, field: str | None) -> Refusal:
        """The same refusal, about ``field`` unless it already names one."""
        if self.field is not None or field is None:
            return self
        return Refusal(self.status, self.text, field, hint=self.hint, data=self.data)

    def with_usage(self, usage: str) -> Refusal:
        """The same problem as a usage refusal: ``<Problem>. Usage: `<usage>```."""
        return Refusal.usage(self.text, self.field, usage=usage, data=self.data)

    def ending(self, tail: str) -> Refusal:
        """The same refusal with ``tail`` appended to its text (``"."``, ``"; nothing saved."``)."""
        return Refusal(self.status, self.text + tail, self.field, hint=self.hint, data=self.data)

    @property
    def shown(self) -> str:
        """The text as the user reads it (first letter capitalised, unless it begins with a key such as
        ``slack:U1``, which is shown as written), without the hint."""
        if ":" in self.text.split(" ", 1)[0].rstrip(":;,."):
            return self.text
        return self.text[:1].upper() + self.text[1:]

    def reply(self) -> Reply:
        """The private reply: the text, the hint after it; ``data["field"]`` names the input it is about and
        ``data["problem"]`` is the text without the hint (what a form shows beside the input)."""
        problem = self.shown
        if self.hint and not problem.endswith((".", "?", "!")):
            problem += "."
        text = f"{problem} {self.hint}" if self.hint else problem
        data = self.data | {"field": self.field, "problem": problem}
        return Reply(text=text, status=self.status, private=True, data=data)


@contextmanager
def refusing(
    field: str | None = None,
    kinds: tuple[type[Exception], ...] = (),
    *,
    usage: str | None = None,
    tail: str = "",
    status: Status | None = None,
) -> Iterator[None]:
    """How the refusals leaving the block are shown, decided once by the command that calls the parsers:

    - a refusal naming no field is about ``field``;
    - an exception of ``kinds`` (the pure layers' ValueErrors) becomes a usage refusal with its message;
    - ``status``: every refusal gets this status (``Status.ERROR`` where a bad id is not a usage problem);
    - ``usage``: a usage refusal is followed by this usage line;
    - ``tail``: appended to the text of any other refusal (``"."``, ``"; nothing saved."``).
    """
    try:
        yield
    except Refusal as exc:
        raise _shaped(exc.about(field), usage, tail, status) from None
    except kinds as exc:
        raise _shaped(Refusal.usage(str(exc), field), usage, tail, status) from None


def _shaped(refusal: Refusal, usage: str | None, tail: str, status: Status | None) -> Refusal:
    if status is not None and refusal.status is not status:
        refusal = Refusal(status, refusal.text, refusal.field, data=refusal.data)
    if refusal.status is Status.USAGE and usage:
        return refusal.with_usage(usage)
    if refusal.status is not Status.USAGE and tail:
        return refusal.ending(tail)
    return refusal
