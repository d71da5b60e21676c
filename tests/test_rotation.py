"""The fair-rotation optimiser against a brute-force optimum on the members' capital zones."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from schedules.recurrence import rule_dates
from schedules.rotation import (
    DAY_STARTS,
    Participant,
    brute_force,
    evaluate,
    local_slot_times,
    optimise,
    plan_summary,
    sociable,
    start_at,
)

FACTS = Path(__file__).resolve().parent.parent / "storage" / "seed" / "facts.yaml"
CURRENT = [
    Participant(m["name"], m["tz"]) for m in yaml.safe_load(FACTS.read_text())["members"] if not m["left"]
]
HOURLY = tuple(range(0, 24 * 60, 60))


def test_sociable_means_weekday_from_08_00_to_20_00_local() -> None:
    from zoneinfo import ZoneInfo

    zurich = ZoneInfo("Europe/Zurich")
    tuesday = date(2027, 1, 12)
    assert sociable(start_at(tuesday, 7 * 60), timedelta(minutes=60), zurich)  # 08:00-09:00
    assert not sociable(start_at(tuesday, 6 * 60 + 45), timedelta(minutes=60), zurich)  # 07:45
    assert sociable(start_at(tuesday, 18 * 60), timedelta(minutes=60), zurich)  # ends 20:00 exactly
    assert not sociable(start_at(tuesday, 18 * 60 + 15), timedelta(minutes=60), zurich)  # ends 20:15
    assert not sociable(start_at(date(2027, 1, 16), 9 * 60), timedelta(minutes=60), zurich)  # Saturday
    # Monday 22:00 UTC is Tuesday 11:00 in Auckland: a weekday there
    assert sociable(start_at(date(2027, 1, 11), 22 * 60), timedelta(minutes=60), ZoneInfo("Pacific/Auckland"))
    # Friday 22:00 UTC is Saturday in Auckland
    assert not sociable(
        start_at(date(2027, 1, 15), 22 * 60), timedelta(minutes=60), ZoneInfo("Pacific/Auckland")
    )


def _instance(rng: random.Random, max_people: int, max_dates: int) -> tuple[list[Participant], list[date]]:
    people = rng.sample(CURRENT, rng.randint(2, max_people))
    first = date(2027, 1, 1) + timedelta(days=rng.randint(0, 364))
    step = rng.choice([1, 7, 14, 28, 91])
    return people, [first + timedelta(days=step * i) for i in range(rng.randint(1, max_dates))]


@pytest.mark.parametrize("seed", range(12))
def test_one_and_two_slots_equal_brute_force_on_15_minute_starts(seed: int) -> None:
    rng = random.Random(seed)
    people, dates = _instance(rng, 6, 8)
    duration = rng.choice([30, 60, 90, 120])
    for n in (1, 2):
        plan = optimise(people, dates, duration, n)
        assert (plan.max_bad, plan.total_bad) == brute_force(people, dates, duration, n)
        assert plan == evaluate(people, dates, duration, plan.slots)  # what it reports is what it picked


@pytest.mark.parametrize("seed", range(4))
def test_three_and_four_slots_equal_brute_force_on_hourly_starts(seed: int) -> None:
    rng = random.Random(100 + seed)
    people, dates = _instance(rng, 5, 8)
    for n in (3, 4):
        plan = optimise(people, dates, 60, n, starts=HOURLY)
        assert (plan.max_bad, plan.total_bad) == brute_force(people, dates, 60, n, starts=HOURLY)


def test_auckland_to_mexico_city_needs_a_rotation() -> None:
    people = [p for p in CURRENT if p.name in {"New Zealand", "Mexico", "Switzerland"}]
    dates = rule_dates("FREQ=MONTHLY;BYDAY=2TU", date(2027, 1, 1), 12)
    single = optimise(people, dates, 60, 1)
    double = optimise(people, dates, 60, 2)
    assert (single.max_bad, single.total_bad) == brute_force(people, dates, 60, 1)
    assert (double.max_bad, double.total_bad) == brute_force(people, dates, 60, 2)
    assert double.max_bad < single.max_bad
    summary = plan_summary(double, single)
    assert summary["slots"] == double.slot_labels
    assert set(summary["burden"]) == {"New Zealand", "Mexico", "Switzerland"}  # type: ignore[arg-type]
    assert summary["max_burden"] == max(summary["burden"].values())  # type: ignore[attr-defined]
    assert summary["single_slot"]["max_burden"] == single.max_burden  # type: ignore[index]
    assert len(local_slot_times(people[0], dates, double.slots)) == 2


def test_all_41_members_every_slot_count_is_consistent() -> None:
    dates = rule_dates("FREQ=MONTHLY;BYDAY=2TU", date(2027, 1, 1), 12)
    plans = {n: optimise(CURRENT, dates, 60, n) for n in (1, 2, 3, 4)}
    for n, plan in plans.items():
        assert len(plan.slots) == n and len(plan.bad) == 41
        assert all(s in DAY_STARTS for s in plan.slots)
        assert plan == evaluate(CURRENT, dates, 60, plan.slots)
    # more slots can only help when the rotation of n slots contains the one of fewer (2 -> 4)
    assert plans[4].max_bad <= plans[2].max_bad <= plans[1].max_bad
    # with all members on a 15-minute grid: a 1-slot brute force is cheap enough to check too
    assert (plans[1].max_bad, plans[1].total_bad) == brute_force(CURRENT, dates, 60, 1)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="1 to 4"):
        optimise(CURRENT[:2], [date(2027, 1, 5)], 60, 5)
    with pytest.raises(ValueError, match="participants and dates"):
        optimise([], [date(2027, 1, 5)], 60, 1)
