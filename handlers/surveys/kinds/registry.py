"""The kinds by YAML ``type``: every module of this package that defines ``KIND`` is one kind, so a new
question type is one module (and its tests), found without touching any other file."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from handlers.surveys.kinds.base import Question, QuestionKind

_NOT_KINDS = frozenset({"base", "options", "registry"})


@cache
def kinds() -> dict[str, QuestionKind]:
    """One instance of each kind by name, in the order of the modules' names."""
    package = importlib.import_module(__package__ or "handlers.surveys.kinds")
    found: dict[str, QuestionKind] = {}
    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if module.name in _NOT_KINDS:
            continue
        kind_class = getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "KIND", None)
        if kind_class is not None:
            kind: QuestionKind = kind_class()
            found[kind.name] = kind
    return found


def kind_named(name: str) -> QuestionKind | None:
    return kinds().get(name)


def kind_of(question: Question) -> QuestionKind:
    """The kind of a (validated) question."""
    return kinds()[question.type]
