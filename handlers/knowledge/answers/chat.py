"""Chat noise around a question: the words people wrap a question in, which carry no part of its meaning.

"hey focbot, quick q: when exactly did Chile join? thanks" asks "when did Chile join". Greetings and the
bot's name, politeness ("please", "thanks", "could you tell me"), discourse markers ("so", "ok so", "btw",
"anyway"), hedges ("i think", "just wondering", "if you know") and fillers ("actually", "exactly", "even")
are a class of words, not part of any question: `without_chat` takes them off before the question is
understood, so the grammar's rules (many read the first word: "is", "has", "which") and the coverage rule
(every content word must be read) see the question itself. The case of what is left is kept.
"""

from __future__ import annotations

import re

_PUNCT = r"[\s,.:;!?\-–—)(]*"
_LEADING = re.compile(
    r"^\s*(?:"
    r"@?focbot\b"
    r"|(?:hey|hi|hello|hiya|heya|yo|howdy|greetings|good (?:morning|afternoon|evening|day))"
    r"(?: there)?(?: (?:@?focbot|bot|team|all|folks|everyone|again))?\b"
    r"|(?:quick|short|simple|small|random|one|another|a) (?:q|qn|qq|question|query)\b(?: for (?:you|u))?"
    r"|(?:q|qn|question|query)\s*[:\-–—]"
    r"|(?:could|can|would|will) (?:you|u) (?:please |pls |plz |kindly |maybe )?(?:tell|remind) me\b"
    r"(?: (?:please|pls|plz))?"
    r"|(?:do|does) (?:you|u|anyone|anybody) (?:happen to )?know\b"
    r"|(?:i (?:was|am|m) |i'm )?(?:just )?wondering\b"
    r"|i(?:'d| would) (?:like|love) to know\b|i (?:want|need|wanted) to know\b"
    r"|(?:wanna|want to|need to) know\b"
    r"|(?:would|do) (?:you|u) mind (?:telling|showing) me\b|any idea\b|no idea\b|fyi\b"
    r"|i need (?:this|help|to ask)\b|(?:i have |i've got |got )?a question\b"
    r"|sorry (?:to bother(?: you)?|for asking|if this is obvious)\b|just curious\b|out of curiosity\b"
    r"|i (?:think )?(?:i )?(?:forgot|forget)\b|i think\b|i guess\b|i believe\b|remind me again\b"
    r"|(?:ok(?:ay)?|so(?! far)|well|um+|uh+|hm+|oh|ah|sorry|btw|by the way|anyway|anyways|actually|also|and|"
    r"please|pls|plz|kindly|alright|real quick|lol|haha|cool|thanks|thank you|thx)\b"
    r")" + _PUNCT,
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"[\s,.;:!\-–—]*(?<![A-Za-z0-9'])(?:"
    r"(?:thanks?|thank (?:you|u))(?: (?:so|very) much| a lot| a bunch| in advance| again)?"
    r"|thx|tx|ty|tyvm|cheers|"
    r"asap|for me|just curious|out of curiosity|\((?:asking )?for a (?:friend|colleague|report)\)|"
    r"please|pls|plz|btw|by the way|i think|i guess|i believe|if (?:you|u) know|if (?:you|u) can"
    r"|if possible|anyone|lol|haha|:\)|:-\)|:D|\(\?\)|real quick"
    r"|(?<!chair )(?<!chaired )(?<!join )(?<!joined )again"
    r")[\s.!?]*$",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"(?:,\s*)?\b(?:actually|exactly|precisely|even|really|basically|literally|honestly|btw|by the way"
    r"|kindly|please|pls|plz|@?focbot)\b(?:\s*,)?",
    re.IGNORECASE,
)
_LIKE = re.compile(r"^((?:who|when|which|what|where|how)\s+)?like\b\s*,?\s*", re.IGNORECASE)
_INDIRECT = re.compile(
    r"^(?:if|whether)\s+(.+?)\s+(is|are|was|were|has|have|had|does|do|did|can|will)\s+(.+)$", re.IGNORECASE
)
"""An indirect yes/no question left by "do you know if": "if Germany is a member" -> "is Germany a member"."""
_ONLINE_COALITION = re.compile(r"\bfreedom[\s-]+online[\s-]+coalition\b", re.IGNORECASE)

DISCOURSE = frozenset(
    [
        "hey",
        "hi",
        "hello",
        "hiya",
        "heya",
        "yo",
        "howdy",
        "greetings",
        "focbot",
        "bot",
        "quick",
        "q",
        "qn",
        "question",
        "please",
        "pls",
        "plz",
        "kindly",
        "thanks",
        "thank",
        "thx",
        "ty",
        "tyvm",
        "cheers",
        "btw",
        "anyway",
        "anyways",
        "actually",
        "exactly",
        "precisely",
        "even",
        "really",
        "basically",
        "literally",
        "honestly",
        "wondering",
        "wonder",
        "think",
        "guess",
        "believe",
        "forgot",
        "forget",
        "okay",
        "ok",
        "so",
        "well",
        "um",
        "uh",
        "hmm",
        "hm",
        "oh",
        "ah",
        "sorry",
        "alright",
        "lol",
        "haha",
        "cool",
        "again",
    ]
)
"""The words of chat noise, read by any logical form if one is left in a question (`parse.glue.GLUE`)."""


def without_chat(text: str) -> str:
    """``text`` without the greeting, politeness, hedges and fillers around and inside it; ``text``
    itself when nothing else is left ("thanks" is a greeting, answered as one)."""
    out = _ONLINE_COALITION.sub("FOC", text.strip())
    for _ in range(6):
        before = out
        out = _LEADING.sub("", out, count=1)
        out = _TRAILING.sub("", out)
        out = _LIKE.sub(lambda m: m[1] or "", out)
        if out == before:
            break
    out = _FILLER.sub(" ", out)
    if m := _INDIRECT.match(out.strip()):
        out = f"{m[2]} {m[1]} {m[3]}"
    out = re.sub(r"^(?:if|whether)\s+", "", out.strip(), flags=re.IGNORECASE)
    out = re.sub(r"\s+", " ", out).strip(" ,;:-")
    if not re.search(r"[A-Za-z0-9]", out):
        return text
    return out
