"""The check-in use cases every platform and the delivery share: define, open, close, reopen, pause and
resume a check-in, start a scheduled round, answer, and the digest.

    service = CheckinService(services)   # it holds nothing but the services: make one where needed
    opened = await service.open_now(checkin, actor_key, now)   # a round now (or the waiting DMs now)
    found = await service.form_round(user_key, checkin_id)     # what an answer form shows
    reply = await service.digest(checkin, rnd)                 # the digest, grouped by country

A change to a check-in tells the due-work engine (`changed`): its rows of every check-in kind
(`handlers.checkins.delivery`) are made again, only that check-in's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from handlers.checkins import answering
from handlers.checkins.define import NewCheckin
from handlers.checkins.kinds import KINDS, scope_of
from handlers.checkins.messages import digest
from handlers.checkins.rounds import close_round, next_round, open_round
from handlers.context import Services
from handlers.core import Reply
from handlers.errors import Refusal
from schedules.checkins import deadline_at, round_starts_at
from storage.repositories.checkins import CheckinRepository, CheckinView, RoundView


@dataclass(frozen=True)
class Opened:
    """`open_now`: the round, how many were sent to now, whether it was a waiting round brought forward,
    and the scheduled round it stands for (its date and the next one) if any."""

    round: RoundView
    people: int
    brought_forward: bool = False
    skipped: tuple[date, date | None] | None = None


class CheckinService:
    def __init__(self, services: Services) -> None:
        self.services = services

    @property
    def repo(self) -> CheckinRepository:
        return self.services.checkins

    async def changed(self, checkin_id: int) -> None:
        """A check-in changed: its rows of every check-in kind again, then what is due is sent."""
        await self.services.due.changed(list(KINDS), scope_of(checkin_id))

    # defining and scheduling ----------------------------------------------------------------

    async def create(self, new: NewCheckin, by: str, now: datetime) -> CheckinView:
        checkin = await self.repo.create(
            title=new.title,
            template=new.template,
            definition=new.definition.to_json(),
            audience_kind=new.audience.kind,
            audience=list(new.audience.values),
            rule=new.rule,
            first_date=new.first,
            wall_time=new.wall_time.strftime("%H:%M"),
            deadline_days=new.deadline_days,
            reminder_minutes=list(new.reminder_minutes),
            digest_place=new.digest_place,
            before_series=new.before_series,
            status="active",
            next_round_on=new.first_round,
            next_round_at=round_starts_at(new.first_round, new.wall_time),
            created_by=by,
            created_at=now,
        )
        await self.changed(checkin.id)
        return checkin

    async def pause(self, checkin: CheckinView) -> None:
        await self.repo.set_schedule(checkin.id, "paused", None, None)
        await self.changed(checkin.id)

    async def resume(self, checkin: CheckinView, now: datetime) -> date | None:
        """The schedule again from tomorrow: the next round's date (None: the rule has no more)."""
        day, at = next_round(checkin, now.date() + timedelta(days=1))
        await self.repo.set_schedule(checkin.id, "active", day, at)
        await self.changed(checkin.id)
        return day

    async def start_scheduled(self, checkin: CheckinView, day: date, now: datetime) -> None:
        """The scheduled round of ``day`` (the `checkin_round` kind, when its period begins): it ends the
        round before it, is created once (its unique date), and the schedule moves on (compare-and-set)."""
        for rnd in await self.repo.open_rounds(checkin.id):
            if rnd.round_date < day:
                await close_round(self.services, checkin, rnd, now, "next round")
        await open_round(self.services, checkin, day, now, opened_by=None)
        following, at = next_round(checkin, day + timedelta(days=1))
        await self.repo.move_next(checkin.id, day, following, at)

    # rounds ---------------------------------------------------------------------------------

    async def open_now(self, checkin: CheckinView, by: str, now: datetime) -> Opened:
        """`checkin open`: a round waiting for each one's local time goes to the rest now; else a new round
        of today, sent to everyone now (standing for the scheduled one when that is less than half a
        period away). A `Refusal` when a round is open or today had one."""
        latest = await self.repo.latest_round(checkin.id)
        if latest is not None and latest.is_open and (early := await self.repo.bring_forward(latest.id, now)):
            await self.changed(checkin.id)
            return Opened(latest, early, brought_forward=True)
        if latest is not None and latest.is_open:
            raise Refusal.error(
                f"round {latest.number} of check-in {checkin.id} is open; `checkin close {checkin.id}` first",
                "checkin",
            )
        rnd = await open_round(self.services, checkin, now.date(), now, opened_by=by)
        if rnd is None:
            raise Refusal.error(
                f"check-in {checkin.id} already had a round on {now.date().isoformat()}; one round a day",
                "checkin",
            )
        people = len(await self.repo.participants(rnd.id))
        skipped = await self._instead_of_scheduled(checkin, now)
        await self.changed(checkin.id)
        return Opened(rnd, people, skipped=skipped)

    async def _instead_of_scheduled(
        self, checkin: CheckinView, now: datetime
    ) -> tuple[date, date | None] | None:
        """A round opened by hand today stands for the next scheduled one when today is less than half a
        period before it (the period: from that date to the rule's next): the schedule moves on to that
        later date, so `checkin new` then `checkin open` does not ask everyone again tomorrow. Returns
        (skipped, next)."""
        scheduled, today = checkin.next_round_on, now.date()
        if checkin.status != "active" or scheduled is None or scheduled < today:
            return None
        following, at = next_round(checkin, scheduled + timedelta(days=1))
        if following is None or 2 * (scheduled - today) >= following - scheduled:
            return None
        if not await self.repo.move_next(checkin.id, scheduled, following, at):
            return None
        return scheduled, following

    async def close_round(self, checkin: CheckinView, rnd: RoundView, now: datetime, reason: str) -> bool:
        """Close ``rnd`` (once: compare-and-set) and set when its digest is due."""
        return await close_round(self.services, checkin, rnd, now, reason)

    async def close_now(self, checkin: CheckinView, now: datetime) -> RoundView:
        """`checkin close`: the open round closed now (its digest due); a `Refusal` when none is open."""
        latest = await self.repo.latest_round(checkin.id)
        if latest is None or not latest.is_open:
            raise Refusal.error(f"check-in {checkin.id} has no open round", "checkin")
        await self.close_round(checkin, latest, now, "command")
        await self.changed(checkin.id)
        return await self.repo.round(latest.id) or latest

    async def reopen(self, checkin: CheckinView, rnd: RoundView, days: int, now: datetime) -> datetime:
        """A closed round takes answers again until ``days`` after today (its deadline, returned); its
        digest goes again when it closes. A `Refusal` about ``round`` when it, or another, is open."""
        latest = await self.repo.latest_round(checkin.id)
        if latest is not None and latest.is_open:
            raise Refusal.error(
                f"round {latest.number} of check-in {checkin.id} is open; `checkin close {checkin.id}` first",
                "round",
            )
        deadline = deadline_at(now.date(), days)
        if not await self.repo.reopen(rnd.id, deadline, "pending" if checkin.digest_place else "none"):
            raise Refusal.error(f"round {rnd.number} of check-in {checkin.id} is open already", "round")
        await self.changed(checkin.id)
        return deadline

    async def digest(self, checkin: CheckinView, rnd: RoundView) -> Reply:
        """The round's digest: its answers grouped by member country, the countries not answered (every
        country named by a check-in of countries, even one with no one asked)."""
        countries = checkin.audience if checkin.audience_kind == "countries" else ()
        return digest(checkin, rnd, await self.repo.participants(rnd.id), countries)

    # answering ------------------------------------------------------------------------------

    async def form_round(
        self, user_key: str, checkin_id: int, country: str | None = None
    ) -> answering.FormRound:
        """What an answer form of ``user_key``'s open round shows (`answering.open_round_for`)."""
        return await answering.open_round_for(self.services, user_key, checkin_id, country)

    async def owed(self, user_key: str) -> list[answering.Owed]:
        """The open rounds ``user_key`` has not answered, soonest deadline first."""
        return await answering.owed_rounds(self.services, user_key)
