"""The check-in templates: "quarterly update", from activity 1B.2 of the Program of Action (members hold
quarterly update calls with their staff at relevant embassies and missions to discuss freedom online and
potential concrete actions) and 3B.2 (what comes of them is shared in the Strategy and Coordination
meetings). Questions use the survey question kinds, so answers are read, shown and counted as surveys do."""

from __future__ import annotations

from handlers.surveys.definitions import SurveyDefinition, shipped_definition

QUARTERLY_UPDATE = """
key: quarterly-update
title: Quarterly update
description: >-
  Activity 1B.2 of the Program of Action: your quarterly update with your staff at relevant embassies and
  missions on freedom online and potential concrete actions, shared in the next Strategy and Coordination
  meeting (3B.2).
activity: 1B.2
questions:
  - text: Did you hold a quarterly update call or exchange with your embassies and missions?
    type: single
    options:
      - Yes, a call
      - Yes, in writing
      - Not this quarter
  - text: What was discussed with your embassies and missions on freedom online?
    type: text
  - text: What concrete actions were agreed or taken?
    type: text
  - text: What support do you need?
    type: multiple
    options:
      - None for now
      - From other FOC members
      - From the Support Unit
  - text: Details of the support needed, if any
    type: text
    required: false
  - text: Items for the next Strategy and Coordination meeting
    type: text
    required: false
"""

TEMPLATES = {"quarterly-update": QUARTERLY_UPDATE}


def template_names() -> list[str]:
    return sorted(TEMPLATES)


def load_template(name: str) -> SurveyDefinition | None:
    """A check-in template by name (``quarterly-update``; ``quarterly update`` works too)."""
    text = TEMPLATES.get(name.strip().lower().replace(" ", "-"))
    return shipped_definition(text) if text is not None else None
