"""Due work: put rows, claim what is due atomically (one UPDATE; SKIP LOCKED on PostgreSQL), mark them.

A claim sets ``state='claimed'``, the claim owner and its expiry in the same statement that checks the
row is still pending (or retrying, or claimed by an owner whose claim expired): two replicas never hold
one row. Rows are taken round robin across ``recipient`` lanes (at most ``per_lane`` per lane, the
first row of every lane before the second of any), so one lane's flood waits behind the others.

Right before its send a claimed row is marked ``sending`` in its own committed write (`start_sending`),
so a row whose owner died mid-send is known: once its claim expires it is settled ``unknown``
(`settle_expired`) and never sent again (at most once); a row merely claimed is retaken.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Row,
    Table,
    Text,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.db import Database
from storage.models.base import UTCDateTime
from storage.models.due_work import DueWork
from storage.repositories.plain import plain

WAITING = ("pending", "retry")
HELD = ("claimed", "sending")
"""Claimed by an owner until ``claim_expires``: ``claimed`` (not begun: retaken once it expires) or
``sending`` (its send may have gone out: ``unknown`` once it expires, never sent again)."""
FINAL = ("sent", "failed", "missed", "dropped", "unknown")
_PURGE = "purge"
"""The state of the one marker row `DueWorkRepository._open_rows` adds when a final row is old enough."""


@dataclass(frozen=True, slots=True)
class DueRow:
    """A row a kind asks for: sent to ``recipient``'s lane at ``due_at``; ``key`` is unique per kind."""

    kind: str
    key: str
    recipient: str
    due_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DueItem:
    """A stored row as a plain value (the ``due_work`` row's attribute names)."""

    id: int
    kind: str
    key: str
    recipient: str
    due_at: datetime
    state: str
    attempts: int
    last_error: str | None
    claim_owner: str | None
    claim_expires: datetime | None
    payload: dict[str, Any]
    done_at: datetime | None


@dataclass(frozen=True, slots=True)
class Backlog:
    """Per kind: rows waiting or claimed, the earliest due moment among those due, final failures."""

    pending: int = 0
    oldest_due: datetime | None = None
    failed: int = 0


@dataclass(frozen=True, slots=True)
class Mark:
    """How one claimed row is settled (`DueWorkRepository.mark_each`): a final ``state``, or ``retry`` at
    ``retry_at``; ``error`` kept in ``last_error``."""

    id: int
    state: str
    error: str | None = None
    retry_at: datetime | None = None


def needs_put(found: Row[Any] | None, row: DueRow) -> bool:
    """Whether `put_rows` may change anything for ``row``, given its (kind, key)'s open row ``found``
    (None: no such row waiting or held; it may be new, or final): only a new row, a ``dropped`` one, or
    a ``pending`` one at another moment is written."""
    return found is None or (found.state == "pending" and found.due_at != row.due_at)


def round_robin(items: Iterable[DueItem]) -> list[DueItem]:
    """Each lane's first row (lanes in the order their first row came due), then each lane's second..."""
    lanes: dict[str, list[DueItem]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.due_at, i.id)):
        lanes[item.recipient].append(item)
    out: list[DueItem] = []
    depth = max((len(rows) for rows in lanes.values()), default=0)
    for n in range(depth):
        out.extend(rows[n] for rows in lanes.values() if n < len(rows))
    return out


async def put_rows(s: AsyncSession, dialect: str, rows: Sequence[DueRow], now: datetime) -> int:
    """`DueWorkRepository.put` inside the caller's transaction ``s``: for a repository that stores a row
    of its domain and its due-work row together (the Slack outbox: a reply owed and its retry)."""
    insert_for = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = list({(r.kind, r.key): r for r in rows}.values())  # a key given twice: its last row (one
    added = 0  # statement may not update a row twice)
    for start in range(0, len(rows), 500):
        values = [
            {
                "kind": r.kind,
                "key": r.key,
                "recipient": r.recipient,
                "due_at": r.due_at,
                "state": "pending",
                "attempts": 0,
                "payload": r.payload,
                "created_at": now,
            }
            for r in rows[start : start + 500]
        ]
        insert = insert_for(DueWork).values(values)
        statement = insert.on_conflict_do_update(  # a row not yet tried follows the domain's moment
            index_elements=["kind", "key"],
            set_={
                "due_at": insert.excluded.due_at,
                "recipient": insert.excluded.recipient,
                "payload": insert.excluded.payload,
                "state": "pending",
                "attempts": 0,  # a pending row was not tried yet; a dropped one is begun again
                "last_error": None,
                "done_at": None,
            },
            where=or_(
                and_(DueWork.state == "pending", DueWork.due_at != insert.excluded.due_at),
                DueWork.state == "dropped",  # never sent: wanted again (a call moved away and back)
            ),
        ).returning(DueWork.__table__.c.id)
        added += len((await s.execute(statement)).all())
    return added


class DueWorkRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def put(self, rows: Sequence[DueRow], now: datetime) -> int:
        """Insert the rows whose (kind, key) is new, move a row not yet tried (``pending``) to the
        ``due_at`` given (a round brought forward), and make a ``dropped`` row (never sent: no longer
        wanted when it was dropped) pending again now that the domain wants it again (a call moved away
        and back); returns how many rows were added, moved or taken up again."""
        if not rows:
            return 0
        async with self.db.transaction() as s:
            return await put_rows(s, self.db.dialect, rows, now)

    async def sync(
        self,
        kinds: Sequence[str],
        produced: Mapping[str, Sequence[DueRow]],
        now: datetime,
        *,
        scope: str | None = None,
        release: bool = False,
        purge_before: datetime | None = None,
    ) -> None:
        """Make each produced kind's waiting rows (keys starting ``scope + ":"``, when given) the ones
        the domain wants: `put` the rows that change anything (`needs_put`), mark ``dropped`` its waiting
        rows not among them (a reminder cancelled or moved). ``release``: expire now every claim of
        ``kinds``, for a process that knows no other one runs (SQLite: one process), at start: the claims
        it finds are a dead process's (a ``claimed`` row is then retaken, a ``sending`` one settled
        ``unknown``). ``purge_before``: delete the final rows settled before it (the table keeps recent
        history only). One read; one write transaction, only when something changes."""
        found, purge = await self._open_rows(kinds, scope, purge_before)
        known = {(r.kind, r.key): r for r in found}
        wanted = {kind: {r.key for r in rows} for kind, rows in produced.items()}
        put = [r for rows in produced.values() for r in rows if needs_put(known.get((r.kind, r.key)), r)]
        stale = [
            r.id for r in found if r.kind in wanted and r.state in WAITING and r.key not in wanted[r.kind]
        ]
        held = release and any(r.state in HELD for r in found)
        if not (put or stale or held or purge):
            return  # nothing changed: no write
        async with self.db.transaction() as s:
            if held:
                await s.execute(
                    update(DueWork)
                    .where(DueWork.kind.in_(kinds), DueWork.state.in_(HELD))
                    .values(claim_expires=now)
                )
            if put:
                await put_rows(s, self.db.dialect, put, now)
            if stale:
                await s.execute(
                    update(DueWork)
                    .where(DueWork.id.in_(stale), DueWork.state.in_(WAITING))
                    .values(state="dropped", done_at=now)
                )
            if purge:
                assert purge_before is not None
                await s.execute(
                    delete(DueWork).where(DueWork.state.in_(FINAL), DueWork.done_at < purge_before)
                )

    async def _open_rows(
        self, kinds: Sequence[str], scope: str | None, purge_before: datetime | None
    ) -> tuple[list[Row[Any]], bool]:
        """The waiting and held rows of ``kinds`` (within ``scope``): id, kind, key, state, due_at; and
        whether a final row was settled before ``purge_before`` (one statement)."""
        query = select(DueWork.id, DueWork.kind, DueWork.key, DueWork.state, DueWork.due_at).where(
            DueWork.kind.in_(kinds), DueWork.state.in_((*WAITING, *HELD))
        )
        if scope is not None:
            query = query.where(DueWork.key.startswith(f"{scope}:", autoescape=True))
        statement: Any = query
        if purge_before is not None:  # one more row, when there is something to purge
            old = exists().where(DueWork.state.in_(FINAL), DueWork.done_at < purge_before)
            marker = select(literal(0), literal(""), literal(""), literal(_PURGE), null()).where(old)
            statement = union_all(query, marker)
        async with self.db.transaction() as s:
            rows = list((await s.execute(statement)).all())
        found = [r for r in rows if r.state != _PURGE]
        return found, len(found) < len(rows)

    @staticmethod
    def _claimable(now: datetime, kinds: Sequence[str]) -> ColumnElement[bool]:
        return and_(
            DueWork.kind.in_(kinds),
            or_(
                and_(DueWork.state.in_(WAITING), DueWork.due_at <= now),
                and_(DueWork.state == "claimed", DueWork.claim_expires <= now),
            ),
        )

    async def expired_sending(self, now: datetime, kinds: Sequence[str]) -> list[DueItem]:
        """The rows of these kinds left ``sending`` by an owner whose claim expired (it died mid-send)."""
        if not kinds:
            return []
        async with self.db.transaction() as s:
            query = (
                select(DueWork)
                .where(DueWork.kind.in_(kinds), DueWork.state == "sending", DueWork.claim_expires <= now)
                .order_by(DueWork.id)
            )
            return [plain(DueItem, row) for row in await s.scalars(query)]

    async def settle_expired(self, item_ids: Sequence[int], now: datetime, *, began: bool) -> set[int]:
        """Settle rows still left ``sending`` by an expired claim: ``unknown`` when their send may have
        begun (it may have gone out: never sent again), else ``retry`` at once (taken again). Returns the
        ids this call settled (each row is settled by one call only: the UPDATE checks it is still left)."""
        if not item_ids:
            return set()
        values: dict[str, Any] = {"claim_owner": None, "claim_expires": None}
        if began:
            values |= {"state": "unknown", "done_at": now, "last_error": "its owner died mid-send"}
        else:
            values |= {"state": "retry", "last_error": "its owner died before sending"}
        async with self.db.transaction() as s:
            statement = (
                update(DueWork)
                .where(DueWork.id.in_(item_ids), DueWork.state == "sending", DueWork.claim_expires <= now)
                .values(**values)
                .returning(DueWork.id)
                .execution_options(synchronize_session=False)
            )
            return set((await s.scalars(statement)).all())

    async def start_sending(
        self, item_ids: Sequence[int], owner: str, now: datetime, lease: timedelta
    ) -> set[int]:
        """Mark ``sending`` (committed before any of them is sent) the rows this owner still holds
        ``claimed``, their claim renewed until ``now + lease``; returns the ids marked (send only those)."""
        if not item_ids:
            return set()
        async with self.db.transaction() as s:
            statement = (
                update(DueWork)
                .where(DueWork.id.in_(item_ids), DueWork.claim_owner == owner, DueWork.state == "claimed")
                .values(state="sending", claim_expires=now + lease)
                .returning(DueWork.id)
                .execution_options(synchronize_session=False)
            )
            return set((await s.scalars(statement)).all())

    async def claim(
        self,
        now: datetime,
        owner: str,
        lease: timedelta,
        kinds: Sequence[str],
        *,
        limit: int = 100,
        per_lane: int = 10,
    ) -> list[DueItem]:
        """Take up to ``limit`` due rows (round robin across lanes, ``per_lane`` at most per lane) for
        ``owner`` until ``now + lease``, in one UPDATE; returns them in round-robin order."""
        if not kinds:
            return []
        claimable = self._claimable(now, kinds)
        rank = func.row_number().over(partition_by=DueWork.recipient, order_by=(DueWork.due_at, DueWork.id))
        ranked = select(DueWork.id, DueWork.due_at, rank.label("rn")).where(claimable).subquery()
        chosen = (
            select(ranked.c.id)
            .where(ranked.c.rn <= per_lane)
            .order_by(ranked.c.rn, ranked.c.due_at, ranked.c.id)
            .limit(limit)
        )
        values = {
            "state": "claimed",
            "claim_owner": owner,
            "claim_expires": now + lease,
            "attempts": DueWork.attempts + 1,
        }
        async with self.db.transaction() as s:
            if self.db.dialect == "postgresql":
                # The candidates first (PostgreSQL plans the ranked subquery inside a locking IN badly),
                # then lock those still claimable, skipping rows another replica is claiming right now.
                ids = list((await s.scalars(chosen)).all())
                if not ids:
                    return []
                locked = select(DueWork.id).where(DueWork.id.in_(ids), claimable)
                target = DueWork.id.in_(locked.with_for_update(skip_locked=True).scalar_subquery())
            else:  # SQLite: one UPDATE (one writer at a time)
                target = DueWork.id.in_(chosen.scalar_subquery())
            statement = (
                update(DueWork)
                .where(target, claimable)
                .values(**values)
                .returning(DueWork)
                .execution_options(synchronize_session=False)
            )
            rows = (await s.scalars(statement)).all()
            return round_robin(plain(DueItem, row) for row in rows)

    async def mark_many(self, item_ids: Sequence[int], owner: str, state: str, now: datetime) -> int:
        """Settle rows this owner claimed in one final ``state``; returns how many were still ours."""
        if not item_ids:
            return 0
        async with self.db.transaction() as s:
            result = await s.execute(
                update(DueWork)
                .where(DueWork.id.in_(item_ids), DueWork.claim_owner == owner, DueWork.state == "sending")
                .values(state=state, claim_owner=None, claim_expires=None, done_at=now)
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def mark_each(self, owner: str, marks: Sequence[Mark], now: datetime) -> None:
        """Settle rows this owner claimed, each its own way (`Mark`: failed, or retry at its moment), in
        one statement; a row no longer ours (its claim expired and another owner took it) is left."""
        if not marks:
            return
        table: Table = DueWork.__table__  # type: ignore[assignment]
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.claim_owner == owner, table.c.state == "sending")
            .values(
                state=bindparam("b_state"),
                claim_owner=None,
                claim_expires=None,
                last_error=func.coalesce(bindparam("b_error", type_=Text()), table.c.last_error),
                due_at=func.coalesce(bindparam("b_due", type_=UTCDateTime()), table.c.due_at),
                done_at=bindparam("b_done", type_=UTCDateTime()),
            )
        )
        params = [
            {
                "b_id": m.id,
                "b_state": m.state,
                "b_error": None if m.error is None else m.error[:1000],
                "b_due": m.retry_at if m.state == "retry" else None,
                "b_done": None if m.state == "retry" else now,
            }
            for m in marks
        ]
        async with self.db.transaction() as s:
            await s.execute(statement, params)

    async def earliest(self, kinds: Sequence[str]) -> datetime | None:
        """The next moment a row of these kinds can be claimed or settled: its due moment, or a claim's
        expiry (one statement)."""
        moment = case((DueWork.state.in_(WAITING), DueWork.due_at), else_=DueWork.claim_expires)
        async with self.db.transaction() as s:
            return await s.scalar(
                select(func.min(moment)).where(DueWork.kind.in_(kinds), DueWork.state.in_((*WAITING, *HELD)))
            )

    async def backlog(self, now: datetime) -> dict[str, Backlog]:
        """Per kind: rows waiting or claimed, the oldest due moment among the due ones, final failures."""
        out: dict[str, Backlog] = {}
        async with self.db.transaction() as s:
            waiting = DueWork.state.in_((*WAITING, *HELD))
            pending = select(DueWork.kind, func.count()).where(waiting).group_by(DueWork.kind)
            oldest = (
                select(DueWork.kind, func.min(DueWork.due_at))
                .where(waiting, DueWork.due_at <= now)
                .group_by(DueWork.kind)
            )
            failed = (
                select(DueWork.kind, func.count()).where(DueWork.state == "failed").group_by(DueWork.kind)
            )
            counts = {row[0]: int(row[1]) for row in (await s.execute(pending)).all()}
            oldests = {row[0]: row[1] for row in (await s.execute(oldest)).all()}
            failures = {row[0]: int(row[1]) for row in (await s.execute(failed)).all()}
        for kind in sorted({*counts, *failures}):
            out[kind] = Backlog(counts.get(kind, 0), oldests.get(kind), failures.get(kind, 0))
        return out

    async def items(self, kind: str | None = None) -> list[DueItem]:
        """Every row (of ``kind``), oldest first: for tests and `/healthz` details."""
        async with self.db.transaction() as s:
            query = select(DueWork).order_by(DueWork.id)
            if kind is not None:
                query = query.where(DueWork.kind == kind)
            return [plain(DueItem, row) for row in await s.scalars(query)]
