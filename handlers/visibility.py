"""Who may see a reply: the one rule, applied to every reply the dispatcher returns (`visible`, called by
the `visibility` middleware in `bot/middleware.py`), so that no adapter has to guess.

A reply is private (only the person who asked sees it) when it holds something of theirs, or something about
others that the place it was asked in should not see:

- refusals, errors, denials and crashes (any reply that is not OK): they echo what was typed;
- the survey dialogue's messages: the questions and answers of one person, maybe of an anonymous survey;
- the command forms declared ``private`` (`handlers.declare.Form`, read through the catalog): a person's
  own reminders, surveys and answers, and the admin reports that name members' (in)activity or who has
  not answered (`participation` and its chart, `survey status`, the exports);
- a question (`ask`) whose answer is of a private kind (`PRIVATE_ANSWERS`: "which members have gone
  quiet?") or rests on a private form (its ``source``: "which surveys do I still have to answer?" rests on
  `survey list`);
- a reply its handler marked ``private=True`` itself.

Everything else is public: it is answered where it was asked. Adapters send a private reply where only
that person sees it (Slack: ephemeral, or their own DM with the bot; Matrix: their own DM with the bot);
when that is elsewhere than the shared place the command was typed in, the place gets `POINTER`, which
names nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from handlers.catalog import registry
from handlers.core import Reply

POINTER = "I've sent you the answer in a direct message."
"""All a shared place is told when the answer to a command typed there went to the asker alone."""

DIALOGUE = "survey-dialogue"
"""The name a message answering the survey dialogue is logged, counted and judged under (never its words)."""

PRIVATE_ANSWERS = frozenset({"participation"})
"""Kinds of `ask` answers that are private whatever their source: who has gone quiet."""


def private_form(name: str, words: Sequence[str]) -> bool:
    """True when the command ``name`` with these words answers privately (``survey list``, ``remind``):
    its form is declared ``private`` (`handlers.declare.Form`); the survey dialogue always is."""
    if name == DIALOGUE:
        return True
    spec = registry().get(name)
    return spec is not None and spec.is_private(words)


def private_text(command: str) -> bool:
    """`private_form` of a command written out (``"survey list"``, an answer's source)."""
    name, *words = command.split() or [""]
    return private_form(name, words)


def _private_answer(data: object) -> bool:
    if not isinstance(data, Mapping):
        return False
    source = data.get("source")
    return data.get("kind") in PRIVATE_ANSWERS or (isinstance(source, str) and private_text(source))


def is_private(reply: Reply, name: str, words: Sequence[str]) -> bool:
    """The rule (see the module's docstring) for ``reply`` to the command ``name`` with ``words``."""
    if reply.private or not reply.ok or private_form(name, words):
        return True
    return name == "ask" and _private_answer(reply.data)


def visible(reply: Reply, name: str, words: Sequence[str]) -> Reply:
    """``reply`` marked private when the rule says so (never made public: a handler's mark stands)."""
    if reply.private or not is_private(reply, name, words):
        return reply
    return dataclasses.replace(reply, private=True)
