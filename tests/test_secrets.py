"""Secrets never reach logs or replies: the redacting log filter, every command's reply, a crash."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.dispatcher import Dispatcher
from bot.logging_setup import configure_logging
from bot.redact import MASK, RedactSecrets, settings_secrets
from handlers.args import Args
from handlers.catalog import all_commands
from handlers.context import Context
from handlers.core import Actor, Command, Place, Reply
from handlers.registry import CommandSpec, Registry
from tests.support.clock import FakeClock
from tests.support.dialogue import Dialogue, open_dialogue
from tests.support.dialogue import test_settings as settings_for

SECRETS = {
    "slack_bot_token": "xoxb-1111-2222-abcdefABCDEF",
    "slack_signing_secret": "8f14e45fceea167a5a36dedd4bea2543",
    "slack_app_token": "xapp-1-A111-222-deadbeefcafe",
    "matrix_password": "correct horse battery staple",
    "matrix_access_token": "syt_Zm9jYm90_secrettokenvalue_1a2b3c",
    "secret_key": "anonymity-key-do-not-share",
}
DB_PASSWORD = "pg-Pa55word!"
# the settings holding them: the core's and each adapter's own model
OVERRIDES = {
    "slack": {
        "bot_token": SECRETS["slack_bot_token"],
        "signing_secret": SECRETS["slack_signing_secret"],
        "app_token": SECRETS["slack_app_token"],
    },
    "matrix": {"password": SECRETS["matrix_password"], "access_token": SECRETS["matrix_access_token"]},
    "secret_key": SECRETS["secret_key"],
}


def _all_secret_values() -> list[str]:
    return [*SECRETS.values(), DB_PASSWORD]


@pytest.fixture
async def secret_bot(database_url: str, clock: FakeClock) -> AsyncIterator[Dialogue]:
    async with open_dialogue(database_url, clock, **OVERRIDES) as dialogue:
        yield dialogue


def test_settings_secrets_lists_every_secret_and_the_database_password() -> None:
    settings = settings_for(f"postgresql+asyncpg://focbot:{DB_PASSWORD}@127.0.0.1:5432/focbot", **OVERRIDES)
    assert sorted(settings_secrets(settings)) == sorted(_all_secret_values())
    assert settings_secrets(settings_for("sqlite+aiosqlite:///x.db")) == []
    for value in _all_secret_values():
        assert value not in repr(settings)


def test_the_filter_masks_secrets_in_messages_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    settings = settings_for(f"postgresql+asyncpg://focbot:{DB_PASSWORD}@db:5432/focbot", **OVERRIDES)
    caplog.handler.addFilter(RedactSecrets(settings_secrets(settings)))
    log = logging.getLogger("focbot.test.secrets")
    with caplog.at_level(logging.INFO):
        log.info("token %s", SECRETS["slack_bot_token"])
        log.warning("config %r", {"password": SECRETS["matrix_password"]})
        log.info(f"inline {SECRETS['secret_key']} and {SECRETS['slack_signing_secret']}")
        logging.getLogger("sqlalchemy.pool").error("connect to %s failed", settings.database_url)
        try:
            raise ConnectionError(f"refused with token {SECRETS['matrix_access_token']}")
        except ConnectionError:
            log.exception("sync failed")
        log.info("unconfigured shapes: xoxp-999-888-777abc and https://bob:hunter22@example.org/x")
        log.info("a bad format %s %s", "only one")  # a broken call is still logged, and masked
    for value in [*_all_secret_values(), "xoxp-999-888-777abc", "hunter22"]:
        assert value not in caplog.text
        assert all(value not in record.getMessage() for record in caplog.records)
    assert caplog.text.count(MASK) >= 8
    assert "refused with token [redacted]" in caplog.text  # the traceback is kept, masked
    assert "connect to postgresql+asyncpg://[redacted]@db:5432/focbot failed" in caplog.text


def test_short_values_are_not_treated_as_secrets() -> None:
    assert RedactSecrets(["abc", ""]).redact("abc def") == "abc def"


def test_configure_logging_installs_the_filter_on_its_handler() -> None:
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    try:
        configure_logging("INFO", ["s3cret-value"])
        (handler,) = root.handlers
        assert any(isinstance(f, RedactSecrets) for f in handler.filters)
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "pw=%s", ("s3cret-value",), None)
        assert handler.filter(record) and record.getMessage() == f"pw={MASK}"
    finally:
        root.handlers[:], root.level = saved, level


async def test_no_command_reply_shows_a_secret(secret_bot: Dialogue) -> None:
    texts = ["help", "admin list", "ask secret key", "ask token", "ask password"]
    for spec in all_commands():
        texts += [f"help {spec.name}", spec.name, *spec.examples]
    for text in texts:
        for user in ("admin", "mallory"):
            reply = await secret_bot.say(text, as_=user)
            shown = f"{reply.text} {reply.parts!r} {reply.data!r}"
            for value in SECRETS.values():
                assert value not in shown, (text, user)


async def test_a_crash_that_mentions_a_secret_replies_generically_and_logs_it_masked(
    secret_bot: Dialogue, caplog: pytest.LogCaptureFixture
) -> None:
    async def leaky(ctx: Context, args: Args) -> Reply:
        raise RuntimeError(f"login failed with {SECRETS['matrix_password']}")

    spec = CommandSpec(name="leaky", summary="crashes", handler=leaky)
    app = secret_bot.app
    dispatcher = Dispatcher(Registry([spec]), app.services, app.clock)
    caplog.handler.addFilter(RedactSecrets(settings_secrets(app.settings)))
    with caplog.at_level(logging.INFO):
        reply = await dispatcher.handle(Command(Actor("console", "admin"), Place("console", "c"), "leaky"))
    assert reply is not None and reply.status.value == "error"
    assert "nothing was changed" in reply.text
    assert SECRETS["matrix_password"] not in reply.text
    assert "login failed with [redacted]" in caplog.text
    assert SECRETS["matrix_password"] not in caplog.text
