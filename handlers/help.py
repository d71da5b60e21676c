"""`help [command]`: the commands, grouped, and the usage of one.

The command table (`handlers.catalog`) lists `help` and gives it the table to answer from (`help_spec`):
this module does not import the catalog back."""

from __future__ import annotations

from collections.abc import Callable

from handlers.args import Args
from handlers.context import Context
from handlers.core import ItemList, Reply
from handlers.declare import Form
from handlers.errors import Refusal
from handlers.registry import CommandSpec, Registry


async def help_reply(ctx: Context, args: Args, commands: Registry) -> Reply:
    """The answer to `help` from the command table ``commands``."""
    name = args.word(0)
    if name:
        spec = commands.get(name) or commands.closest(name)
        if spec is None:
            raise Refusal.usage(f"No command `{name}`. {_overview_hint(commands)}", "command")
        form = spec.form_of(args.words[1:]) if len(args.words) > 1 else None
        if form is not None and form.word is not None:
            return _form_help(spec, form)
        lines = [f"*{spec.name}*: {spec.summary}", spec.usage_text()]
        if spec.aliases:
            lines.append("Also: " + ", ".join(f"`{a}`" for a in spec.aliases))
        here = ctx.command.actor.platform
        shown = tuple(f"`{ctx.services.platforms.fill(e, here)}`" for e in spec.examples)
        examples = (ItemList(shown, title="Examples"),) if shown else ()
        return Reply("\n".join(lines), parts=examples, data={"command": spec.name, "usage": list(spec.usage)})
    groups: dict[str, list[CommandSpec]] = {}
    for spec in commands:
        groups.setdefault(spec.group, []).append(spec)
    parts = tuple(
        ItemList(tuple(f"`{s.name}`: {s.summary}" for s in specs), title=group)
        for group, specs in groups.items()
    )
    forms = ctx.services.platforms.command_forms()
    return Reply(
        f"I am focbot, the FOC operations bot. Type a command{f' ({forms})' if forms else ''}, "
        "or `help <command>` for its usage.",
        parts=parts,
        data={"commands": commands.names},
    )


def _form_help(spec: CommandSpec, form: Form) -> Reply:
    """One form of a command: its usage, what it does, who may run it and each option."""
    lines = [f"`{u}`" for u in (form.usage(spec.name), *form.also)]
    if form.help:
        lines.append(form.help + (" (admins)" if form.admin else ""))
    options = tuple(
        f"`{o.name}=`: {o.help}" + (f" (e.g. `{o.name}={o.example}`)" if o.example else "")
        for o in form.options
    )
    parts = (ItemList(options, title="Options"),) if options else ()
    data = {"command": spec.name, "form": form.word, "usage": form.usage(spec.name)}
    return Reply("\n".join(lines), parts=parts, data=data | {"options": [o.name for o in form.options]})


def _overview_hint(commands: Registry) -> str:
    return "Commands: " + ", ".join(f"`{n}`" for n in commands.names) + "."


def help_spec(commands: Callable[[], Registry]) -> CommandSpec:
    """The `help` command, answering from ``commands`` (the catalog's table, given by the catalog)."""

    async def help_command(ctx: Context, args: Args) -> Reply:
        return await help_reply(ctx, args, commands())

    return CommandSpec(
        name="help",
        summary="This overview, or the usage of one command.",
        forms=(Form(args="[<command> [<form>]]"),),
        aliases=("?",),
        examples=("help", "help activity"),
        handler=help_command,
        group="Help",
    )
