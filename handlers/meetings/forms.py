"""The forms of `meeting`, declared once: their words, options, access and privacy (`handlers.declare`).

The usage lines the parsers refuse with, `help`, the access rule, the refusal of an unknown option and the
fields of a platform's form (the Slack meeting form) all read these; `handlers.meetings.table` gives each
its handler.
"""

from __future__ import annotations

from handlers.declare import Form, Option

COMMAND = "meeting"
KINDS = ("troika", "network", "quarterly", "strategy", "custom")

TITLE = Option(
    "title", "The meeting's title", '"<title>"', required=True, label="Title", example='"Troika call"'
)
RRULE = Option(
    "rrule",
    "How it repeats: an RFC 5545 rule",
    '"<RFC 5545 rule>"',
    kind="rule",
    required=True,
    label="Repeats",
    example="FREQ=WEEKLY;INTERVAL=4;BYDAY=TU",
)
START = Option(
    "start",
    "The date of the first call",
    "<YYYY-MM-DD>",
    kind="date",
    required=True,
    label="First call on",
    example="2027-01-12",
)
AT = Option(
    "at", "The time of each call, in tz", "<HH:MM>", kind="time", required=True, label="At", example="15:00"
)
TZ = Option(
    "tz",
    "The zone of that time (default: yours)",
    "<IANA zone>",
    kind="zone",
    label="Time zone of that time (IANA)",
    example="Europe/Zurich",
)
PARTICIPANTS = Option(
    "participants",
    "Who takes part: countries, users, troika, members, network=<city>",
    "<country|platform:user,...>",
    kind="people",
    required=True,
    spaced=True,
    label="Member countries",
    example="Estonia,Switzerland",
)
KIND = Option(
    "kind", "What kind of call", "|".join(KINDS), kind="choice", label="Kind", choices=KINDS, example="troika"
)
ACTIVITY = Option("activity", "The Program of Action activity it serves", "<id>", kind="id", example="1B.4")
DURATION = Option("duration", "Minutes per call (default 60)", "<minutes>", kind="number", example="90")
ROTATION = Option(
    "rotation", "Start times that take turns, in tz", "<HH:MM,HH:MM,...>", example="09:00,15:00,21:00"
)
REMINDERS = Option(
    "reminders",
    "Reminders before each call",
    "24h,1h",
    kind="offsets",
    label="Reminders before each call",
    example="24h,1h",
)
PLACE = Option(
    "place",
    "Where reminders and minutes go (default: where you typed the command)",
    "<platform:channel,...>",
    kind="places",
    label="Reminders and minutes go to",
    aliases=("places",),
)
AGENDA = Option("agenda", "The agenda: text or a link", '"<text or link>"', kind="long_text")

NEW = Form(
    "new",
    words=(TITLE,),
    options=(
        RRULE,
        START,
        AT,
        TZ,
        PARTICIPANTS,
        KIND,
        ACTIVITY,
        DURATION,
        ROTATION,
        REMINDERS,
        PLACE,
        AGENDA,
    ),
    admin=True,
    also=(
        'meeting new "<title>" <schedule in words> participants=<...> [start=<YYYY-MM-DD>] [at=<HH:MM>] '
        "[tz=<zone>] [key=value ...]",
    ),
    help="A new series of calls: exactly (rrule=...) or with the schedule in words; you confirm it.",
)
CONFIRM = Form("confirm", "<proposal> yes|no|monthly", admin=True, help="Answer a proposed series.")
EDIT = Form(
    "edit",
    "<meeting>",
    options=(
        Option("title", "A new title", "<title>", spaced=True),
        Option("at", "A new time, in tz", "<HH:MM>", kind="time"),
        Option("tz", "A new zone", "<IANA zone>", kind="zone"),
        Option("rrule", "A new rule", "<RFC 5545 rule>", kind="rule"),
        Option(
            "participants",
            "Who takes part now",
            "<countries, users, troika, members, network=<city>>",
            kind="people",
            spaced=True,
        ),
        Option("reminders", "Reminders before each call", "24h,1h", kind="offsets"),
        Option("agenda", "The agenda (- clears it)", "<text>", kind="long_text"),
        Option("location", "Where it is held (- clears it)", "<text>", spaced=True),
        Option("link", "The call's link (- clears it)", "<https://...>"),
        Option("from", "From which call the change holds", "<date>", kind="date"),
    ),
    admin=True,
    help="Change a series (title, time, rule, participants, reminders, agenda, location, link).",
)
LIST = Form("list", help="Every series.")
NEXT = Form(
    "next",
    "[all | <meeting> [all]] [<count>]",
    options=(Option("count", "How many calls", "<n>", kind="number"),),
    help="The next calls: yours, all, or of one series (with `all` after it: every participant's time).",
)
SHOW = Form("show", "<meeting>", help="One series, its next calls and RSVPs.")
ICS = Form("ics", "<meeting> [<YYYY-MM-DD>]", help="The calendar invite of a series or of one call.")
RSVP = Form("rsvp", "<meeting> [<YYYY-MM-DD>] yes|no|maybe", help="Say whether you come to a call.")
PLAN = Form(
    "plan",
    "(<meeting> | participants=<countries|all> rrule=<rule> start=<YYYY-MM-DD>)",
    options=(
        Option("participants", "Who takes part", "<countries|all>", kind="people", spaced=True),
        Option("rrule", "How it repeats", "<rule>", kind="rule"),
        Option("start", "The first call's date", "<YYYY-MM-DD>", kind="date"),
        Option("slots", "How many start times take turns", "1-4", kind="number"),
        Option("duration", "Minutes per call", "<minutes>", kind="number"),
        Option("count", "How many calls to weigh", "<calls>", kind="number"),
    ),
    help="A fair rotation of start times across the participants' zones.",
)
SKIP = Form("skip", "<meeting> <date: YYYY-MM-DD, 22 dec, friday...>", admin=True, help="Skip one call.")
MOVE = Form(
    "move",
    "<meeting> <YYYY-MM-DD>",
    options=(
        Option("to", "The new date", "<YYYY-MM-DD>", kind="date"),
        Option("at", "The new time", "<HH:MM>", kind="time"),
    ),
    admin=True,
    help="Move one call.",
)
CANCEL = Form("cancel", "<meeting> [<YYYY-MM-DD>]", admin=True, help="Cancel one call, or the series.")


def usage(form: Form) -> str:
    """The usage line of a `meeting` form."""
    return form.usage(COMMAND)
