"""The `focbot` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy.exc import ArgumentError, DBAPIError, InvalidRequestError, NoSuchModuleError

from bot.app import App, build_app, lifespan
from bot.config import Settings
from bot.logging_setup import configure_logging
from bot.redact import settings_secrets

T = TypeVar("T")


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


async def _settled(work: Coroutine[Any, Any, T]) -> T:
    """``work``; when the database fails, the loop waits for aiosqlite's worker threads to end first (a
    failed connect stops its thread without waiting, and an answer into a closed loop prints a traceback
    after the one-line error)."""
    try:
        return await work
    except DBAPIError:
        for thread in threading.enumerate():
            if getattr(thread, "_target", None) is _aiosqlite_worker():
                await asyncio.to_thread(thread.join, 5.0)
        raise


def _aiosqlite_worker() -> object:
    try:
        from aiosqlite.core import _connection_worker_thread
    except ImportError:  # pragma: no cover - aiosqlite is a dependency
        return None
    return _connection_worker_thread


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
    configure_logging(
        settings.log_level if args.command == "run" else "WARNING",
        settings_secrets(settings),
        log_bodies=settings.log_bodies,
    )
    try:
        app = build_app(settings)  # makes the database engine: a URL it cannot read fails here
    except (ArgumentError, NoSuchModuleError, InvalidRequestError) as exc:
        print(f"focbot: {_database_problem(exc)}", file=sys.stderr)
        return 2
    try:
        return _run_command(args, app)
    except DBAPIError as exc:  # the database cannot be opened or reached
        print(f"focbot: {_database_problem(exc)}", file=sys.stderr)
        return 2


def _database_problem(exc: Exception) -> str:
    """One line on what is wrong with FOCBOT_DATABASE_URL, never the URL itself (it may hold a password)."""
    if isinstance(exc, ArgumentError):
        return "FOCBOT_DATABASE_URL is not a database URL (e.g. sqlite+aiosqlite:///focbot.db)."
    if isinstance(exc, NoSuchModuleError):
        return (
            "FOCBOT_DATABASE_URL names a database or driver focbot does not have "
            "(use sqlite+aiosqlite or postgresql+asyncpg)."
        )
    if isinstance(exc, DBAPIError):
        reason = " ".join(str(exc.orig).split())[:200]
        return f"the database in FOCBOT_DATABASE_URL cannot be used: {type(exc.orig).__name__}: {reason}"
    return f"FOCBOT_DATABASE_URL cannot be used: {' '.join(str(exc).split())[:200]}"


def _run_command(args: argparse.Namespace, app: App) -> int:
    try:
        if args.command == "console":
            asyncio.run(_settled(_console(app, args.user, args.json)))
        elif args.command == "ask":
            if args.limit < 1:
                raise SystemExit("focbot ask: --limit must be 1 or more")
            return asyncio.run(_settled(_ask(app, args.question, args.json, args.limit)))
        elif args.command == "db":
            asyncio.run(_settled(_db_upgrade(app)))
        elif args.command == "run":
            asyncio.run(_settled(_run(app)))
        elif args.command == "plan":
            from bot.plan_cli import run_plan

            return asyncio.run(_settled(run_plan(app, args)))
    except KeyboardInterrupt:
        return 130
    return 0
