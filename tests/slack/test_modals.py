"""Reading a modal submission: every element kind the forms use gives its value by block id."""

from __future__ import annotations

from bot.adapters.slack.modals import choice_input, errors, submitted_values


def test_submitted_values_by_element_kind() -> None:
    view = {
        "state": {
            "values": {
                "title": {"value": {"type": "plain_text_input", "value": "  Troika call "}},
                "empty": {"value": {"type": "plain_text_input", "value": "  "}},
                "kind": {"value": {"type": "radio_buttons", "selected_option": {"value": "troika"}}},
                "none": {"value": {"type": "static_select", "selected_option": None}},
                "many": {
                    "value": {"type": "checkboxes", "selected_options": [{"value": "1"}, {"value": "3"}]}
                },
                "start": {"value": {"type": "datepicker", "selected_date": "2027-01-12"}},
                "at": {"value": {"type": "timepicker", "selected_time": "15:00"}},
                "people": {"value": {"type": "multi_users_select", "selected_users": ["U1", "U2"]}},
                "place": {"value": {"type": "multi_conversations_select", "selected_conversations": ["C1"]}},
            }
        }
    }

    assert submitted_values(view) == {
        "title": "Troika call",
        "empty": None,
        "kind": "troika",
        "none": None,
        "many": ["1", "3"],
        "start": "2027-01-12",
        "at": "15:00",
        "people": ["U1", "U2"],
        "place": ["C1"],
    }


def test_choice_inputs_pick_the_element_that_fits_the_options() -> None:
    few = [(f"Option {n}", str(n)) for n in range(1, 6)]
    many = [(f"Option {n}", str(n)) for n in range(1, 16)]

    assert choice_input(few)["type"] == "radio_buttons"
    assert choice_input(many)["type"] == "static_select"
    assert choice_input(few, multiple=True, initial=["2"])["type"] == "checkboxes"
    capped = choice_input(many, multiple=True, max_selected=3)
    assert (capped["type"], capped["max_selected_items"]) == ("multi_static_select", 3)
    assert choice_input(few, initial=["4"])["initial_option"]["value"] == "4"


def test_errors_are_the_ack_of_an_invalid_form() -> None:
    assert errors({"q2": "choose one of 1-3"}) == {
        "response_action": "errors",
        "errors": {"q2": "choose one of 1-3"},
    }
