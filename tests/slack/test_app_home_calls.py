"""Slack App Home's "Your next calls" and `/foc meeting next` agree, through signed requests to the bot's
real endpoint: for Canada's focal point (no Slack zone: Canada's capital's), a troika series lists while
Canada is in the troika, a series without Canada does not, in the same zone on both surfaces (both ask
`handlers.meetings.my_calls.calls_of`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from tests.slack.conftest import ADMIN, SlackHarness

CANADA = "UCANADA"
TROIKA = (
    'meeting new "Troika call" rrule="FREQ=WEEKLY;BYDAY=TU" start=2026-12-08 at=15:00 tz=Europe/Zurich '
    "participants=troika"
)
QUARTERLY = (
    'meeting new "Quarterly update" rrule="FREQ=WEEKLY;BYDAY=MO" start=2026-12-14 at=12:00 tz=UTC '
    "participants=Ghana,Japan"
)
WHEN = r"(?P<when>\w{3} \d{2} \w{3} \d{2}:\d{2})"
HOME_LINE = re.compile(r"\*(?P<title>[^*]+)\* \(#(?P<id>\d+)\) " + WHEN + r" (?P<tz>\S+)")
NEXT_TITLE = re.compile(r"Meeting (?P<id>\d+) (?P<title>[^:]+): .*?, your time " + WHEN + r" (?P<tz>[\w/]+)")


def texts(payload: Any) -> list[str]:
    if isinstance(payload, dict):
        return [
            t for k, v in payload.items() for t in ([v] if k == "text" and isinstance(v, str) else texts(v))
        ]
    if isinstance(payload, list):
        return [t for item in payload for t in texts(item)]
    return []


async def test_app_home_next_calls_are_meeting_next_for_canadas_focal_point(slack: SlackHarness) -> None:
    slack.clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    slack.fake.add_user(CANADA, "Claire", None)  # no zone in her Slack profile
    for command in (
        f"focal Canada add <@{CANADA}>",
        "troika set past=Canada current=Ghana next=Germany",
        TROIKA,
        QUARTERLY,
    ):
        await slack.command(command, user=ADMIN)
    slack.fake.calls.clear()

    await slack.command("meeting next", user=CANADA)
    listed = [m.groupdict() for t in texts(slack.responses()) for m in NEXT_TITLE.finditer(t)]
    await slack.event(
        {"type": "app_home_opened", "user": CANADA, "tab": "home", "channel": "D9"}, event_id="EvH"
    )
    [home] = slack.fake.of("views.publish")
    shown = [m.groupdict() for t in texts(home.args["view"]) for m in HOME_LINE.finditer(t)]

    assert listed and shown == listed, (shown, listed)
    assert {c["title"] for c in shown} == {"Troika call"}  # Canada is in the troika, not in the quarterly
    assert {c["tz"] for c in shown} == {"America/Toronto"}  # Canada's capital's zone, on both surfaces
    assert shown[0]["when"] == "Tue 08 Dec 09:00"  # 15:00 in Zurich
