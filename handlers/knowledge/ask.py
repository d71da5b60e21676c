"""`ask`: questions in your own words. A direct answer computed from the stored data comes first when the
question is of a kind the bot knows (`handlers.knowledge.answers`), else the best record from the knowledge
base; then its source and, where they help, up to two alternatives under "Also relevant:"."""

from __future__ import annotations

from typing import Any

from handlers.args import Args
from handlers.context import Context
from handlers.core import ItemList, Part, Reply
from handlers.declare import Form
from handlers.errors import Refusal
from handlers.knowledge.answers import CANNOT, Answer, answer, question_form, understand
from handlers.knowledge.answers.chat import without_chat
from handlers.registry import CommandSpec
from handlers.text import shorten
from storage.search import SearchHit

MAX_QUESTION = 500
ALSO = "Also relevant"
GREETINGS = frozenset(
    {
        "hi",
        "hello",
        "hey",
        "hi there",
        "hello there",
        "good morning",
        "good afternoon",
        "thanks",
        "thank you",
        "thx",
        "ok",
        "okay",
    }
)
RELATED_KINDS = {
    "chairs": ("chair",),
    "troika": ("chair", "activity"),
    "members": ("member",),
    "taskforces": ("taskforce", "activity", "statement"),
    "statements": ("statement", "taskforce"),
    "networks": ("network", "activity"),
    "program": ("activity", "objective", "goal", "topic"),
    "structure": ("context", "activity", "network", "topic"),
    # understood in part: no answer, the nearest records of any kind beside "I can't compute that"
    "cannot": (
        "chair",
        "member",
        "taskforce",
        "statement",
        "activity",
        "objective",
        "goal",
        "topic",
        "network",
        "context",
        "structure",
    ),
}
"""Which retrieval results help beside a direct answer of each kind (counts and operations stand alone)."""


def _results(hits: list[SearchHit]) -> list[dict[str, Any]]:
    return [
        {
            "kind": h.record.kind,
            "id": h.record.id,
            "title": h.record.title,
            "score": round(h.score, 4),
            "text": h.record.text,
            "source": h.record.source,
        }
        for h in hits
    ]


def _also(hits: list[SearchHit]) -> ItemList:
    return ItemList(tuple(f"{h.record.title}: {shorten(h.record.text, 110)}" for h in hits), title=ALSO)


async def ask_command(ctx: Context, args: Args) -> Reply:
    question = args.rest.strip()[:MAX_QUESTION]
    if not question:
        raise Refusal.usage(
            "Ask me something, e.g. `ask who chairs the coalition this year` or `ask troika calls`.",
            "question",
        )
    if question.lower().strip(" !.?,") in GREETINGS:
        return Reply(
            "Hello! Ask me about the FOC in your own words, e.g. `who chairs the FOC this year`, "
            "`which countries joined in 2024`, `when is the next troika call`; `help` lists the commands.",
            data={"question": question, "kind": "greeting", "entities": {}, "records": [], "results": []},
        )
    question = without_chat(question)  # "hey, quick q: ... thanks": the question itself
    understood = await understand(ctx, question)
    direct, query = await answer(ctx, understood)
    hits = await ctx.services.search.search(question, limit=3)
    entities = understood.entities.as_data()
    searched = query is not None and any(f.field == "mentions" for f in query.filters)
    if (
        direct is not None
        and query is not None
        and query.ask == "activities"
        and searched
        and not direct.records
    ):
        direct = _closest_activity(direct, hits) or direct
    if direct is not None:
        return _direct_reply(question, direct, hits, entities)
    if not hits:
        return Reply(
            "Nothing on that in the Program of Action or the FOC directory. Try other words, or `help`.",
            data={"question": question, "kind": "none", "entities": entities, "records": [], "results": []},
        )
    if question_form(question) == "fact":  # a fact no rule computes: said so, the records only beside
        return Reply(
            f"{CANNOT} Try `help`, or ask in other words.",
            parts=(_also(hits),),
            data={
                "question": question,
                "kind": "cannot",
                "entities": entities,
                "records": [],
                "results": _results(hits),
            },
        )
    best, alternatives = hits[0], hits[1:]
    text = (
        f"The closest passage in my sources: *{best.record.title}*\n{best.record.text}\n"
        f"Source: {best.record.source}"
    )
    parts: tuple[Part, ...] = (_also(alternatives),) if alternatives else ()
    records = [{"kind": best.record.kind, "id": best.record.id}]
    return Reply(
        text,
        parts=parts,
        data={
            "question": question,
            "kind": "search",
            "entities": entities,
            "records": records,
            "results": _results(hits),
        },
    )


def _closest_activity(direct: Answer, hits: list[SearchHit]) -> Answer | None:
    """An activities question whose words no activity contains: the activity the search ranks first."""
    best = next((h for h in hits if h.record.kind == "activity"), None)
    if best is None:
        return None
    return Answer(
        "program",
        f"No activity uses those exact words; the closest is activity {best.record.id}: {best.record.text}",
        best.record.source,
        records=[{"kind": "activity", "id": best.record.id}],
        related=False,
    )


def _direct_reply(question: str, direct: Answer, hits: list[SearchHit], entities: dict[str, Any]) -> Reply:
    used = {str(r.get("id")) for r in direct.records}
    kinds = RELATED_KINDS.get(direct.kind, ()) if direct.related else ()
    others = [h for h in hits if h.record.kind in kinds and h.record.id not in used][:2]
    text = direct.text
    if direct.source:
        text += f"\nSource: {direct.source}"
    parts: list[Part] = []
    if direct.items:
        parts.append(ItemList(direct.items, title=direct.items_title))
    if others:
        parts.append(_also(others))
    data = {
        "question": question,
        "kind": direct.kind,
        "source": direct.source,  # an answer resting on a private form is private (handlers/visibility.py)
        "entities": entities,
        "records": direct.records,
        "results": _results(hits),
    }
    return Reply(text, parts=tuple(parts), data=data)


ASK = CommandSpec(
    name="ask",
    summary="Ask a question in your own words (or just type it): the answer, its source, and alternatives.",
    forms=(Form(args="<question>", free_text=True, also=("<question>",)),),
    aliases=("search", "find"),
    examples=("ask who chaired the FOC in 2022", "which countries joined in 2024", "ask UPR"),
    handler=ask_command,
    group="Program of Action",
)
COMMANDS = [ASK]
