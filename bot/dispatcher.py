"""Parses a Command, routes it to its handler through the middleware chain, returns the Reply."""

from __future__ import annotations

from collections.abc import Sequence

from bot.middleware import (
    Middleware,
    Observer,
    Request,
    authorize,
    chain,
    error_boundary,
    ignore_bots,
    log_commands,
    pending_answers,
    refusals,
    survey_dialogues,
    visibility,
)
from handlers.args import strip_prefix
from handlers.context import Context, Services
from handlers.core import Clock, Command, Reply
from handlers.questions import echo, looks_like_question, near_miss
from handlers.registry import Registry
from storage.repositories.users import UserView


class Dispatcher:
    def __init__(
        self,
        registry: Registry,
        services: Services,
        clock: Clock,
        middlewares: Sequence[Middleware] | None = None,
        observe: Observer | None = None,
    ) -> None:
        self.registry = registry
        self.services = services
        self.clock = clock
        stack = (
            list(middlewares)
            if middlewares is not None
            else [
                ignore_bots,
                visibility,
                log_commands(observe),
                error_boundary,
                pending_answers(services, clock, registry),
                survey_dialogues(services, clock),
                authorize(services),
                refusals,
            ]
        )
        self._call = chain(stack, self._endpoint)

    async def handle(self, command: Command, *, user: UserView | None = None) -> Reply | None:
        """The reply to ``command``, or None when the bot stays silent (its own messages). ``user``: the
        actor's stored row when the caller has just read it (the command reads it once, here or in
        `authorize`, and hands it on in the `Context`)."""
        name, args = self.registry.split(command.text, self.services.platforms.prefixes)
        spec = self.registry.get(name) if name else None
        plain = spec is None and bool(name) and self._is_question(command.text, name)
        if spec is not None and not spec.accepts(args):
            plain = True  # "chairs 2014 to 2018", "troika in 2020?": a question beginning with a command word
        if plain:
            name, args = self.registry.split(
                "ask " + strip_prefix(command.text, self.services.platforms.prefixes)
            )
            spec = self.registry.get("ask")
        args = args.given(command.values)  # a form's typed values, never re-joined into the text
        request = Request(command=command, name=name, args=args, spec=spec, plain=plain, user=user)
        async with self.services.db.unit():  # the command's reads share one connection and transaction
            return await self._call(request)

    async def _endpoint(self, request: Request) -> Reply | None:
        if request.spec is None:
            return self._unknown(request.name)
        context = Context(
            command=request.command,
            services=self.services,
            clock=self.clock,
            is_admin=request.is_admin,
            user=request.user,
        )
        return await request.spec.run(context, request.args)

    def _is_question(self, text: str, name: str) -> bool:
        """Not a command: a question, unless the first word is a near-miss of a command (and not
        question-shaped: "who chaired ..." is never taken for a typo)."""
        if looks_like_question(strip_prefix(text, self.services.platforms.prefixes)):
            return True
        meant = near_miss(name, self._command_names())
        if meant is None:
            return True
        spec = self.registry.get(meant)
        _, args = self.registry.split(text, self.services.platforms.prefixes)
        # "memebers that joined in 2015": a typo of a command whose arguments do not parse is a question
        return spec is not None and not spec.accepts(args)

    def _command_names(self) -> list[str]:
        return [n for spec in self.registry for n in (spec.name, *spec.aliases) if n.isalpha()]

    def _unknown(self, name: str) -> Reply:
        if not name:
            return Reply.usage("Say `help` to see what I can do, or `ask <question>`.")
        shown = echo(name)
        closest = self.registry.closest(name)
        if closest is not None:
            return Reply.usage(
                f"I don't know `{shown}`. Did you mean `{closest.name}`? {closest.usage_text()}",
                data={"error": "unknown_command", "closest": closest.name},
            )
        return Reply.usage(
            f"I don't know `{shown}`. Type `help` for the commands, or `ask <question>`.",
            data={"error": "unknown_command", "closest": None},
        )
