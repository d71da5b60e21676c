"""What participants and the digest's readers see: the round's DM, its reminder, the digest by country."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.core import Reply, SurveyPrompt
from handlers.surveys.answers import show_value
from handlers.surveys.definitions import SurveyDefinition
from storage.repositories.checkins import CheckinView, ParticipantView, RoundView

NO_COUNTRY = "No member country"


def definition_of(checkin: CheckinView) -> SurveyDefinition:
    return SurveyDefinition.from_json(checkin.definition)


def round_label(checkin: CheckinView, rnd: RoundView) -> str:
    return f"Check-in {checkin.id} ({checkin.title}), round {rnd.number} of {rnd.round_date.isoformat()}"


def question_lines(definition: SurveyDefinition) -> list[str]:
    lines = []
    for q in definition.questions:
        optional = "" if q.required else " (optional)"
        lines.append(f"{q.number}. {q.text}{optional} ({q.kind.describe(q)})")
        lines.extend(f"   {line}" for line in q.kind.option_lines(q))
    return lines


def answer_example(checkin_id: int, definition: SurveyDefinition) -> str:
    """The `checkin answer` line for these questions: option number 1 where there are options, else text."""
    parts = [f"{q.number}=1" if q.kind.option_lines(q) else f'{q.number}="..."' for q in definition.questions]
    return " ".join([f"checkin answer {checkin_id}", *parts])


def local(moment: datetime, zone: str) -> str:
    return f"{moment.astimezone(ZoneInfo(zone)):%a %d %b %Y %H:%M} ({zone})"


def invitation(
    checkin: CheckinView, rnd: RoundView, row: ParticipantView, *, reminder: bool = False
) -> Reply:
    """The DM of a round (or its reminder): the check-in and round, the questions, how to answer."""
    definition = definition_of(checkin)
    head = "⏰ Reminder: not answered yet. " if reminder else ""
    who = f" for {row.member}" if row.member else ""
    text = "\n".join(
        [
            f"{head}📝 *{round_label(checkin, rnd)}*{who}",
            f"Please answer by {local(rnd.deadline_at, row.timezone)}.",
            *question_lines(definition),
            f"Answer: `{answer_example(checkin.id, definition)}` (question number = value); "
            "you can change your answers until the round closes.",
        ]
    )
    data = {
        "kind": "checkin_reminder" if reminder else "checkin",
        "checkin": checkin.id,
        "round": rnd.number,
        "deadline": rnd.deadline_at.isoformat(),
    }
    prompt = SurveyPrompt(checkin.id, checkin.title, "reminder" if reminder else "invitation", kind="checkin")
    return Reply(text, parts=(prompt,), mentions=(row.user_key,), data=data)


@dataclass(frozen=True)
class CountryDigest:
    country: str
    answered: tuple[ParticipantView, ...]
    silent: tuple[ParticipantView, ...]

    @property
    def has_answered(self) -> bool:
        return bool(self.answered)


def by_country(rows: Sequence[ParticipantView], countries: Sequence[str] = ()) -> list[CountryDigest]:
    """Participants grouped by member country (``countries`` named with no one in them are listed too)."""
    groups: dict[str, list[ParticipantView]] = {c: [] for c in countries}
    for row in rows:
        groups.setdefault(row.member or NO_COUNTRY, []).append(row)
    return [
        CountryDigest(
            name,
            tuple(r for r in members if r.answered_at is not None),
            tuple(r for r in members if r.answered_at is None),
        )
        for name, members in sorted(groups.items(), key=lambda kv: (kv[0] == NO_COUNTRY, kv[0]))
    ]


def shown_answers(definition: SurveyDefinition, answers: dict[str, Any] | None) -> dict[str, str]:
    shown = {}
    for q in definition.questions:
        value = (answers or {}).get(str(q.number))
        if value is not None:
            shown[str(q.number)] = show_value(q, value)
    return shown


def digest(
    checkin: CheckinView, rnd: RoundView, rows: Sequence[ParticipantView], countries: Sequence[str] = ()
) -> Reply:
    """The round's answers grouped by member country, then the countries (and people) not answered."""
    definition = definition_of(checkin)
    groups = by_country(rows, countries)
    answered = [g for g in groups if g.has_answered]
    state = "closed" if rnd.closed_at else "open until " + f"{rnd.deadline_at:%Y-%m-%d %H:%M} UTC"
    lines = [
        f"📋 *{round_label(checkin, rnd)}* ({state}): {len(answered)} of {len(groups)} "
        f"countr{'y' if len(groups) == 1 else 'ies'} answered."
    ]
    data_countries: dict[str, dict[str, Any]] = {}
    for group in groups:
        shown = [(r.user_key, shown_answers(definition, r.answers)) for r in group.answered]
        responses = [{"user": user, "answers": answers} for user, answers in shown]
        merged: dict[str, str] = {}
        for _, answers in shown:
            for number, value in answers.items():
                merged[number] = f"{merged[number]} / {value}" if number in merged else value
        data_countries[group.country] = {
            "country": group.country,
            "answered": group.has_answered,
            "answers": merged,
            "responses": responses,
            "not_answered": [r.user_key for r in group.silent],
        }
        if not group.has_answered:
            continue
        lines.append("")
        lines.append(f"*{group.country}* ({', '.join(r.user_key for r in group.answered)})")
        for q in definition.questions:
            if str(q.number) in merged:
                lines.append(f"{q.number}. {q.text}: {merged[str(q.number)]}")
    silent = [g for g in groups if not g.has_answered]
    if silent:
        lines.append("")
        names = [
            f"{g.country} ({', '.join(r.user_key for r in g.silent)})"
            if g.silent
            else f"{g.country} (no focal point)"
            for g in silent
        ]
        lines.append("*Not answered:* " + "; ".join(names))
    data = {
        "checkin": checkin.id,
        "round": rnd.number,
        "round_date": rnd.round_date.isoformat(),
        "closed": rnd.closed_at is not None,
        "countries": data_countries,
        "answered": [g.country for g in answered],
        "not_answered": [g.country for g in silent],
    }
    return Reply("\n".join(lines), data=data)
