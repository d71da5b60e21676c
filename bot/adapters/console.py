"""The terminal console: a chat with the bot on standard input and output, piped or interactive."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.adapters.base import PlatformAdapter
from bot.adapters.plaintext import render_text
from handlers.core import Actor, Command, FileAttachment, Place, Reply
from handlers.platforms import PlatformKeys
from handlers.ports import Notifier, PlaceRoster

if TYPE_CHECKING:
    from bot.app import App

PLATFORM = "console"
CONSOLE_PLACE = Place(PLATFORM, "console", is_direct=True)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class ConsoleKeys(PlatformKeys):
    """Console users are plain names (``alice``), typed bare or as ``@alice`` in the console; commands
    need no prefix."""

    name = PLATFORM
    label = "the console"
    prefix = None
    user_example = "alice"

    def parse_user(self, text: str, *, typed_here: bool) -> str | None:
        if not typed_here:
            return None
        name = text[1:] if text.startswith("@") else text
        return name if _NAME.match(name) else None


class ConsoleAdapter(ConsoleKeys, PlatformAdapter):
    """Reads commands line by line (``lines``, else standard input); ``:as NAME`` switches the acting
    user; ``:quit`` ends. It is its own notifier: what the bot says on its own is printed."""

    def __init__(
        self,
        app: App,
        *,
        user: str = "admin",
        json_mode: bool = False,
        out: TextIO | None = None,
        files_dir: Path | None = None,
        lines: AsyncIterator[str] | None = None,
    ) -> None:
        self.app = app
        self.lines = lines
        self.user = user
        self.json_mode = json_mode
        self.out = out or sys.stdout
        self.files_dir = files_dir or app.settings.console_files_dir
        self._lock = asyncio.Lock()
        self._event = 0

    @property
    def notifier(self) -> Notifier:
        return self

    @property
    def roster(self) -> PlaceRoster:
        return self._roster

    async def _roster(self, place: Place) -> list[str]:
        """The terminal is one place with one person in it: whoever is acting (``:as NAME``)."""
        if place.key != CONSOLE_PLACE.key:
            raise LookupError(f"the console has no place {place.channel_id}")
        return [self.actor().key]

    # -- the Notifier port: what the bot says on its own ------------------------
    async def send(self, place: Place, reply: Reply) -> None:
        await self.emit(reply, notice=f"to {place.channel_id}")

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        await self.emit(reply, notice=f"to {user_key.split(':', 1)[1]}")

    # -- commands ------------------------------------------------------------------
    def actor(self) -> Actor:
        return Actor(PLATFORM, self.user, display_name=self.user)

    async def say(self, text: str) -> Reply | None:
        self._event += 1
        command = Command(self.actor(), CONSOLE_PLACE, text, event_id=f"console-{self._event}")
        return await self.app.handle(command)

    async def run(self, lines: AsyncIterator[str] | None = None) -> None:
        """Answer ``lines`` (else those given at construction, else standard input) until they end."""
        async for raw in lines or self.lines or stdin_lines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line in {":quit", ":q", "exit", "quit"}:
                break
            if line.startswith(":as"):
                name = line[3:].strip()
                if name:
                    self.user = name
                    await self._write_line(self._format(Reply(f"Now acting as {name}.", data={"as": name})))
                else:
                    await self._write_line(self._format(Reply.usage("Usage: :as NAME")))
                continue
            reply = await self.say(line)
            if reply is not None:
                await self.emit(reply)

    async def emit(self, reply: Reply, notice: str | None = None) -> None:
        saved = self._save_files(reply.files())
        await self._write_line(self._format(reply, saved, notice))

    def _format(self, reply: Reply, saved: dict[str, str] | None = None, notice: str | None = None) -> str:
        if self.json_mode:
            obj: dict[str, Any] = {"text": reply.text, "data": reply.data}
            if reply.status.value != "ok":
                obj["status"] = reply.status.value
            if saved:
                obj["files"] = saved
            if notice:
                obj["notification"] = notice
            return json.dumps(obj, ensure_ascii=False, default=str)
        text = render_text(reply, saved)
        return f"[notification {notice}]\n{text}" if notice else text

    def _save_files(self, files: tuple[FileAttachment, ...]) -> dict[str, str]:
        saved: dict[str, str] = {}
        if not files:
            return saved
        self.files_dir.mkdir(parents=True, exist_ok=True)
        for attachment in files:
            path = self.files_dir / Path(attachment.filename).name
            path.write_bytes(attachment.content)
            saved[attachment.filename] = str(path)
        return saved

    async def _write_line(self, text: str) -> None:
        async with self._lock:
            self.out.write(text + "\n")
            if not self.json_mode:
                self.out.write("\n")
            self.out.flush()


async def stdin_lines(prompt: str | None = None) -> AsyncIterator[str]:
    """Lines of standard input, read by a daemon thread so timers keep running; ends at end of input."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    ready = threading.Event()

    def reader() -> None:
        while True:
            ready.wait()
            ready.clear()
            line = sys.stdin.readline()
            loop.call_soon_threadsafe(queue.put_nowait, line or None)
            if not line:
                return

    threading.Thread(target=reader, name="console-stdin", daemon=True).start()
    while True:
        if prompt and sys.stdin.isatty():
            sys.stdout.write(prompt)
            sys.stdout.flush()
        ready.set()
        line = await queue.get()
        if line is None:
            return
        yield line
