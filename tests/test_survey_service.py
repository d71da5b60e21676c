"""The service the Slack modal and the Matrix DM dialogue call: form values in, per-question errors out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.errors import Refusal
from storage.repositories.write_batch import WriteBatcher
from tests.support.dialogue import Dialogue
from tests.support.surveys import open_survey, responses

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


async def test_form_values_errors_and_progress(bot: Dialogue) -> None:
    bot.clock.set(NOW)
    survey_id = await open_survey(bot, "to=slack:U1,alice")
    service = bot.app.services.surveys
    assert [s.id for s in await service.open_surveys_for("slack:U1")] == [survey_id]
    assert await service.open_surveys_for("slack:U2") == []
    definition = await service.questions(survey_id)
    assert definition is not None and definition.questions[10].type == "slots"

    with pytest.raises(Refusal) as bad:
        await service.submit(survey_id, "slack:U1", {1: ["1", "2", "3", "4"], 6: "2", 14: "7"}, NOW)
    assert bad.value.field == "answers" and set(bad.value.data["errors"]) == {"1", "14"}
    assert await responses(bot, survey_id) == []

    saved = await service.submit(survey_id, "slack:U1", {1: ["1", "Onboarding new Members"], 6: "2"}, NOW)
    assert saved.answers == {1: [1, 6], 6: 2}
    assert saved.next_question == 3 and not saved.complete
    progress = await service.progress(survey_id, "slack:U1", NOW)
    assert progress == saved
    with pytest.raises(Refusal) as outsider:
        await service.submit(survey_id, "slack:U2", {6: "1"}, NOW)
    assert outsider.value.field == "survey" and "not in the audience" in outsider.value.text
    with pytest.raises(Refusal) as unknown:
        await service.submit(999, "slack:U1", {6: "1"}, NOW)
    assert unknown.value.field == "survey" and "no survey 999" in unknown.value.text
    assert [r["respondent_key"] for r in await responses(bot, survey_id)] == ["slack:U1"]


async def test_a_failed_batch_fails_every_caller() -> None:
    import asyncio

    async def broken(items: object) -> list[object]:
        raise ConnectionError("disk gone")

    batcher: WriteBatcher[int, int] = WriteBatcher(broken)
    results = await asyncio.gather(*(batcher.submit(i) for i in range(5)), return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in results)

    async def doubles(items: list[int]) -> list[int | BaseException]:
        return [ValueError("odd") if i % 2 else i * 2 for i in items]

    calls: list[int] = []

    async def counted(items: list[int]) -> list[int | BaseException]:
        calls.append(len(items))
        return await doubles(items)

    batcher2: WriteBatcher[int, int] = WriteBatcher(counted)
    results = await asyncio.gather(*(batcher2.submit(i) for i in range(6)), return_exceptions=True)
    assert results[0::2] == [0, 4, 8] and all(isinstance(r, ValueError) for r in results[1::2])
    assert calls == [6]  # one batch for writes that arrived together


@pytest.mark.parametrize("anonymous", [False, True])
async def test_partial_progress_survives_a_restart(database_url: str, anonymous: bool) -> None:
    from tests.support.clock import FakeClock
    from tests.support.dialogue import open_dialogue

    clock = FakeClock(NOW)
    flag = " anonymous" if anonymous else ""
    async with open_dialogue(database_url, clock) as bot:
        survey_id = await open_survey(bot, f"to=alice{flag}")
        await bot.say(f"survey answer {survey_id} 6=2 14=5", as_="alice")
    async with open_dialogue(database_url, clock) as bot:
        reply = await bot.say(f"survey answer {survey_id}", as_="alice")
        assert reply.data["answers"] == {"6": 2, "14": 5} and 1 in reply.data["missing_required"]
