"""The middleware chain around every command: each step gets the request and an explicit ``next``."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from handlers.args import Args, split_command, strip_prefix
from handlers.context import Services
from handlers.core import Clock, Command, Reply
from handlers.errors import Refusal
from handlers.meetings.confirm import pending_for, plain_answer
from handlers.registry import Access, CommandSpec, Registry
from handlers.text import safe_reply, safe_text
from handlers.visibility import DIALOGUE, visible
from storage.repositories.users import UserView

log = logging.getLogger("focbot.commands")
LOGGED_NAME = 60
"""Characters of an unknown command's name written to the log."""


@dataclass
class Request:
    """A command on its way through the chain. ``spec`` is None for an unknown or empty command."""

    command: Command
    name: str
    args: Args
    spec: CommandSpec | None
    is_admin: bool = False
    outcome: str = field(default="unhandled")
    plain: bool = False
    """Not a command: plain text the dispatcher will answer as a question (`ask`), unless a survey
    dialogue takes it as an answer first."""
    user: UserView | None = None
    """The actor's stored row, read once per command (by the adapter, or by `authorize`)."""


Next = Callable[[Request], Awaitable[Reply | None]]
Middleware = Callable[[Request, Next], Awaitable[Reply | None]]
Observer = Callable[[Request, Reply | None, float], None]
"""Sees each command after it is answered, with the seconds it took (metrics)."""


def chain(middlewares: Sequence[Middleware], endpoint: Next) -> Next:
    """Compose ``middlewares`` (outermost first) around ``endpoint``."""
    handler = endpoint
    for middleware in reversed(middlewares):
        handler = _bind(middleware, handler)
    return handler


def _bind(middleware: Middleware, next_: Next) -> Next:
    async def call(request: Request) -> Reply | None:
        return await middleware(request, next_)

    return call


async def ignore_bots(request: Request, next_: Next) -> Reply | None:
    """Never answer the bot's own messages or other bots' (no loops)."""
    if request.command.actor.is_bot:
        request.outcome = "ignored"
        return None
    return await next_(request)


async def visibility(request: Request, next_: Next) -> Reply | None:
    """Every reply, whatever step made it, is marked private or public here by the one rule
    (`handlers.visibility.visible`: what it holds), so that adapters never have to guess."""
    reply = await next_(request)
    if reply is None:
        return None
    name = request.spec.name if request.spec is not None else request.name
    return visible(reply, name, request.args.words)


def log_commands(observe: Observer | None = None) -> Middleware:
    """One structured log line per command: name, platform, outcome and duration (never the text; an
    unknown name is cut and stripped of control characters). The replies it passes on are made safe
    (`safe_replies`), whatever the steps after it return."""

    async def middleware(request: Request, next_: Next) -> Reply | None:
        started = time.perf_counter()
        reply = await safe_replies(request, next_)
        elapsed = time.perf_counter() - started
        if reply is not None and request.outcome == "unhandled":
            request.outcome = reply.status.value
        log.info(
            "command name=%s platform=%s outcome=%s ms=%.1f",
            _logged_name(request),
            request.command.actor.platform,
            request.outcome,
            elapsed * 1000,
        )
        if observe is not None:
            observe(request, reply, elapsed)
        return reply

    return middleware


def _logged_name(request: Request) -> str:
    if request.spec is not None:
        return request.spec.name
    return safe_text(request.name, LOGGED_NAME, keep_newlines=False) or "-"


async def safe_replies(request: Request, next_: Next) -> Reply | None:
    """A command holding a NUL character is refused (no database stores it as text, and no one types it);
    every reply is stripped of terminal escape sequences and control characters (`safe_reply`)."""
    if "\x00" in request.command.text or any("\x00" in v for v in request.args.options.values()):
        request.outcome = "refused"
        return Reply.usage(
            "That message holds a NUL character (`\\0`), which cannot be saved; nothing was changed."
        )
    reply = await next_(request)
    return None if reply is None else safe_reply(reply, echoed(request))


def echoed(request: Request) -> list[str]:
    """The pieces of the user's text a reply may repeat."""
    args = request.args
    return [request.command.text, request.name, args.rest, *args.words, *args.options.values()]


def error_boundary(request: Request, next_: Next) -> Awaitable[Reply | None]:
    async def guarded() -> Reply | None:
        try:
            return await next_(request)
        except Exception:
            request.outcome = "crashed"
            log.exception("command %s failed", _logged_name(request))
            return Reply.error(
                "Sorry, that failed on my side and nothing was changed. The error is logged; try again later."
            )

    return guarded()


async def refusals(request: Request, next_: Next) -> Reply | None:
    """The core refuses by raising `handlers.errors.Refusal`; here it becomes the private usage, error or
    denied reply, its first letter capitalised, with ``data["field"]`` naming the input it is about."""
    try:
        return await next_(request)
    except Refusal as refusal:
        request.outcome = refusal.status.value
        return refusal.reply()


def authorize(services: Services) -> Middleware:
    """Admin-only commands are refused to others, before any handler runs."""

    async def middleware(request: Request, next_: Next) -> Reply | None:
        key = request.command.actor.key
        configured = key in services.settings.admins  # an admin by the settings: no read needed
        if not configured and (request.user is None or request.user.key != key):
            request.user = await services.users.get(key)  # the one read of the actor's row
        request.is_admin = services.admin_for(key, request.user)
        spec = request.spec
        if spec is not None and spec.access(request.args) is Access.ADMIN and not request.is_admin:
            request.outcome = "denied"
            what = " ".join((spec.name, *request.args.words[:2]))
            return Reply.denied(f"Only admins may run `{what}`. Ask an admin, or see `help admin`.")
        return await next_(request)

    return middleware


def survey_dialogues(services: Services, clock: Clock) -> Middleware:
    """In a direct chat where a survey is being answered question by question (`handlers.surveys.dialogue`),
    a message that is not a known command answers the question asked. A known command runs as a command,
    and the question still waiting is asked again after its reply; for a free-text question, a message
    that merely starts like a command (the command refuses it, so nothing changed) is taken as the answer."""

    async def middleware(request: Request, next_: Next) -> Reply | None:
        command = request.command
        if not command.place.is_direct or not command.text.strip() or command.values:
            return await next_(request)  # a form's submission (typed values) is never a dialogue message
        dialogues = services.dialogues
        state = await dialogues.active(command.actor.key)
        if state is None:
            return await next_(request)
        if request.spec is None or request.plain:
            request.name, request.spec = DIALOGUE, None
            return await _refused(request, dialogues.reply(state, command.text, clock()))
        reply = await next_(request)
        if reply is None:
            return reply
        if not reply.ok:
            question = await dialogues.question(state)
            if question is not None and not question.kind.choices(question):
                request.name, request.spec, request.outcome = DIALOGUE, None, "unhandled"
                return await _refused(request, dialogues.reply(state, command.text, clock()))
        return await dialogues.asked_again(state, reply, clock())

    return middleware


async def _refused(request: Request, answer: Awaitable[Reply]) -> Reply:
    """The dialogue's answer, its `Refusal` made the reply as the `refusals` step makes it (the dialogue
    answers outside the command chain)."""
    try:
        return await answer
    except Refusal as refusal:
        request.outcome = refusal.status.value
        return refusal.reply()


def pending_answers(services: Services, clock: Clock, registry: Registry) -> Middleware:
    """While its author has a proposal waiting in this place (`handlers.meetings.confirm`), their plain
    `yes`, `no` or `monthly` there answers it: the message runs as `meeting confirm <n> yes|no|monthly`
    (access checked as usual). Anyone else's `yes`, or a `yes` elsewhere, is read as before (a question)."""

    async def middleware(request: Request, next_: Next) -> Reply | None:
        command = request.command
        answer = plain_answer(strip_prefix(command.text, services.platforms.prefixes))
        if (request.spec is not None and not request.plain) or answer is None:
            return await next_(request)
        proposal = await pending_for(services, command.actor.key, command.place.key, clock())
        if proposal is None:
            return await next_(request)
        request.name, request.args = split_command(f"meeting confirm {proposal.id} {answer}")
        request.spec, request.plain = registry.get("meeting"), False
        return await next_(request)

    return middleware
