"""The app manifest declares what the adapter listens to and the scopes of the Web API methods it calls."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.adapters.slack.commands import SLASH_COMMAND

MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.yml"


def test_manifest_matches_the_adapter() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())

    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == SLASH_COMMAND
    assert command["url"].endswith("/slack/events")
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    settings = manifest["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    events = set(settings["event_subscriptions"]["bot_events"])
    assert {"app_home_opened", "app_mention", "message.im"} <= events
    assert settings["socket_mode_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    # commands, chat.postMessage/postEphemeral, files_upload_v2, conversations.open, users.info, message.im
    assert {"commands", "chat:write", "files:write", "im:write", "users:read", "im:history"} <= scopes
