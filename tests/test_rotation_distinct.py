"""`meeting plan` proposes no start twice, and says when N slots do no better than fewer (issue 13 #7)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from handlers.core import Table
from schedules.recurrence import rule_dates
from schedules.rotation import Participant, brute_force, evaluate, optimise, propose
from tests.support.dialogue import Dialogue
from tests.test_rotation import CURRENT, HOURLY

NEAR = [Participant("Estonia", "Europe/Tallinn"), Participant("Finland", "Europe/Helsinki")]


def _instance(rng: random.Random) -> tuple[list[Participant], list[date]]:
    people = rng.sample(CURRENT, rng.randint(2, 5))
    first = date(2027, 1, 1) + timedelta(days=rng.randint(0, 364))
    step = rng.choice([1, 7, 14, 28, 91])
    return people, [first + timedelta(days=step * i) for i in range(rng.randint(1, 8))]


@pytest.mark.parametrize("seed", range(10))
def test_distinct_slots_equal_brute_force_over_permutations(seed: int) -> None:
    rng = random.Random(500 + seed)
    people, dates = _instance(rng)
    for n, starts in ((2, None), (3, HOURLY), (4, HOURLY)):
        kwargs = {} if starts is None else {"starts": starts}
        plan = optimise(people, dates, 60, n, distinct=True, **kwargs)
        assert len(set(plan.slots)) == len(plan.slots)
        assert (plan.max_bad, plan.total_bad) == brute_force(people, dates, 60, n, distinct=True, **kwargs)
        assert plan == evaluate(people, dates, 60, plan.slots)


def test_two_slots_for_neighbours_are_one_slot_with_a_note() -> None:
    dates = rule_dates("FREQ=MONTHLY;BYDAY=2TU", date(2027, 1, 1), 12)
    assert len(set(optimise(NEAR, dates, 60, 2).slots)) == 1  # the old answer: one time twice
    proposal = propose(NEAR, dates, 60, 2)
    assert proposal.plan.slots == proposal.single.slots and len(proposal.plan.slots) == 1
    assert proposal.note == "2 slots do no better than 1 for these zones"


@pytest.mark.parametrize("seed", range(6))
def test_proposals_never_repeat_a_start_and_are_no_worse_than_fewer_slots(seed: int) -> None:
    rng = random.Random(900 + seed)
    people, dates = _instance(rng)
    for n in (1, 2, 3):
        proposal = propose(people, dates, 60, n, starts=HOURLY)
        slots = proposal.plan.slots
        assert len(set(slots)) == len(slots) <= n
        for m in range(1, min(n, len(dates)) + 1):
            best = brute_force(people, dates, 60, m, starts=HOURLY, distinct=True)
            assert (proposal.plan.max_bad, proposal.plan.total_bad) <= best
        assert proposal.fewer == (len(slots) < n)


async def test_meeting_plan_says_two_slots_do_no_better_than_one(bot: Dialogue) -> None:
    bot.clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=UTC))
    await bot.say(
        'meeting new "Baltic" rrule="FREQ=MONTHLY;BYDAY=2TU" start=2027-01-01 at=14:00 tz=UTC '
        "participants=Estonia,Finland"
    )
    reply = await bot.say("meeting plan 1 slots=2")
    assert reply.ok, reply.text
    assert reply.text.startswith("2 slots do no better than 1 for these zones. ")
    assert len(reply.data["slots"]) == 1 and reply.data["slots_requested"] == 2
    assert reply.data["slots"] == reply.data["single_slot"]["slots"]
    wide = await bot.say(
        "meeting plan participants=Japan,Mexico,Switzerland rrule=FREQ=MONTHLY;BYDAY=2TU "
        "start=2027-01-01 slots=2"
    )
    assert wide.ok and wide.data["note"] is None
    assert len(set(wide.data["slots"])) == 2


async def test_plan_for_a_fair_series_keeps_its_time_and_an_unfair_one_gets_a_new_one(bot: Dialogue) -> None:
    bot.clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=UTC))
    fair = (
        'meeting new "Europe call" rrule="FREQ=WEEKLY;BYDAY=TU" start=2027-01-12 at=15:00 '
        "tz=Europe/Zurich participants=Estonia,Switzerland"
    )
    unfair = (
        'meeting new "Pacific call" rrule="FREQ=WEEKLY;BYDAY=TU" start=2027-01-12 at=15:00 '
        "tz=Europe/Zurich participants=Estonia,New Zealand"
    )
    assert (await bot.say(fair)).ok and (await bot.say(unfair)).ok
    kept = await bot.say("meeting plan 1 slots=2")
    assert kept.ok and kept.data["keep"] is True, kept.text
    assert "Keep meeting 1's time, 15:00 Europe/Zurich: it is already as fair as any" in kept.text
    assert kept.data["current"]["max_burden"] == 0.0 and kept.data["max_burden"] == 0.0
    (table,) = kept.parts
    assert isinstance(table, Table) and table.columns[2] == "Now (15:00 Europe/Zurich)"
    assert ("Estonia", "Europe/Tallinn", "Tue 16:00", "0/12") in table.rows
    moved = await bot.say("meeting plan 2 slots=2")
    assert moved.ok and moved.data["keep"] is False and "Fairest rotation" in moved.text, moved.text
    assert moved.data["max_burden"] < 1.0  # 15:00 Zurich is 03:00 in Wellington: every call unsociable
