"""A loopback fake of the Slack Web API (and of response_url and file upload URLs) for end-to-end tests.

It checks the bearer token, records every call with its arguments, enforces the Block Kit limits the adapter
must respect, issues trigger_ids that expire after 3 seconds, and fails or answers 429 + Retry-After when a
test asks it to.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import queue
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
BOT_USER = "UBOT"
TRIGGER_TTL = 3.0


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    at: float  # time.monotonic()


@dataclass
class Planned:
    """What a method answers for its next ``times`` calls instead of success."""

    times: int
    status: int = 200
    error: str | None = None
    retry_after: int | None = None


@dataclass
class FakeSlack:
    url: str = ""
    calls: list[Call] = field(default_factory=list)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, list[str]] = field(default_factory=dict)  # channel id -> member user ids
    uploads: dict[str, bytes] = field(default_factory=dict)
    responses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _plans: dict[str, list[Planned]] = field(default_factory=dict)
    _triggers: dict[str, float] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    sockets: list[web.WebSocketResponse] = field(default_factory=list)
    delays: dict[str, float] = field(default_factory=dict)
    """Method -> seconds it takes to answer (a real Slack call takes some: fairness tests)."""

    # -- what tests use -------------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.url}/response/{name}"

    def new_trigger(self, age: float = 0.0) -> str:
        """A trigger_id as Slack puts in an interaction; ``age`` seconds old (over 3: expired)."""
        trigger = f"trig-{next(self._ids)}"
        self._triggers[trigger] = time.monotonic() - age
        return trigger

    def fail(
        self, method: str, *, times: int = 1, status: int = 200, error: str | None = "internal_error"
    ) -> None:
        self._plans.setdefault(method, []).append(Planned(times, status=status, error=error))

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        self._plans.setdefault(method, []).append(Planned(times, status=429, retry_after=retry_after))

    def add_user(
        self, user_id: str, name: str, tz: str | None = "Europe/Zurich", *, is_bot: bool = False
    ) -> None:
        self.users[user_id] = {
            "id": user_id,
            "name": name.lower(),
            "tz": tz,
            "is_bot": is_bot,
            "profile": {"display_name": name},
        }

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def api_calls(self) -> list[Call]:
        """Calls to the Web API proper (not response_url or upload URLs)."""
        return [c for c in self.calls if not c.method.startswith(("response:", "upload:"))]

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._changed.set()

    async def wait_for(self, method: str, count: int = 1, within: float = 5.0) -> list[Call]:
        """The calls of ``method`` once there are ``count`` of them (at most ``within`` seconds)."""
        async with asyncio.timeout(within):
            while len(self.of(method)) < count:
                self._changed.clear()
                await self._changed.wait()
        return self.of(method)

    # -- the server ------------------------------------------------------------------------------
    def web_app(self) -> web.Application:
        http = web.Application()
        http.router.add_route("*", "/api/{method}", self._api)
        http.router.add_post("/response/{name}", self._response)
        http.router.add_post("/upload/{file_id}", self._upload)
        http.router.add_get("/socket", self._socket)
        return http

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        raw = await request.read()
        if raw:
            if request.content_type == "application/json":
                args.update(json.loads(raw))
            else:
                args.update(dict(parse_qsl(raw.decode())))
        for key in ("blocks", "view", "files", "users"):
            value = args.get(key)
            if isinstance(value, str) and value[:1] in "[{":
                args[key] = json.loads(value)
        return args

    def _planned(self, method: str) -> web.Response | None:
        plans = self._plans.get(method)
        if not plans:
            return None
        plan = plans[0]
        plan.times -= 1
        if plan.times <= 0:
            plans.pop(0)
        if plan.status == 429:
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(plan.retry_after)},
            )
        return web.json_response({"ok": False, "error": plan.error}, status=plan.status)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else args.pop("token", "")
        self._record(Call(method, args, time.monotonic()))
        if self.delays.get(method):
            await asyncio.sleep(self.delays[method])
        if token != (APP_TOKEN if method == "apps.connections.open" else TOKEN):
            return web.json_response({"ok": False, "error": "invalid_auth"})
        planned = self._planned(method)
        if planned is not None:
            return planned
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"}, status=404)
        result = handler(args)
        body = {"ok": True, **result} if "error" not in result else {"ok": False, **result}
        return web.json_response(body)

    async def _response(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        body = await request.json()
        self._record(Call(f"response:{name}", body, time.monotonic()))
        planned = self._planned("response_url")
        if planned is not None:
            return planned
        problem = check_message(body)
        if problem:
            return web.Response(status=400, text=problem)
        self.responses.setdefault(name, []).append(body)
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        self._record(Call(f"upload:{file_id}", {"size": len(self.uploads[file_id])}, time.monotonic()))
        return web.Response(text="OK")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: says hello, then records every envelope acknowledgement the app sends back."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.append(socket)
        self._record(Call("socket:connected", {}, time.monotonic()))
        await socket.send_json({"type": "hello", "num_connections": 1, "debug_info": {}})
        async for message in socket:
            if message.type == web.WSMsgType.TEXT:
                self._record(Call("socket:ack", json.loads(message.data), time.monotonic()))
        return socket

    async def envelope(self, kind: str, payload: dict[str, Any]) -> str:
        """Push a Socket Mode envelope (``slash_commands``, ``events_api``, ``interactive``) to the app."""
        envelope_id = f"env-{next(self._ids)}"
        await self.sockets[-1].send_json(
            {"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": True}
        )
        return envelope_id

    # -- methods -----------------------------------------------------------------------------------
    def _m_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.url.replace("http://", "ws://") + "/socket"}

    def _m_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"user_id": BOT_USER, "bot_id": "BBOT", "team_id": "T1", "team": "FOC", "user": "focbot"}

    def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("channel"):
            return {"error": "channel_not_found"}
        problem = check_message(args)
        return (
            {"error": problem} if problem else {"channel": args["channel"], "ts": f"{next(self._ids)}.0001"}
        )

    def _m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        problem = check_message(args) or ("" if args.get("user") else "user_not_found")
        return {"error": problem} if problem else {"message_ts": f"{next(self._ids)}.0002"}

    def _m_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = str(args.get("users") or "")
        return {"channel": {"id": "D" + users}} if users else {"error": "users_list_not_supplied"}

    def _m_conversations_members(self, args: dict[str, Any]) -> dict[str, Any]:
        members = self.channels.get(str(args.get("channel")))
        if members is None:
            return {"error": "channel_not_found"}
        start = int(args.get("cursor") or 0)
        limit = min(int(args.get("limit") or 100), 2)  # small pages, so that callers must follow the cursor
        page = members[start : start + limit]
        more = start + limit < len(members)
        return {"members": page, "response_metadata": {"next_cursor": str(start + limit) if more else ""}}

    def _m_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(args.get("user")))
        return {"user": user} if user else {"error": "user_not_found"}

    def _check_view(self, view: Any, limit: int) -> str | None:
        if not isinstance(view, dict) or "blocks" not in view:
            return "invalid_arguments"
        if len(view["blocks"]) > limit:
            return "invalid_arguments"
        return check_blocks(view["blocks"])

    def _m_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        issued = self._triggers.get(str(args.get("trigger_id")))
        if issued is None or time.monotonic() - issued > TRIGGER_TTL:
            return {"error": "expired_trigger_id"}
        problem = self._check_view(args.get("view"), 100)
        return {"error": problem} if problem else {"view": {"id": f"V{next(self._ids)}", **args["view"]}}

    def _m_views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        problem = self._check_view(args.get("view"), 100)
        return {"error": problem} if problem else {"view": {"id": args.get("view_id"), **args["view"]}}

    def _m_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        problem = self._check_view(args.get("view"), 100)
        return {"error": problem} if problem else {"view": {"id": f"V{next(self._ids)}"}}

    def _m_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ids)}"
        return {"upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files") or []
        missing = [f["id"] for f in files if f["id"] not in self.uploads]
        if missing:
            return {"error": "file_not_found"}
        return {"files": [{"id": f["id"], "title": f.get("title")} for f in files]}


def check_blocks(blocks: list[dict[str, Any]]) -> str | None:
    """The Block Kit limits Slack enforces, as far as the adapter uses blocks."""
    for block in blocks:
        text = block.get("text") or {}
        if block.get("type") == "section":
            if not text.get("text") or len(text["text"]) > 3000:
                return "invalid_blocks"
            if len(block.get("fields") or []) > 10:
                return "invalid_blocks"
        if block.get("type") == "header" and len(text.get("text", "")) > 150:
            return "invalid_blocks"
        for element in [*(block.get("elements") or []), block.get("element") or {}]:
            if len(element.get("options") or []) > 100:
                return "invalid_blocks"
        if block.get("type") == "actions" and len(block.get("elements") or []) > 25:
            return "invalid_blocks"
    return None


def check_message(args: dict[str, Any]) -> str | None:
    blocks = args.get("blocks") or []
    if not blocks and not args.get("text"):
        return "no_text"
    if len(blocks) > 50:
        return "invalid_blocks"
    return check_blocks(blocks)


@contextmanager
def fake_slack_in_a_thread() -> Iterator[FakeSlack]:
    """The fake on its own event loop in a thread: for bot processes started by synchronous tests (kill -9).
    Read its ``calls`` from the test's thread (appends are atomic)."""
    started: queue.Queue[tuple[FakeSlack, asyncio.AbstractEventLoop, asyncio.Event]] = queue.Queue()

    async def serve() -> None:
        stop = asyncio.Event()
        async with running_fake_slack() as fake:
            started.put((fake, asyncio.get_running_loop(), stop))
            await stop.wait()

    thread = threading.Thread(target=lambda: asyncio.run(serve()), name="fake-slack", daemon=True)
    thread.start()
    fake, loop, stop = started.get(timeout=30)
    try:
        yield fake
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=30)


@asynccontextmanager
async def running_fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    runner = web.AppRunner(fake.web_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    fake.url = f"http://{host}:{port}"
    try:
        yield fake
    finally:
        await runner.cleanup()
