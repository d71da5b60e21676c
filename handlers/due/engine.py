"""One engine for due work: claim -> send -> mark, for every kind of message the bot sends on its own.

The database decides (the ``due_work`` table, `storage.repositories.due_work`); ONE timer (`TIMER`)
only wakes the engine at the next due row. A kind is one module implementing `DueKind`: it turns its
domain into rows (`DueKind.produce`, at each election and when a command changes the domain) and sends
one row (`DueKind.send`). The engine:

- claims due rows atomically for this process (owner, expiry: a claim whose owner died before sending
  is retaken once it expires), round robin across ``recipient`` lanes (one lane's flood waits behind
  the others);
- sends them in rounds, one row per lane per round (the lanes of a round together, at most
  `Policy.concurrency` at once, each send bounded by half the lease); a round's rows are marked
  ``sending`` in one committed UPDATE right before their sends start;
- never sends a row twice: a row left ``sending`` by an owner that died mid-send (its claim expired)
  is settled ``unknown`` (counted, logged once, the kind told), not sent again;
- marks each row the moment its send returned (before anything else), then lets the kind go on
  (`DueKind.settled`: e.g. produce a weekly reminder's next firing);
- retries a failed send with one backoff policy (`Policy`), not before the moment a send asked for
  (`RetryLater`: Slack's 429 Retry-After), a row that keeps failing ends ``failed`` (unless its kind says
  it is owed until delivered: ``max_attempts = None``);
- arms the timer at the earliest waiting row or claim expiry; a change arms it directly (`changed`);
- asks little of the database when nothing is due or changed (each election, every app start): a sync
  reads the kinds' waiting rows once and writes only what changed; a wake-up with nothing due is one read.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from handlers.context import Services
from handlers.core import Clock
from storage.repositories.due_work import DueItem, DueRow, DueWorkRepository, Mark

log = logging.getLogger("focbot.due")
TIMER = "due-work"
OUTCOMES = ("sent", "missed", "dropped")
"""What `DueKind.send` may return: sent; not sent because it is too late (recorded); no longer wanted."""
UNKNOWN = "unknown"
"""The outcome of a row whose owner died mid-send: it may have gone out; it is never sent again."""


class GiveUp(Exception):
    """Raised by `DueKind.send`: this row failed for good (no retry), e.g. its meeting has begun."""


class RetryLater(Exception):
    """Raised by `DueKind.send`: this attempt failed, try again but not before ``retry_at`` (a platform
    said when: Slack's 429 Retry-After). The row waits for the later of ``retry_at`` and `Policy`'s
    backoff, and the attempt counts as any other."""

    def __init__(self, retry_at: datetime, reason: str) -> None:
        super().__init__(reason)
        self.retry_at = retry_at


class DueKind(Protocol):
    """A kind of due work: one module. ``name`` is stored in every row (keep it stable). A kind may also
    set ``max_attempts`` (see `Policy.attempts_of`)."""

    name: str

    async def produce(self, now: datetime, scope: str | None = None) -> Sequence[DueRow] | None:
        """Every row this kind wants waiting from the domain now (within ``scope``: the keys starting with
        ``scope + ":"``, when given): new ones are added, waiting rows of this kind (in that scope) not
        among them are dropped. None: nothing to add or drop (the kind adds rows itself)."""
        ...

    async def send(self, item: DueItem, now: datetime) -> str:
        """Send one claimed row; return one of `OUTCOMES`. Raise to have it retried (`Policy`; `RetryLater`
        not before a given moment), or `GiveUp` to fail it for good."""
        ...

    async def began(self, item: DueItem) -> bool:
        """Whether this row's send may have begun: asked when a dead owner left it ``sending``. True
        unless the domain proves nothing went out (then the row is taken again, not settled ``unknown``):
        a kind that cannot tell returns True."""
        ...

    async def settled(self, item: DueItem, outcome: str, now: datetime) -> Sequence[DueRow]:
        """After the row is marked ``outcome`` (a final state, ``failed`` or ``unknown``): the rows that
        follow it (a weekly reminder's next firing), if any."""
        ...


@dataclass(frozen=True)
class Policy:
    """One retry and backoff policy for every kind: attempt n failed -> tried again ``backoff * 2**(n-1)``
    later (at most ``max_backoff``), ``failed`` after ``max_attempts``. A claim lasts ``lease``."""

    max_attempts: int = 5
    backoff: timedelta = timedelta(minutes=1)
    max_backoff: timedelta = timedelta(hours=1)
    lease: timedelta = timedelta(minutes=2)
    batch: int = 100
    per_lane: int = 10
    concurrency: int = 50

    def retry_after(self, attempts: int) -> timedelta:
        return min(self.backoff * (2 ** max(attempts - 1, 0)), self.max_backoff)

    def attempts_of(self, kind: object) -> int | None:
        """How many attempts a row of ``kind`` gets: ``max_attempts``, unless the kind sets its own
        ``max_attempts`` (None: owed until delivered, retried every ``max_backoff``; the Slack outbox)."""
        own = getattr(kind, "max_attempts", self.max_attempts)
        return None if own is None else int(own)


def rounds(items: Sequence[DueItem]) -> list[list[DueItem]]:
    """The claimed rows in rounds: each lane's first row, then each lane's second, ... (a lane's rows
    go out one after another, in order; the lanes of one round go out together)."""
    out: list[list[DueItem]] = []
    depth: dict[str, int] = {}
    for item in items:
        n = depth.get(item.recipient, 0)
        depth[item.recipient] = n + 1
        if n == len(out):
            out.append([])
        out[n].append(item)
    return out


class DueEngine:
    """The loop. ``owner`` names this process in its claims (unique per engine)."""

    def __init__(
        self,
        services: Services,
        clock: Clock,
        kinds: Sequence[DueKind] = (),
        *,
        policy: Policy | None = None,
        owner: str | None = None,
        ready: Callable[[], bool] = lambda: True,
        alone: bool = False,
    ) -> None:
        """``ready``: whether this process can deliver at all (a one-shot command with no platform
        registered cannot: it stores rows, and arms and sends nothing). ``alone``: no other process can hold
        a claim (SQLite), so the claims found at `start` are a killed run's."""
        self.services = services
        self.clock = clock
        self.policy = policy or Policy()
        self.owner = owner or uuid.uuid4().hex
        self.ready = ready
        self.alone = alone
        self.kinds: dict[str, DueKind] = {}
        self._limit = asyncio.Semaphore(self.policy.concurrency)
        self._busy = False
        self._again = False
        self._armed: datetime | None = None
        self._changes = 0
        """Bumped whenever rows may have been added outside `process` (a sync, `add`, `added`)."""
        self._idle: tuple[int, datetime | None] | None = None
        """(`_changes`, earliest moment) read by a `process` that found nothing to do: `arm` needs no
        second read while nothing changed since."""
        for kind in kinds:
            self.add_kind(kind)

    @property
    def repo(self) -> DueWorkRepository:
        return self.services.due_work

    def add_kind(self, kind: DueKind) -> None:
        if kind.name in self.kinds:
            raise ValueError(f"due-work kind {kind.name!r} is registered twice")
        self.kinds[kind.name] = kind

    # -- the domain changed ---------------------------------------------------------
    async def sync(
        self, kinds: str | Sequence[str] | None = None, scope: str | None = None
    ) -> datetime | None:
        """Let these kinds (one name, several, or every kind) produce their rows from the domain (within
        ``scope``, see `DueKind.produce`); no send, no arming. Returns the earliest moment among the rows
        produced."""
        return await self._sync(self._kinds_named(kinds), scope)

    async def _sync(
        self,
        kinds: Sequence[DueKind],
        scope: str | None = None,
        *,
        release: bool = False,
        purge_before: datetime | None = None,
    ) -> datetime | None:
        """`sync`, each kind's rows produced first (their reads on one connection), then stored together
        (`DueWorkRepository.sync`: one read, and a write only when something changed)."""
        now = self.clock()
        produced: dict[str, Sequence[DueRow]] = {}
        async with self.services.db.unit():
            for kind in kinds:
                rows = await kind.produce(now, scope)
                if rows is not None:
                    produced[kind.name] = rows
            names = [kind.name for kind in kinds]
            await self.repo.sync(
                names, produced, now, scope=scope, release=release, purge_before=purge_before
            )
        self._changes += 1
        return min((r.due_at for rows in produced.values() for r in rows), default=None)

    def _kinds_named(self, kinds: str | Sequence[str] | None) -> list[DueKind]:
        if kinds is None:
            return list(self.kinds.values())
        names = [kinds] if isinstance(kinds, str) else list(kinds)
        for name in names:
            if name not in self.kinds:
                raise ValueError(f"no due-work kind {name!r}")
        return [self.kinds[name] for name in names]

    async def changed(self, kinds: str | Sequence[str], scope: str | None = None) -> None:
        """A command changed these kinds' domain (within ``scope``): their rows again; then, when one is
        due already, send what is due, else only re-arm the timer at the earliest row (one read: a
        command pays for claiming and sending only when something is due; `handlers.ports.DueWork`)."""
        soonest = await self.sync(kinds, scope)  # an unknown kind is refused before anything is written
        if not self.ready():
            return
        if soonest is not None and soonest <= self.clock():
            await self.wake()
        elif not self._busy:  # a running wake-up arms the timer when it ends
            await self.arm()

    async def add(self, rows: Sequence[DueRow]) -> None:
        """Add rows (a kind that adds its own) and arm the timer if one is due sooner."""
        await self.repo.put(rows, self.clock())
        self._changes += 1
        soonest = min((r.due_at for r in rows), default=None)
        if soonest is not None:
            self.added(soonest)

    def added(self, due_at: datetime) -> None:
        """A row due at ``due_at`` was stored (by a kind, in the transaction that stored its domain row):
        arm the timer if it is due sooner."""
        self._changes += 1
        if self.ready() and (self._armed is None or due_at < self._armed):
            self._arm_at(due_at)

    async def start(self) -> None:
        """At each election: every kind's rows from the domain, old final rows purged; a process that
        runs alone (``alone``: SQLite) retakes at once the claims a killed run left. One read of the
        table; nothing written when nothing changed."""
        now = self.clock()
        await self._sync(list(self.kinds.values()), release=self.alone, purge_before=now - timedelta(days=30))

    # -- the loop ----------------------------------------------------------------------
    async def wake(self) -> None:
        """Send what is due, then arm the timer at the next due row. A wake-up asked for while one runs
        (a change, the timer) makes the running one look again before it arms the timer."""
        if not self.ready():
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        try:
            self._again = True
            while self._again:
                self._again = False
                try:
                    await self.process(self.clock())
                except Exception:  # the database is down, say: look again later, lose nothing
                    log.exception("due work failed; trying again later")
                    self._arm_at(self.clock() + self.policy.backoff)
                    return
            await self.arm()
        finally:
            self._busy = False

    async def arm(self) -> None:
        """Arm the one timer at the earliest waiting row or claim expiry, or disarm it."""
        idle, self._idle = self._idle, None
        while True:
            seen = self._changes
            if idle is not None and idle[0] == seen:
                at = idle[1]  # what `process` just read, and nothing was added since
            else:
                at = await self.repo.earliest(list(self.kinds))
            idle = None
            if seen == self._changes:
                break  # else a row was added while reading: read again
        if at is None:
            self._armed = None
            self.services.timers.disarm(TIMER)
        else:
            self._arm_at(max(at, self.clock()))

    def _arm_at(self, at: datetime) -> None:
        self._armed = at
        self.services.timers.arm(TIMER, at, self.wake)

    async def process(self, now: datetime) -> int:
        """Claim, send and mark everything due at ``now`` (and what falls due meanwhile), a batch at a
        time; returns how many rows were sent. Nothing due (one read): nothing claimed or written."""
        self._idle = None
        seen = self._changes
        at = await self.repo.earliest(list(self.kinds))
        if at is None or at > now:
            self._idle = (seen, at)
            return 0
        sent = 0
        await self._expire(now)
        while True:
            items = await self.repo.claim(
                now,
                self.owner,
                self.policy.lease,
                list(self.kinds),
                limit=self.policy.batch,
                per_lane=self.policy.per_lane,
            )
            if not items:
                return sent
            for wave in rounds(items):  # one row per lane per round: a lane's flood waits its turn
                sent += await self._wave(wave, now)
            now = max(now, self.clock())

    async def _expire(self, now: datetime) -> None:
        """Settle ``unknown`` the rows a dead owner left ``sending`` (never resent), then let each kind go
        on (a weekly reminder's next firing); a row whose kind proves its send never began is taken again."""
        found = await self.repo.expired_sending(now, list(self.kinds))
        if not found:
            return
        began = await asyncio.gather(*(self.kinds[i.kind].began(i) for i in found))
        again = await self.repo.settle_expired(
            [i.id for i, b in zip(found, began, strict=True) if not b], now, began=False
        )
        if again:
            log.warning("due: %s rows left sending by a dead owner had not begun: taken again", len(again))
        lost = await self.repo.settle_expired(
            [i.id for i, b in zip(found, began, strict=True) if b], now, began=True
        )
        items = [item for item in found if item.id in lost]
        for item in items:
            log.warning(
                "due %s %s to %s: its owner died mid-send (claim expired); settled unknown, not sent again",
                item.kind,
                item.key,
                item.recipient,
            )
            self.services.metrics.count("due_done", kind=item.kind, outcome=UNKNOWN)
        await self._follow([(i, UNKNOWN) for i in items], now)

    async def _wave(self, wave: list[DueItem], now: datetime) -> int:
        """Mark the round's rows ``sending`` (one committed UPDATE) and send those still ours; mark what
        was sent (one UPDATE per outcome) before anything else, then the failures (one statement), then
        let each kind go on (the rows that follow stored together). Returns how many were sent."""
        ids = [item.id for item in wave]
        ours = await self.repo.start_sending(ids, self.owner, self.clock(), self.policy.lease)
        if len(ours) < len(wave):
            log.warning("due: %s claimed rows not sent: their claim had expired", len(wave) - len(ours))
        wave = [item for item in wave if item.id in ours]
        results = await asyncio.gather(*(self._send(item, now) for item in wave))
        done: dict[str, list[DueItem]] = {}
        for item, outcome, _ in results:
            if outcome is not None:
                done.setdefault(outcome, []).append(item)
        for outcome, items in done.items():
            marked = await self.repo.mark_many([i.id for i in items], self.owner, outcome, self.clock())
            if marked < len(items):
                log.warning("due: %s rows %s, but their claim had expired", len(items) - marked, outcome)
            for item in items:
                self.services.metrics.count("due_done", kind=item.kind, outcome=outcome)
        failed = [(item, self._failed(item, now, *why)) for item, _, why in results if why is not None]
        await self.repo.mark_each(self.owner, [mark for _, mark in failed], self.clock())
        follows = [(i, o) for o, items in done.items() for i in items]
        await self._follow(follows + [(i, "failed") for i, mark in failed if mark.state == "failed"], now)
        return len(done.get("sent", ()))

    async def _send(
        self, item: DueItem, now: datetime
    ) -> tuple[DueItem, str | None, tuple[str, bool, datetime | None] | None]:
        """(item, its outcome, None) or (item, None, (error, for good, not before))."""
        kind = self.kinds[item.kind]
        timeout = self.policy.lease.total_seconds() / 2
        try:
            async with self._limit:
                outcome = await asyncio.wait_for(kind.send(item, now), timeout)
            if outcome not in OUTCOMES:
                raise ValueError(f"{item.kind}.send returned {outcome!r}")
        except GiveUp as exc:
            return item, None, (f"{exc}", True, None)
        except RetryLater as exc:
            return item, None, (f"{exc}", False, exc.retry_at)
        except Exception as exc:
            return item, None, (f"{type(exc).__name__}: {exc}", False, None)
        return item, outcome, None

    def _failed(
        self, item: DueItem, now: datetime, error: str, final: bool, not_before: datetime | None
    ) -> Mark:
        """How a failed send's row is settled: ``failed`` for good, or ``retry`` after the backoff."""
        limit = self.policy.attempts_of(self.kinds[item.kind])
        final = final or (limit is not None and item.attempts >= limit)
        log.warning(
            "due %s %s to %s failed (attempt %s): %s",
            item.kind,
            item.key,
            item.recipient,
            item.attempts,
            error,
        )
        if final:
            self.services.metrics.count("due_failed", kind=item.kind)
            return Mark(item.id, "failed", error)
        retry_at = now + self.policy.retry_after(item.attempts)
        if not_before is not None and not_before > retry_at:
            retry_at = not_before
        self.services.metrics.count("due_done", kind=item.kind, outcome="retry")
        return Mark(item.id, "retry", error, retry_at)

    async def _follow(self, settled: Sequence[tuple[DueItem, str]], now: datetime) -> None:
        """Let each settled row's kind go on (`DueKind.settled`), together; the rows that follow are
        stored in one statement."""
        found = await asyncio.gather(*(self._following(item, outcome, now) for item, outcome in settled))
        rows = [row for rows in found for row in rows]
        if not rows:
            return
        try:
            await self.repo.put(rows, self.clock())
        except Exception:  # the rows are marked: nothing is sent twice; the next sync produces them
            log.exception(
                "due: storing the %s rows that follow %s settled rows failed", len(rows), len(found)
            )

    async def _following(self, item: DueItem, outcome: str, now: datetime) -> Sequence[DueRow]:
        try:
            return await self.kinds[item.kind].settled(item, outcome, now)
        except Exception:  # the row is marked: nothing is sent twice; the next sync produces what follows
            log.exception("due %s %s: what follows it failed", item.kind, item.key)
            return ()
