"""Whether a text mentions a phrase: its variants (plurals, acronyms spelt out) and whole words."""

from __future__ import annotations

import re

from handlers.knowledge.answers.text import fold

ACRONYMS = {
    "un": "united nations",
    "eu": "european union",
    "ai": "artificial intelligence",
    "au": "african union",
    "cso": "civil society",
    "csos": "civil society",
    "oas": "organization of american states",
    "upr": "universal periodic review",
    "hrc": "human rights council",
    "mfc": "media freedom coalition",
    "disinformation": "trustworthy information",  # the task force's name for it
    "misinformation": "trustworthy information",
}


def _variants(phrase: str) -> list[str]:
    phrase = fold(phrase).strip()
    out = {phrase}
    for word in phrase.split():
        if word in ACRONYMS:
            out.add(phrase.replace(word, ACRONYMS[word]))
    if phrase in ACRONYMS:
        out.add(ACRONYMS[phrase])
    for v in list(out):
        if v.endswith("s") and len(v) > 3:
            out.add(v[:-1])
    return sorted(out, key=len, reverse=True)


def mentions(text: str, phrase: str) -> bool:
    folded = fold(text)
    for v in _variants(phrase):
        if len(v) <= 3:
            if re.search(rf"\b{re.escape(v.upper())}\b", text):
                return True
            continue
        if re.search(rf"\b{re.escape(v)}", folded):
            return True
    return False
