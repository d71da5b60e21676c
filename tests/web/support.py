"""The web surfaces over HTTP: the bot's real aiohttp application in a test client, with sign-in helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import ClientResponse, test_utils

from bot.http import build_http_app
from tests.support.dialogue import Dialogue

TROIKA_CALL = (
    'meeting new "Troika call" rrule="FREQ=MONTHLY;BYDAY=2TU" start=2027-01-12 at=15:00 tz=Europe/Zurich '
    "participants=troika reminders=24h,1h"
)
TROIKA_PLACE = "meeting edit 1 location=Zoom link=https://zoom.example.org/troika"
OTHER_CALL = (
    'meeting new "Vienna network" rrule="FREQ=WEEKLY;BYDAY=WE" start=2027-01-13 at=10:00 tz=Europe/Vienna '
    "participants=Finland"
)


def path_of(url: str) -> str:
    return urlsplit(url).path


@dataclass
class Web:
    bot: Dialogue
    client: test_utils.TestClient

    async def get(self, path: str, cookie: str | None = None, **headers: str) -> ClientResponse:
        if cookie:
            headers["Cookie"] = f"focbot_session={cookie}"
        return await self.client.get(path, headers=headers, allow_redirects=False)

    async def post(self, path: str, data: dict[str, str], cookie: str | None = None) -> ClientResponse:
        headers = {"Cookie": f"focbot_session={cookie}"} if cookie else {}
        return await self.client.post(path, data=data, headers=headers, allow_redirects=False)

    async def sign_in(self, as_: str) -> str:
        """Say `dashboard` as ``as_`` and spend the link: the session cookie's value."""
        reply = await self.bot.say("dashboard", as_=as_)
        response = await self.post(path_of(reply.data["url"]), {})
        assert response.status == 303, await response.text()
        return response.cookies["focbot_session"].value


@asynccontextmanager
async def web_client(bot: Dialogue) -> AsyncIterator[Web]:
    async with test_utils.TestClient(test_utils.TestServer(build_http_app(bot.app))) as client:
        yield Web(bot, client)
