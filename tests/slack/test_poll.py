"""`poll` on Slack, through signed requests: the core's command, refused by the core to a non-admin, and to
an admin with the reason (Slack has no native polls); nothing is posted."""

from __future__ import annotations

from tests.slack.conftest import ADMIN, SlackHarness


async def test_poll_is_refused_by_the_core_on_a_platform_without_native_polls(slack: SlackHarness) -> None:
    await slack.command("poll 1 1", user="U1")
    await slack.command("poll 1 1", user=ADMIN)
    await slack.command("help poll", user="U1")

    denied, refused, shown = slack.responses()
    assert denied["response_type"] == "ephemeral" and "Only admins may run `poll 1 1`" in denied["text"]
    assert refused["response_type"] == "ephemeral"
    assert "native polls" in refused["text"] and "Slack" in refused["text"]
    assert "poll &lt;survey&gt; &lt;question&gt;` (admins)" in shown["text"]  # Slack escapes &lt; &gt;
    assert not slack.fake.of("chat.postMessage")
