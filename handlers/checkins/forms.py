"""The forms of `checkin`, declared once: words, options, access and privacy (`handlers.declare`).

Usage lines, `help`, the access rule, the refusal of an unknown option and a platform's form fields read
these; `handlers.checkins.commands` gives each its handler.
"""

from __future__ import annotations

from handlers.declare import Form, Option

COMMAND = "checkin"
ROUND = Option("round", "Which round (default: the latest)", "N", kind="number")

NEW = Form(
    "new",
    "quarterly-update",
    options=(
        Option(
            "to",
            "Who is asked: members, countries or the troika",
            "members|Country,Country|troika",
            kind="people",
        ),
        Option("network", "A network's roster is asked", "<city>"),
        Option("users", "These people are asked", "NAME,NAME", kind="people"),
        Option("title", "Its title (default: the template's)", "...", spaced=True),
        Option("rrule", "How often a round opens", "FREQ=MONTHLY;INTERVAL=3", kind="rule"),
        Option("at", "The time the round's DM is sent, in each person's zone", "10:00", kind="time"),
        Option("start", "The first day it may open", "YYYY-MM-DD", kind="date"),
        Option("deadline", "Days to answer", "7d"),
        Option("reminders", "Reminders before the deadline", "2d,1d", kind="offsets"),
        Option("digest", "Where the digest of answers goes", "<place>|here", kind="places"),
        Option("before", "Open each round before this meeting's call", "<meeting>", kind="id"),
    ),
    admin=True,
    help="A recurring check-in from a template.",
)
LIST = Form("list", help="The check-ins.")
SHOW = Form("show", "<id>", help="A check-in, its questions and rounds.")
ANSWER = Form(
    "answer",
    "<id> <n>=<value> ...",
    options=(Option("country", "The country you answer for (a focal point of several)", "<country>"),),
    answers=True,
    private=True,
    help="Answer the open round.",
)
OPEN = Form("open", "<id>", admin=True, help="Open a round now.")
CLOSE = Form("close", "<id>", admin=True, help="Close the open round.")
REOPEN = Form(
    "reopen",
    "<id> [<round>]",
    options=(ROUND, Option("deadline", "Days to answer from now", "7d")),
    admin=True,
    help="Reopen a closed round (the latest, or the one named).",
)
PAUSE = Form("pause", "<id>", admin=True, help="Pause the schedule.")
RESUME = Form("resume", "<id>", admin=True, help="Restart the schedule.")
RESULTS = Form("results", "<id>", options=(ROUND,), admin=True, help="The digest of a round.")
EXPORT = Form(
    "export", "<id> [csv|md]", options=(ROUND,), admin=True, private=True, help="A round's answers as a file."
)


def usage(form: Form) -> str:
    """The usage line of a `checkin` form."""
    return form.usage(COMMAND)
