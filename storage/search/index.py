"""A small in-memory search over the Program of Action 2023 and the FOC directory.

Ranking is BM25F over the fields of each record (title, text, keywords, plus acronym expansions
found in them). A query word also matches, at lower weights, its typo corrections, stems derived
from it by a suffix, and its synonyms; a synonym phrase of the glossary ("snooping software")
scores as one unit through its words or its synonyms ("spyware"), whichever is better. Bonuses go
to adjacent word pairs found in a record, exact ids ("1A.2", "3b3", "goal 2", "TFIS"), years, and
records of a kind the wording asks for ("task force", "joined", "statement").
Everything is built once in memory; a search touches only the postings of the query's words.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from storage.search.glossary import Glossary
from storage.search.records import SearchRecord
from storage.search.synonyms import Alternative, Synonyms
from storage.search.text import Token, stem, tokenize, year_span, years

MAX_QUERY_CHARS = 1000
MAX_QUERY_TOKENS = 48

_FIELDS = ("title", "text", "keywords", "expansion")
_FIELD_WEIGHT = {"title": 2.0, "text": 1.0, "keywords": 0.8, "expansion": 0.6}
_FIELD_B = {"title": 0.3, "text": 0.75, "keywords": 0.5, "expansion": 0.5}
_K1 = 1.2
_SYNONYM_WEIGHT = 0.7
_PHRASE_SYNONYM_WEIGHT = 0.9  # a phrase is more specific than a word
_SPLIT_WEIGHT = 0.9
_TYPO_WEIGHT = {1: 0.8, 2: 0.6}
_PHRASE_WEIGHT = 0.8
_ID_BONUS = 1.0
_YEAR_BONUS = 0.3
_YEAR_KINDS = frozenset({"statement", "chair", "member"})
_KIND_BONUS = 0.15
_RELATED_WEIGHT = 0.6  # below a synonym: "membership" is not "member"
_RELATED_SUFFIXES = frozenset(
    {"al", "ic", "ical", "ship", "ment", "er", "or", "ist", "ity", "ive", "ian", "ary", "ance", "ence", "ism"}
    | {"ly", "iz", "ics", "ial", "ian", "ful", "ness"}
)
_MAX_WORD = 40  # longer "words" (pasted hashes, keyboard mashing) get no typo correction

_ACTIVITY_ID = re.compile(r"(?<![\w.])([1-3])([a-d])\s?[.\-]?\s?(\d{1,2})(?![\w.]|\.\d)", re.IGNORECASE)
_OBJECTIVE_ID = re.compile(r"(?<![\w.])([1-3])([a-d])(?![\w]|\s?[.\-]?\s?\d)", re.IGNORECASE)
_GOAL_ID = re.compile(r"\bgoal\s*#?\s*([1-3]|one|two|three)\b", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\(([^()]{0,200})\)")
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3"}


@dataclass(frozen=True)
class SearchHit:
    """A record found by a search, with a score from 0 to 1 (higher is better)."""

    record: SearchRecord
    score: float


Unit = tuple[list[list[Alternative]], list[Alternative], int]  # word groups, phrase synonyms, words


class SearchIndex:
    """BM25F index over a fixed set of records; build it once with `SearchIndex.build`."""

    def __init__(self, records: Sequence[SearchRecord], glossary: Glossary) -> None:
        self.records: tuple[SearchRecord, ...] = tuple(records)
        self._acronym_forms: dict[str, tuple[str, ...]] = {}  # "ToR", "ICTs" -> stems of the expansion
        self._acronym_phrases: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for acronym, expansion in glossary.acronyms.items():
            words = self._content(tokenize(expansion))
            if not words:
                continue
            self._acronym_forms[acronym] = self._acronym_forms[acronym + "s"] = words
            self._acronym_phrases[words[0]].append((words, stem(acronym.lower())))

        self._vocab: dict[str, str] = {}  # surface word -> stem, for typo correction
        field_tokens = [self._record_fields(record) for record in self.records]
        self._build_postings(field_tokens)
        self._bigrams = [self._record_bigrams(fields) for fields in field_tokens]
        self._vocab_list = list(self._vocab)
        self._known_words = set(self._vocab)

        self._synonyms = Synonyms(glossary, self._content)
        self._known_words |= self._synonyms.words

        self._by_id = {(r.kind, r.id.lower()): i for i, r in enumerate(self.records)}
        self._years: dict[str, list[int]] = defaultdict(list)
        for i, record in enumerate(self.records):
            if record.kind in _YEAR_KINDS:
                found: set[str] = set()
                for part in (record.id, record.title, *record.keywords):
                    found |= year_span(part)
                for year in found:
                    self._years[year].append(i)
        self._corrections: dict[str, list[Alternative]] = {}
        self._related_cache: dict[str, list[Alternative]] = {}
        self._sorted_stems = sorted(self._postings)

    @classmethod
    def build(cls, records: Iterable[SearchRecord], glossary: Glossary) -> SearchIndex:
        """Index the records once; searching afterwards does not change the index (except a small cache)."""
        return cls(list(records), glossary)

    # ----------------------------------------------------------------------------------- building

    def _keep(self, token: Token) -> bool:
        return not token.is_stop or token.raw in self._acronym_forms

    def _content(self, tokens: Iterable[Token]) -> tuple[str, ...]:
        return tuple(t.stem for t in tokens if self._keep(t))

    def _record_fields(self, record: SearchRecord) -> dict[str, list[tuple[str, ...]]]:
        """Content stems of each field, as runs (a keyword is a run of its own, so is each expansion).

        Also adds the record's words to the vocabulary used for typo correction.
        """
        # A parenthesis in a title is a side note ("Working methods (closing paragraph of ...)"):
        # it weighs as text, not as title.
        notes = " ".join(_PARENTHESIS.findall(record.title))
        title_tokens = tokenize(_PARENTHESIS.sub(" ", record.title))
        text_tokens = tokenize(f"{notes} {record.text}")
        keyword_tokens = [tokenize(k) for k in record.keywords]
        if record.kind not in ("goal", "objective", "activity"):
            keyword_tokens.append(tokenize(record.id.replace("-", " ")))
        for tokens in (title_tokens, text_tokens, *keyword_tokens):
            self._vocab.update((t.word, t.stem) for t in tokens if t.word.isalpha() and self._keep(t))
        fields: dict[str, list[tuple[str, ...]]] = {
            "title": [self._content(title_tokens)],
            "text": [self._content(text_tokens)],
            "keywords": [self._content(k) for k in keyword_tokens],
            "expansion": [],
        }
        for tokens in (title_tokens, text_tokens, *keyword_tokens):
            fields["expansion"].extend(self._expansions(tokens))
        return fields

    def _expansions(self, tokens: list[Token]) -> list[tuple[str, ...]]:
        """Acronym expansions for acronyms in the tokens, and acronyms for expansions written out."""
        found: list[tuple[str, ...]] = []
        for token in tokens:
            expansion = self._acronym_forms.get(token.raw)
            if expansion:
                found.append(expansion)
        stems = self._content(tokens)
        for i, first in enumerate(stems):
            for words, acronym in self._acronym_phrases.get(first, ()):
                if stems[i : i + len(words)] == words:
                    found.append((acronym,))
        return found

    def _build_postings(self, field_tokens: list[dict[str, list[tuple[str, ...]]]]) -> None:
        count = max(len(field_tokens), 1)
        avg_len = {
            f: max(sum(sum(len(run) for run in doc[f]) for doc in field_tokens) / count, 1.0) for f in _FIELDS
        }
        weighted: list[dict[str, float]] = []
        for doc in field_tokens:
            tf: dict[str, float] = defaultdict(float)
            for f in _FIELDS:
                counts = Counter(term for run in doc[f] for term in run)
                length = sum(counts.values())
                norm = 1 - _FIELD_B[f] + _FIELD_B[f] * length / avg_len[f]
                for term, n in counts.items():
                    tf[term] += _FIELD_WEIGHT[f] * n / norm
            weighted.append(tf)
        df = Counter(term for tf in weighted for term in tf)
        self._idf = {term: math.log(1 + (count - n + 0.5) / (n + 0.5)) for term, n in df.items()}
        self._postings: dict[str, dict[int, float]] = defaultdict(dict)
        for doc_id, tf in enumerate(weighted):
            for term, value in tf.items():
                self._postings[term][doc_id] = self._idf[term] * value * (_K1 + 1) / (value + _K1)
        self._postings = dict(self._postings)
        best_tf = _FIELD_WEIGHT["title"] + _FIELD_WEIGHT["text"]  # a word in both the title and the text
        self._saturation_ref = best_tf * (_K1 + 1) / (best_tf + _K1)

    @staticmethod
    def _record_bigrams(fields: dict[str, list[tuple[str, ...]]]) -> frozenset[tuple[str, str]]:
        return frozenset(
            (run[i], run[i + 1])
            for f in ("title", "text", "keywords")
            for run in fields[f]
            for i in range(len(run) - 1)
        )

    # ------------------------------------------------------------------------------------ queries

    def _correct(self, word: str) -> list[Alternative]:
        """Alternatives for a word the index does not know: a split compound, or the nearest words."""
        if word in self._corrections:
            return self._corrections[word]
        found: list[Alternative] = []
        if 5 <= len(word) <= _MAX_WORD and word.isalpha() and word not in self._known_words:
            for i in range(3, len(word) - 2):
                head, tail = word[:i], word[i:]
                if head in self._vocab and tail in self._vocab:
                    found.append(((self._vocab[head], self._vocab[tail]), _SPLIT_WEIGHT))
                    break
            if not found:
                max_distance = 1 if len(word) <= 6 else 2
                matches = process.extract(
                    word, self._vocab_list, scorer=OSA.distance, score_cutoff=max_distance, limit=8
                )
                if matches:
                    best = min(int(distance) for _, distance, _ in matches)
                    stems = dict.fromkeys(self._vocab[w] for w, distance, _ in matches if distance == best)
                    found = [((s,), _TYPO_WEIGHT[best]) for s in list(stems)[:3]]
        if len(self._corrections) < 10_000:
            self._corrections[word] = found
        return found

    def _related(self, term: str) -> list[Alternative]:
        """Indexed stems derived from this one or it from them by a suffix ("diplomat" and
        "diplomatic", "member" and "membership", "develop" and "development")."""
        found = self._related_cache.get(term)
        if found is not None:
            return found
        found = []
        if 5 <= len(term) <= _MAX_WORD:
            start = bisect.bisect_left(self._sorted_stems, term)
            for other in itertools.islice(self._sorted_stems, start, start + 50):
                if not other.startswith(term):
                    break
                if other[len(term) :] in _RELATED_SUFFIXES:
                    found.append(((other,), _RELATED_WEIGHT))
            for cut in range(5, len(term)):
                if term[cut:] in _RELATED_SUFFIXES and term[:cut] in self._postings:
                    found.append(((term[:cut],), _RELATED_WEIGHT))
        if len(self._related_cache) < 10_000:
            self._related_cache[term] = found
        return found

    def _word_group(self, token: Token) -> list[Alternative]:
        """The alternatives for one query word: itself (or its corrections), related stems, synonyms."""
        alternatives: list[Alternative] = []
        if token.stem in self._postings:
            alternatives.append(((token.stem,), 1.0))
        else:
            alternatives.extend(self._correct(token.word))
        alternatives.extend(self._related(token.stem))
        alternatives.extend(self._synonyms.of_word(token.stem, _SYNONYM_WEIGHT))
        return alternatives

    def _units(self, tokens: list[Token]) -> list[Unit]:
        """The query as units: a word with its alternatives, or a synonym phrase ("snooping software")
        whose words score either one by one or together through the phrase's synonyms ("spyware"),
        whichever is better for a record."""
        words: dict[int, list[Alternative]] = {}
        seen: set[str] = set()
        content = 0
        for position, token in enumerate(tokens):
            if not self._keep(token):
                continue
            content += 1
            if content > MAX_QUERY_TOKENS:
                break
            if token.stem not in seen:
                seen.add(token.stem)
                words[position] = self._word_group(token)
        units: list[Unit] = []
        for start, end, alternatives in self._synonyms.spans(tokens, _PHRASE_SYNONYM_WEIGHT):
            inner = [words.pop(p) for p in range(start, end) if p in words]
            units.append((inner, alternatives, max(1, len(inner))))
        units.extend(([group], [], 1) for _, group in sorted(words.items()))
        return units

    def _best(self, alternatives: list[Alternative]) -> tuple[dict[int, float], float]:
        """Each record's best value among the alternatives, and the best value possible."""
        best: dict[int, float] = {}
        ideal = 0.0
        for terms, weight in alternatives:
            lists = [self._postings.get(t) for t in terms]
            if not all(lists):
                continue
            ideal = max(ideal, weight * self._alternative_idf(terms))
            postings = [p for p in lists if p is not None]
            docs = set(postings[0]).intersection(*postings[1:]) if len(postings) > 1 else postings[0]
            for doc in docs:
                value = weight * sum(p[doc] for p in postings) / len(postings)
                if value > best.get(doc, 0.0):
                    best[doc] = value
        return best, ideal * self._saturation_ref

    def _alternative_idf(self, terms: tuple[str, ...]) -> float:
        return sum(self._idf.get(t, 0.0) for t in terms) / len(terms)

    def _mentioned_ids(self, query: str, tokens: list[Token]) -> list[int]:
        found: list[int] = []
        for m in _ACTIVITY_ID.finditer(query):
            found.append(self._by_id.get(("activity", f"{m[1]}{m[2]}.{int(m[3])}".lower()), -1))
        for m in _OBJECTIVE_ID.finditer(query):
            found.append(self._by_id.get(("objective", f"{m[1]}{m[2]}".lower()), -1))
        for token in tokens:
            found.append(self._by_id.get(("taskforce", token.word), -1))
        for m in _GOAL_ID.finditer(query):
            found.append(self._by_id.get(("goal", _NUMBER_WORDS.get(m[1].lower(), m[1])), -1))
        return [i for i in dict.fromkeys(found) if i >= 0]

    def search(self, query: str, limit: int = 3) -> list[SearchHit]:
        """The best `limit` records for a free-text query, best first; [] when nothing matches."""
        if limit <= 0 or not query or not query.strip():
            return []
        query = query[:MAX_QUERY_CHARS]
        tokens = tokenize(query)[: MAX_QUERY_TOKENS * 4]
        content = [t for t in tokens if self._keep(t)][:MAX_QUERY_TOKENS]

        scores: dict[int, float] = defaultdict(float)
        ideal = 0.0
        for words, phrase_alternatives, size in self._units(tokens):
            total: dict[int, float] = defaultdict(float)
            unit_ideal = 0.0
            for alternatives in words:
                best, best_possible = self._best(alternatives)
                unit_ideal += best_possible
                for doc, value in best.items():
                    total[doc] += value
            if phrase_alternatives:
                best, best_possible = self._best(phrase_alternatives)
                unit_ideal = max(unit_ideal, size * best_possible)
                for doc, value in best.items():
                    total[doc] = max(total[doc], size * value)
            ideal += unit_ideal
            for doc, value in total.items():
                scores[doc] += value

        stems = [t.stem for t in content]
        pairs = {(a, b) for a, b in itertools.pairwise(stems) if a != b and a in self._idf and b in self._idf}
        ideal += sum(_PHRASE_WEIGHT * (self._idf[a] + self._idf[b]) / 2 for a, b in pairs)
        if pairs and scores:
            for doc in list(scores):
                bigrams = self._bigrams[doc]
                for a, b in pairs:
                    if (a, b) in bigrams:
                        scores[doc] += _PHRASE_WEIGHT * (self._idf[a] + self._idf[b]) / 2

        # Bonuses are shares of the best text score; the best possible total normalises the scores.
        ideal = ideal or 1.0
        best_possible = ideal
        mentioned = self._mentioned_ids(query, tokens)
        for doc in mentioned:
            scores[doc] += _ID_BONUS * ideal
        best_possible += _ID_BONUS * ideal if mentioned else 0.0
        year_docs = {doc for year in years(query) for doc in self._years.get(year, ())}
        for doc in year_docs:
            scores[doc] += _YEAR_BONUS * ideal
        best_possible += _YEAR_BONUS * ideal if year_docs else 0.0
        kinds = self._synonyms.kinds(tokens)
        if kinds:
            for doc in list(scores):
                if self.records[doc].kind in kinds:
                    scores[doc] += _KIND_BONUS * ideal
            best_possible += _KIND_BONUS * ideal

        ranked = sorted((item for item in scores.items() if item[1] > 0), key=lambda kv: (-kv[1], kv[0]))
        return [
            SearchHit(self.records[doc], min(1.0, round(value / best_possible, 4)))
            for doc, value in ranked[:limit]
        ]
