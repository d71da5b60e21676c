"""The platform registry the wiring fills: user keys as people type them, prefixes, help's wording."""

from __future__ import annotations

import pytest

from bot.adapters.known import known_platforms
from bot.adapters.matrix.settings import MatrixSettings
from handlers.platforms import Platforms
from tests.support.dialogue import test_settings as settings_for


@pytest.fixture
def platforms() -> Platforms:
    return Platforms(known_platforms(settings_for("sqlite+aiosqlite:///unused.db")))


@pytest.mark.parametrize(
    ("text", "where", "key"),
    [
        ("slack:U0123ABC", None, "slack:U0123ABC"),
        ("matrix:@alice:example.org", "console", "matrix:@alice:example.org"),
        ("<console:kadri>", None, "console:kadri"),
        ("@alice:example.org", None, "matrix:@alice:example.org"),  # only Matrix writes users so
        ("<@U0123ABC|ada>", "console", "slack:U0123ABC"),  # a Slack mention, wherever it is typed
        ("U0123ABC", "slack", "slack:U0123ABC"),  # a bare member id typed in Slack
        ("kadri", "console", "console:kadri"),  # a bare name typed in the console
        ("@kadri", "console", "console:kadri"),  # the console's `@name` form (remind @kadri ...)
        ("@kadri", "slack", None),  # ... which no other platform writes
        ("@kadri", None, None),
        ("kadri", None, None),  # a bare name with no platform to read it on
        ("kadri", "slack", None),
        ("kadri", "matrix", None),
        ("nowhere:kadri", "console", None),  # no such platform
        ("slack:", None, None),
        ("slack:U1 U2", None, None),
        ("", "console", None),
    ],
)
def test_user_keys_as_people_type_them(
    platforms: Platforms, text: str, where: str | None, key: str | None
) -> None:
    assert platforms.parse_user(text, where) == key


def test_prefixes_mentions_and_help_come_from_the_registered_platforms(platforms: Platforms) -> None:
    assert platforms.prefixes == ("!foc", "/foc", "foc")
    assert platforms.mention("slack:U1") == "<@U1>" and platforms.mention("matrix:@a:b") == "@a:b"
    assert platforms.command_forms() == "`/foc <command>` in Slack, `!foc <command>` in Matrix"
    assert platforms.user_example("matrix") == "matrix:@alice:example.org"
    assert platforms.fill("admin add {user}", "console") == "admin add console:alice"
    assert Platforms().parse_user("slack:U1") is None  # the core knows only what was registered
    assert Platforms().prefixes == ("foc",)


def test_a_custom_matrix_prefix_is_the_one_registered() -> None:
    settings = settings_for("sqlite+aiosqlite:///unused.db", matrix=MatrixSettings(prefix="!bot"))
    assert "!bot" in Platforms(known_platforms(settings)).prefixes
