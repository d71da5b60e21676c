"""`ask`: free-text questions answered from the knowledge base, best answer first."""

from __future__ import annotations

from handlers.args import Args
from handlers.context import Context
from handlers.core import ItemList, Part, Reply
from handlers.registry import CommandSpec
from handlers.text import shorten

MAX_QUESTION = 500


async def ask_command(ctx: Context, args: Args) -> Reply:
    question = args.rest.strip()
    if not question:
        return Reply.usage(
            "Ask me something, e.g. `ask who chairs the coalition this year` or `ask troika calls`."
        )
    hits = await ctx.services.search.search(question[:MAX_QUESTION], limit=3)
    if not hits:
        return Reply(
            "Nothing on that in the Program of Action or the FOC directory. Try other words, or `help`.",
            data={"question": question, "results": []},
        )
    best, alternatives = hits[0], hits[1:]
    text = f"*{best.record.title}*\n{best.record.text}\nSource: {best.record.source}"
    parts: tuple[Part, ...] = ()
    if alternatives:
        parts = (
            ItemList(
                tuple(f"{h.record.title}: {shorten(h.record.text, 110)}" for h in alternatives),
                title="Also relevant",
            ),
        )
    results = [
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
    return Reply(text, parts=parts, data={"question": question, "results": results})


ASK = CommandSpec(
    name="ask",
    summary="Ask a question in your own words; the best answer and two alternatives.",
    usage=("ask <question>",),
    aliases=("search", "find"),
    examples=("ask rapid response mechanism", "ask who is the chair in 2025", "ask UPR"),
    handler=ask_command,
    group="Program of Action",
)
COMMANDS = [ASK]
