"""Who is in a Slack channel (`survey open ... to=here`): conversations.members, people only."""

from __future__ import annotations

from bot.adapters.slack.ids import user_key
from bot.adapters.slack.runtime import SlackRuntime
from handlers.core import Place
from handlers.ports import PlaceRoster


def slack_roster(runtime: SlackRuntime) -> PlaceRoster:
    own_id: list[str] = []  # the bot's user id, from auth.test once

    async def roster(place: Place) -> list[str]:
        members: list[str] = []
        cursor: str | None = None
        while True:
            page = await runtime.client.conversations_members(
                channel=place.channel_id, cursor=cursor, limit=200
            )
            members += [str(m) for m in page.get("members") or []]
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        if not own_id:
            own_id.append(str((await runtime.client.auth_test()).get("user_id") or ""))
        people = [m for m in members if m != own_id[0] and await runtime.users.is_person(m)]
        return [user_key(m) for m in dict.fromkeys(people)]

    return roster
