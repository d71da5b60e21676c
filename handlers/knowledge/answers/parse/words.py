"""The normalised question (`Words`) and what is recognised in it: task forces, bodies, cities, regions,
the verbs of chairing and joining, and how a country is written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from handlers.knowledge.answers.countries import ALIASES as ALIASES_FOR
from handlers.knowledge.answers.countries import find_countries
from handlers.knowledge.answers.regions import REGION_WORDS

TASK_FORCE_WORDS = (
    ("TFIS", ("tfis", "internet shutdowns", "shutdowns", "shutdown")),
    ("TFAIR", ("tfair", "t-fair", "ai and human rights", "artificial intelligence", " ai")),
    ("TFDE", ("tfde", "digital equality", "equality")),
    ("TFTIO", ("tftio", "tfio", "trustworthy information", "information online", "trustworthy")),
    ("FCG", ("fcg", "funding coordination", "funding group", "donor group")),
)


BODIES = (
    ("support_unit", ("support unit", "secretariat")),
    ("steering_committee", ("steering committee", "friends of the chair")),
    ("advisory_network", ("advisory network",)),
    ("diplomatic_networks", ("diplomatic network",)),
    ("strategy_and_coordination_meetings", ("strategy and coordination", "coordination meeting")),
    ("terms_of_reference", ("terms of reference", " tor ", "tor.", "nairobi tor", "stockholm tor")),
)


CITIES = ("geneva", "paris", "new york", "vienna")


@dataclass
class Words:
    """The question as normalised text with what was recognised in it."""

    raw: str
    text: str
    countries: list[str]
    known: frozenset[str]
    year_now: int
    unknown: list[str] = field(default_factory=list)  # countries named that are not in the FOC
    statement: str | None = None  # a joint statement named by its title ("the Tallinn Agenda")
    statements: tuple[str, ...] = ()  # every one named ("tallinn agenda or helsinki declaration")
    title_words: frozenset[str] = frozenset()  # the words of that statement's title

    def has(self, *phrases: str) -> bool:
        padded = f" {self.text} "
        return any(
            f" {p} " in padded if " " not in p.strip() else f" {p.strip()} " in padded for p in phrases
        )

    def re(self, pattern: str) -> re.Match[str] | None:
        return re.search(pattern, self.text)


def task_force_in(w: Words) -> str | None:
    padded = f" {w.text} "
    explicit = w.has("task force", "task forces", "taskforce", "group", "working group")
    for key, words in TASK_FORCE_WORDS:
        for word in words:
            if f" {word.strip()} " in padded and (explicit or word.startswith("tf") or key == "FCG"):
                return key
    for token in w.text.split():  # "tfio" -> TFTIO
        if token.startswith(("tf", "fcg")) and len(token) >= 4:
            best = process.extractOne(token, [k.lower() for k, _ in TASK_FORCE_WORDS], scorer=fuzz.ratio)
            if best is not None and best[1] >= 75:
                return TASK_FORCE_WORDS[best[2]][0]
    return None


def body_in(w: Words) -> str | None:
    padded = f" {w.text} "
    for key, words in BODIES:
        if any(word in padded for word in words):
            return key
    return None


def region_in(w: Words) -> tuple[str, str] | None:
    for phrase in sorted(REGION_WORDS, key=len, reverse=True):
        if w.has(phrase):
            return REGION_WORDS[phrase]
    return None


CHAIR_VERB = (
    r"(?:chaired|chairs|chair|held the chair|had the chair|was chair|was the chair|was in the chair"
    r"|chairship|presidency|led the foc|led the coalition"
    r"|(?:runs|running|ran|run|leads|leading|heads|heading|headed|in charge of) (?:the )?(?:foc|coalition))"
)


JOIN_VERB = r"(?:joined|join|joining|bec[oa]me (?:a )?members?|entered|accession)"


def possessive(name: str) -> str:
    """``"Germany's"``, ``"the United States'"``."""
    article = "the " if name in ("United States", "United Kingdom", "Netherlands", "Czech Republic") else ""
    return f"{article}{name}'" if name.endswith("s") else f"{article}{name}'s"


def spelled_as(t: str, country: str) -> str:
    """How the country is written in the normalised text (its name, or the word that named it)."""
    low = country.lower()
    if low in t:
        return low
    for alias, target in ALIASES_FOR.items():
        if target == country and re.search(rf"\b{re.escape(alias)}\b", t):
            return alias
    words = t.split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            found = find_countries(phrase, [country])
            if found and found[0].name == country:
                return phrase
    return ""


BODY_NAMES = {
    "support_unit": "Support Unit",
    "steering_committee": "Steering Committee",
    "advisory_network": "Advisory Network",
    "diplomatic_networks": "diplomatic networks",
    "strategy_and_coordination_meetings": "Strategy and Coordination Meetings",
    "terms_of_reference": "Terms of Reference",
}
