"""/metrics and /healthz over real HTTP, one log line per command and per delivery."""

from __future__ import annotations

import json
import logging

import pytest
from aiohttp import test_utils
from prometheus_client.parser import text_string_to_metric_families

from bot.app import App, build_app
from bot.http import build_http_app
from bot.notify import UnroutableError
from handlers.core import Place, Reply
from tests.support.dialogue import Dialogue
from tests.support.dialogue import test_settings as settings_for
from tests.support.processes import free_port


async def _get(app: App, path: str) -> tuple[int, str, str]:
    async with test_utils.TestClient(test_utils.TestServer(build_http_app(app))) as client:
        response = await client.get(path)
        return response.status, response.headers["Content-Type"], await response.text()


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_metrics_count_commands_by_name_and_outcome_with_latency(bot: Dialogue) -> None:
    await bot.say("help")
    await bot.say("help activity")
    await bot.say("activity 1A.2 status done", as_="mallory")
    await bot.say("activty 1A.2")  # a near-miss: unknown command, usage reply
    bot.app.services.metrics.count("reminders", outcome="sent")
    bot.app.services.metrics.count("reminders", outcome="missed")
    bot.app.services.metrics.count("survey_answers")
    bot.app.services.metrics.count("platform_errors", platform="slack", kind="rate_limited")

    status, content_type, text = await _get(bot.app, "/metrics")
    assert status == 200 and content_type.startswith("text/plain")
    samples = _samples(text)
    assert samples[("focbot_commands_total", (("name", "help"), ("outcome", "ok")))] == 2
    assert samples[("focbot_commands_total", (("name", "activity"), ("outcome", "denied")))] == 1
    assert samples[("focbot_commands_total", (("name", "unknown"), ("outcome", "usage")))] == 1
    assert samples[("focbot_command_seconds_count", (("name", "help"),))] == 2
    assert samples[("focbot_command_seconds_bucket", (("le", "+Inf"), ("name", "help")))] == 2
    assert samples[("focbot_reminders_total", (("outcome", "sent"),))] == 1
    assert samples[("focbot_reminders_total", (("outcome", "missed"),))] == 1
    assert samples[("focbot_survey_answers_total", ())] == 1
    assert samples[("focbot_platform_errors_total", (("kind", "rate_limited"), ("platform", "slack")))] == 1
    assert samples[("focbot_leader", ())] == 1  # the lone SQLite process leads


async def test_each_app_has_its_own_registry(bot: Dialogue, database_url: str) -> None:
    other = build_app(settings_for(database_url))
    bot.app.services.metrics.count("survey_answers")
    assert "focbot_survey_answers_total 1.0" in bot.app.metrics.render().decode()
    assert "focbot_survey_answers_total 0.0" in other.metrics.render().decode()
    await other.db.dispose()


async def test_an_unknown_counter_is_created_and_wrong_labels_never_raise(bot: Dialogue) -> None:
    metrics = bot.app.services.metrics
    metrics.count("invites", kind="ics")
    metrics.count("invites", wrong="label")  # logged, not raised: a delivery never fails on a metric
    metrics.count("reminders", outcome="sent", extra="x")
    assert 'focbot_invites_total{kind="ics"} 1.0' in bot.app.metrics.render().decode()


async def test_healthz_reports_database_role_and_platforms(bot: Dialogue) -> None:
    status, _, text = await _get(bot.app, "/healthz")
    assert status == 200
    assert '"status": "ok"' in text and '"role": "leader"' in text and '"platforms": {}' in text
    bot.app.platforms.set("slack", connected=True)
    bot.app.platforms.set("matrix", connected=False, detail="sync lost")
    status, _, text = await _get(bot.app, "/healthz")
    assert status == 200
    assert '"status": "degraded"' in text
    assert '"matrix": {"state": "disconnected", "connected": false, "detail": "sync lost"}' in text
    assert '"slack": {"state": "connected", "connected": true}' in text


async def test_healthz_says_standby_reconnecting_with_last_error_then_connected(bot: Dialogue) -> None:
    platforms = bot.app.platforms
    platforms.set("matrix", connected=False, detail="standby: another replica", standby=True)
    body = json.loads((await _get(bot.app, "/healthz"))[2])
    assert body["status"] == "ok" and body["platforms"]["matrix"]["state"] == "standby"  # not degraded
    platforms.set("matrix", connected=False, detail="retrying", error="ClientConnectorError: refused")
    body = json.loads((await _get(bot.app, "/healthz"))[2])
    assert body["status"] == "degraded"
    assert body["platforms"]["matrix"] == {
        "state": "reconnecting",
        "connected": False,
        "detail": "retrying",
        "last_error": "ClientConnectorError: refused",
    }
    platforms.set("matrix", connected=True)
    body = json.loads((await _get(bot.app, "/healthz"))[2])
    assert body["status"] == "ok" and body["platforms"]["matrix"] == {"state": "connected", "connected": True}


async def test_healthz_is_503_when_the_database_is_unreachable() -> None:
    app = build_app(settings_for(f"postgresql+asyncpg://focbot@127.0.0.1:{free_port()}/focbot"))
    try:
        status, _, text = await _get(app, "/healthz")
    finally:
        await app.db.dispose()
    assert status == 503
    assert '"status": "unavailable"' in text and '"database": false' in text


async def test_one_log_line_per_command_without_its_text(
    bot: Dialogue, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="focbot.commands"):
        await bot.say("activity 3B.3 note secret plans for Geneva")
    lines = [r.getMessage() for r in caplog.records if r.name == "focbot.commands"]
    assert len(lines) == 1
    assert lines[0].startswith("command name=activity platform=console outcome=ok ms=")
    assert "Geneva" not in caplog.text


async def test_one_log_line_and_one_count_per_delivery(
    bot: Dialogue, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = bot.app.notifier
    place = Place("console", "troika-room")
    with caplog.at_level(logging.INFO, logger="focbot.notify"):
        await notifier.send(place, Reply("Troika call in 1 hour"))
        bot.notifier.fail = True
        with pytest.raises(ConnectionError):
            await notifier.send_direct("console:alice", Reply("reminder"))
        with pytest.raises(UnroutableError):
            await notifier.send(Place("slack", "C1"), Reply("reminder"))
    lines = [r.getMessage() for r in caplog.records if r.name == "focbot.notify"]
    assert [line.rsplit(" ms=", 1)[0] for line in lines] == [
        "delivery platform=console target=console:troika-room outcome=sent",
        "delivery platform=console target=direct outcome=failed",
        "delivery platform=slack target=slack:C1 outcome=failed",
    ]
    assert "Troika call" not in caplog.text
    assert "alice" not in caplog.text  # whom a direct message goes to is never logged (anonymous surveys)
    samples = _samples(bot.app.metrics.render().decode())
    assert samples[("focbot_deliveries_total", (("outcome", "sent"), ("platform", "console")))] == 1
    assert samples[("focbot_deliveries_total", (("outcome", "failed"), ("platform", "console")))] == 1
    assert samples[("focbot_deliveries_total", (("outcome", "failed"), ("platform", "slack")))] == 1
    errors = (("kind", "ConnectionError"), ("platform", "console"))
    assert samples[("focbot_platform_errors_total", errors)] == 1
    unroutable = (("kind", "UnroutableError"), ("platform", "slack"))
    assert samples[("focbot_platform_errors_total", unroutable)] == 1
    assert [n.target for n in bot.notifier.sent] == ["console:troika-room"]


async def test_reminders_and_survey_answers_are_counted(bot: Dialogue) -> None:
    from datetime import UTC, datetime

    from tests.support.meetings import TROIKA, deliver

    bot.clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=UTC))
    assert (await bot.say(TROIKA)).ok
    bot.clock.set(datetime(2027, 1, 11, 14, 0, tzinfo=UTC))  # 24 h before the first call
    await deliver(bot.app)
    bot.notifier.fail = True
    bot.clock.set(datetime(2027, 1, 12, 13, 0, tzinfo=UTC))  # 1 h before: the platform is down
    await deliver(bot.app)
    bot.notifier.fail = False
    assert (await bot.say("survey new support-unit")).ok
    assert (await bot.say("survey open 1 to=alice")).ok
    assert (await bot.say('survey answer 1 1=1,2 2="Quick replies"', as_="alice")).ok
    assert (await bot.say("survey answer 1 3=3", as_="alice")).ok
    assert not (await bot.say("survey answer 1 3=99", as_="alice")).ok  # invalid: not counted
    samples = _samples(bot.app.metrics.render().decode())
    assert samples[("focbot_reminders_total", (("outcome", "sent"),))] == 1
    assert samples[("focbot_reminders_total", (("outcome", "failed"),))] == 1
    assert samples[("focbot_survey_answers_total", ())] == 2
