"""A small in-memory search over the Program of Action 2023 and the FOC directory.

Ranking is BM25 over the fields of each record (title, text, keywords, plus acronym expansions
found in them), with query expansion through synonym groups, typo tolerance for unknown words,
a bonus for two-word phrases, for exact ids ("1A.2", "3b3", "goal 2") and for years.
Everything is built once in memory; a search touches only the postings of the query's words.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

from storage.search.text import Token, stem, tokenize, year_span, years

KINDS = (
    "goal",
    "objective",
    "activity",
    "topic",
    "taskforce",
    "statement",
    "network",
    "member",
    "chair",
    "context",
)
PROGRAM = "Program of Action 2023"
DEFAULT_GLOSSARY = Path(__file__).resolve().parents[1] / "seed" / "glossary.yaml"

MAX_QUERY_CHARS = 1000
MAX_QUERY_TOKENS = 48

_FIELDS = ("title", "text", "keywords", "expansion")
_FIELD_WEIGHT = {"title": 2.0, "text": 1.0, "keywords": 0.8, "expansion": 0.6}
_FIELD_B = {"title": 0.3, "text": 0.75, "keywords": 0.5, "expansion": 0.5}
_K1 = 1.2
_SYNONYM_WEIGHT = 0.6
_SPLIT_WEIGHT = 0.9
_TYPO_WEIGHT = {1: 0.8, 2: 0.6}
_PHRASE_WEIGHT = 0.8
_ID_BONUS = 1.0
_YEAR_BONUS = 0.3
_YEAR_KINDS = frozenset({"statement", "chair", "member"})

_ACTIVITY_ID = re.compile(r"(?<![\w.])([1-3])([a-d])\s?[.\-]?\s?(\d{1,2})(?![\w.]|\.\d)", re.IGNORECASE)
_OBJECTIVE_ID = re.compile(r"(?<![\w.])([1-3])([a-d])(?![\w]|\s?[.\-]?\s?\d)", re.IGNORECASE)
_GOAL_ID = re.compile(r"\bgoal\s*#?\s*([1-3]|one|two|three)\b", re.IGNORECASE)
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3"}


@dataclass(frozen=True)
class SearchRecord:
    """One searchable item of the knowledge base."""

    kind: str
    id: str
    title: str
    text: str
    source: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    """A record found by a search, with a score from 0 to 1 (higher is better)."""

    record: SearchRecord
    score: float


@dataclass(frozen=True)
class Glossary:
    """Acronyms (both directions) and synonym groups used to expand documents and queries."""

    acronyms: Mapping[str, str]
    synonyms: tuple[tuple[str, ...], ...]

    @classmethod
    def from_yaml(cls, path: Path) -> Glossary:
        """Read a glossary file with `acronyms:` (a mapping) and `synonyms:` (a list of lists)."""
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        acronyms = {str(key): str(value) for key, value in (data.get("acronyms") or {}).items()}
        synonyms = tuple(
            tuple(str(word) for word in group) for group in (data.get("synonyms") or ()) if len(group) > 1
        )
        return cls(acronyms=acronyms, synonyms=synonyms)


Alternative = tuple[tuple[str, ...], float]  # stems that must all match, and their weight


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

        self._synonyms: list[tuple[tuple[str, ...], ...]] = []
        self._synonym_single: dict[str, list[int]] = defaultdict(list)
        self._synonym_phrases: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        for group in glossary.synonyms:
            members = tuple(dict.fromkeys(m for m in (self._phrase_stems(w) for w in group) if m))
            if len(members) < 2:
                continue
            index = len(self._synonyms)
            self._synonyms.append(members)
            for member in members:
                if len(member) == 1:
                    self._synonym_single[member[0]].append(index)
                else:
                    self._synonym_phrases[member[0]].append((member, index))
            for word in group:
                self._known_words.update(t.word for t in tokenize(word))
        self._known_words.update(a.lower() for a in glossary.acronyms)

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

    @classmethod
    def build(cls, records: Iterable[SearchRecord], glossary: Glossary) -> SearchIndex:
        """Index the records once; searching afterwards does not change the index (except a small cache)."""
        return cls(list(records), glossary)

    # ----------------------------------------------------------------------------------- building

    def _keep(self, token: Token) -> bool:
        return not token.is_stop or token.raw in self._acronym_forms

    def _content(self, tokens: Iterable[Token]) -> tuple[str, ...]:
        return tuple(t.stem for t in tokens if self._keep(t))

    def _phrase_stems(self, phrase: str) -> tuple[str, ...]:
        return self._content(tokenize(phrase))

    def _record_fields(self, record: SearchRecord) -> dict[str, list[tuple[str, ...]]]:
        """Content stems of each field, as runs (a keyword is a run of its own, so is each expansion).

        Also adds the record's words to the vocabulary used for typo correction.
        """
        title_tokens = tokenize(record.title)
        text_tokens = tokenize(record.text)
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
        if len(word) >= 4 and word.isalpha() and word not in self._known_words:
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

    def _groups(self, content: list[Token]) -> list[list[Alternative]]:
        """One group of alternatives per query word (or synonym phrase); a group scores its best one."""
        groups: list[list[Alternative]] = []
        seen: set[str] = set()
        for token in content:
            if token.stem in seen:
                continue
            seen.add(token.stem)
            alternatives: list[Alternative] = []
            if token.stem in self._postings:
                alternatives.append(((token.stem,), 1.0))
            else:
                alternatives.extend(self._correct(token.word))
            for group in self._synonym_single.get(token.stem, ()):
                alternatives.extend((m, _SYNONYM_WEIGHT) for m in self._synonyms[group] if m != (token.stem,))
            groups.append(alternatives)
        stems = tuple(t.stem for t in content)
        found: set[int] = set()
        for i, first in enumerate(stems):
            for phrase, group in self._synonym_phrases.get(first, ()):
                if group not in found and stems[i : i + len(phrase)] == phrase:
                    found.add(group)
                    groups.append([(m, _SYNONYM_WEIGHT) for m in self._synonyms[group] if m != phrase])
        return groups

    def _alternative_idf(self, terms: tuple[str, ...]) -> float:
        return sum(self._idf.get(t, 0.0) for t in terms) / len(terms)

    def _mentioned_ids(self, query: str) -> list[int]:
        found: list[int] = []
        for m in _ACTIVITY_ID.finditer(query):
            found.append(self._by_id.get(("activity", f"{m[1]}{m[2]}.{int(m[3])}".lower()), -1))
        for m in _OBJECTIVE_ID.finditer(query):
            found.append(self._by_id.get(("objective", f"{m[1]}{m[2]}".lower()), -1))
        for m in _GOAL_ID.finditer(query):
            found.append(self._by_id.get(("goal", _NUMBER_WORDS.get(m[1].lower(), m[1])), -1))
        return [i for i in dict.fromkeys(found) if i >= 0]

    def search(self, query: str, limit: int = 3) -> list[SearchHit]:
        """The best `limit` records for a free-text query, best first; [] when nothing matches."""
        if limit <= 0 or not query or not query.strip():
            return []
        query = query[:MAX_QUERY_CHARS]
        content = [t for t in tokenize(query) if self._keep(t)][:MAX_QUERY_TOKENS]

        scores: dict[int, float] = defaultdict(float)
        ideal = 0.0
        for alternatives in self._groups(content):
            best: dict[int, float] = {}
            group_ideal = 0.0
            for terms, weight in alternatives:
                lists = [self._postings.get(t) for t in terms]
                if not all(lists):
                    continue
                group_ideal = max(group_ideal, weight * self._alternative_idf(terms))
                postings = [p for p in lists if p is not None]
                docs = set(postings[0]).intersection(*postings[1:]) if len(postings) > 1 else postings[0]
                for doc in docs:
                    value = weight * sum(p[doc] for p in postings) / len(postings)
                    if value > best.get(doc, 0.0):
                        best[doc] = value
            ideal += group_ideal * self._saturation_ref
            for doc, value in best.items():
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
        mentioned = self._mentioned_ids(query)
        for doc in mentioned:
            scores[doc] += _ID_BONUS * ideal
        best_possible += _ID_BONUS * ideal if mentioned else 0.0
        year_docs = {doc for year in years(query) for doc in self._years.get(year, ())}
        for doc in year_docs:
            scores[doc] += _YEAR_BONUS * ideal
        best_possible += _YEAR_BONUS * ideal if year_docs else 0.0

        ranked = sorted((item for item in scores.items() if item[1] > 0), key=lambda kv: (-kv[1], kv[0]))
        return [
            SearchHit(self.records[doc], min(1.0, round(value / best_possible, 4)))
            for doc, value in ranked[:limit]
        ]


# --------------------------------------------------------------------------------- record builders


_STRUCTURE_COVERED = frozenset({"diplomatic_networks"})
"""Structure entries indexed through records of their own kind (each network record carries that text)."""


def _get(data: Mapping[str, Any], *names: str) -> Any:
    """The first present, non-empty value among `names` (seed YAML and database rows use different names)."""
    for name in names:
        value = data.get(name)
        if value is not None and str(value).strip() and str(value).strip().lower() != "unknown":
            return value
    return None


def _src(value: Any, default: str) -> str:
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return str(value) if value else default


def goal_record(goal: Mapping[str, Any]) -> SearchRecord:
    """A goal of the Program of Action: {number, title, statement}."""
    number = str(goal["number"])
    title = str(goal["title"])
    statement = _get(goal, "statement")
    text = f"{title}."
    if statement and statement != title:
        text += f" (In the Program's list of goals: {statement}.)"
    return SearchRecord("goal", number, f"Goal {number}: {title}", text, f"{PROGRAM}, goal {number}")


def objective_record(objective: Mapping[str, Any], goal: Mapping[str, Any]) -> SearchRecord:
    """An objective: {id, text}, with its goal for context."""
    oid = str(objective["id"])
    return SearchRecord(
        "objective",
        oid,
        f"Objective {oid}",
        str(objective["text"]),
        f"{PROGRAM}, goal {goal['number']}, objective {oid}",
        keywords=(str(goal["title"]),),
    )


def activity_record(
    activity: Mapping[str, Any],
    objective: Mapping[str, Any],
    goal: Mapping[str, Any],
    networks: Sequence[Mapping[str, Any]] = (),
) -> SearchRecord:
    """An activity: {id, text}; its objective and goal name the source.

    An activity about "the diplomatic networks" also gets the networks' names ("Vienna network")
    as keywords, so asking about one network finds the activities about all of them.
    """
    aid = str(activity["id"])
    text = str(activity["text"])
    keywords: list[str] = []
    if "diplomatic network" in text.lower():
        keywords.extend(f"{n['city']} network" for n in networks)
    return SearchRecord(
        "activity",
        aid,
        f"Activity {aid}",
        text,
        f"{PROGRAM}, goal {goal['number']}, objective {objective['id']}, activity {aid}",
        tuple(keywords),
    )


def topic_record(topic: Mapping[str, Any]) -> SearchRecord:
    """A priority policy topic: {key, title, summary, text}."""
    title = str(topic["title"])
    summary = _get(topic, "summary")
    return SearchRecord(
        "topic",
        str(topic["key"]),
        title,
        str(topic["text"]),
        f"{PROGRAM}, priority topic '{title}'",
        keywords=(str(summary),) if summary else (),
    )


def context_record(section: Mapping[str, Any]) -> SearchRecord:
    """Other prose of the Program of Action: {key, title, text}."""
    title = str(section["title"])
    return SearchRecord("context", str(section["key"]), title, str(section["text"]), f"{PROGRAM}, '{title}'")


def structure_record(key: str, text: str, source: Any) -> SearchRecord:
    """A body of the coalition (Support Unit, Advisory Network, ...) from the directory's `structure`."""
    title = key.replace("_", " ").title().replace(" And ", " and ").replace(" Of ", " of ")
    return SearchRecord("context", key, title, str(text), _src(source, "FOC structure"))


def taskforce_record(task_force: Mapping[str, Any]) -> SearchRecord:
    """A task force or working group: {key, name, period, launched, chairs, focus, output, src}."""
    key, name = str(task_force["key"]), str(task_force["name"])
    parts = [f"{name} ({key})."]
    for label, field in (
        ("Period: ", "period"),
        ("Launched: ", "launched"),
        ("", "chairs"),
        ("Focus: ", "focus"),
    ):
        value = _get(task_force, field)
        if value:
            parts.append(f"{label}{value}.")
    output = _get(task_force, "output")
    if output:
        parts.append(f"Output: {output}.")
    return SearchRecord(
        "taskforce", key, name, " ".join(parts), _src(_get(task_force, "src", "source"), "FOC task forces")
    )


def statement_record(statement: Mapping[str, Any]) -> SearchRecord:
    """A joint statement: {year, title, key, src}."""
    year, title = str(statement["year"]), str(statement["title"])
    return SearchRecord(
        "statement",
        str(statement["key"]),
        title,
        f"FOC joint statement, {year}: {title}.",
        _src(_get(statement, "src", "source"), "FOC joint statements"),
        keywords=("joint statement", year),
    )


def network_record(network: Mapping[str, Any]) -> SearchRecord:
    """A diplomatic network: {key, city, description, source} and, from the database, its `poc`."""
    city = str(network["city"])
    text = str(_get(network, "description") or f"FOC diplomatic network in {city}").rstrip(".") + "."
    poc = _get(network, "poc")
    if poc:
        text += f" Point of contact: {poc}."
    return SearchRecord(
        "network",
        str(network["key"]),
        f"{city} network",
        text,
        _src(_get(network, "source"), PROGRAM),
        keywords=("diplomatic network",),
    )


def member_record(
    member: Mapping[str, Any], default_source: Any = None, observer: bool = False
) -> SearchRecord:
    """A member government (or an observer): {name, joined, tz, left, note, src}."""
    name = str(member["name"])
    observer = observer or _get(member, "kind") == "observer"
    tz = _get(member, "tz", "timezone")
    joined, left, note = _get(member, "joined"), _get(member, "left"), _get(member, "note")
    if observer:
        title = f"{name} (observer)"
        parts = [f"{name} is an observer of the Freedom Online Coalition, not a member."]
    else:
        title = name
        status = (
            f"was a member of the Freedom Online Coalition until {left}"
            if left
            else "is a member of the Freedom Online Coalition"
        )
        parts = [f"{name} {status}.", f"Joined: {joined}." if joined else "Joined: unknown."]
    if note:
        parts.append(f"Note: {note}.")
    if tz:
        parts.append(f"Capital time zone: {tz}.")
    keywords = (
        ("observer",) if observer else ("member country", "government", *((str(joined),) if joined else ()))
    )
    return SearchRecord(
        "member",
        name,
        title,
        " ".join(parts),
        _src(_get(member, "src", "source") or default_source, "FOC members"),
        keywords=keywords,
    )


def chair_record(chair: Mapping[str, Any]) -> SearchRecord:
    """The chair of one year (or span of years): {year, chair, src}."""
    year = str(chair["year"])
    name = _get(chair, "chair")
    if name:
        title, text = f"Chair {year}: {name}", f"FOC chair for {year}: {name}."
    else:
        title, text = f"Chair {year}: unknown", f"The FOC chair for {year} is not known from the sources."
    return SearchRecord(
        "chair",
        year,
        title,
        text,
        _src(_get(chair, "src", "source"), "FOC chairs"),
        keywords=("chair", "chairship", *sorted(year_span(year))),
    )


def program_records(
    program: Mapping[str, Any], networks: Sequence[Mapping[str, Any]] = ()
) -> list[SearchRecord]:
    """Records for the goals, objectives, activities, topics and context of program.yaml."""
    goals = {str(g["number"]): g for g in program.get("goals", [])}
    objectives = {str(o["id"]): o for o in program.get("objectives", [])}
    records = [goal_record(g) for g in goals.values()]
    records += [objective_record(o, goals[str(o["goal"])]) for o in objectives.values()]
    for activity in program.get("activities", []):
        objective = objectives[str(activity["objective"])]
        records.append(activity_record(activity, objective, goals[str(objective["goal"])], networks))
    records += [topic_record(t) for t in program.get("topics", [])]
    records += [context_record(c) for c in program.get("context", [])]
    return records


def facts_records(facts: Mapping[str, Any]) -> list[SearchRecord]:
    """Records for the chairs, members, observers, task forces, statements, structure and networks."""
    records = [chair_record(c) for c in facts.get("chairs", [])]
    records += [member_record(m, facts.get("members_src")) for m in facts.get("members", [])]
    records += [member_record(o, observer=True) for o in facts.get("observers", [])]
    records += [taskforce_record(t) for t in facts.get("task_forces", [])]
    records += [statement_record(s) for s in facts.get("joint_statements", [])]
    records += [network_record(n) for n in facts.get("networks", [])]
    structure_src = facts.get("structure_src")
    records += [
        structure_record(key, text, structure_src)
        for key, text in (facts.get("structure") or {}).items()
        if key not in _STRUCTURE_COVERED
    ]
    count = facts.get("members_count")
    if count:
        records.append(
            SearchRecord(
                "context",
                "members-count",
                "Number of members",
                f"The Freedom Online Coalition had {count['count']} members as of {count['as_of']}.",
                _src(count.get("src"), "FOC members"),
                keywords=("how many members", "membership size"),
            )
        )
    return records


def records_from_data(program: Mapping[str, Any], facts: Mapping[str, Any]) -> list[SearchRecord]:
    """Search records from data shaped like program.yaml and facts.yaml (from the files or the database)."""
    return program_records(program, facts.get("networks", [])) + facts_records(facts)


def records_from_seed(seed_dir: Path) -> list[SearchRecord]:
    """All search records built from `program.yaml` and `facts.yaml` in `seed_dir`."""
    program = yaml.safe_load((seed_dir / "program.yaml").read_text(encoding="utf-8"))
    facts = yaml.safe_load((seed_dir / "facts.yaml").read_text(encoding="utf-8"))
    return records_from_data(program, facts)
