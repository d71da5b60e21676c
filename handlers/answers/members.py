"""Members: how many, who joined when, a country's status, observers, former members, capital zones."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from handlers.answers.base import Answer, Question, join_names
from handlers.context import Context
from handlers.focal import focal_points_of
from handlers.questions import echo
from storage.repositories.knowledge_views import MemberView

MEMBER_WORDS = (
    "member",
    "members",
    "membership",
    "join",
    "joined",
    "joins",
    "joining",
    "observer",
    "observers",
    "withdraw",
    "withdrew",
    "withdrawn",
    "left",
    "leave",
    "quit",
    "former",
    "country",
    "countries",
    "governments",
)
PERSON_WORDS = (
    "representative",
    "ambassador",
    "delegate",
    "envoy",
    "focal point",
    "contact person",
    "minister",
)
_IS_MEMBER = re.compile(
    r"^(?:is|are|was)\s+(?:the\s+)?(.+?)\s+(?:still\s+)?(?:a|an|in the)\s+(?:full\s+)?"
    r"(?:member|observer|part)",
    re.I,
)
HISTORY = "https://www.freedomonlinecoalition.com/about/history/"


def status_of(member: MemberView) -> str:
    if member.kind == "observer":
        return "an observer"
    return f"a former member (left {member.left})" if member.left else "a member"


def _record(member: MemberView) -> dict[str, object]:
    return {
        "kind": "member",
        "id": member.name,
        "status": member.kind if not member.left else "former",
        "joined": member.joined,
        "left": member.left,
        "timezone": member.timezone,
    }


def joined_text(member: MemberView) -> str:
    if member.joined:
        return member.joined
    return f"at a date the sources do not give ({member.note})" if member.note else "at a date not known"


async def answer_members(ctx: Context, q: Question) -> Answer | None:
    countries = q.entities.countries
    if not q.has(*MEMBER_WORDS) and not countries:
        return None
    if not countries and (match := _IS_MEMBER.match(q.text.strip())):
        name = echo(match[1].strip(" ?"))
        return Answer("members", f"{name} is not a member or observer of the FOC in my sources.", HISTORY)
    members = list((await ctx.services.knowledge.reference()).members)
    by_name = {m.name: m for m in members}
    if countries:
        country = countries[0]
        member = by_name.get(country.name)
        if member is None:
            return Answer(
                "members",
                f"{country.name} is not a member or observer of the FOC in my sources.",
                HISTORY,
                records=[],
            )
        return await _about(ctx, q, member)
    if q.has("observer", "observers"):
        observers = [m for m in members if m.kind == "observer"]
        return Answer(
            "members",
            f"Observers: {join_names([m.name for m in observers])}.",
            observers[0].source if observers else None,
            records=[_record(m) for m in observers],
        )
    if q.has("former", "left", "withdraw", "withdrew", "withdrawn", "quit", "leave"):
        former = [m for m in members if m.kind == "member" and m.left]
        text = "; ".join(f"{m.name} left on {m.left}" for m in former) or "No member has left"
        return Answer(
            "members",
            f"Former members: {text}.",
            former[0].source if former else None,
            records=[_record(m) for m in former],
        )
    years = q.entities.years
    if years is not None and q.has("join", "joined", "joins", "new", "added", "admitted", "became"):
        return _joined(members, years, q)
    current = [m for m in members if m.is_current]
    if q.has("how many", "number", "count", "size"):
        return count_members(members)
    if q.has("list", "which", "who", "what", "all", "members"):
        lines = tuple(f"{m.name} ({m.joined or 'joined: not known'})" for m in current)
        return Answer(
            "members",
            f"{len(current)} current members:",
            HISTORY,
            items=lines,
            items_title="Members",
            records=[_record(m) for m in current],
        )
    return None


def count_members(members: list[MemberView]) -> Answer:
    current = [m for m in members if m.is_current]
    former = [m for m in members if m.kind == "member" and m.left]
    observers = [m for m in members if m.kind == "observer"]
    text = f"The FOC has {len(current)} members now"
    if former:
        text += " (" + "; ".join(f"{m.name} left on {m.left}" for m in former) + ")"
    if observers:
        names = join_names([m.name for m in observers])
        text += f", and {len(observers)} observer{'s' if len(observers) > 1 else ''} ({names})"
    return Answer("counts", text + ".", HISTORY, records=[_record(m) for m in current])


def _joined(members: list[MemberView], years: object, q: Question) -> Answer:
    from handlers.answers.entities import Years

    assert isinstance(years, Years)
    rows = [
        m
        for m in members
        if m.kind == "member" and m.joined and m.joined[:4].isdigit() and years.covers(int(m.joined[:4]))
    ]
    maybe = [
        m
        for m in members
        if m.kind == "member"
        and not m.joined
        and m.note
        and any(
            str(y) in m.note
            for y in range(years.first, (years.last if not years.before else years.first) + 1)
        )
    ]
    label = f"in {years.label()}" if years.single else years.label()
    if rows:
        names = [f"{m.name} ({m.joined})" if not years.single else m.name for m in rows]
        text = (
            f"{len(rows)} {'country' if len(rows) == 1 else 'countries'} joined {label}: {join_names(names)}."
        )
    else:
        text = f"No country joined {label}, by the dates the sources give."
    if maybe:
        text += " Dates not exact: " + "; ".join(f"{m.name} ({m.note})" for m in maybe) + "."
    rows += maybe
    return Answer("members", text, HISTORY, records=[_record(m) for m in rows])


async def _about(ctx: Context, q: Question, member: MemberView) -> Answer:
    record = [_record(member)]
    source = member.source or HISTORY
    if q.has(*PERSON_WORDS, "focal", "focals"):
        points = await focal_points_of(ctx.services, [member.name])
        if points:
            names = [ctx.services.platforms.mention(p.point.user_key) for p in points]
            return Answer(
                "members",
                f"{member.name}'s focal point{'s' if len(points) > 1 else ''} in this workspace: "
                f"{join_names(names)}.",
                f"focal points (`focal {member.name}`)",
                records=[*record, {"focal_points": [p.point.user_key for p in points]}],
                related=False,
            )
        return Answer(
            "members",
            f"My sources do not name {member.name}'s representative in the FOC "
            f"({member.name} is {status_of(member)}), and no focal point is registered for it here "
            f"(admins: `focal {member.name} add <user>`).",
            source,
            records=record,
        )
    if q.has("zone", "timezone", "time", "clock", "capital", "hour"):
        local = ctx.now().astimezone(ZoneInfo(member.timezone))
        return Answer(
            "members",
            f"{member.name}'s capital is in the time zone {member.timezone}; it is "
            f"{local:%H:%M on %A %d %B} there now.",
            source,
            records=record,
        )
    if member.kind == "observer":
        return Answer(
            "members", f"{member.name} is an observer of the FOC, not a member.", source, records=record
        )
    if q.has("observer", "observers") and not q.has("member", "members"):
        return Answer(
            "members",
            f"No: {member.name} is {status_of(member)}, not an observer (joined {joined_text(member)}).",
            source,
            records=record,
        )
    if q.has("still") and not member.left:
        return Answer(
            "members",
            f"Yes: {member.name} is still a member (joined {joined_text(member)}).",
            source,
            records=record,
        )
    if q.has("withdraw", "withdrew", "withdrawn", "left", "leave", "quit", "former", "still"):
        if member.left:
            note = f" ({member.note})" if member.note else ""
            return Answer(
                "members", f"Yes: {member.name} left the FOC on {member.left}{note}.", source, records=record
            )
        return Answer(
            "members",
            f"No: {member.name} is still a member (joined {joined_text(member)}).",
            source,
            records=record,
        )
    if q.has("when", "what year", "which year", "since when", "how long", "join", "joined"):
        text = (
            f"{member.name} joined the FOC in {member.joined}."
            if member.joined
            else (f"{member.name} joined the FOC {joined_text(member)}.")
        )
        if member.left:
            text += f" It left on {member.left}."
        return Answer("members", text, source, records=record)
    if member.left:
        return Answer(
            "members",
            f"{member.name} is a former member: it joined {joined_text(member)} and left on {member.left}.",
            source,
            records=record,
        )
    return Answer(
        "members",
        f"Yes: {member.name} is a member of the FOC (joined {joined_text(member)}).",
        source,
        records=record,
    )
