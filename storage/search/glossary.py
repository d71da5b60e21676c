"""The search's language knowledge: acronyms, synonym and intent groups, and words that name a kind.

Two files feed it: the seed glossary (storage/seed/glossary.yaml: general acronyms and synonyms) and
the domain lexicon beside this module (lexicon.yaml: how people speak of the coalition's bodies,
activities and documents, built from the Program of Action and the directory).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from storage.yamlfile import read_yaml

DEFAULT_GLOSSARY = Path(__file__).resolve().parents[1] / "seed" / "glossary.yaml"
DOMAIN_LEXICON = Path(__file__).resolve().parent / "lexicon.yaml"


@dataclass(frozen=True)
class Glossary:
    """Acronyms (both directions), synonym groups used to expand documents and queries, and cue
    phrases per record kind ("task force" hints at a task force, "joined" at a member)."""

    acronyms: Mapping[str, str]
    synonyms: tuple[tuple[str, ...], ...]
    kinds: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_yaml(cls, *paths: Path) -> Glossary:
        """Read and merge glossary files with `acronyms:` (a mapping), `synonyms:` (a list of lists)
        and optionally `kinds:` (kind -> list of cue phrases); later files add to earlier ones."""
        acronyms: dict[str, str] = {}
        synonyms: list[tuple[str, ...]] = []
        kinds: dict[str, tuple[str, ...]] = {}
        for path in paths:
            data = read_yaml(path) or {}
            acronyms.update({str(k): str(v) for k, v in (data.get("acronyms") or {}).items()})
            synonyms += [
                tuple(str(w) for w in group) for group in (data.get("synonyms") or ()) if len(group) > 1
            ]
            for kind, cues in (data.get("kinds") or {}).items():
                kinds[str(kind)] = (*kinds.get(str(kind), ()), *(str(c) for c in cues or ()))
        return cls(acronyms=acronyms, synonyms=tuple(synonyms), kinds=kinds)

    @classmethod
    def default(cls) -> Glossary:
        """The seed glossary with the domain lexicon: what the bot searches with (read once per process:
        the files ship with the code, and a glossary is never changed)."""
        return _default_glossary()


@functools.cache
def _default_glossary() -> Glossary:
    return Glossary.from_yaml(DEFAULT_GLOSSARY, DOMAIN_LEXICON)
