"""The `focbot` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot.app import App, build_app, lifespan
from bot.config import Settings
from bot.logging_setup import configure_logging
from bot.redact import settings_secrets


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise SystemExit(f"focbot: bad setting: {problems}") from None


async def _console(app: App, user: str, json_mode: bool) -> None:
    from bot.adapters.console import ConsoleAdapter, stdin_lines

    console = ConsoleAdapter(app, user=user, json_mode=json_mode, lines=stdin_lines(prompt="> "))
    app.add_platform(console)
    async with lifespan(app):
        if not json_mode and sys.stdin.isatty():
            print("focbot console: type `help`, `:as NAME` to switch user, Ctrl-D to quit.")
        await console.run()


async def _ask(app: App, question: str, json_mode: bool, limit: int) -> int:
    async with lifespan(app, start_timers=False):
        hits = await app.services.search.search(question, limit=limit)
    if json_mode:
        rows = [
            {
                "kind": h.record.kind,
                "id": h.record.id,
                "title": h.record.title,
                "score": round(h.score, 4),
                "text": h.record.text,
                "source": h.record.source,
            }
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not hits:
        print("No answer found.")
    else:
        for rank, hit in enumerate(hits, 1):
            print(f"{rank}. [{hit.record.kind} {hit.record.id}] {hit.record.title} (score {hit.score:.2f})")
            print(f"   {hit.record.text}")
            print(f"   Source: {hit.record.source}")
    return 0 if hits else 1


async def _db_upgrade(app: App) -> None:
    async with lifespan(app, start_timers=False):
        pass
    print("Database migrated and seeded.")


async def _run(app: App) -> None:
    from bot.platforms import run_platforms

    await run_platforms(app)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="focbot", description="The Freedom Online Coalition operations bot."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    console = sub.add_parser("console", help="chat with the bot in the terminal")
    console.add_argument(
        "--as", dest="user", default="admin", help="the acting console user (default: admin)"
    )
    console.add_argument("--json", action="store_true", help="one JSON object a line")

    ask = sub.add_parser("ask", help="ranked answers to a question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true")
    ask.add_argument("--limit", type=int, default=3)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="migrate the schema and load the seed data")

    sub.add_parser("run", help="start the configured platforms (Slack, Matrix), else the console")

    from bot.plan_cli import add_parser as add_plan_parser

    add_plan_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = _settings()
    configure_logging(settings.log_level if args.command == "run" else "WARNING", settings_secrets(settings))
    app = build_app(settings)
    try:
        if args.command == "console":
            asyncio.run(_console(app, args.user, args.json))
        elif args.command == "ask":
            if args.limit < 1:
                raise SystemExit("focbot ask: --limit must be 1 or more")
            return asyncio.run(_ask(app, args.question, args.json, args.limit))
        elif args.command == "db":
            asyncio.run(_db_upgrade(app))
        elif args.command == "run":
            asyncio.run(_run(app))
        elif args.command == "plan":
            from bot.plan_cli import run_plan

            return asyncio.run(run_plan(app, args))
    except KeyboardInterrupt:
        return 130
    return 0
