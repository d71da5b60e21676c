"""The glossary's synonym groups and kind cues, compiled to stems for the search."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from storage.search.glossary import Glossary
from storage.search.text import Token, tokenize

Alternative = tuple[tuple[str, ...], float]  # stems that must all match, and their weight
Span = tuple[int, int, list[Alternative]]  # token positions [start, end) and the phrase's synonyms


class Synonyms:
    """Synonym groups: a group's alternatives are its members' content stems; a member is recognised
    in a query by all its words' stems, stop words included ("never show up", "in charge")."""

    def __init__(self, glossary: Glossary, content: Callable[[Iterable[Token]], tuple[str, ...]]) -> None:
        self._content = content
        self._groups: list[tuple[tuple[str, ...], ...]] = []
        self._single: dict[str, list[int]] = defaultdict(list)
        self._phrases: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], int]]] = defaultdict(list)
        self.words: set[str] = {a.lower() for a in glossary.acronyms}
        """Every word of the glossary: they are never typo-corrected."""
        for group in glossary.synonyms:
            forms = [(tuple(t.stem for t in tokenize(w)), self._stems(w)) for w in group]
            forms = [(match, terms) for match, terms in forms if match]
            if len({match for match, _ in forms}) < 2:
                continue
            index = len(self._groups)
            self._groups.append(tuple(dict.fromkeys(terms for _, terms in forms if terms)))
            singles = {match[0] for match, _ in forms if len(match) == 1}
            for match, terms in dict.fromkeys(forms):
                if len(match) == 1:
                    self._single[match[0]].append(index)
                elif not singles.intersection(match):  # "member country" is a use of "member"
                    self._phrases[match[0]].append((match, terms, index))
            for word in group:
                self.words.update(t.word for t in tokenize(word))
        self._cues: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for kind, cues in glossary.kinds.items():
            for cue in cues:
                cue_stems = tuple(t.stem for t in tokenize(cue))
                if cue_stems:
                    self._cues[cue_stems[0]].append((cue_stems, kind))

    def _stems(self, phrase: str) -> tuple[str, ...]:
        """A synonym's content stems; () for a phrase that stop words reduce to one word ("more
        members" would otherwise make "members" a synonym of "expand")."""
        tokens = tokenize(phrase)
        stems = self._content(tokens)
        if len(stems) == 1 and len(tokens) > 1 and any(t.is_stop and t.word.isalpha() for t in tokens):
            return ()
        return stems

    def of_word(self, stem: str, weight: float) -> list[Alternative]:
        """The synonyms of one query word."""
        return [
            (m, weight) for group in self._single.get(stem, ()) for m in self._groups[group] if m != (stem,)
        ]

    def spans(self, tokens: list[Token], weight: float) -> list[Span]:
        """The synonym phrases found in the query. Overlapping ones ("human rights review" and "review
        at the UN") describe one thing: they merge into one span with the synonyms of both."""
        stems = tuple(t.stem for t in tokens)
        found: dict[tuple[int, int], list[Alternative]] = defaultdict(list)
        for i, first in enumerate(stems):
            for match, phrase, group in self._phrases.get(first, ()):
                if stems[i : i + len(match)] == match:
                    found[(i, i + len(match))].extend((m, weight) for m in self._groups[group] if m != phrase)
        merged: list[Span] = []
        for (start, end), alternatives in sorted(found.items()):
            if not alternatives:
                continue
            if merged and start < merged[-1][1]:
                first_start, last_end, earlier = merged[-1]
                merged[-1] = (first_start, max(last_end, end), earlier + alternatives)
            else:
                merged.append((start, end, list(alternatives)))
        return merged

    def kinds(self, tokens: list[Token]) -> set[str]:
        """Kinds of record the query's wording leans towards ("task force", "joined", "presidency")."""
        stems = [t.stem for t in tokens]
        found: set[str] = set()
        for i, first in enumerate(stems):
            for cue, kind in self._cues.get(first, ()):
                if tuple(stems[i : i + len(cue)]) == cue:
                    found.add(kind)
        return found
