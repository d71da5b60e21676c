"""Normalising a question's words: lower case, contractions opened, abbreviations expanded, typos of
domain words corrected with rapidfuzz."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from handlers.knowledge.answers.text import WORD, fold

DOMAIN = [
    "members",
    "member",
    "countries",
    "country",
    "statement",
    "statements",
    "declaration",
    "committee",
    "steering",
    "chair",
    "chairs",
    "chaired",
    "chairship",
    "chairmanship",
    "activity",
    "activities",
    "objective",
    "objectives",
    "goal",
    "goals",
    "task",
    "force",
    "forces",
    "taskforce",
    "network",
    "networks",
    "troika",
    "observer",
    "observers",
    "joined",
    "coalition",
    "program",
    "action",
    "support",
    "unit",
    "advisory",
    "founding",
    "founders",
    "leads",
    "lead",
    "launched",
    "priorities",
    "topics",
    "principles",
    "joint",
    "mention",
    "mentions",
    "african",
    "european",
    "asian",
    "oceania",
    "latin",
    "america",
    "governments",
    "diplomatic",
    "secretariat",
    "funding",
    "coordination",
]


SHORT = {
    "wat": "what",
    "wot": "what",
    # question words mistyped (family 12: typos are forgiven)
    "wich": "which",
    "whcih": "which",
    "wihch": "which",
    "whihc": "which",
    "waht": "what",
    "wht": "what",
    "hwo": "who",
    "wen": "when",
    "wehn": "when",
    "whne": "when",
    "hw": "how",
    "whats": "what is",
    "what's": "what is",
    "who's": "who is",
    "u": "you",
    "r": "are",
    "ur": "your",
    "rn": "now",
    "yr": "year",
    "yrs": "years",
    "atm": "now",
    "currently": "now",
    "tho": "though",
    "pls": "",
    "plz": "",
    "thx": "",
    "tf": "task force",
    "tfs": "task forces",
    "poa": "program of action",
    "foc's": "foc",
    "sc": "steering committee",
    "su": "support unit",
    "an": "an",
    "chairmanship": "chairship",
    "chairing": "chaired",
    "programme": "program",
    "govts": "governments",
    "govt": "government",
    "hasnt": "has not",
    "arent": "are not",
    "dont": "do not",
    "cant": "cannot",
    "obj": "objective",
    "latam": "latin america",
    "incl": "including",
    "havent": "have not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "werent": "were not",
    "wasnt": "was not",
}


_NEG = re.compile(r"\b(\w+)n't\b")


def normalise(text: str, country_words: frozenset[str]) -> str:
    """Lower case, contractions opened, abbreviations expanded, typos of domain words corrected."""
    lowered = fold(text).replace("can't", "cannot").replace("won't", "will not")
    lowered = _NEG.sub(r"\1 not", lowered)
    lowered = re.sub(r"\bno\.? ?of\b", "number of", lowered)
    lowered = re.sub(r"\b((?:19|20)\d{2}) or (?:later|after)\b", r"since \1", lowered)
    # "founding (2011) members", "the 2011 founding members": the year is the founding's, no filter
    lowered = re.sub(r"\b(?:((?:19|20)\d{2}) )?(founding|original) \(?(?:19|20)\d{2}\)? ", r"\2 ", lowered)
    lowered = re.sub(r"\b(?:19|20)\d{2} (founding|original) ", r"\1 ", lowered)
    # "the 2012 members": the members that joined in 2012
    lowered = re.sub(
        r"\b(?:the )?((?:19|20)\d{2}) (members|joiners|entrants|newcomers|cohort)\b",
        r"the members that joined in \1",
        lowered,
    )
    out = []
    for word in WORD.findall(lowered):
        word = SHORT.get(word, word)
        if not word:  # chat politeness (``pls``, ``thx``) carries no meaning
            continue
        if word not in country_words and word.endswith("s") and word[:-1] in country_words:
            word = f"{word[:-1]}'s"  # "germanys chairship": a possessive typed without its apostrophe
        if (
            len(word) >= 5
            and word not in DOMAIN_SET
            and word.removesuffix("s") not in DOMAIN_SET
            and word not in country_words
            and word not in COMMON
        ):
            best = process.extractOne(word, DOMAIN, scorer=fuzz.ratio, score_cutoff=86)
            if best is not None:
                word = best[0]
        out.append(word)
    return " ".join(out)


DOMAIN_SET = frozenset(DOMAIN)


COMMON = frozenset(
    [
        "which",
        "where",
        "there",
        "their",
        "these",
        "those",
        "about",
        "after",
        "before",
        "between",
        "since",
        "during",
        "while",
        "still",
        "never",
        "years",
        "joined",
        "first",
        "latest",
        "newest",
        "oldest",
        "earliest",
        "recent",
        "recently",
        "times",
        "often",
        "under",
        "named",
        "other",
        "country's",
        "number",
        "does",
        "doing",
        "done",
        "their",
        "theirs",
        "whose",
        "held",
        "holds",
        "hold",
        "chairs'",
    ]
)
