"""The forms of `survey`, declared once: words, options, access and privacy (`handlers.declare`).

Usage lines, `help`, the access rule, the refusal of an unknown option and a platform's form fields read
these; `handlers.surveys.commands` gives each its handler.
"""

from __future__ import annotations

from handlers.declare import Form, Option

COMMAND = "survey"

LIST = Form("list", private=True, help="The surveys you are asked (all of them, for admins).")
SHOW = Form("show", "<id>", help="A survey's questions.")
ANSWER = Form(
    "answer",
    "<id> <n>=<value> ...",
    answers=True,
    private=True,
    help="Answer a survey: all at once, or without answers question by question.",
)
TEMPLATES = Form("templates", help="The survey templates.")
NEW = Form("new", "<template>", admin=True, help="A draft survey from a template.")
IMPORT = Form(
    "import", "<YAML>", admin=True, free_text=True, help="A draft survey from YAML (docs/surveys.md)."
)
OPEN = Form(
    "open",
    "<id> to=NAME,NAME|members|here|network=<city>",
    options=(
        Option("to", "Who is asked: names, members or here", "NAME,NAME|members|here", kind="people"),
        Option("network", "A network's roster is asked", "<city>"),
        Option("deadline", "When it closes", "YYYY-MM-DD[THH:MM]", kind="date"),
        Option("tz", "The zone of the deadline", "<zone>", kind="zone"),
        Option("reminders", "Reminders before the deadline", "3d,1d", kind="offsets"),
    ),
    admin=True,
    help="Send a draft to its audience ([anonymous]: answers are not linked to people).",
)
STATUS = Form("status", "<id>", admin=True, private=True, help="Who has answered.")
CLOSE = Form("close", "<id>", admin=True, help="Close a survey.")
RESULTS = Form("results", "<id>", admin=True, help="The results, with charts.")
CHART = Form(
    "chart", "<id> <question>", admin=True, help="One question's chart, by the rules of the results."
)
EXPORT = Form("export", "<id>", admin=True, private=True, help="The answers as CSV.")


def usage(form: Form) -> str:
    """The usage line of a `survey` form."""
    return form.usage(COMMAND)
