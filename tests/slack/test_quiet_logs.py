"""Third-party loggers (slack_sdk, slack_bolt, aiohttp, nio ...) never write message bodies or user ids, at
any level, unless FOCBOT_LOG_BODIES=1: logging configured as `focbot run` does, a survey answered through the
real signed-request path, and everything written to standard error read back."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.logging_setup import THIRD_PARTY, configure_logging
from tests.slack.conftest import ADMIN, SlackHarness

PERSON = "UQUIETLOGS7"
BODY = "my-secret-opinion-42"


@contextmanager
def configured(*, log_bodies: bool = False) -> Iterator[None]:
    """Logging as `focbot run --log-level DEBUG` sets it up, undone before the fixtures are torn down."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in THIRD_PARTY}
    configure_logging("DEBUG", log_bodies=log_bodies)
    try:
        yield
    finally:
        root.handlers[:], root.level = handlers, level
        for name, old in levels.items():
            logging.getLogger(name).setLevel(old)


async def _answer_a_survey(slack: SlackHarness) -> None:
    slack.fake.add_user(PERSON, "Quiet", "Europe/Zurich")
    await slack.command(
        "survey import {title: Views, questions: [{text: Your view, type: text}]}", user=ADMIN
    )
    await slack.command(f"survey open 1 to=slack:{PERSON}", user=ADMIN)
    await slack.command(f'survey answer 1 1="{BODY}"', user=PERSON)
    [*_, answer] = slack.responses()
    assert BODY in str(answer), answer


async def test_third_party_loggers_never_write_bodies_or_user_ids(
    slack: SlackHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    with configured():
        await _answer_a_survey(slack)

    written = capsys.readouterr().err
    assert "focbot.commands" in written  # the bot's own lines are there, at DEBUG
    assert BODY not in written
    assert PERSON not in written


async def test_focbot_log_bodies_lets_them_through_for_debugging(
    slack: SlackHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    with configured(log_bodies=True):
        await _answer_a_survey(slack)

    assert BODY in capsys.readouterr().err
