"""`calendar` (your personal calendar feed) and `dashboard` (a one-time sign-in link to the web pages)."""

from __future__ import annotations

from datetime import timedelta

from handlers.args import Args
from handlers.context import Context
from handlers.core import Reply
from handlers.declare import Form
from handlers.errors import Refusal
from handlers.registry import CommandSpec

FEED = "feed"
SIGNIN = "signin"
SESSION = "session"
SIGNIN_MINUTES = 15
SESSION_HOURS = 12

CALENDAR_USAGE = "calendar [reset]"
DASHBOARD_USAGE = "dashboard [logout]"


def feed_path(token: str) -> str:
    return f"/calendar/{token}.ics"


def signin_path(token: str) -> str:
    return f"/signin/{token}"


def _webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[-1]


async def calendar_command(ctx: Context, args: Args) -> Reply:
    """Your feed's address (a new one each time; earlier ones keep working until `calendar reset`)."""
    words = [w.lower() for w in args.words]
    if words not in ([], ["reset"]):
        raise Refusal.usage("say `calendar` or `calendar reset`", "calendar", usage=CALENDAR_USAGE)
    tokens, now, key = ctx.services.web_tokens, ctx.now(), ctx.actor_key
    revoked = 0
    if words == ["reset"]:
        revoked = await tokens.revoke_all(FEED, key, now=now)
    token = await tokens.issue(FEED, key, now=now)
    url = ctx.services.settings.public_url + feed_path(token)
    webcal = _webcal(url)
    lead = (
        f"Your calendar feed has a new address; the {revoked} earlier one(s) no longer work."
        if words == ["reset"]
        else "Your calendar feed: every call you take part in (yourself, your country, the troika...)."
    )
    text = "\n".join(
        [
            lead,
            url,
            f"Subscribe: {webcal}",
            "Outlook: Add calendar > Subscribe from web, paste the address. "
            "Google Calendar: Other calendars > + > From URL, paste the address "
            "(Google refreshes subscribed calendars only every several hours; Outlook and Apple sooner).",
            "Keep the address private: anyone holding it sees your calls. "
            "`calendar reset` gives a new address and stops every earlier one.",
        ]
    )
    return Reply(text, data={"url": url, "webcal": webcal, "reset": words == ["reset"]}, private=True)


async def dashboard_command(ctx: Context, args: Args) -> Reply:
    """A one-time sign-in link to the web dashboard (15 minutes), or `dashboard logout`."""
    words = [w.lower() for w in args.words]
    tokens, now, key = ctx.services.web_tokens, ctx.now(), ctx.actor_key
    if words == ["logout"]:
        ended = await tokens.revoke_all(SESSION, key, now=now)
        await tokens.revoke_all(SIGNIN, key, now=now)
        return Reply(
            f"Signed out of the dashboard everywhere ({ended} session(s) ended).",
            data={"sessions_ended": ended},
            private=True,
        )
    if words:
        raise Refusal.usage("say `dashboard` or `dashboard logout`", "dashboard", usage=DASHBOARD_USAGE)
    expires = now + timedelta(minutes=SIGNIN_MINUTES)
    token = await tokens.issue(SIGNIN, key, now=now, expires_at=expires)
    url = ctx.services.settings.public_url + signin_path(token)
    return Reply(
        f"Your sign-in link to the dashboard (works once, for {SIGNIN_MINUTES} minutes; keep it private):\n"
        f"{url}\n`dashboard logout` signs you out everywhere.",
        data={"url": url, "expires_at": expires.isoformat()},
        private=True,
    )


CALENDAR = CommandSpec(
    name="calendar",
    summary="Your personal calendar feed of every call you take part in (subscribe in Outlook or Google).",
    forms=(Form(args="[reset]"),),
    examples=("calendar", "calendar reset"),
    handler=calendar_command,
    group="Meetings",
)
DASHBOARD = CommandSpec(
    name="dashboard",
    summary="A one-time sign-in link to the web dashboard (Program, meetings, surveys).",
    forms=(Form(args="[logout]"),),
    examples=("dashboard", "dashboard logout"),
    handler=dashboard_command,
    group="Meetings",
)
COMMANDS = [CALENDAR, DASHBOARD]
