"""Check-ins as due work (`handlers.due`): the one engine claims, sends and marks every step a check-in
takes on its own. Four kinds, their row keys scoped per check-in (``checkin<id>:...``: a command that
changed one check-in makes only its rows again, `CheckinService.changed`):

- `CheckinRoundKind` (``checkin_round``, in a few lanes of their own, `round_lane`: a check-in's changes
  one after another, at most `ROUND_LANES` at once; no message waits behind them): a scheduled round
  starts when its
  period begins (``checkin<id>:start<v>@<date>``; the round is inserted under its unique (check-in, date)
  key and the schedule moves on by compare-and-set), and an open round closes at its deadline
  (``checkin<id>:round<n>.<opening>:close``; compare-and-set on ``closed_at``). Both are state changes
  the database makes once: taking one again after a crash is safe (`began` is False).
- `CheckinDmKind` (``checkin_dm``, in the person's lane): the round's DM to each participant, at their
  own ``at`` (``...:dm<participant>``).
- `CheckinReminderKind` (``checkin_reminder``, in the person's lane): each reminder moment to each
  participant who has not answered (``...:remind<k>:p<participant>``); only the latest one owed goes.
- `CheckinDigestKind` (``checkin_digest``, in the digest place's lane): the round's digest, once, to the
  check-in's digest place, when the round closed or before its linked meeting (``...:digest``).

Messages go out at most once: the engine never resends a row whose send began, and each kind claims its
domain row first (a participant's ``sent``, its ``reminded`` count, the round's ``digest``), so a row left
``sending`` by a killed process is settled ``unknown`` exactly when that claim was made. ``<v>`` (the
schedule's version, +1 at pause and resume) and ``<opening>`` (+1 at reopen) make the keys of a resumed
schedule or a reopened round new: a key is never reused after its row was dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from handlers.checkins.kinds import DIGEST_KIND, DM_KIND, REMINDER_KIND, ROUND_KIND, scope_of
from handlers.checkins.messages import invitation
from handlers.checkins.service import CheckinService
from handlers.context import Services
from handlers.core import Place
from handlers.due import DueKind
from schedules.checkins import reminder_moments
from storage.repositories.checkins import CheckinRepository, CheckinView, RoundView
from storage.repositories.due_work import DueItem, DueRow

log = logging.getLogger("focbot.checkins")
MAX_ATTEMPTS = 5
"""A participant's DM is produced again after a failure until it has been tried this many times."""
ROUND_LANES = 4
"""Starts and closes made at once at most (each writes several rows: many at once would only contend
for the database)."""


def round_lane(checkin_id: int) -> str:
    """The lane of a check-in's starts and closes: its own changes in order, no message behind them."""
    return f"checkins{checkin_id % ROUND_LANES}"


DIGEST_DATA_KIND = "checkin_digest"
"""``data["kind"]`` of a posted digest (a round's DM is ``checkin``, its reminder ``checkin_reminder``)."""


def _round_key(rnd: RoundView) -> str:
    return f"{scope_of(rnd.checkin_id)}:round{rnd.number}.{rnd.opening}"


async def _checkins(repo: CheckinRepository, scope: str | None) -> list[CheckinView]:
    if scope is None:
        return await repo.all()
    found = await repo.get(int(scope.removeprefix("checkin")))
    return [found] if found is not None else []


def _checkin_id(scope: str | None) -> int | None:
    return None if scope is None else int(scope.removeprefix("checkin"))


async def round_rows(repo: CheckinRepository, scope: str | None = None) -> list[DueRow]:
    """The start of each active check-in's next scheduled round, and the close of each open round."""
    rows = []
    for c in await _checkins(repo, scope):
        if c.status == "active" and c.next_round_on is not None and c.next_round_at is not None:
            day = c.next_round_on.isoformat()
            key = f"{scope_of(c.id)}:start{c.schedule_version}@{day}"
            payload = {"checkin": c.id, "day": day, "version": c.schedule_version}
            rows.append(DueRow(ROUND_KIND, key, round_lane(c.id), c.next_round_at, payload))
    for rnd in await repo.open_rounds(_checkin_id(scope)):
        payload = {"round": rnd.id, "opening": rnd.opening}
        lane = round_lane(rnd.checkin_id)
        rows.append(DueRow(ROUND_KIND, f"{_round_key(rnd)}:close", lane, rnd.deadline_at, payload))
    return rows


async def dm_rows(repo: CheckinRepository, scope: str | None = None) -> list[DueRow]:
    """One row per participant whose DM is not sent yet, in an open round, at their own ``at``."""
    return [
        DueRow(DM_KIND, f"{_round_key(rnd)}:dm{p.id}", p.user_key, p.due_at, {"participant": p.id})
        for rnd, p in await repo.unsent(MAX_ATTEMPTS, _checkin_id(scope))
    ]


async def reminder_rows(repo: CheckinRepository, scope: str | None = None) -> list[DueRow]:
    """One row per reminder moment per participant who has not answered an open round (and not yet had
    that reminder)."""
    checkins = {c.id: c for c in await _checkins(repo, scope) if c.reminder_minutes}
    rows: list[DueRow] = []
    if not checkins:
        return rows
    for rnd in await repo.open_rounds(_checkin_id(scope)):
        checkin = checkins.get(rnd.checkin_id)
        if checkin is None:
            continue
        moments = reminder_moments(rnd.deadline_at, checkin.reminder_minutes)
        for p in await repo.participants(rnd.id):
            if p.answered_at is not None:
                continue
            for k, at in enumerate(moments, 1):
                if p.reminded < k:
                    key = f"{_round_key(rnd)}:remind{k}:p{p.id}"
                    payload = {"participant": p.id, "round": rnd.id, "opening": rnd.opening, "k": k}
                    rows.append(DueRow(REMINDER_KIND, key, p.user_key, at, payload | {"at": at.isoformat()}))
    return rows


async def digest_rows(repo: CheckinRepository, scope: str | None = None) -> list[DueRow]:
    """One row per closed round whose digest is owed, at its moment, in its place's lane."""
    places = {c.id: c.digest_place for c in await _checkins(repo, scope) if c.digest_place}
    rows: list[DueRow] = []
    if not places:
        return rows  # a digest is owed only where the check-in has a digest place
    for rnd in await repo.pending_digests(_checkin_id(scope)):
        assert rnd.digest_due_at is not None
        lane = places.get(rnd.checkin_id, scope_of(rnd.checkin_id))
        payload = {"round": rnd.id, "opening": rnd.opening}
        rows.append(DueRow(DIGEST_KIND, f"{_round_key(rnd)}:digest", lane, rnd.digest_due_at, payload))
    return rows


ROWS = {ROUND_KIND: round_rows, DM_KIND: dm_rows, REMINDER_KIND: reminder_rows, DIGEST_KIND: digest_rows}


async def all_rows(repo: CheckinRepository, scope: str | None = None) -> list[DueRow]:
    """Every kind's rows (of one check-in)."""
    return [row for rows in ROWS.values() for row in await rows(repo, scope)]


class _CheckinKind:
    name = ""

    def __init__(self, services: Services) -> None:
        self.services = services

    @property
    def repo(self) -> CheckinRepository:
        return self.services.checkins

    async def produce(self, now: datetime, scope: str | None = None) -> Sequence[DueRow]:
        return await ROWS[self.name](self.repo, scope)

    async def settled(self, item: DueItem, outcome: str, now: datetime) -> Sequence[DueRow]:
        return ()


class CheckinRoundKind(_CheckinKind):
    """`handlers.due.DueKind` for starting scheduled rounds and closing overdue ones."""

    name = ROUND_KIND

    async def send(self, item: DueItem, now: datetime) -> str:
        async with self.services.db.unit():  # its reads share one connection, as a command's do
            return await self._change(item, now)

    async def _change(self, item: DueItem, now: datetime) -> str:
        service = CheckinService(self.services)
        if "day" in item.payload:
            checkin = await self.repo.get(int(item.payload["checkin"]))
            day = date.fromisoformat(item.payload["day"])
            if (
                checkin is None
                or checkin.status != "active"
                or checkin.next_round_on != day
                or checkin.schedule_version != item.payload["version"]
            ):
                return "dropped"  # paused, moved or started already
            await service.start_scheduled(checkin, day, now)
            return "sent"
        rnd = await self.repo.round(int(item.payload["round"]))
        if rnd is None or not rnd.is_open or rnd.opening != item.payload["opening"]:
            return "dropped"  # closed by a command, or reopened with another deadline
        checkin = await self.repo.get(rnd.checkin_id)
        if checkin is None or not await service.close_round(checkin, rnd, now, "deadline"):
            return "dropped"
        return "sent"

    async def began(self, item: DueItem) -> bool:
        """A start or a close is made once by the database (unique round date, compare-and-set): taking
        it again is safe, and finds it done."""
        return False

    async def settled(self, item: DueItem, outcome: str, now: datetime) -> Sequence[DueRow]:
        """What follows a start or a close: the check-in's rows of every kind (the new round's DMs,
        reminders and close, the next start; the digest of the closed round)."""
        async with self.services.db.unit():
            return await self._following(item)

    async def _following(self, item: DueItem) -> Sequence[DueRow]:
        if "checkin" in item.payload:
            checkin_id = int(item.payload["checkin"])
        else:
            rnd = await self.repo.round(int(item.payload["round"]))
            if rnd is None:
                return ()
            checkin_id = rnd.checkin_id
        return await all_rows(self.repo, scope_of(checkin_id))


class CheckinDmKind(_CheckinKind):
    """`handlers.due.DueKind` for a round's DMs: one row per participant not yet sent, in an open round."""

    name = DM_KIND

    async def send(self, item: DueItem, now: datetime) -> str:
        repo = self.repo
        row = await repo.participant_by_id(int(item.payload["participant"]))
        rnd = await repo.round(row.round_id) if row is not None else None
        checkin = await repo.get(rnd.checkin_id) if rnd is not None else None
        if row is None or rnd is None or checkin is None or rnd.closed_at is not None:
            return "dropped"
        if not await repo.claim_sends([row.id], MAX_ATTEMPTS):
            return "dropped"  # sent already, or left "sending" by a process killed mid-send: never twice
        try:
            await self.services.notifier.send_direct(row.user_key, invitation(checkin, rnd, row))
        except Exception as exc:
            log.warning("check-in %s DM to %s failed: %s", checkin.id, row.user_key, exc)
            self.services.metrics.count("checkin_dms", outcome="failed")
            await repo.mark_sent([row.id], "failed", now)
            raise
        await repo.mark_sent([row.id], "sent", now)
        self.services.metrics.count("checkin_dms", outcome="sent")
        return "sent"

    async def began(self, item: DueItem) -> bool:
        """Its DM began only if the participant row was claimed (``sending``) or settled since."""
        row = await self.repo.participant_by_id(int(item.payload["participant"]))
        return row is not None and row.sent not in ("pending", "failed")


class CheckinReminderKind(_CheckinKind):
    """`handlers.due.DueKind` for reminders: to a participant who has not answered, whose DM went out
    before the reminder's moment; when several moments have come (the bot was down), only the latest."""

    name = REMINDER_KIND

    async def send(self, item: DueItem, now: datetime) -> str:
        repo, k = self.repo, int(item.payload["k"])
        at = datetime.fromisoformat(item.payload["at"])
        row = await repo.participant_by_id(int(item.payload["participant"]))
        rnd = await repo.round(int(item.payload["round"]))
        checkin = await repo.get(rnd.checkin_id) if rnd is not None else None
        if row is None or rnd is None or checkin is None:
            return "dropped"
        if not rnd.is_open or rnd.opening != item.payload["opening"] or row.answered_at is not None:
            return "dropped"  # closed, reopened with another deadline, or answered: no reminder
        if row.sent != "sent" or (row.sent_at is not None and row.sent_at >= at) or row.reminded >= k:
            return "dropped"  # the DM did not go out before this moment, or this reminder went already
        later = [m for m in reminder_moments(rnd.deadline_at, checkin.reminder_minutes) if at < m <= now]
        if later:
            return "dropped"  # a later reminder is owed too: only that one goes
        if not await repo.claim_reminder(row.id, row.reminded, k):  # answered or reminded meanwhile
            return "dropped"
        try:
            await self.services.notifier.send_direct(
                row.user_key, invitation(checkin, rnd, row, reminder=True)
            )
        except Exception as exc:  # not sent: owed again, tried again by the engine
            log.warning("check-in %s reminder to %s failed: %s", checkin.id, row.user_key, exc)
            self.services.metrics.count("checkin_dms", outcome="failed")
            await repo.claim_reminder(row.id, k, row.reminded)
            raise
        self.services.metrics.count("checkin_dms", outcome="reminded")
        return "sent"

    async def began(self, item: DueItem) -> bool:
        """Its reminder began only if the participant's ``reminded`` count was claimed."""
        row = await self.repo.participant_by_id(int(item.payload["participant"]))
        return row is None or row.reminded >= int(item.payload["k"])


class CheckinDigestKind(_CheckinKind):
    """`handlers.due.DueKind` for a closed round's digest, posted once to the check-in's digest place."""

    name = DIGEST_KIND

    async def send(self, item: DueItem, now: datetime) -> str:
        repo = self.repo
        rnd = await repo.round(int(item.payload["round"]))
        if rnd is None or rnd.is_open or rnd.opening != item.payload["opening"] or rnd.digest != "pending":
            return "dropped"  # reopened, or posted already
        checkin = await repo.get(rnd.checkin_id)
        if checkin is None or checkin.digest_place is None or not await repo.claim_digest(rnd.id):
            return "dropped"
        reply = await CheckinService(self.services).digest(checkin, rnd)
        reply = replace(reply, data=reply.data | {"kind": DIGEST_DATA_KIND})
        try:
            await self.services.notifier.send(Place.parse(checkin.digest_place), reply)
        except Exception as exc:  # not posted: pending again, tried again by the engine
            log.warning("check-in %s digest to %s failed: %s", checkin.id, checkin.digest_place, exc)
            await repo.mark_digest(rnd.id, "pending")
            raise
        await repo.mark_digest(rnd.id, "sent")
        return "sent"

    async def began(self, item: DueItem) -> bool:
        """Its post began only if the round's digest was claimed (no longer ``pending``)."""
        rnd = await self.repo.round(int(item.payload["round"]))
        return rnd is None or rnd.opening != item.payload["opening"] or rnd.digest != "pending"

    async def settled(self, item: DueItem, outcome: str, now: datetime) -> Sequence[DueRow]:
        if outcome == "failed":  # the engine gave up: the round's digest too
            await self.repo.mark_digest(int(item.payload["round"]), "failed", was="pending")
        return ()


def checkin_kinds(services: Services) -> list[DueKind]:
    """Every check-in kind, for the engine (`bot.app`)."""
    return [
        CheckinRoundKind(services),
        CheckinDmKind(services),
        CheckinReminderKind(services),
        CheckinDigestKind(services),
    ]
