"""Native Matrix polls (MSC3381): the events the bot sends, the votes it reads, and the tally.

The bot sends the unstable types Element understands (``org.matrix.msc3381.poll.start`` / ``.end``) and
accepts votes of both the unstable and the stable (``m.poll.response``) form. Votes are ``m.reference``
relations to the start event; only each user's last vote counts, a last vote that is invalid is spoiled
(counts for nothing), and votes after the end are ignored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from bot.adapters.matrix.events import annotation

START = "org.matrix.msc3381.poll.start"
RESPONSE = "org.matrix.msc3381.poll.response"
END = "org.matrix.msc3381.poll.end"
STABLE_RESPONSE = "m.poll.response"
STABLE_END = "m.poll.end"
RESPONSE_TYPES = frozenset({RESPONSE, STABLE_RESPONSE})
END_TYPES = frozenset({END, STABLE_END})
TEXT = "org.matrix.msc1767.text"
DISCLOSED = "org.matrix.msc3381.poll.disclosed"


@dataclass(frozen=True)
class PollAnswer:
    id: str
    label: str


@dataclass(frozen=True)
class Vote:
    event_id: str
    poll_id: str
    sender: str
    answers: tuple[str, ...]
    ts: int


def start_content(question: str, answers: list[PollAnswer], max_selections: int = 1) -> dict[str, Any]:
    fallback = question + "\n" + "\n".join(f"{i}. {a.label}" for i, a in enumerate(answers, 1))
    return {
        START: {
            "question": {TEXT: question},
            "kind": DISCLOSED,
            "max_selections": max_selections,
            "answers": [{"id": a.id, TEXT: a.label} for a in answers],
        },
        TEXT: fallback,
        "body": fallback,
    }


def end_content(poll_id: str, summary: str) -> dict[str, Any]:
    return {
        "m.relates_to": {"rel_type": "m.reference", "event_id": poll_id},
        END: {},
        TEXT: summary,
        "body": summary,
    }


def vote_of(source: dict[str, Any]) -> Vote | None:
    """A vote from a response event's (decrypted) source, unstable or stable form; None otherwise."""
    kind = source.get("type")
    if kind not in RESPONSE_TYPES:
        return None
    content = source.get("content") or {}
    relates = content.get("m.relates_to") or {}
    if relates.get("rel_type") != "m.reference" or not relates.get("event_id"):
        return None
    if RESPONSE in content:
        answers = (content.get(RESPONSE) or {}).get("answers")
    else:
        answers = content.get("m.selections")
    if not isinstance(answers, list):
        answers = []
    return Vote(
        event_id=str(source.get("event_id", "")),
        poll_id=str(relates["event_id"]),
        sender=str(source.get("sender", "")),
        answers=tuple(str(a) for a in answers),
        ts=int(source.get("origin_server_ts") or 0),
    )


def valid(vote: Vote, answer_ids: set[str], max_selections: int) -> bool:
    return 0 < len(vote.answers) <= max_selections and all(a in answer_ids for a in vote.answers)


def last_votes(
    votes: list[Vote], answer_ids: set[str], max_selections: int, ended_ts: int | None = None
) -> dict[str, Vote]:
    """Each user's last vote before the end (by server time, then arrival), if that vote is valid."""
    latest: dict[str, Vote] = {}
    for vote in sorted(enumerate(votes), key=lambda iv: (iv[1].ts, iv[0])):
        if ended_ts is not None and vote[1].ts > ended_ts:
            continue
        latest[vote[1].sender] = vote[1]
    return {user: v for user, v in latest.items() if valid(v, answer_ids, max_selections)}


def tally(votes: dict[str, Vote], answers: list[PollAnswer]) -> Counter[str]:
    counts: Counter[str] = Counter({a.id: 0 for a in answers})
    for vote in votes.values():
        counts.update(vote.answers)
    return counts


def summary(question: str, answers: list[PollAnswer], counts: Counter[str]) -> str:
    total = sum(counts.values())
    lines = [f"The poll has ended: {question}"]
    for answer in answers:
        n = counts[answer.id]
        share = f" ({100 * n / total:.0f}%)" if total else ""
        lines.append(f"{answer.label}: {n}{share}")
    lines.append(f"{total} vote{'s' if total != 1 else ''}.")
    return "\n".join(lines)


# A reaction or a one-word reply to a poll (or to the message it was posted under) as the poll's answer
# value; only polls whose answers carry that value (RSVPs: yes, no, maybe) take it.
REACTION_VALUES = {
    "✅": "yes",
    "✔️": "yes",
    "✔": "yes",
    "☑️": "yes",
    "☑": "yes",
    "👍": "yes",
    "❌": "no",
    "✖️": "no",
    "✖": "no",
    "👎": "no",
    "❔": "maybe",
    "❓": "maybe",
    "🤷": "maybe",
}
REPLY_VALUES = {
    "yes": "yes",
    "y": "yes",
    "going": "yes",
    "i'm going": "yes",
    "coming": "yes",
    "no": "no",
    "n": "no",
    "not going": "no",
    "not coming": "no",
    "maybe": "maybe",
    "perhaps": "maybe",
}


def reaction_of(source: dict[str, Any]) -> tuple[str, str] | None:
    """(the event reacted to, the answer value) of an ``m.reaction`` an RSVP understands; else None."""
    found = annotation(source)
    value = REACTION_VALUES.get(found[1].strip()) if found is not None else None
    return (found[0], value) if found is not None and value else None


def reply_value(text: str) -> str | None:
    """The answer value of a one-word (or two-word) reply such as "yes", "not going", "maybe"."""
    return REPLY_VALUES.get(" ".join(text.lower().replace("’", "'").strip(" .!").split()))
