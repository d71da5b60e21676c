"""`checkin answer <id> <n>=<value> ...`: the text form every platform has. Answers are read by the survey
question kinds, merged with earlier ones (changeable until the round closes) and refused, nothing
stored, once the round has closed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from handlers.args import Args
from handlers.checkins.lookup import checkin_arg
from handlers.checkins.messages import definition_of, local, question_lines, round_label, shown_answers
from handlers.context import Context, Services
from handlers.core import Reply
from handlers.errors import Refusal
from handlers.focal import focal_points_of
from handlers.questions import echo
from handlers.surveys.answers import RawValue, check, form_answers, split_answers
from handlers.surveys.service import invalid_answers
from storage.repositories.checkins import CheckinView, ParticipantView, RoundView

FOLLOWS_FOCAL_POINTS = ("members", "countries")
"""Audiences asked through the countries' focal points: a row answers for its country, by whoever is the
country's focal point now (a removed one no longer can; the new one takes the row over)."""
_COUNTRY = re.compile(r"(?:^|\s)country=(\"[^\"]*\"|'[^']*'|\S+)", re.IGNORECASE)


def country_option(line: str) -> tuple[str | None, str]:
    """``country=Japan`` (or ``country="United States"``) taken out of an answer line: (country, rest)."""
    match = _COUNTRY.search(line)
    if match is None:
        return None, line
    return match.group(1).strip("\"'"), (line[: match.start()] + " " + line[match.end() :]).strip()


async def my_round(
    ctx: Context, checkin: CheckinView, country: str | None = None
) -> tuple[RoundView, ParticipantView]:
    """The latest round of ``checkin`` the actor is asked in; a `Refusal` when there is none."""
    return await round_of(ctx.services, ctx.actor_key, checkin, country)


@dataclass(frozen=True)
class FormRound:
    """What a form of a check-in's open round shows: the round, the row being answered, and the
    countries its focal point may choose between (``country`` the one chosen; empty for one)."""

    checkin: CheckinView
    round: RoundView
    row: ParticipantView
    countries: list[str]
    country: str | None


async def open_round_for(
    services: Services, user_key: str, checkin_id: int, country: str | None = None
) -> FormRound:
    """The check-in, its round ``user_key`` is asked in and their row (for ``country``, else the first of
    the countries they answer for), to answer in a form; a `Refusal` when there is no such check-in, they
    are not asked, or the round is closed."""
    checkin = await services.checkins.get(checkin_id)
    if checkin is None:
        raise Refusal.error(f"There is no check-in {checkin_id}.", "checkin")
    countries = await countries_of(services, user_key, checkin)
    if len(countries) > 1 and country not in countries:
        country = countries[0]
    chosen = country if len(countries) > 1 else None
    rnd, row = await round_of(services, user_key, checkin, chosen)
    if not rnd.is_open:
        raise Refusal.error(
            f"Round {rnd.number} of check-in {checkin_id} is closed: answers are no longer taken.", "round"
        )
    return FormRound(checkin, rnd, row, countries, chosen)


async def round_of(
    services: Services, user_key: str, checkin: CheckinView, country: str | None = None
) -> tuple[RoundView, ParticipantView]:
    """The latest round of ``checkin`` that ``user_key`` is asked in, and their row in it (for
    ``country`` when they answer for several); a `Refusal` when there is none. For an audience of
    focal points the row is the country's: its focal point now answers it, taking it over from a removed
    one while the round is open."""
    if checkin.audience_kind in FOLLOWS_FOCAL_POINTS:
        return await _focal_round(services, user_key, checkin, country)
    mine = [(r, p) for r, p in await services.checkins.rounds_of(user_key) if r.checkin_id == checkin.id]
    if not mine:
        raise Refusal.error(f"you are not asked in check-in {checkin.id}; nothing was stored", "checkin")
    return mine[0]


async def countries_of(services: Services, user_key: str, checkin: CheckinView) -> list[str]:
    """The countries ``user_key`` answers the latest round of ``checkin`` for (as its focal point), sorted;
    empty for a check-in that does not ask focal points. A form offers the choice when there are two or
    more, and passes the one chosen to `round_of` / `save_answers` as ``country``."""
    if checkin.audience_kind not in FOLLOWS_FOCAL_POINTS:
        return []
    _rnd, rows = await _focal_rows(services, user_key, checkin)
    return sorted({r.member for r in rows if r.member})


async def _focal_rows(
    services: Services, user_key: str, checkin: CheckinView
) -> tuple[RoundView | None, list[ParticipantView]]:
    """The latest round and the rows ``user_key`` answers in it: their countries' while it is open, the
    rows they had when it closed."""
    rnd = await services.checkins.latest_round(checkin.id)
    represented = {p.point.member for p in await focal_points_of(services) if p.point.user_key == user_key}
    rows = [] if rnd is None else await services.checkins.participants(rnd.id)
    if rnd is not None and not rnd.is_open:  # a closed round: the rows as they were
        rows = [r for r in rows if r.user_key == user_key]
    else:
        rows = [r for r in rows if r.member in represented]
    return rnd, rows


async def _focal_round(
    services: Services, user_key: str, checkin: CheckinView, country: str | None
) -> tuple[RoundView, ParticipantView]:
    rnd, rows = await _focal_rows(services, user_key, checkin)
    if country is not None:
        rows = [r for r in rows if (r.member or "").lower() == country.strip().lower()]
    if rnd is None or not rows:
        raise Refusal.error(
            f"you are not asked in check-in {checkin.id}"
            + (f" for {echo(country)}" if country else "")
            + " (it asks the focal points of its countries); nothing was stored",
            "checkin",
        )
    if len(rows) > 1:
        names = ", ".join(sorted(r.member or "" for r in rows))
        raise Refusal.usage(
            f"you answer check-in {checkin.id} for {names}: say which with `country=`; nothing was stored",
            "country",
        )
    row = rows[0]
    if row.user_key != user_key and await services.checkins.hand_over(row.id, user_key):
        row = replace(row, user_key=user_key)
    return rnd, row


@dataclass(frozen=True)
class Owed:
    """An open round someone is asked in and has not answered: what `checkin answer <id>` takes."""

    checkin: CheckinView
    round: RoundView
    row: ParticipantView

    @property
    def label(self) -> str:
        return round_label(self.checkin, self.round)

    @property
    def deadline(self) -> str:
        """The round's deadline in the person's zone (as their DM says it)."""
        return local(self.round.deadline_at, self.row.timezone)


async def owed_rounds(services: Services, user_key: str) -> list[Owed]:
    """The open rounds ``user_key`` has a row in and has not answered yet, soonest deadline first."""
    owed = []
    for rnd, row in await services.checkins.rounds_of(user_key):
        if rnd.is_open and row.answered_at is None:
            checkin = await services.checkins.get(rnd.checkin_id)
            if checkin is not None:
                owed.append(Owed(checkin, rnd, row))
    return sorted(owed, key=lambda o: (o.round.deadline_at, o.checkin.id))


@dataclass(frozen=True)
class Saved:
    """Answers saved for a round: which required questions are still missing, and all answers as shown."""

    checkin: CheckinView
    round: RoundView
    missing: list[int]
    answers: dict[str, str]


async def save_answers(
    services: Services,
    user_key: str,
    checkin: CheckinView,
    raw: Mapping[int, RawValue],
    now: datetime,
    country: str | None = None,
) -> Saved:
    """Check ``raw`` (question number -> typed value or chosen option values, as a form sends them) against
    the check-in's questions and merge it into ``user_key``'s answers of the open round; a `Refusal`
    (nothing stored) for an answer that does not fit, a closed round, or someone not asked. Every
    platform's way of answering (the typed command, a form) comes through here."""
    rnd, row = await round_of(services, user_key, checkin, country)
    if not rnd.is_open:
        raise _closed(checkin, rnd)
    definition = definition_of(checkin)
    checked = check(definition, raw)
    if not checked.ok:
        raise invalid_answers(checked.errors, {"checkin": checkin.id})
    answers = dict(row.answers or {}) | {str(n): v for n, v in checked.values.items()}
    if not await services.checkins.save_answers(row.id, answers, now):
        closed = await services.checkins.round(rnd.id)
        raise _closed(checkin, closed or rnd)
    missing = [q.number for q in definition.questions if q.required and str(q.number) not in answers]
    return Saved(checkin, rnd, missing, shown_answers(definition, answers))


def _closed(checkin: CheckinView, rnd: RoundView) -> Refusal:
    closed = f"{rnd.closed_at:%Y-%m-%d %H:%M} UTC" if rnd.closed_at else "already"
    return Refusal.error(
        f"round {rnd.number} of check-in {checkin.id} closed {closed}: answers are no longer taken; "
        "nothing was stored",
        "answers",
        data={"checkin": checkin.id, "round": rnd.number, "saved": False},
    )


async def answer_command(ctx: Context, args: Args) -> Reply:
    checkin = await checkin_arg(ctx, args.word(0))
    country, line = country_option(args.shift(1).rest.strip())
    typed = form_answers(args.values)  # a form's answers, as submitted (its country a typed value too)
    if typed:
        country, line = args.options.get("country") or country, ""
    rnd, row = await my_round(ctx, checkin, country)
    definition = definition_of(checkin)
    if not rnd.is_open and (line or typed):
        raise _closed(checkin, rnd)
    if not line and not typed:
        given = shown_answers(definition, row.answers)
        lines = [f"*{round_label(checkin, rnd)}*" + ("" if rnd.is_open else " (closed)")]
        lines += question_lines(definition)
        lines += [f"Your answer to {n}: {v}" for n, v in given.items()]
        lines.append(f"Closes {local(rnd.deadline_at, row.timezone)}." if rnd.is_open else "")
        return Reply(
            "\n".join(x for x in lines if x),
            private=True,
            data={"checkin": checkin.id, "round": rnd.number, "answers": given, "open": rnd.is_open},
        )
    pairs: dict[int, RawValue] = dict(typed)
    try:
        pairs = pairs or dict(split_answers(line))
    except Refusal as exc:
        raise Refusal.usage(
            exc.text, "answers", hint=f'Example: `checkin answer {checkin.id} 1=1 2="..."`'
        ) from None
    saved = await save_answers(ctx.services, ctx.actor_key, checkin, pairs, ctx.now(), country)
    tail = (
        f" Still to answer: {', '.join(map(str, saved.missing))}."
        if saved.missing
        else " All required questions answered."
    )
    return Reply(
        f"Saved your answer{'s' if len(pairs) > 1 else ''} to {', '.join(map(str, sorted(pairs)))} for "
        f"{round_label(checkin, saved.round)}.{tail} You can change them until the round closes.",
        private=True,
        data={
            "checkin": checkin.id,
            "round": saved.round.number,
            "saved": True,
            "missing": saved.missing,
            "answers": saved.answers,
        },
    )
