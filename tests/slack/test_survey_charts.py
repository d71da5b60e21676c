"""`survey results` in a Slack channel through signed slash commands: the summary and ONE image of every
chart (one upload, one notification); `survey chart <id> <n>` uploads one question's chart."""

from __future__ import annotations

from tests.slack.conftest import SlackHarness

SURVEY = (
    "{title: Tools, questions: [{text: Which tool, type: single, options: [Slack, Matrix]}, "
    "{text: How often, type: single, options: [Daily, Weekly]}, {text: Why, type: text}]}"
)


async def test_results_upload_one_image_and_chart_one_question(slack: SlackHarness) -> None:
    admin = "UADMIN"
    await slack.command(f"survey import {SURVEY}", user=admin)
    await slack.command("survey open 1 to=slack:U1", user=admin)
    await slack.command('survey answer 1 1=1 2=2 3="quick"')
    await slack.command("survey close 1", user=admin)
    slack.fake.calls.clear()

    await slack.command("survey results 1", user=admin)
    (upload,) = slack.fake.of("files.completeUploadExternal")
    (image,) = upload.args["files"]
    assert image["title"] == "Survey 1, charts (closed, 1 complete responses)"
    assert any("survey chart 1 &lt;question&gt;" in str(r) for r in slack.responses()), slack.responses()

    slack.fake.calls.clear()
    await slack.command("survey chart 1 2", user=admin)
    (upload,) = slack.fake.of("files.completeUploadExternal")
    (image,) = upload.args["files"]
    assert image["title"] == "Survey 1, question 2 (closed, n = 1)"
