"""`checkin results <id>` (the digest of a round, grouped by member country) and `checkin export <id>
[csv|md]` (a file; CSV cells neutralised as survey exports are)."""

from __future__ import annotations

import csv
import io

from handlers.args import Args
from handlers.checkins.lookup import checkin_arg
from handlers.checkins.messages import NO_COUNTRY, definition_of
from handlers.checkins.service import CheckinService
from handlers.context import Context
from handlers.core import FileAttachment, Reply
from handlers.errors import Refusal
from handlers.surveys.answers import show_value
from handlers.surveys.export import safe_cell
from storage.repositories.checkins import CheckinView, ParticipantView, RoundView


async def round_arg(ctx: Context, checkin: CheckinView, args: Args) -> RoundView:
    """``round=N`` or the latest round; a `Refusal` about ``round`` when there is none."""
    rounds = await ctx.services.checkins.rounds(checkin.id)
    if not rounds:
        raise Refusal.error(
            f"check-in {checkin.id} has had no round yet; `checkin open {checkin.id}`", "round"
        )
    wanted = args.options.get("round")
    if wanted is None:
        return rounds[-1]
    found = [r for r in rounds if str(r.number) == wanted.strip()]
    if not found:
        raise Refusal.error(f"check-in {checkin.id} has no round {wanted} (1-{len(rounds)})", "round")
    return found[0]


async def results_command(ctx: Context, args: Args) -> Reply:
    checkin = await checkin_arg(ctx, args.word(0))
    rnd = await round_arg(ctx, checkin, args)
    return await CheckinService(ctx.services).digest(checkin, rnd)


def to_csv(checkin: CheckinView, rows: list[ParticipantView]) -> bytes:
    definition = definition_of(checkin)
    header = ["member country", "respondent", "answered", "answered at"]
    header += [f"Q{q.number} {q.text}" for q in definition.questions]
    lines = []
    for row in sorted(rows, key=lambda r: (r.member or NO_COUNTRY, r.user_key)):
        cells = [
            row.member or NO_COUNTRY,
            row.user_key,
            "yes" if row.answered_at else "no",
            row.answered_at.isoformat() if row.answered_at else "",
        ]
        for q in definition.questions:
            value = (row.answers or {}).get(str(q.number))
            cells.append("" if value is None else show_value(q, value))
        lines.append(cells)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in header])
    writer.writerows([safe_cell(c) for c in line] for line in lines)
    return buffer.getvalue().encode("utf-8-sig")


async def export_command(ctx: Context, args: Args) -> Reply:
    checkin = await checkin_arg(ctx, args.word(0))
    kind = (args.word(1) or "csv").lower()
    if kind not in ("csv", "md"):
        raise Refusal.usage(f"`{kind}` is not an export format; write `csv` or `md`", "format")
    rnd = await round_arg(ctx, checkin, args)
    rows = await ctx.services.checkins.participants(rnd.id)
    name = f"checkin-{checkin.id}-round-{rnd.number}.{kind}"
    if kind == "csv":
        content, mimetype = to_csv(checkin, rows), "text/csv"
    else:
        shown = await CheckinService(ctx.services).digest(checkin, rnd)
        content, mimetype = shown.text.encode("utf-8"), "text/markdown"
    title = f"Check-in {checkin.id}, round {rnd.number}"
    return Reply(
        f"{title}: {len(rows)} participants, {sum(1 for r in rows if r.answered_at)} answered.",
        parts=(FileAttachment(name, content, mimetype, title=title),),
        data={"checkin": checkin.id, "round": rnd.number, "file": name, "format": kind},
    )
