"""Fair rotation of meeting times: the N UTC start times that spread unsociable calls most evenly.

Occurrence ``i`` (on date ``dates[i]``) starts at UTC time ``slots[i mod N]``. A call is *sociable* for a
participant when, in their zone, it falls on a weekday, starts at or after 08:00 and ends by 20:00.
`optimise` returns the slots (on a 15-minute UTC grid) minimising, in order: the largest number of
unsociable calls any participant takes, then the total over everyone, then the earliest slot times.

How it stays exact and fast: the bad/ok bit of every (zone, occurrence, candidate start) is computed
once. For each slot ``j`` and candidate ``c`` the per-zone counts of bad calls among the occurrences
that slot serves form a vector, packed into one Python int with a fixed-width field per zone, so adding
vectors is one integer addition and "every field <= T" is one addition and one mask (SWAR). Candidates
whose vector is dominated by another's are dropped (they can never win), then a depth-first branch and
bound over the slots prunes with per-slot lower bounds. `brute_force` is the reference it is tested on.

With ``distinct=True`` no start is used twice: a candidate is dropped only when N kept ones dominate it
(one of them is always free for its slot), and the search skips starts already taken. `propose` is what
people see: distinct starts, and the fewest slots reaching the best value (with a note when more slots
do no better).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

STEP_MINUTES = 15
DAY_STARTS = tuple(range(0, 24 * 60, STEP_MINUTES))  # candidate UTC starts, minutes after midnight
WORK_START = time(8, 0)
WORK_END = time(20, 0)


@dataclass(frozen=True)
class Participant:
    name: str
    tz: str


@dataclass(frozen=True)
class Plan:
    """Slots in minutes after UTC midnight; ``bad[name]`` the unsociable calls of each participant."""

    slots: tuple[int, ...]
    bad: dict[str, int]
    count: int

    @property
    def max_bad(self) -> int:
        return max(self.bad.values(), default=0)

    @property
    def total_bad(self) -> int:
        return sum(self.bad.values())

    @property
    def burden(self) -> dict[str, float]:
        return {name: round(n / self.count, 4) if self.count else 0.0 for name, n in self.bad.items()}

    @property
    def max_burden(self) -> float:
        return round(self.max_bad / self.count, 4) if self.count else 0.0

    @property
    def slot_labels(self) -> list[str]:
        return [hhmm(s) for s in self.slots]


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def start_at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC) + timedelta(minutes=minutes)


def sociable(start: datetime, duration: timedelta, tz: ZoneInfo) -> bool:
    """A weekday call starting at or after 08:00 and ending by 20:00, local time in ``tz``."""
    local = start.astimezone(tz)
    end = (start + duration).astimezone(tz)
    if local.weekday() >= 5 or local.time() < WORK_START or end.date() != local.date():
        return False
    return end.time() <= WORK_END


def bad_masks(
    tz: ZoneInfo, dates: Sequence[date], duration: timedelta, starts: Sequence[int] = DAY_STARTS
) -> list[int]:
    """Per occurrence, a bitset over ``starts``: bit ``c`` set when starting at ``starts[c]`` is bad."""
    masks = []
    for day in dates:
        mask = 0
        for bit, minutes in enumerate(starts):
            if not sociable(start_at(day, minutes), duration, tz):
                mask |= 1 << bit
        masks.append(mask)
    return masks


@dataclass
class _Problem:
    """Participants grouped by identical bad rows (same zone, or zones that agree on these dates)."""

    groups: list[list[int]]  # group -> participant indexes
    masks: list[list[int]]  # group -> per occurrence bitset


def _problem(
    participants: Sequence[Participant], dates: Sequence[date], duration: timedelta, starts: Sequence[int]
) -> _Problem:
    by_zone: dict[str, list[int]] = {}
    for index, person in enumerate(participants):
        by_zone.setdefault(person.tz, []).append(index)
    by_rows: dict[tuple[int, ...], list[int]] = {}
    for tz_name, members in by_zone.items():
        row = tuple(bad_masks(ZoneInfo(tz_name), dates, duration, starts))
        by_rows.setdefault(row, []).extend(members)
    return _Problem(groups=list(by_rows.values()), masks=[list(row) for row in by_rows])


def optimise(
    participants: Sequence[Participant],
    dates: Sequence[date],
    duration_minutes: int,
    n_slots: int,
    starts: Sequence[int] = DAY_STARTS,
    *,
    distinct: bool = False,
    prepared: _Problem | None = None,
) -> Plan:
    """The optimal rotation of ``n_slots`` UTC start times (see the module docstring); with ``distinct``
    every slot has its own start. ``prepared``: the bad/ok bits of these participants, dates, duration and
    starts, when already computed (`propose` tries several slot counts on one)."""
    if not 1 <= n_slots <= 4:
        raise ValueError("1 to 4 slots")
    if not participants or not dates:
        raise ValueError("need participants and dates")
    n_slots = min(n_slots, len(dates))
    problem = prepared or _problem(participants, dates, timedelta(minutes=duration_minutes), starts)
    k = len(dates)
    width = k.bit_length() + 2
    fields = len(problem.groups)
    top = sum(1 << (f * width + width - 1) for f in range(fields))  # the high bit of every field
    ones = sum(1 << (f * width) for f in range(fields))
    weights = [len(g) for g in problem.groups]

    # Per slot: candidates as (packed counts, weighted total, candidate index), dominated ones removed.
    options: list[list[tuple[int, int, int]]] = []
    floors_packed: list[int] = []
    floors_total: list[int] = []
    for slot in range(n_slots):
        served = range(slot, k, n_slots)
        vectors: dict[int, list[tuple[int, int, int]]] = {}
        for c in range(len(starts)):
            counts = [sum((masks[i] >> c) & 1 for i in served) for masks in problem.masks]
            packed = sum(n << (f * width) for f, n in enumerate(counts))
            same = vectors.setdefault(packed, [])
            # identical vectors: the earliest start represents them (the N earliest when distinct)
            if len(same) < (n_slots if distinct else 1):
                total = sum(w * n for w, n in zip(weights, counts, strict=True))
                same.append((packed, total, c))
        kept = _pareto([v for same in vectors.values() for v in same], top, n_slots if distinct else 1)
        options.append(kept)
        floor = [min(_field(p, f, width) for p, _, _ in kept) for f in range(fields)]
        floors_packed.append(sum(n << (f * width) for f, n in enumerate(floor)))
        floors_total.append(min(t for _, t, _ in kept))
    rest_packed = [sum(floors_packed[d:]) for d in range(n_slots + 1)]
    rest_total = [sum(floors_total[d:]) for d in range(n_slots + 1)]

    def fits(packed: int, limit: int) -> bool:
        """Every field of ``packed`` is at most ``limit``."""
        return ((packed + ones * ((1 << (width - 1)) - 1 - limit)) & top) == 0

    def max_field(packed: int) -> int:
        return max(_field(packed, f, width) for f in range(fields))

    # Phase 1: the best (max, total), exploring promising candidates first.
    ordered = [sorted(opts, key=lambda o: (max_field(o[0]), o[1], o[2])) for opts in options]
    best = [k + 1, 1 << 60]

    used: list[int] = []

    def search(depth: int, packed: int, total: int) -> None:
        if depth == n_slots:
            worst = max_field(packed)
            if (worst, total) < (best[0], best[1]):
                best[0], best[1] = worst, total
            return
        for vector, cost, c in ordered[depth]:
            if distinct and c in used:
                continue
            nxt, nxt_total = packed + vector, total + cost
            bound, bound_total = nxt + rest_packed[depth + 1], nxt_total + rest_total[depth + 1]
            if not fits(bound, best[0]):
                continue
            if not fits(bound, best[0] - 1) and bound_total >= best[1]:
                continue
            used.append(c)
            search(depth + 1, nxt, nxt_total)
            used.pop()

    search(0, 0, 0)
    target_max, target_total = best

    # Phase 2: the earliest slots (in slot order) reaching that optimum.
    by_start = [sorted(opts, key=lambda o: o[2]) for opts in options]

    def earliest(depth: int, packed: int, total: int) -> tuple[int, ...] | None:
        if depth == n_slots:
            return () if total == target_total and max_field(packed) == target_max else None
        for vector, cost, c in by_start[depth]:
            if distinct and c in used:
                continue
            nxt, nxt_total = packed + vector, total + cost
            if not fits(nxt + rest_packed[depth + 1], target_max):
                continue
            if nxt_total + rest_total[depth + 1] > target_total:
                continue
            used.append(c)
            tail = earliest(depth + 1, nxt, nxt_total)
            used.pop()
            if tail is not None:
                return (c, *tail)
        return None

    chosen = earliest(0, 0, 0)
    assert chosen is not None
    return evaluate(participants, dates, duration_minutes, tuple(starts[c] for c in chosen))


def _field(packed: int, index: int, width: int) -> int:
    return (packed >> (index * width)) & ((1 << width) - 1)


def _pareto(vectors: list[tuple[int, int, int]], top: int, enough: int = 1) -> list[tuple[int, int, int]]:
    """Drop every vector that ``enough`` kept ones beat or equal in every field (keeping the earliest of
    equals): with ``enough`` = N slots of distinct starts, one of those is always free to replace it."""
    vectors.sort(key=lambda v: (v[1], v[2]))  # a dominator has a smaller or equal total: it comes first
    kept: list[tuple[int, int, int]] = []
    for vector in vectors:
        packed = vector[0]
        beaten = 0
        for other, _, _ in kept:
            if (((packed | top) - other) & top) == top:
                beaten += 1
                if beaten >= enough:
                    break
        if beaten < enough:
            kept.append(vector)
    return kept


def evaluate(
    participants: Sequence[Participant], dates: Sequence[date], duration_minutes: int, slots: Sequence[int]
) -> Plan:
    """The unsociable calls of each participant under the rotation ``slots`` (minutes after UTC 00:00).

    Counted once per zone (the burden depends only on the zone): 10,000 people cost what their zones do."""
    duration = timedelta(minutes=duration_minutes)
    per_zone: dict[str, int] = {}
    for name in dict.fromkeys(p.tz for p in participants):
        tz = ZoneInfo(name)
        per_zone[name] = sum(
            not sociable(start_at(day, slots[i % len(slots)]), duration, tz) for i, day in enumerate(dates)
        )
    bad = {person.name: per_zone[person.tz] for person in participants}
    return Plan(tuple(slots), bad, len(dates))


def evaluate_calls(
    participants: Sequence[Participant], starts: Sequence[datetime], duration_minutes: int
) -> Plan:
    """The unsociable calls of each participant for calls held at ``starts`` (a series' own times, which
    may move in UTC with its zone's DST); the plan has no slots of its own."""
    duration = timedelta(minutes=duration_minutes)
    per_zone = {
        name: sum(not sociable(start, duration, ZoneInfo(name)) for start in starts)
        for name in dict.fromkeys(p.tz for p in participants)
    }
    return Plan((), {person.name: per_zone[person.tz] for person in participants}, len(starts))


def brute_force(
    participants: Sequence[Participant],
    dates: Sequence[date],
    duration_minutes: int,
    n_slots: int,
    starts: Sequence[int] = DAY_STARTS,
    *,
    distinct: bool = False,
) -> tuple[int, int]:
    """The optimal (largest bad count, total bad count) by trying every tuple of starts (tests only);
    with ``distinct`` only tuples without a repeated start."""
    n_slots = min(n_slots, len(dates))
    duration = timedelta(minutes=duration_minutes)
    zones = [ZoneInfo(p.tz) for p in participants]
    # bad[p][i][c], computed directly from `sociable` (not from the optimiser's bitsets)
    table = [
        [[not sociable(start_at(day, m), duration, tz) for m in starts] for day in dates] for tz in zones
    ]
    best = (len(dates) + 1, 1 << 60)
    combos = (
        itertools.permutations(range(len(starts)), n_slots)
        if distinct
        else itertools.product(range(len(starts)), repeat=n_slots)
    )
    for combo in combos:
        counts = [sum(row[i][combo[i % n_slots]] for i in range(len(dates))) for row in table]
        best = min(best, (max(counts), sum(counts)))
    return best


@dataclass(frozen=True)
class Proposal:
    """What `meeting plan` proposes: ``plan`` (distinct starts, the fewest slots reaching the best value
    of 1..``requested``), and the single time beside it."""

    plan: Plan
    requested: int
    single: Plan

    @property
    def fewer(self) -> bool:
        """More slots were asked for than do any good."""
        return len(self.plan.slots) < self.requested

    @property
    def note(self) -> str:
        """``2 slots do no better than 1 for these zones`` (empty when the slots asked for help)."""
        if not self.fewer:
            return ""
        return f"{self.requested} slots do no better than {len(self.plan.slots)} for these zones"


def propose(
    participants: Sequence[Participant],
    dates: Sequence[date],
    duration_minutes: int,
    n_slots: int,
    starts: Sequence[int] = DAY_STARTS,
) -> Proposal:
    """The best rotation of at most ``n_slots`` distinct starts: the fewest slots that reach the best
    (largest, total) unsociable counts of 1..``n_slots``, so no start is proposed twice."""
    if not participants or not dates:
        raise ValueError("need participants and dates")
    problem = _problem(participants, dates, timedelta(minutes=duration_minutes), starts)
    plans = [
        optimise(participants, dates, duration_minutes, m, starts, distinct=True, prepared=problem)
        for m in range(1, min(n_slots, len(dates)) + 1)
    ]
    chosen = min(plans, key=lambda p: (p.max_bad, p.total_bad, len(p.slots)))
    return Proposal(chosen, n_slots, plans[0])


def local_slot_times(person: Participant, dates: Sequence[date], slots: Sequence[int]) -> list[str]:
    """Per slot, the participant's local start times over the dates it serves (``Tue 15:00/16:00``)."""
    tz = ZoneInfo(person.tz)
    shown = []
    for j, minutes in enumerate(slots):
        seen = dict.fromkeys(
            f"{start_at(day, minutes).astimezone(tz):%a %H:%M}" for day in dates[j :: len(slots)]
        )
        shown.append("/".join(seen))
    return shown


def proposal_summary(proposal: Proposal) -> dict[str, object]:
    """`plan_summary` of a proposal, with the slots asked for and the note when fewer do as well."""
    return plan_summary(proposal.plan, proposal.single) | {
        "slots_requested": proposal.requested,
        "note": proposal.note or None,
    }


def plan_summary(plan: Plan, baseline: Plan | None = None) -> dict[str, object]:
    """The JSON shape of a plan: ``slots`` (UTC "HH:MM"), ``burden``, ``max_burden``, and N=1 beside it."""
    summary: dict[str, object] = {
        "slots": plan.slot_labels,
        "burden": plan.burden,
        "max_burden": plan.max_burden,
        "unsociable_calls": plan.total_bad,
        "calls": plan.count,
    }
    if baseline is not None:
        summary["single_slot"] = {
            "slots": baseline.slot_labels,
            "burden": baseline.burden,
            "max_burden": baseline.max_burden,
            "unsociable_calls": baseline.total_bad,
        }
    return summary
