"""`focbot plan`: JSON shape, members from the database, bad input. One run is a real process; the others
run `bot.cli.main` in this process (what the command prints for given arguments)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from schedules.recurrence import rule_dates
from schedules.rotation import Participant, brute_force, propose
from tests.support.databases import SqliteTemplate
from tests.support.processes import focbot_in_process
from tests.test_cli import focbot

pytestmark = pytest.mark.slow  # one test runs focbot plan as a real process

RULE = ("--rrule", "FREQ=MONTHLY;BYDAY=2TU", "--start", "2027-01-01", "--count", "12")


def test_plan_for_zones_prints_the_optimum_and_a_single_time_beside_it(tmp_path: Path) -> None:
    zones = "Pacific/Auckland,America/Mexico_City,Europe/Zurich"
    result = focbot(tmp_path, "plan", "--tz", zones, "--slots", "2", "--duration", "60", *RULE, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) >= {"slots", "burden", "max_burden", "single_slot"}
    assert len(out["slots"]) == 2 and all(len(s) == 5 and s[2] == ":" for s in out["slots"])
    assert set(out["burden"]) == set(zones.split(","))
    assert out["max_burden"] == max(out["burden"].values())
    people = [Participant(z, z) for z in zones.split(",")]
    dates = rule_dates("FREQ=MONTHLY;BYDAY=2TU", date(2027, 1, 1), 12)
    best_max, _ = brute_force(people, dates, 60, 2, distinct=True)
    assert out["max_burden"] == round(best_max / 12, 4)
    assert out["single_slot"]["max_burden"] > out["max_burden"]
    text = focbot_in_process(tmp_path, "plan", "--tz", zones, "--slots", "2", *RULE)
    assert text.returncode == 0 and "Rotation:" in text.stdout and "Pacific/Auckland" in text.stdout


def test_plan_for_all_current_members_from_the_database(
    tmp_path: Path, sqlite_template: SqliteTemplate
) -> None:
    seeded = sqlite_template.copy(tmp_path)
    result = focbot_in_process(
        tmp_path, "plan", "--members", "all", "--slots", "4", *RULE, "--json", database_url=seeded
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert len(out["burden"]) == 41 and "United States" not in out["burden"]  # current members only
    two = json.loads(
        focbot_in_process(
            tmp_path, "plan", "--members", "Estonia,Switzerland", *RULE, "--json", database_url=seeded
        ).stdout
    )
    assert set(two["burden"]) == {"Estonia", "Switzerland"} and two["max_burden"] == 0.0


def test_plan_equals_the_in_process_optimiser(tmp_path: Path) -> None:
    zones = ["Asia/Tokyo", "Europe/London", "America/Bogota", "Australia/Sydney"]
    out = json.loads(
        focbot_in_process(
            tmp_path,
            "plan",
            "--tz",
            ",".join(zones),
            "--slots",
            "3",
            "--duration",
            "90",
            "--rrule",
            "FREQ=WEEKLY;BYDAY=WE",
            "--start",
            "2027-03-01",
            "--count",
            "9",
            "--json",
        ).stdout
    )
    plan = propose(
        [Participant(z, z) for z in zones], rule_dates("FREQ=WEEKLY;BYDAY=WE", date(2027, 3, 1), 9), 90, 3
    ).plan
    assert out["slots"] == plan.slot_labels and out["burden"] == plan.burden


def test_plan_says_when_two_slots_do_no_better_than_one(tmp_path: Path) -> None:
    zones = "Europe/Tallinn,Europe/Helsinki"
    out = json.loads(
        focbot_in_process(tmp_path, "plan", "--tz", zones, "--slots", "2", *RULE, "--json").stdout
    )
    assert len(out["slots"]) == 1 and out["note"] == "2 slots do no better than 1 for these zones"
    text = focbot_in_process(tmp_path, "plan", "--tz", zones, "--slots", "2", *RULE).stdout
    assert text.startswith("2 slots do no better than 1 for these zones.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--tz", "Mars/Olympus", *RULE), "unknown time zone"),
        (
            ("--tz", "UTC", "--rrule", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "--start", "2027-01-01"),
            "never fires",
        ),
        (("--tz", "UTC", "--rrule", "FREQ=WEEKLY", "--start", "2027-02-31"), "day is out of range"),
        (("--tz", "UTC", "--slots", "5", *RULE), "--slots is 1 to 4"),
        (("--members", "Atlantis", *RULE), "not current members: Atlantis"),
        (("--members", "United States", *RULE), "not current members"),
    ],
)
def test_bad_plan_input_is_explained(
    tmp_path: Path, sqlite_template: SqliteTemplate, args: tuple[str, ...], message: str
) -> None:
    result = focbot_in_process(tmp_path, "plan", *args, database_url=sqlite_template.copy(tmp_path))
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
