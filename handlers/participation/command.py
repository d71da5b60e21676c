"""`participation [since YYYY-MM-DD] [<member>]` (admins): who took part, quiet members first.

Admins only: the reply names governments as inactive, which is the Support Unit's working material for
re-engaging them (Program of Action 1B.4), not something to show every member in a shared channel.

focbot keeps no attendance record, so "attended" is counted from RSVPs: a 'yes' to a call that has taken
place. The reply says so.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from handlers.args import Args
from handlers.context import Context, Services
from handlers.core import FileAttachment, Reply, Table
from handlers.declare import Form, Option
from handlers.drawing import drawn
from handlers.errors import Refusal, refusing
from handlers.focal import strict_member
from handlers.participation.chart import participation_chart
from handlers.participation.sources import SOURCES, Act
from handlers.participation.tally import CountryActivity, tally
from handlers.registry import CommandSpec
from schedules.errors import RuleError
from schedules.rules import check_date

USAGE = "participation [since YYYY-MM-DD] [<member>]"
ATTENDED_NOTE = (
    "Attended counts 'yes' RSVPs to calls that have taken place: focbot has no attendance record. "
    "Anonymous survey responses never count towards a country."
)


def _a_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _parse(args: Args) -> tuple[date | None, str]:
    words = list(args.words)
    since_text = args.options.pop("since", None) if "since" in args.options else None
    if words and words[0].lower() == "since":
        if len(words) < 2:
            raise Refusal.usage("`since` needs a date", "since")
        since_text = words[1]
        words = words[2:]
    since = None
    if since_text is not None:
        try:
            since = date.fromisoformat(since_text)
        except ValueError:
            raise Refusal.usage(f"`{since_text}` is not a date; write it as YYYY-MM-DD", "since") from None
        try:
            check_date(since)  # the one window of dates (year 1 east of UTC overflowed)
        except RuleError as exc:
            raise Refusal.usage(f"`since`: {exc}", "since") from None
    return since, " ".join(words)


async def participation_command(ctx: Context, args: Args) -> Reply:
    with refusing(usage=USAGE):
        since_day, member_text = _parse(Args(args.words, dict(args.options), args.rest))
    now = ctx.now()
    zone = ctx.default_zone
    today = now.astimezone(zone).date()
    since_day = since_day or _a_year_before(today)
    if since_day > today:
        raise Refusal.usage(f"`since {since_day}` is in the future. Usage: `{USAGE}`", "since")
    since = datetime.combine(since_day, time(), zone).astimezone(UTC)
    members = await current_members(ctx.services)
    if member_text:
        one = strict_member(member_text, members)
        if one is None:
            raise Refusal.error(f"`{member_text}` is not a current member country I know.", "member")
        members = [one]
    return await _reply(await activity_of(ctx.services, members, since, now), since_day, today)


async def current_members(services: Services) -> list[str]:
    return [m.name for m in await services.knowledge.members() if m.is_current]


async def activity_of(
    services: Services, members: list[str], since: datetime, until: datetime
) -> list[CountryActivity]:
    """What each of ``members`` did from ``since`` to ``until`` (every source), quiet members first."""
    acts: list[Act] = []
    for source in SOURCES:
        acts.extend(await source(services, since, until))
    countries_of = await services.focal_points.countries_of({a.user_key for a in acts if not a.member})
    return tally(members, acts, countries_of)


def _row(r: CountryActivity) -> tuple[str, ...]:
    return (
        r.country,
        str(len(r.calls_yes)),
        str(len(r.calls_held_yes)),
        str(r.survey_responses),
        str(r.checkin_responses),
        r.last_activity.date().isoformat() if r.last_activity else "-",
        "inactive" if r.inactive else "active",
    )


async def _reply(rows: list[CountryActivity], since: date, today: date) -> Reply:
    inactive = [r.country for r in rows if r.inactive]
    scope = f"{len(rows)} member countr{'y' if len(rows) == 1 else 'ies'}"
    lines = [f"Participation of {scope} from {since} to {today}, quiet members first."]
    if inactive:
        lines.append(
            f"{len(inactive)} inactive (no RSVP, survey or check-in response; Program of Action 1B.4): "
            + ", ".join(inactive)
            + "."
        )
    else:
        lines.append("No member was inactive.")
    lines.append(ATTENDED_NOTE)
    table = Table(
        (
            "Country",
            "Calls RSVPed yes",
            "Attended (by RSVP)",
            "Survey responses",
            "Check-in responses",
            "Last activity",
            "Status",
        ),
        tuple(_row(r) for r in rows),
    )
    title = f"FOC participation {since} to {today} (quiet members first)"
    chart = FileAttachment(
        f"participation-{since}-{today}.png",
        await drawn(participation_chart, rows, title),
        "image/png",
        title=title,
    )
    return Reply(
        "\n".join(lines),
        parts=(table, chart),
        data={
            "since": since.isoformat(),
            "until": today.isoformat(),
            "members": [r.data() for r in rows],
            "inactive": inactive,
            "attended": "counted from 'yes' RSVPs to calls that have taken place",
        },
    )


PARTICIPATION = CommandSpec(
    name="participation",
    summary="How each member country took part (RSVPs, survey responses), quiet members first (1B.4).",
    forms=(
        Form(
            args="[since YYYY-MM-DD] [<member>]",
            options=(Option("since", "From this date", "YYYY-MM-DD", kind="date"),),
            admin=True,
            private=True,
        ),
    ),
    examples=("participation", "participation since 2026-01-01", "participation Estonia"),
    handler=participation_command,
    group="Admin",
)
COMMANDS = [PARTICIPATION]
