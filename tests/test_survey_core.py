"""The pure survey core: the template, definitions, reading answers, tallies, charts and CSV."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.errors import Refusal
from handlers.surveys.answers import check, check_one, split_answers
from handlers.surveys.charts import bar_chart
from handlers.surveys.definitions import load_template, parse_definition
from handlers.surveys.export import to_csv
from handlers.surveys.kinds import kinds
from handlers.surveys.results import tally
from tests.support.surveys import png_size

TEMPLATE = load_template("support-unit")
assert TEMPLATE is not None
TOPICS_OF_3B3 = {
    "strengths",
    "improvement",
    "support-needed",
    "minutes",
    "calendar-invites",
    "meeting-times",
    "preferred-slots",
    "feedback",
    "satisfaction",
}


def test_template_covers_every_topic_of_activity_3b3() -> None:
    assert TEMPLATE.activity == "3B.3"
    assert {q.topic for q in TEMPLATE.questions} >= TOPICS_OF_3B3
    slots = [q for q in TEMPLATE.questions if q.topic == "preferred-slots"]
    assert slots[0].type == "slots" and slots[0].max_selected == 4
    satisfaction = next(q for q in TEMPLATE.questions if q.topic == "satisfaction")
    assert satisfaction.type == "scale" and satisfaction.labels[1] == "Very dissatisfied"
    assert {q.type for q in TEMPLATE.questions} == set(kinds())
    assert any(not q.required for q in TEMPLATE.questions) and any(q.required for q in TEMPLATE.questions)


def test_yaml_one_point_two_booleans_and_numbering() -> None:
    definition = parse_definition(
        "title: Poll\nquestions:\n  - text: Monthly calls?\n    type: single\n    options: [Yes, No, Off]\n"
        "    required: false\n"
    )
    assert definition.questions[0].options == ("Yes", "No", "Off")
    assert definition.questions[0].number == 1 and definition.questions[0].required is False
    with pytest.raises(Refusal, match="numbered 1, 2, 3"):
        parse_definition("title: Poll\nquestions:\n  - {number: 2, text: Why not, type: text}\n")
    with pytest.raises(Refusal, match=r"activity ids look like 3B\.3"):
        parse_definition("title: Poll\nactivity: 9Z\nquestions:\n  - {text: Why not, type: text}\n")
    with pytest.raises(Refusal, match="may not hold commas"):
        parse_definition("title: Poll\nquestions:\n  - {text: Which, type: multiple, options: ['a, b', c]}\n")
    with pytest.raises(Refusal, match="YAML mapping"):
        parse_definition("- just a list")


def test_split_answers() -> None:
    assert split_answers('1=2 3="too long" 4=1,3') == {1: "2", 3: "too long", 4: "1,3"}
    assert split_answers("5=more often please 6=1") == {5: "more often please", 6: "1"}
    assert split_answers("“2=curly quotes”") == {2: "curly quotes"}
    assert split_answers("1=1 1=2") == {1: "2"}
    assert split_answers('1="open') == {1: '"open'}  # an unbalanced quote is plain text (issue 11)
    assert split_answers("2=the Chair's call") == {2: "the Chair's call"}
    for bad in ("", "hello 1=2"):
        with pytest.raises(Refusal):
            split_answers(bad)


@pytest.mark.parametrize(
    ("number", "raw", "value"),
    [
        (6, "2", 2),
        (6, "full minutes", 1),
        (6, "Summary of", 2),  # a unique beginning of a label
        (1, "1, 4,4", [1, 4]),
        (1, ["Onboarding new Members", "2"], [2, 6]),  # a form's checkboxes: a list of values
        (14, "Very satisfied", 5),
        (14, " 3 ", 3),
        (11, "Tue 06:00-07:00 UTC,8", [1, 8]),
        (2, "  Kind and fast  ", "Kind and fast"),
    ],
)
def test_check_one_reads_numbers_labels_and_lists(number: int, raw: str | list[str], value: object) -> None:
    question = TEMPLATE.question(number)
    assert question is not None
    assert check_one(question, raw) == value


@pytest.mark.parametrize(
    ("number", "raw", "reason"),
    [
        (6, "5", "5 is out of range: choose 1 to 4"),
        (6, "0", "out of range"),
        (6, "Summary", "matches 2 options"),  # ambiguous: two labels start with it
        (6, "1,2", "not an option"),
        (1, "1,2,3,4", "too many choices: 4 given, at most 3"),
        (14, "6", "out of range"),
        (14, "3,4", "not on the scale"),
        (2, "x" * 2001, "longer than 2000"),
        (13, "", "no value"),
    ],
)
def test_check_one_refuses_with_a_reason(number: int, raw: str, reason: str) -> None:
    question = TEMPLATE.question(number)
    assert question is not None
    with pytest.raises(ValueError, match=reason.replace("(", r"\(")):
        check_one(question, raw)


@given(st.text(max_size=60))
def test_reading_any_text_fails_only_cleanly(text: str) -> None:
    try:
        pairs = split_answers(text)
    except Refusal:
        return
    checked = check(TEMPLATE, pairs)
    assert set(checked.values) | set(checked.errors) == set(pairs)
    assert not set(checked.values) & set(checked.errors)


def test_tally_counts_percentages_mean_and_texts() -> None:
    answers = [
        {"6": 1, "14": 5, "1": [1, 2], "2": "b"},
        {"6": 1, "14": 3, "1": [1], "2": "a"},
        {"6": 4, "14": 4},
    ]
    results = tally(TEMPLATE, answers, audience=5, complete=3, anonymous=False, min_group=3)
    by_number = {r.question.number: r for r in results.questions}
    assert dict(by_number[6].counts)["Full minutes"] == 2 and by_number[6].answered == 3
    assert by_number[14].mean == 4.0
    assert by_number[14].as_data()["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1}
    assert by_number[1].as_data()["percent"]["Organising meetings and calls"] == 100.0
    assert by_number[2].texts == ("a", "b")
    assert by_number[3].answered == 0 and by_number[3].as_data()["counts"]["Onboarding new Members"] == 0


def test_chart_is_a_png_per_counted_question() -> None:
    results = tally(TEMPLATE, [{"14": 5}, {"14": 2}], audience=2, complete=2, anonymous=False, min_group=3)
    by_number = {r.question.number: r for r in results.questions}
    png = bar_chart(by_number[14], "Survey")
    assert png is not None
    assert png_size(png) == (800, 405)  # two heading lines: the question, then survey, state and n
    assert bar_chart(by_number[2], "Survey") is None  # free text has no chart


def test_csv_round_trip_keeps_labels_and_unicode() -> None:
    answers = {"6": 2, "2": 'Said "yes", then no', "14": 3}
    content = to_csv(
        TEMPLATE,
        [("matrix:@zoë:example.org", True, answers)],
        countries={"matrix:@zoë:example.org": "Côte d'Ivoire"},
    )
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[1][:2] == ["matrix:@zoë:example.org", "Côte d'Ivoire"]
    assert table[1][3 + 1] == 'Said "yes", then no'
    assert table[1][3 + 5] == "Summary of decisions and action items"
    assert table[1][3 + 13] == "3"  # a scale point is a number; "Neutral" is in the header
    assert table[0][3 + 13].endswith(
        "(1 = Very dissatisfied … 2 = Dissatisfied … 3 = Neutral … 4 = Satisfied … 5 = Very satisfied)"
    )
