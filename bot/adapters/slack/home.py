"""App Home: the user's sections (next meetings, surveys waiting, added by features) and the activity
dashboard with the status of each activity of the Program of Action."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from itertools import groupby
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.adapters.slack import limits
from bot.adapters.slack.activity_form import open_button, register_activity_form
from bot.adapters.slack.ids import user_key
from bot.adapters.slack.render import Block, section, text_sections
from bot.adapters.slack.runtime import SlackRuntime
from bot.adapters.slack.text import plain, shorten
from handlers.text import NOT_SET
from storage.repositories.knowledge_views import ActivityView

log = logging.getLogger("focbot.slack")
HomeSection = Callable[[SlackRuntime, str], Awaitable[list[Block]]]
"""Blocks for the user with this Slack id (meetings, surveys); empty when there is nothing to show."""

STATUS_ICONS = {
    "done": ":white_check_mark:",
    "in progress": ":large_blue_circle:",
    "planned": ":white_circle:",
    "dropped": ":x:",
    None: ":grey_question:",
}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": plain(text, limits.HEADER_TEXT) or "-"}}


def dashboard_blocks(activities: Sequence[ActivityView]) -> list[Block]:
    """A summary line, then one section per objective with each activity's status."""
    counts: dict[str | None, int] = {}
    for a in activities:
        counts[a.status] = counts.get(a.status, 0) + 1
    order = ["done", "in progress", "planned", "dropped", None]
    summary = " · ".join(
        f"{STATUS_ICONS.get(s, '')} {counts[s]} {s or NOT_SET}" for s in order if counts.get(s)
    )
    blocks = [header("Program of Action: activities"), section(f"{len(activities)} activities: {summary}")]
    for objective, group in groupby(activities, key=lambda a: a.objective_id):
        lines = [f"*Objective {objective}*"]
        for a in group:
            icon = STATUS_ICONS.get(a.status, ":grey_question:")
            lead = f" · {a.lead}" if a.lead else ""
            lines.append(f"{icon} `{a.id}` {a.status or NOT_SET}{lead} — {shorten(a.text, 90)}")
        blocks += text_sections("\n".join(lines))
    return blocks


async def home_view(runtime: SlackRuntime, user_id: str, sections: Sequence[HomeSection]) -> dict[str, Any]:
    blocks: list[Block] = []
    for make in sections:
        try:
            blocks += await make(runtime, user_id)
        except Exception:
            log.exception("slack home section %s failed", getattr(make, "__name__", make))
            blocks.append(section("_This section is unavailable right now._"))
        if blocks and blocks[-1].get("type") != "divider":
            blocks.append({"type": "divider"})
    dashboard = dashboard_blocks(await runtime.app.services.knowledge.activities())
    if await runtime.app.services.is_admin(user_key(user_id)):
        dashboard.insert(2, open_button())
    blocks += dashboard
    if len(blocks) > limits.VIEW_BLOCKS:
        blocks = [*blocks[: limits.VIEW_BLOCKS - 1], section("_More in chat: `/foc activities`._")]
    return {"type": "home", "blocks": blocks}


async def publish_home(runtime: SlackRuntime, user_id: str, sections: Sequence[HomeSection]) -> None:
    await runtime.users.ensure(user_id)
    view = await home_view(runtime, user_id, sections)
    await runtime.client.views_publish(user_id=user_id, view=view)


async def _publish_once(
    runtime: SlackRuntime,
    user_id: str,
    sections: Sequence[HomeSection],
    body: dict[str, Any],
    context: dict[str, Any],
) -> None:
    if await runtime.guard.claim(context, str(body.get("event_id") or "") or None):
        await publish_home(runtime, user_id, sections)


def register_home(bolt: AsyncApp, runtime: SlackRuntime, sections: Sequence[HomeSection]) -> None:
    async def on_home_opened(
        ack: Callable[..., Awaitable[None]],
        event: dict[str, Any],
        body: dict[str, Any],
        context: dict[str, Any],
    ) -> None:
        await ack()
        if event.get("tab", "home") == "home":
            work = _publish_once(runtime, str(event["user"]), sections, body, dict(context))
            runtime.background.spawn(work, name="home")

    bolt.event("app_home_opened")(on_home_opened)

    async def refresh(user_id: str) -> None:
        await publish_home(runtime, user_id, sections)

    runtime.home_publisher = refresh
    register_activity_form(bolt, runtime)
