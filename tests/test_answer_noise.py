"""Chat noise must not change an answer: every question of the factual eval sets, typed with the words people
wrap questions in (greetings, "could you tell me", "thanks", "btw"), fillers ("actually", "exactly", "again"),
other casing, no apostrophes and other names of the coalition, is answered as the clean question is.

The variants are generated, seeded and deterministic: `variants` applies one or two kinds of noise at random
to each question. A clean question answered right must stay right once noisy; none may become "I can't
compute that" (the coverage rule names the words it could not use: a polite word is never one of them).
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable

import pytest

from handlers.knowledge.answers import CANNOT
from tests.support.dialogue import Dialogue
from tests.test_facts_eval import first_answer, holds, load

SETS = (
    "facts-dev.jsonl",
    "facts-dev2.jsonl",
    "facts-heldout.jsonl",
    "facts-heldout2.jsonl",
    "facts-blind.jsonl",
)
PER_QUESTION = 2

PREFIXES = (
    "hey ",
    "hey, ",
    "hi focbot, ",
    "hi focbot ",
    "hello! ",
    "quick q: ",
    "quick question - ",
    "could you tell me ",
    "can you tell me ",
    "do you know ",
    "please ",
    "pls ",
    "btw ",
    "just wondering, ",
    "ok so ",
    "so ",
    "i think i forgot, ",
    "hmm, ",
    "sorry, ",
    "question: ",
    "@focbot ",
)
SUFFIXES = (
    " thanks",
    ", thanks!",
    " thank you",
    " thx",
    " please",
    " pls",
    "?",
    "??",
    "!!",
    " btw",
    " again?",
    " :)",
    " i think",
    " if you know",
)
FILLERS = ("actually", "exactly", "again", "like", "even", "roughly")
_WH = re.compile(r"^(who|when|which|what|where)\b", re.I)
_FOC = re.compile(r"\bthe foc\b|\bfoc\b", re.I)
FOC_NAMES = ("the coalition", "the Freedom Online Coalition", "the FOC", "freedom online coalition", "foc")


def _strip_end(q: str) -> str:
    return q.rstrip(" ?!.")


def prefix(q: str, rng: random.Random) -> str:
    return rng.choice(PREFIXES) + q[:1].lower() + q[1:]


def suffix(q: str, rng: random.Random) -> str:
    return _strip_end(q) + rng.choice(SUFFIXES)


def filler(q: str, rng: random.Random) -> str:
    """A filler after the question word ("when exactly did ..."), or before the question ("actually, ...")."""
    word = rng.choice(FILLERS)
    m = _WH.match(q)
    if m and word not in ("again", "roughly"):
        return f"{m[1]} {word}{q[m.end() :]}"
    if word == "again":
        return f"{_strip_end(q)} again?"
    return f"{rng.choice(('actually', 'ok so', 'so'))}, {q[:1].lower()}{q[1:]}"


def casing(q: str, rng: random.Random) -> str:
    return rng.choice((str.lower, str.upper, str.capitalize, str.title))(q)


def apostrophes(q: str, rng: random.Random) -> str:
    return q.replace("'", "").replace("’", "") if "'" in q or "’" in q else casing(q, rng)


def foc_name(q: str, rng: random.Random) -> str:
    if _FOC.search(q):
        name = rng.choice(FOC_NAMES)
        if not re.search(r"\bthe foc\b", q, re.I):
            name = name.removeprefix("the ")
        return _FOC.sub(name, q, count=1)
    return prefix(q, rng)


NOISE: tuple[Callable[[str, random.Random], str], ...] = (
    prefix,
    suffix,
    filler,
    casing,
    apostrophes,
    foc_name,
)


def variants(q: str, n: int = PER_QUESTION, seed: int = 19) -> list[str]:
    """``n`` noisy forms of ``q``, each with one or two kinds of noise (the same for the same question)."""
    rng = random.Random(zlib.crc32(q.encode()) ^ seed)
    out = []
    for _ in range(n):
        text = q
        while text == q:  # some noise leaves some questions as they were ("the FOC" for "the FOC")
            for kind in rng.sample(NOISE, rng.choice((1, 2))):
                text = kind(text, rng)
        out.append(text)
    return out


@pytest.mark.slow  # over 600 questions asked (about 6 s on PostgreSQL)
async def test_chat_noise_keeps_the_answer(bot: Dialogue) -> None:
    broken = []
    tried = 0
    for name in SETS:
        for case in load(name):
            clean = first_answer(await bot.say(case["q"], as_="alice"))
            if not holds(clean, case) or CANNOT in clean:
                continue  # a miss of the clean question is its set's business
            for text in variants(case["q"]):
                tried += 1
                answer = first_answer(await bot.say(text, as_="alice"))
                if not holds(answer, case) or CANNOT in answer:
                    broken.append(f"{text!r} (clean {case['q']!r}): {answer[:160]!r}")
    assert tried >= 400
    assert not broken, f"{len(broken)} of {tried} noisy variants changed the answer:\n" + "\n".join(broken)


def test_variants_are_seeded_and_noisy() -> None:
    q = "When did Germany join the FOC?"
    assert variants(q) == variants(q)
    assert all(v != q for v in variants(q, n=20))
