"""Each survey question kind on its own: its definition checked, answers read (good and bad), counted,
shown and offered to forms; the registry finds every kind by its YAML type."""

from __future__ import annotations

import json
from typing import Any

import pytest

from handlers.errors import Refusal
from handlers.surveys.definitions import Question, parse_definition
from handlers.surveys.kinds import kind_named, kinds

LABELS = {1: "Poor", 5: "Excellent"}
QUESTIONS: dict[str, dict[str, Any]] = {
    "single": {"options": ["Yes", "No", "Maybe"]},
    "multiple": {"options": ["Email", "Matrix", "Phone"], "max": 2},
    "slots": {"options": ["Tue 06:00-07:00 UTC", "Weekdays 14:00-15:00 UTC", "16:00-17:00 UTC"]},
    "scale": {"labels": LABELS},
    "text": {},
}
# kind: (raw answer, stored value), (bad answer, reason), answers to count, counts or texts expected
CASES: dict[str, tuple[tuple[Any, Any], tuple[str, str], list[Any], Any]] = {
    "single": (("may", 3), ("4", "4 is out of range: choose 1 to 3"), [1, 3, 1], (2, 0, 1)),
    "multiple": (
        (["Phone", "1"], [1, 3]),
        ("1,2,3", "too many choices: 3 given, at most 2"),
        [[1, 3], [3]],
        (1, 0, 2),
    ),
    "slots": (("3, Tue 06:00-07:00 UTC", [1, 3]), ("Mon", "not an option"), [[2], [2, 3]], (0, 2, 1)),
    "scale": (("excellent", 5), ("3,4", "not on the scale"), [5, 1, 5], (1, 0, 0, 0, 2)),
    "text": (("  Fine  ", "Fine"), ("   ", "the answer is empty"), ["b", "a"], ("a", "b")),
}


def parse_definition_of(fields: dict[str, Any]) -> Question:
    """The one question of a survey definition given as YAML (JSON is YAML too)."""
    return parse_definition(json.dumps({"title": "Kinds", "questions": [fields]})).questions[0]


def question(kind: str, **extra: Any) -> Question:
    return parse_definition_of({"text": "What do you think?", "type": kind, **QUESTIONS[kind], **extra})


def test_the_registry_holds_every_kind_by_its_yaml_type() -> None:
    assert sorted(kinds()) == sorted(CASES)
    assert all(kind_named(name) is kinds()[name] and kinds()[name].name == name for name in CASES)
    assert kind_named("essay") is None
    with pytest.raises(Refusal, match="type: Input should be 'multiple', 'scale'"):
        parse_definition_of({"text": "Write", "type": "essay"})


@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_kind_parses_good_and_bad_answers_and_tallies(kind: str) -> None:
    q = question(kind)
    (raw, value), (bad, reason), given, expected = CASES[kind]
    assert q.kind is kinds()[kind]
    assert q.kind.parse(q, raw) == value
    with pytest.raises(ValueError, match=reason):
        q.kind.parse(q, bad)
    counted = q.kind.tally(q, given)
    assert (counted.texts if kind == "text" else tuple(n for _, n in counted.counts)) == expected
    assert q.kind.show_value(q, value)  # a stored value reads as labels or text
    assert q.kind.describe(q) and q.kind.how_to_reply(q).startswith("Reply with")


@pytest.mark.parametrize(
    ("kind", "fields", "reason"),
    [
        ("single", {"options": ["Only"]}, "at least two options"),
        ("multiple", {"options": ["a, b", "c"]}, "may not hold commas"),
        ("multiple", {"max": 4}, "max=4 is more than the 3 options"),
        ("slots", {"options": ["soon", "later"]}, "slots look like"),
        ("scale", {"labels": {7: "Too high"}}, "labels for points outside 1-5"),
        ("scale", {"options": ["a", "b"]}, "a scale question has no options"),
        ("text", {"max": 2}, "max applies only to multiple and slots questions, not text"),
        ("single", {"labels": {1: "Low"}}, "labels apply only to scale questions"),
    ],
)
def test_each_kind_validates_its_definition(kind: str, fields: dict[str, Any], reason: str) -> None:
    with pytest.raises(Refusal, match=reason):
        parse_definition_of({"text": "What do you think?", "type": kind, **QUESTIONS[kind], **fields})


def test_input_hints_tell_forms_which_widget() -> None:
    hints = {name: question(name).kind.input_hint(question(name)) for name in CASES}
    assert {name: h.widget for name, h in hints.items()} == {
        "single": "radio",
        "multiple": "checkboxes",
        "slots": "checkboxes",
        "scale": "radio",
        "text": "text",
    }
    assert hints["multiple"].max_selected == 2 and hints["multiple"].note == "Choose up to 2."
    assert hints["slots"].max_selected is None  # all three may be chosen: no limit to show
    assert [o.label for o in hints["scale"].options] == ["1 (Poor)", "2", "3", "4", "5 (Excellent)"]
    assert hints["text"].max_length == 2000 and hints["text"].options == ()
    many = question("single", options=[f"Option {chr(65 + i)}" for i in range(12)])
    assert many.kind.input_hint(many).widget == "select"
