"""The due-work contract, run for every kind on SQLite and PostgreSQL: a dead owner's claim retaken once it
expires (before its send began) and never resent (after: ``unknown``), a lost claim never sent, one retry
policy, the backlog on /metrics and /healthz; and ONCE per backend over a mixed burst with rows of EVERY
kind, asserted per kind: 1,000 rows due in the same second delivered exactly once by two engines racing,
one lane's flood delays no other lane by more than a second, and (slow: real processes) kill -9 and
leader failover with no row sent twice."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, insert, select

from bot.adapters.slack.outbox import KIND as OUTBOX
from bot.adapters.slack.outbox import OutboxKind, encode, owed
from bot.adapters.slack.render import render_reply
from bot.adapters.slack.storage.outbox import SlackOutbox
from bot.app import App
from bot.http import due_summary
from handlers.checkins.delivery import (
    DIGEST_KIND,
    DM_KIND,
    ROUND_KIND,
    CheckinDigestKind,
    CheckinDmKind,
    CheckinReminderKind,
    CheckinRoundKind,
    digest_rows,
    dm_rows,
    round_rows,
)
from handlers.checkins.delivery import REMINDER_KIND as CHECKIN_REMINDER
from handlers.checkins.delivery import reminder_rows as checkin_reminder_rows
from handlers.checkins.service import CheckinService
from handlers.checkins.template import load_template
from handlers.core import Place, Reply
from handlers.due import DueEngine, DueKind, Policy, RetryLater
from handlers.meetings.delivery import MeetingKind
from handlers.meetings.firings import MINUTES, REMINDERS, firings
from handlers.reminders.delivery import KIND as PERSONAL
from handlers.reminders.delivery import PersonalReminderKind, firing
from handlers.surveys.definitions import load_template as load_survey_template
from handlers.surveys.due import (
    DEADLINE_KIND,
    SurveyDeadlineKind,
    SurveyReminderKind,
    deadline_row,
    reminder_rows,
)
from handlers.surveys.due import REMINDER_KIND as SURVEY_REMINDER
from storage.db import Database
from storage.models import MeetingPlace, MeetingSeries
from storage.models.checkins import Checkin, CheckinParticipant, CheckinRound
from storage.models.due_work import DueWork
from storage.models.reminders import PersonalReminder
from storage.models.surveys import Survey, SurveyAudience
from storage.repositories.checkins import CheckinRepository
from storage.repositories.due_work import DueItem, DueRow, DueWorkRepository
from storage.repositories.meetings import MeetingRepository
from storage.repositories.personal_reminders import PersonalReminderRepository
from storage.repositories.surveys import SurveyRepository
from tests.slack.conftest import SIGNING_SECRET, SlackHarness, open_slack
from tests.slack.fake_slack import TOKEN, FakeSlack, fake_slack_in_a_thread
from tests.support.clock import FakeClock
from tests.support.dialogue import RecordingNotifier, SharedSearch, open_dialogue
from tests.support.processes import BotProcess, wait_for

log = logging.getLogger(__name__)
NOW = datetime(2027, 1, 11, 10, 0, tzinfo=UTC)
SEND = 0.01
"""How long a slowed send takes (`Contract.slow`), as a real platform's does."""


@dataclass
class Bench:
    """The app a contract runs on: the console (its notifier recorded), Slack against its fake, or both
    (``kind`` ``*``: the mixed runs, where every kind delivers)."""

    kind: str
    app: App
    clock: FakeClock
    console: RecordingNotifier | None = None
    slack: SlackHarness | None = None

    @property
    def notifier(self) -> RecordingNotifier:
        assert self.console is not None
        return self.console

    @property
    def fake(self) -> FakeSlack:
        assert self.slack is not None
        return self.slack.fake


@dataclass(frozen=True)
class Contract:
    """How the contract drives one kind: make ``count`` rows due at ``due`` through the kind's own
    domain, spread over lanes (``lane(i)`` names the user key of the i-th: `user` makes one of a name),
    and tell which row a delivered message was (None: not this kind's)."""

    make: Callable[[Database, int, Callable[[int], str], datetime], Awaitable[None]]
    rows: Callable[[Database], Awaitable[list[DueRow]]]
    """The rows the kind produces from the domain (as a command on any replica writes them); none for a
    kind that stores its rows with its domain's (the Slack outbox)."""
    which: Callable[[dict[str, Any]], int | None]
    """The row a delivered message was, from its reply's data (None: not this kind's)."""
    engine: Callable[[Bench], DueEngine]
    user: Callable[[str], str] = lambda name: f"console:{name}"
    slack: bool = False
    """Sent through Slack (the fake Web API records what arrived) rather than the console's notifier."""
    failure: str = "notifier down"
    """What a failed send leaves in ``last_error``."""
    done: Callable[[Database], Awaitable[Counter[int]]] | None = None
    """A kind whose work is a state change, not a message (a round started): how many times each row's
    change was made, read from the domain (else: counted from the messages delivered)."""
    begin: Callable[[Bench, DueItem], Awaitable[object]] | None = None
    """What the kind's send does in the domain before its message goes out (a row left ``sending`` after
    it is settled ``unknown``), when the kind asks the domain whether the send began (`DueKind.began`);
    None for a kind whose work the database makes once (a row left sending is simply taken again)."""
    mine: Callable[[str], bool] = lambda key: True
    """The rows ``make`` made, by key (not the ones that follow them, as a started round's close)."""

    def sent(self, bench: Bench) -> list[tuple[str, int | None]]:
        """(recipient, row) of every message delivered, in order (on Slack: every post that reached it)."""
        if self.slack:
            return [_slack_sent(call.args) for call in bench.fake.of("chat.postMessage")]
        return [(n.target, self.which(n.reply.data)) for n in bench.notifier.sent]

    def fail(self, bench: Bench) -> None:
        """Every send fails from now on."""
        if self.slack:
            bench.fake.fail("chat.postMessage", times=10_000, error="fatal_error")
        else:
            bench.notifier.fail = True

    def slow(self, bench: Bench) -> None:
        """Each send takes `SEND`, as a real platform's does."""
        if self.slack:
            bench.fake.delays["chat.postMessage"] = SEND
        else:
            bench.app.notifier.register("console", _SlowNotifier(sent=bench.notifier.sent))


async def _make_reminders(db: Database, count: int, lane: Callable[[int], str], due: datetime) -> None:
    rows = [
        {
            "created_by": lane(i),
            "creator_name": lane(i),
            "target": lane(i),
            "to_place": False,
            "text": f"r{i}",
            "timezone": "UTC",
            "next_at": due,
            "created_at": due - timedelta(hours=1),
        }
        for i in range(count)
    ]
    async with db.transaction() as s:
        for start in range(0, count, 500):
            await s.execute(insert(PersonalReminder), rows[start : start + 500])


async def _reminder_rows(db: Database) -> list[DueRow]:
    return [r for r in map(firing, await PersonalReminderRepository(db).active()) if r is not None]


def _reminder_id(data: dict[str, Any]) -> int | None:
    return int(data["id"]) if data.get("kind") == "personal_reminder" else None


async def _make_checkins(
    db: Database,
    count: int,
    lane: Callable[[int], str],
    due: datetime,
    *,
    scheduled: bool = False,
    sent: bool = False,
    reminder: bool = False,
    closed: bool = False,
) -> None:
    """A check-in per row (so each message names its own), each asking ``lane(i)``: ``scheduled``, its one
    round starts at ``due`` (asking no one: the DMs that follow are the DM kind's contract, and a mixed
    burst counts only the rows it made); else with a round open (``closed``: closed, its digest due at
    ``due`` in place ``lane(i)``) and its participant, DM due at ``due`` (``sent``: sent an hour before;
    ``reminder``: a reminder at ``due``, a day before the deadline)."""
    definition = load_template("quarterly-update")
    assert definition is not None
    deadline = due + timedelta(days=1) if reminder else due + timedelta(days=7)
    async with db.transaction() as s:
        for i in range(count):
            checkin = Checkin(
                title=f"start{i}" if scheduled else f"c{i}",
                definition=definition.to_json(),
                audience_kind="users",
                audience=[] if scheduled else [lane(i)],
                rule="FREQ=MONTHLY;COUNT=1",
                first_date=due.date(),
                wall_time="10:00",
                deadline_days=7,
                reminder_minutes=[24 * 60] if reminder else [],
                digest_place=lane(i) if closed else None,
                status="active" if scheduled else "paused",
                next_round_on=due.date() if scheduled else None,
                next_round_at=due if scheduled else None,
                created_by="console:admin",
                created_at=due - timedelta(hours=1),
            )
            s.add(checkin)
            await s.flush()
            if scheduled:
                continue
            rnd = CheckinRound(
                checkin_id=checkin.id,
                number=1,
                round_date=due.date(),
                opened_at=due - timedelta(hours=2),
                deadline_at=due if closed else deadline,
                closed_at=due if closed else None,
                digest="pending" if closed else "none",
                digest_due_at=due if closed else None,
            )
            s.add(rnd)
            await s.flush()
            at = due - timedelta(hours=1) if sent or closed else due
            s.add(
                CheckinParticipant(
                    round_id=rnd.id,
                    user_key=lane(i),
                    timezone="UTC",
                    due_at=at,
                    sent="sent" if sent or closed else "pending",
                    sent_at=at if sent or closed else None,
                )
            )


def _checkins(**what: bool) -> Callable[[Database, int, Callable[[int], str], datetime], Awaitable[None]]:
    async def make(db: Database, count: int, lane: Callable[[int], str], due: datetime) -> None:
        await _make_checkins(db, count, lane, due, **what)

    return make


def _checkin_message(kind: str) -> Callable[[dict[str, Any]], int | None]:
    """The check-in a message of data kind ``kind`` names."""
    return lambda data: int(data["checkin"]) if data.get("kind") == kind else None


async def _rounds_started(db: Database) -> Counter[int]:
    """How many rounds each scheduled check-in (``start<i>``) has: a start made twice would show as two."""
    async with db.transaction() as s:
        query = (
            select(CheckinRound.checkin_id, func.count())
            .join(Checkin, Checkin.id == CheckinRound.checkin_id)
            .where(Checkin.title.like("start%"))
            .group_by(CheckinRound.checkin_id)
        )
        return Counter({int(c): int(n) for c, n in (await s.execute(query)).all()})


async def _claim_dm(bench: Bench, item: DueItem) -> object:
    return await bench.app.services.checkins.claim_sends([int(item.payload["participant"])], 5)


async def _claim_checkin_reminder(bench: Bench, item: DueItem) -> object:
    return await bench.app.services.checkins.claim_reminder(int(item.payload["participant"]), 0, 1)


async def _claim_digest(bench: Bench, item: DueItem) -> object:
    return await bench.app.services.checkins.claim_digest(int(item.payload["round"]))


def _engine(kind: Callable[[Any], DueKind]) -> Callable[[Bench], DueEngine]:
    return lambda bench: DueEngine(bench.app.services, bench.clock, [kind(bench.app.services)])


OWED = re.compile(r"Owed reply (\d+)\.")


async def _make_owed_replies(db: Database, count: int, lane: Callable[[int], str], due: datetime) -> None:
    """Replies Slack refused, kept in the outbox as `Outbox.keep` keeps them (the message and its row),
    numbered on from those kept before (each names its own row)."""
    repo = SlackOutbox(db)
    before = len(await DueWorkRepository(db).items(OUTBOX))
    for i in range(count):
        user_id = lane(i).split(":", 1)[1]
        await repo.keep(
            user_id=user_id,
            channel=None,
            thread_ts=None,
            payload=encode(render_reply(Reply(f"Owed reply {before + i + 1}."))),
            reason="SlackApiError: fatal_error",
            at=due - timedelta(seconds=30),
            due=owed(user_id, due),
        )


async def _no_rows(db: Database) -> list[DueRow]:
    return []


def _slack_sent(args: dict[str, Any]) -> tuple[str, int | None]:
    found = OWED.search(str(args.get("text") or ""))
    return f"slack:{str(args['channel'])[1:]}", int(found.group(1)) if found else None


def _outbox_engine(bench: Bench) -> DueEngine:
    assert bench.slack is not None
    kind = bench.slack.adapter.outbox
    return DueEngine(bench.app.services, bench.clock, [OutboxKind(kind.repo, kind.delivery, bench.clock)])


async def _make_surveys(
    db: Database, count: int, lane: Callable[[int], str], due: datetime, *, reminder: bool
) -> None:
    """An open survey per row (so each message names its own), opened by and asking ``lane(i)``: closing
    at ``due``, or with a one-day reminder due at ``due``."""
    definition = load_survey_template("support-unit")
    assert definition is not None
    async with db.transaction() as s:
        for i in range(count):
            survey = Survey(
                title=f"s{i}",
                definition=definition.to_json(),
                status="open",
                anonymous=False,
                audience_size=1,
                deadline=due + timedelta(days=1) if reminder else due,
                reminder_minutes=[1440] if reminder else [],
                created_by=lane(i),
                created_at=due - timedelta(days=2),
                opened_by=lane(i),
                opened_at=due - timedelta(days=2),
            )
            s.add(survey)
            await s.flush()
            s.add(SurveyAudience(survey_id=survey.id, user_key=lane(i), invitation="sent"))


async def _deadline_rows(db: Database) -> list[DueRow]:
    surveys = await SurveyRepository(db).all(statuses=("open",))
    return [r for r in map(deadline_row, surveys) if r is not None]


async def _survey_reminder_rows(db: Database) -> list[DueRow]:
    surveys = await SurveyRepository(db).all(statuses=("open",))
    return [row for survey in surveys for row in reminder_rows(survey)]


def _survey_id(kind: str) -> Callable[[dict[str, Any]], int | None]:
    return lambda data: int(data["survey"]) if data.get("kind") == kind else None


async def _close_survey(bench: Bench, item: DueItem) -> object:
    return await bench.app.services.surveys.close_at_deadline(int(item.payload["survey"]), NOW)


async def _claim_survey_reminder(bench: Bench, item: DueItem) -> object:
    survey = int(item.payload["survey"])
    return await bench.app.services.surveys.repo.claim_reminder(survey, 1440, item.recipient, NOW)


def _meetings(what: str) -> Callable[[Database, int, Callable[[int], str], datetime], Awaitable[None]]:
    """A one-off 30-minute call per row, posting in place ``lane(i)``: its reminder 60 minutes before
    (``reminder``) or its end (``minutes``) falls at ``due`` cut to its minute (calls start on whole
    minutes: a row due at 10:00:00.9 is due at 10:00). A minutes' call has no reminder: in a mixed burst
    its reminder, past at its start, would be a row the reminder kind did not make."""

    async def make(db: Database, count: int, lane: Callable[[int], str], due: datetime) -> None:
        moment = due.replace(second=0, microsecond=0)
        start = moment + timedelta(minutes=60) if what == "reminder" else moment - timedelta(minutes=30)
        async with db.transaction() as s:
            s.add_all(
                MeetingSeries(
                    title=f"m{i}",
                    kind="custom",
                    activity_id=None,
                    rrule="FREQ=DAILY;COUNT=1",
                    first_date=start.date(),
                    start_time=f"{start:%H:%M}",
                    duration_minutes=30,
                    timezone="UTC",
                    reminder_offsets="60" if what == "reminder" else "",
                    created_by="console:admin",
                    created_at=moment - timedelta(hours=2),
                    participants=[],
                    places=[MeetingPlace(place=lane(i), position=0)],
                    overrides=[],
                )
                for i in range(count)
            )

    return make


def _meeting_rows(what: str) -> Callable[[Database], Awaitable[list[DueRow]]]:
    async def rows(db: Database) -> list[DueRow]:
        now = datetime.now(UTC)
        return [row for one in await MeetingRepository(db).active() for row in firings(one, now, what)]

    return rows


def _meeting_id(reply_kind: str) -> Callable[[dict[str, Any]], int | None]:
    return lambda data: int(data["series"]) if data.get("kind") == reply_kind else None


def _meeting_contract(what: str, reply_kind: str) -> Contract:
    return Contract(
        _meetings(what),
        _meeting_rows(what),
        _meeting_id(reply_kind),
        lambda bench: DueEngine(bench.app.services, bench.clock, [MeetingKind(bench.app.services, what)]),
    )


CONTRACTS: dict[str, Contract] = {
    PERSONAL: Contract(_make_reminders, _reminder_rows, _reminder_id, _engine(PersonalReminderKind)),
    ROUND_KIND: Contract(
        _checkins(scheduled=True),
        lambda db: round_rows(CheckinRepository(db)),
        lambda data: None,
        _engine(CheckinRoundKind),
        done=_rounds_started,
        mine=lambda key: ":start" in key,
    ),
    DM_KIND: Contract(
        _checkins(),
        lambda db: dm_rows(CheckinRepository(db)),
        _checkin_message("checkin"),
        _engine(CheckinDmKind),
        begin=_claim_dm,
    ),
    CHECKIN_REMINDER: Contract(
        _checkins(sent=True, reminder=True),
        lambda db: checkin_reminder_rows(CheckinRepository(db)),
        _checkin_message("checkin_reminder"),
        _engine(CheckinReminderKind),
        begin=_claim_checkin_reminder,
    ),
    DIGEST_KIND: Contract(
        _checkins(closed=True),
        lambda db: digest_rows(CheckinRepository(db)),
        _checkin_message("checkin_digest"),
        _engine(CheckinDigestKind),
        begin=_claim_digest,
    ),
    OUTBOX: Contract(
        _make_owed_replies,
        _no_rows,
        lambda data: None,
        _outbox_engine,
        user=lambda name: f"slack:U{name.upper()}",
        slack=True,
        failure="fatal_error",
    ),
    DEADLINE_KIND: Contract(
        lambda db, count, lane, due: _make_surveys(db, count, lane, due, reminder=False),
        _deadline_rows,
        _survey_id("survey_closed"),
        _engine(SurveyDeadlineKind),
        begin=_close_survey,
    ),
    SURVEY_REMINDER: Contract(
        lambda db, count, lane, due: _make_surveys(db, count, lane, due, reminder=True),
        _survey_reminder_rows,
        _survey_id("survey_reminder"),
        _engine(SurveyReminderKind),
        begin=_claim_survey_reminder,
    ),
    REMINDERS: _meeting_contract("reminder", "meeting_reminder"),
    MINUTES: _meeting_contract("minutes", "meeting_minutes"),
}
MESSAGES = sorted(k for k, c in CONTRACTS.items() if c.done is None)
"""The kinds that send a message (the flood and retry tests slow down or break the platform)."""
CLAIMING = sorted(k for k, c in CONTRACTS.items() if c.begin is not None or c.done is None)
"""The kinds whose row left sending is settled ``unknown`` (a round start is taken again: its own test)."""


async def _done(contract: Contract, bench: Bench) -> Counter[int]:
    """How many times each row's work was done: its messages delivered (a message no row of the kind
    explains counts as row 0), or its change in the domain."""
    if contract.done is not None:
        return await contract.done(bench.app.db)
    return Counter(row or 0 for _, row in contract.sent(bench))


async def _items(bench: Bench, kind: str) -> list[DueItem]:
    """The kind's rows the test made (`Contract.mine`)."""
    mine = CONTRACTS[kind].mine
    return [i for i in await bench.app.services.due_work.items(kind) if mine(i.key)]


@pytest.fixture
async def bench(
    request: pytest.FixtureRequest, database_url: str, clock: FakeClock, shared_search: SharedSearch
) -> AsyncIterator[Bench]:
    """The app for the kind the test runs for (``indirect``): Slack's kinds on Slack, others: console."""
    kind: str = request.param
    if CONTRACTS[kind].slack:
        # always the leader, as a dialogue: no resync loop wakes its own engine beside the tests' engines
        async with open_slack(database_url, clock, shared_search, elect=False) as slack:
            yield Bench(kind, slack.app, clock, slack=slack)
        return
    async with open_dialogue(database_url, clock, migrate=False, search=shared_search) as dialogue:
        yield Bench(kind, dialogue.app, clock, console=dialogue.notifier)


EVERY_KIND = pytest.mark.parametrize("bench", sorted(CONTRACTS), indirect=True)


@pytest.mark.parametrize("bench", [OUTBOX], indirect=True)
def test_every_registered_kind_has_a_contract(bench: Bench) -> None:
    """Those of the core and those a platform adds (`PlatformAdapter.due_kinds`: Slack's outbox)."""
    assert bench.app.due is not None
    assert set(bench.app.due.kinds) == set(CONTRACTS)


def _lanes(kind: str, n: int) -> Callable[[int], str]:
    user = CONTRACTS[kind].user
    return lambda i: user(f"u{i % n}")


class _SlowNotifier(RecordingNotifier):
    """Each send takes `SEND`, as a real platform's does."""

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        await asyncio.sleep(SEND)
        await super().send_direct(user_key, reply)

    async def send(self, place: Place, reply: Reply) -> None:
        await asyncio.sleep(SEND)
        await super().send(place, reply)


@EVERY_KIND
async def test_a_dead_owners_claim_is_retaken_once_it_expires_and_sent_once(bench: Bench) -> None:
    kind, contract = bench.kind, CONTRACTS[bench.kind]
    await contract.make(bench.app.db, 3, _lanes(kind, 3), NOW)
    engine = contract.engine(bench)
    await engine.sync(kind)
    repo: DueWorkRepository = bench.app.services.due_work
    lease = engine.policy.lease
    taken = await repo.claim(NOW, "dead-process", lease, [kind])  # claimed, then the process died
    assert len(taken) == 3
    bench.clock.set(NOW + lease - timedelta(seconds=1))
    assert await engine.process(bench.clock()) == 0 and not await _done(contract, bench)
    bench.clock.set(NOW + lease)
    assert await engine.process(bench.clock()) == 3
    assert await engine.process(bench.clock()) == 0
    assert await _done(contract, bench) == Counter({1: 1, 2: 1, 3: 1})
    items = await _items(bench, kind)
    assert [(i.state, i.attempts) for i in items] == [("sent", 2)] * 3
    void = await repo.mark_many([items[0].id], "dead-process", "sent", NOW)
    assert void == 0  # the dead owner's mark is void


@pytest.mark.parametrize("bench", CLAIMING, indirect=True)
async def test_a_row_left_sending_by_a_dead_owner_is_never_resent_but_settled_unknown(
    bench: Bench, caplog: pytest.LogCaptureFixture
) -> None:
    kind, contract = bench.kind, CONTRACTS[bench.kind]
    await contract.make(bench.app.db, 3, _lanes(kind, 3), NOW)
    engine = contract.engine(bench)
    await engine.sync(kind)
    repo: DueWorkRepository = bench.app.services.due_work
    lease = engine.policy.lease
    taken = await repo.claim(NOW, "dead-process", lease, [kind])
    begun = await repo.start_sending([taken[0].id], "dead-process", NOW, lease)  # then killed mid-send
    assert begun == {taken[0].id}
    if contract.begin is not None:  # its send began in the domain (the kind's domain row was claimed)
        assert await contract.begin(bench, taken[0])
    assert await repo.start_sending([taken[0].id], "dead-process", NOW, lease) == set()  # once only
    assert await repo.earliest([kind]) == NOW + lease
    bench.clock.set(NOW + lease - timedelta(seconds=1))
    assert await engine.process(bench.clock()) == 0 and not await _done(contract, bench)
    bench.clock.set(NOW + lease)
    with caplog.at_level(logging.WARNING, logger="focbot.due"):
        assert await engine.process(bench.clock()) == 2  # the two merely claimed are retaken and sent
        assert await engine.process(bench.clock() + timedelta(hours=1)) == 0
        assert await contract.engine(bench).process(bench.clock() + timedelta(hours=1)) == 0
    assert await _done(contract, bench) == Counter({2: 1, 3: 1})
    items = await repo.items(kind)
    assert [(i.state, i.attempts) for i in items] == [("unknown", 1), ("sent", 2), ("sent", 2)]
    assert items[0].claim_owner is None and items[0].done_at == NOW + lease
    void = await repo.mark_many([items[0].id], "dead-process", "sent", NOW)
    assert void == 0  # the dead owner's mark is void
    assert len([r for r in caplog.records if "died mid-send" in r.getMessage()]) == 1  # logged once
    text = bench.app.metrics.render().decode()
    assert f'focbot_due_done_total{{kind="{kind}",outcome="unknown"}} 1.0' in text
    assert (await due_summary(bench.app))[kind]["pending"] == 0


@pytest.mark.parametrize("bench", [DM_KIND, CHECKIN_REMINDER, DIGEST_KIND], indirect=True)
async def test_a_checkin_row_left_sending_before_its_domain_row_was_claimed_is_sent_once(
    bench: Bench,
) -> None:
    """The kind proves the send never began (its participant, reminder count or digest is still
    unclaimed): taken again."""
    kind, contract = bench.kind, CONTRACTS[bench.kind]
    assert contract.begin is not None
    await contract.make(bench.app.db, 2, _lanes(kind, 2), NOW)
    engine = contract.engine(bench)
    await engine.sync(kind)
    repo: DueWorkRepository = bench.app.services.due_work
    lease = engine.policy.lease
    taken = await repo.claim(NOW, "dead-process", lease, [kind])
    await repo.start_sending([i.id for i in taken], "dead-process", NOW, lease)
    assert await contract.begin(bench, taken[0])  # the first began
    bench.clock.set(NOW + lease)
    assert await engine.process(bench.clock()) == 1
    assert await engine.process(bench.clock() + timedelta(hours=1)) == 0
    assert [row for _, row in contract.sent(bench)] == [2]
    assert [i.state for i in await repo.items(kind)] == ["unknown", "sent"]


@pytest.mark.parametrize("bench", [ROUND_KIND], indirect=True)
async def test_a_round_start_left_sending_by_a_dead_owner_is_taken_again_and_made_once(bench: Bench) -> None:
    """A start is made once by the database (the round's unique date, the schedule's compare-and-set):
    a row left sending is taken again, and finds done what the dead owner did."""
    contract = CONTRACTS[ROUND_KIND]
    await contract.make(bench.app.db, 2, _lanes(ROUND_KIND, 2), NOW)
    engine = contract.engine(bench)
    await engine.sync(ROUND_KIND)
    repo: DueWorkRepository = bench.app.services.due_work
    lease = engine.policy.lease
    taken = await repo.claim(NOW, "dead-process", lease, [ROUND_KIND])
    await repo.start_sending([i.id for i in taken], "dead-process", NOW, lease)
    first = await bench.app.services.checkins.get(int(taken[0].payload["checkin"]))
    assert first is not None and first.next_round_on is not None  # the dead owner had started the first
    await CheckinService(bench.app.services).start_scheduled(first, first.next_round_on, NOW)
    bench.clock.set(NOW + lease)
    assert await engine.process(bench.clock()) == 1  # the second started; the first found done
    assert await engine.process(bench.clock() + timedelta(hours=1)) == 0
    assert await _done(contract, bench) == Counter({1: 1, 2: 1})
    assert [i.state for i in await _items(bench, ROUND_KIND)] == ["dropped", "sent"]


@EVERY_KIND
async def test_rows_whose_claim_was_lost_before_their_round_are_not_sent(bench: Bench) -> None:
    kind, contract = bench.kind, CONTRACTS[bench.kind]
    await contract.make(bench.app.db, 2, _lanes(kind, 2), NOW)
    engine = contract.engine(bench)
    await engine.sync(kind)
    repo: DueWorkRepository = bench.app.services.due_work
    lease = engine.policy.lease
    stale = await repo.claim(NOW, "slow-process", lease, [kind])  # its claim expires before its round
    bench.clock.set(NOW + lease)
    assert await engine.process(bench.clock()) == 2  # another engine retakes and sends them
    assert await repo.start_sending([i.id for i in stale], "slow-process", bench.clock(), lease) == set()
    assert await _done(contract, bench) == Counter({1: 1, 2: 1})


@pytest.mark.parametrize("bench", MESSAGES, indirect=True)
async def test_one_retry_policy_then_failed_for_good(bench: Bench) -> None:
    """Backoff 1, 2, 4 minutes; failed after ``max_attempts``, except a kind owed until delivered (the
    Slack outbox: ``max_attempts = None``), which keeps being retried."""
    kind, contract = bench.kind, CONTRACTS[bench.kind]
    await contract.make(bench.app.db, 1, _lanes(kind, 1), NOW + timedelta(minutes=1))
    policy = Policy(max_attempts=3)
    the_kind = contract.engine(bench).kinds[kind]
    engine = DueEngine(bench.app.services, bench.clock, [the_kind], policy=policy)
    await engine.sync(kind)
    contract.fail(bench)
    at = NOW + timedelta(minutes=1)
    for attempt, backoff in [(1, 1), (2, 2)]:
        bench.clock.set(at)
        await engine.process(at)
        (item,) = await bench.app.services.due_work.items(kind)
        assert (item.state, item.attempts) == ("retry", attempt)
        assert item.due_at == at + timedelta(minutes=backoff) and contract.failure in (item.last_error or "")
        at = item.due_at
    bench.clock.set(at)
    await engine.process(at)
    (item,) = await bench.app.services.due_work.items(kind)
    if policy.attempts_of(the_kind) is None:  # owed until delivered: still waiting, not failed
        assert (item.state, item.attempts, item.due_at) == ("retry", 3, at + timedelta(minutes=4))
        assert (await due_summary(bench.app))[kind]["failed"] == 0
        return
    assert (item.state, item.attempts) == ("failed", 3) and contract.sent(bench) == []
    summary = await due_summary(bench.app)
    assert summary[kind] == {"pending": 0, "oldest_seconds": 0.0, "failed": 1}
    text = bench.app.metrics.render().decode()
    assert f'focbot_due_failed_total{{kind="{kind}"}} 1.0' in text


class _Refused:
    """A kind whose platform refuses with a moment to come back (429 Retry-After), then takes it."""

    def __init__(self, name: str, wait: timedelta, *, max_attempts: int | None) -> None:
        self.name = name
        self.wait = wait
        self.max_attempts = max_attempts
        self.sent: list[str] = []

    async def produce(self, now: datetime, scope: str | None = None) -> list[DueRow]:
        return [DueRow(self.name, "one", "console:ana", NOW)]

    async def send(self, item: DueItem, now: datetime) -> str:
        if item.attempts < 3:
            raise RetryLater(now + self.wait, "429: Retry-After")
        self.sent.append(item.key)
        return "sent"

    async def began(self, item: DueItem) -> bool:
        return True

    async def settled(self, item: DueItem, outcome: str, now: datetime) -> list[DueRow]:
        return []


@pytest.mark.parametrize("bench", [PERSONAL], indirect=True)
async def test_a_send_that_asks_for_a_later_retry_waits_at_least_that_long(bench: Bench) -> None:
    """`RetryLater`: the row waits for the later of its moment and the backoff (1 minute here)."""
    for wait, expected in [(timedelta(minutes=10), timedelta(minutes=10)), (timedelta(seconds=5), None)]:
        kind = _Refused(f"refused-{wait.total_seconds():g}", wait, max_attempts=None)  # never failed
        engine = DueEngine(bench.app.services, bench.clock, [kind], policy=Policy(max_attempts=2))
        await engine.sync(kind.name)
        bench.clock.set(NOW)
        await engine.process(NOW)
        (item,) = await bench.app.services.due_work.items(kind.name)
        assert (item.state, item.attempts) == ("retry", 1) and "429" in (item.last_error or "")
        assert item.due_at == NOW + (expected or engine.policy.retry_after(1))
        for _ in range(2):  # past the policy's 2 attempts: the kind's own limit (None) holds
            bench.clock.set(item.due_at)
            await engine.process(item.due_at)
            (item,) = await bench.app.services.due_work.items(kind.name)
        assert (item.state, item.attempts) == ("sent", 3) and kind.sent == ["one"]


@pytest.mark.parametrize("bench", [PERSONAL], indirect=True)
async def test_a_start_releases_claims_puts_drops_and_purges_what_changed(bench: Bench) -> None:
    """At each election (a lone SQLite process, as this app): a killed run's claims are released, a row
    the domain wants again is put, one it no longer wants dropped, final rows settled over 30 days ago
    purged (newer ones kept); rows already as the domain wants them are left as they are."""
    engine, repo, db = bench.app.due, bench.app.services.due_work, bench.app.db
    assert engine is not None and engine.alone
    await _make_reminders(db, 4, _lanes(PERSONAL, 4), NOW + timedelta(hours=1))
    await engine.sync(PERSONAL)
    held, kept, gone, lost = await repo.items(PERSONAL)
    assert [
        i.id
        for i in await repo.claim(NOW + timedelta(hours=1), "killed", timedelta(hours=1), [PERSONAL], limit=1)
    ] == [held.id]
    async with db.transaction() as s:
        await s.execute(delete(PersonalReminder).where(PersonalReminder.id == gone.payload["id"]))
        await s.execute(delete(DueWork).where(DueWork.id == lost.id))  # wanted again: put at start
        for key, days in (("old", 31), ("recent", 29)):
            values = {"kind": PERSONAL, "key": key, "recipient": "console:u0", "due_at": NOW, "state": "sent"}
            await s.execute(
                insert(DueWork).values(**values, created_at=NOW, done_at=NOW - timedelta(days=days))
            )
    bench.clock.set(NOW)
    await engine.start()
    items = {i.key: i for i in await repo.items(PERSONAL)}
    assert set(items) == {held.key, kept.key, gone.key, lost.key, "recent"}  # the old one purged
    assert (items[held.key].state, items[held.key].claim_expires) == ("claimed", NOW)  # retaken at once
    assert (items[kept.key].state, items[kept.key].id) == ("pending", kept.id)
    assert (items[gone.key].state, items[gone.key].done_at) == ("dropped", NOW)
    assert items[lost.key].state == "pending" and items[lost.key].id != lost.id


@EVERY_KIND
async def test_the_backlog_per_kind_on_metrics_and_healthz(bench: Bench) -> None:
    kind, contract = bench.kind, CONTRACTS[bench.kind]
    bench.clock.set(NOW + timedelta(seconds=30))  # rows due on a whole minute: every kind can make them
    await contract.make(bench.app.db, 2, _lanes(kind, 2), NOW)
    await contract.make(bench.app.db, 1, _lanes(kind, 1), NOW + timedelta(hours=1))
    assert bench.app.due is not None
    await bench.app.due.sync(kind)
    summary = await due_summary(bench.app)
    assert summary[kind] == {"pending": 3, "oldest_seconds": 30.0, "failed": 0}
    text = bench.app.metrics.render().decode()
    assert f'focbot_due_pending{{kind="{kind}"}} 3.0' in text
    assert f'focbot_due_oldest_pending_seconds{{kind="{kind}"}} 30.0' in text
    assert f'focbot_due_failed_total{{kind="{kind}"}} 0.0' in text


# -- the heavy tests: ONE run per backend over rows of EVERY contract (a kind added to CONTRACTS is covered
# with no extra run), asserted per kind ---------------------------------------------------------------------


@pytest.fixture
async def every(database_url: str, clock: FakeClock, shared_search: SharedSearch) -> AsyncIterator[Bench]:
    """One app where every kind delivers: Slack against its fake, and the console, recorded."""
    async with open_slack(database_url, clock, shared_search, elect=False) as slack:
        console = RecordingNotifier()
        slack.app.notifier.register("console", console)
        yield Bench("*", slack.app, clock, console=console, slack=slack)


async def _make_every_kind(
    db: Database,
    total: int,
    lanes: Callable[[str], Callable[[int], str]],
    due: datetime,
    kinds: Iterable[str],
) -> int:
    """``total`` rows split evenly over ``kinds`` (at least one each), made through each kind's domain in
    the lanes ``lanes(kind)`` names; returns how many each kind has."""
    kinds = list(kinds)
    each = max(total // len(kinds), 1)
    for kind in kinds:
        await CONTRACTS[kind].make(db, each, lanes(kind), due)
    return each


def _every_kind_engine(bench: Bench, kinds: Iterable[str] = CONTRACTS) -> DueEngine:
    """One engine with every kind of ``kinds``, as the app's (each kind built by its contract)."""
    found = [k for kind in kinds for k in CONTRACTS[kind].engine(bench).kinds.values()]
    return DueEngine(bench.app.services, bench.clock, found)


def _ours(kind: str, items: Iterable[DueItem], until: datetime) -> list[DueItem]:
    """The kind's rows of a mixed burst: those it made (`Contract.mine`), due by ``until`` (not the later
    rows made beside them: a started round's close, the minutes of a call whose reminder is due)."""
    mine = CONTRACTS[kind].mine
    return [i for i in items if mine(i.key) and i.due_at <= until]


def _count(contract: Contract, sent: Iterable[tuple[str, int | None]]) -> Counter[int]:
    return Counter(row for _, row in sent if row is not None)


async def _delivered_per_kind(bench: Bench) -> dict[str, Counter[int]]:
    """How many times each row of each kind was delivered (or its change made)."""
    return {
        kind: await c.done(bench.app.db) if c.done is not None else _count(c, c.sent(bench))
        for kind, c in CONTRACTS.items()
    }


def _stray(bench: Bench) -> list[dict[str, Any]]:
    """Console messages no contract explains (a kind sending what it was not asked to)."""
    return [
        n.reply.data
        for n in bench.notifier.sent
        if all(c.which(n.reply.data) is None for c in CONTRACTS.values())
    ]


BURST = 1000
"""The burst: 1,000 rows due in one second, split over the kinds."""


@pytest.mark.slow  # 1,000 real sends through every kind's domain
async def test_a_burst_of_1000_due_in_one_second_is_delivered_once_by_two_racing_engines(
    every: Bench,
) -> None:
    each = await _make_every_kind(every.app.db, BURST, lambda kind: _lanes(kind, 40), NOW, CONTRACTS)
    one, two = _every_kind_engine(every), _every_kind_engine(every)
    await one.sync()
    every.clock.set(NOW + timedelta(milliseconds=900))  # all due within the same second
    started = time.monotonic()
    sent = await asyncio.gather(one.process(every.clock()), two.process(every.clock()))
    elapsed = time.monotonic() - started
    assert sum(sent) == each * len(CONTRACTS), sent
    delivered = await _delivered_per_kind(every)
    for kind in CONTRACTS:
        assert len(delivered[kind]) == each, (kind, len(delivered[kind]))  # every row of every kind
        assert set(delivered[kind].values()) == {1}, kind  # exactly once
        states = Counter(i.state for i in _ours(kind, await every.app.services.due_work.items(kind), NOW))
        assert states == {"sent": each}, (kind, states)
    assert _stray(every) == []
    log.warning(f"{sum(sent)} rows of {len(CONTRACTS)} kinds by two racing engines in {elapsed:.2f} s")
    assert elapsed < 60, elapsed  # measured: see the report


FLOOD = 60
"""Mallory's flood, split over the kinds that send: over a second of sends in her console lane (48 rows of
10 ms sends and their marks; ana's lane waits for none of it: one row per lane per round)."""


@pytest.mark.slow  # over a second of slowed sends
async def test_one_lanes_flood_does_not_delay_another_lane_by_a_second(every: Bench) -> None:
    for kind in MESSAGES:
        CONTRACTS[kind].slow(every)
    each = await _make_every_kind(
        every.app.db, FLOOD, lambda kind: lambda i: CONTRACTS[kind].user("mallory"), NOW, MESSAGES
    )
    await _make_every_kind(
        every.app.db,
        len(MESSAGES),
        lambda kind: lambda i: CONTRACTS[kind].user("ana"),
        NOW + timedelta(milliseconds=1),
        MESSAGES,
    )
    engine = _every_kind_engine(every, MESSAGES)
    await engine.sync()
    every.clock.set(NOW + timedelta(seconds=1))
    seen: dict[str, float] = {}
    started = time.monotonic()

    def to_ana(kind: str) -> bool:
        contract = CONTRACTS[kind]
        return any(t == contract.user("ana") and row is not None for t, row in contract.sent(every))

    async def watch() -> None:
        while len(seen) < len(MESSAGES):
            for kind in MESSAGES:
                if kind not in seen and to_ana(kind):
                    seen[kind] = time.monotonic() - started
            await asyncio.sleep(0.005)

    watcher = asyncio.ensure_future(watch())
    assert await engine.process(every.clock()) == (each + 1) * len(MESSAGES)
    elapsed = time.monotonic() - started
    await asyncio.wait_for(watcher, 1)
    assert max(seen.values()) < 1.0, seen  # every kind's row to ana within a second of the flood starting
    anas = {CONTRACTS[kind].user("ana") for kind in MESSAGES}
    posts = [target for target, _ in CONTRACTS[OUTBOX].sent(every)]
    for targets in ([n.target for n in every.notifier.sent], posts):  # one row per lane per round:
        at = [i for i, target in enumerate(targets) if target in anas]  # ana's each beside one of mallory's
        assert at and all(i <= 2 * j + 1 for j, i in enumerate(at)), at
    delivered = await _delivered_per_kind(every)
    for kind in MESSAGES:
        assert sorted(delivered[kind].values()) == [1] * (each + 1), (kind, delivered[kind])
    assert _stray(every) == []
    log.warning(
        f"a flood of {each * len(MESSAGES)}: ana's within {max(seen.values()):.2f} s, all {elapsed:.2f} s"
    )


# -- real processes: kill -9 and leader failover, ONE run per backend over rows of every kind ---------------


def _on(url: str, read: Callable[[Database], Awaitable[Any]]) -> Any:
    async def run() -> Any:
        db = Database.connect(url)
        try:
            return await read(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


def _make_due_now(url: str, total: int) -> tuple[int, datetime]:
    """``total`` rows split over every kind, due a second ago, and their due-work rows (as a command on any
    replica writes them); returns how many each kind has, and the moment they were made."""
    now = datetime.now(UTC)

    async def make(db: Database) -> int:
        each = await _make_every_kind(
            db, total, lambda kind: _lanes(kind, 20), now - timedelta(seconds=1), CONTRACTS
        )
        for contract in CONTRACTS.values():
            await DueWorkRepository(db).put(await contract.rows(db), now)
        return each

    return _on(url, make), now


def _burst(url: str, until: datetime) -> dict[str, list[DueItem]]:
    """Each kind's rows of the burst (`_ours`)."""

    async def read(db: Database) -> dict[str, list[DueItem]]:
        repo = DueWorkRepository(db)
        return {kind: _ours(kind, await repo.items(kind), until) for kind in CONTRACTS}

    return _on(url, read)


def _settled(url: str, until: datetime, each: int) -> bool:
    """Every row of every kind final: sent, dropped, or unknown (its owner was killed mid-send; never
    resent)."""
    return all(
        len(items) == each and {i.state for i in items} <= {"sent", "dropped", "unknown"}
        for items in _burst(url, until).values()
    )


def _delivered(url: str, fake: FakeSlack, *bots: BotProcess) -> dict[str, Counter[int]]:
    """Per kind, each row's messages the ``bots`` printed or the fake Slack received (or its changes in
    the database)."""
    notices = [line.get("data") or {} for bot in bots for line in bot.notifications()]
    posts = [_slack_sent(c.args) for c in list(fake.calls) if c.method == "chat.postMessage"]
    found: dict[str, Counter[int]] = {}
    for kind, contract in CONTRACTS.items():
        if contract.done is not None:
            found[kind] = _on(url, contract.done)
        elif contract.slack:
            found[kind] = _count(contract, posts)
        else:
            found[kind] = _count(contract, (("", contract.which(data)) for data in notices))
    return found


def _sending(fake: FakeSlack, bot: BotProcess) -> bool:
    """``bot`` has begun the burst: a message printed or posted."""
    return bool(bot.notifications()) or bool(fake.of("chat.postMessage"))


def _assert_at_most_once(
    delivered: dict[str, Counter[int]], burst: dict[str, list[DueItem]], each: int
) -> None:
    """Per kind: no row sent twice; none lost: every row sent, except the sends in flight at the kill (at
    most one round: a row per lane), settled ``unknown`` (or dropped by a kind that checks its own claim)."""
    uncertain = 0
    for kind in CONTRACTS:
        states = Counter(i.state for i in burst[kind])
        repeats = sum(n - 1 for n in delivered[kind].values())
        log.warning(f"{kind}: delivered {len(delivered[kind])}, repeats {repeats}, states {dict(states)}")
        assert repeats == 0, (kind, repeats, states)
        lost = states["unknown"] + states["dropped"]
        assert states["sent"] >= each - lost, (kind, states)
        assert each - lost <= len(delivered[kind]) <= each, (kind, len(delivered[kind]), states)
        uncertain += lost
    lanes = {i.recipient for items in burst.values() for i in items}
    assert uncertain <= len(lanes), (uncertain, len(lanes))


FAST = {"FOCBOT_TIMER_RESYNC_SECONDS": "0.5", "FOCBOT_DUE_LEASE_SECONDS": "3"}


@contextmanager
def _slack() -> Iterator[tuple[dict[str, str], FakeSlack]]:
    """The bot processes' Slack settings (HTTP mode, beside their console), and the fake Slack they post to:
    every kind delivers."""
    with fake_slack_in_a_thread() as fake:
        yield (
            {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url},
            fake,
        )


@pytest.mark.slow
def test_kill_9_of_the_leader_mid_burst_then_the_standby_delivers_the_rest(
    pg_database_url: str, tmp_path: Path
) -> None:
    url = pg_database_url
    with _slack() as (env, fake):
        leader = BotProcess.replica("leader", url, tmp_path, **FAST, **env)
        leader.wait_role("leader")
        standby = BotProcess.replica("standby", url, tmp_path, **FAST, **env)
        try:
            standby.wait_role("standby")
            each, made = _make_due_now(url, 400)
            wait_for(lambda: _sending(fake, leader), 30, "the leader to start sending")
            leader.kill()
            standby.wait_role("leader", timeout=15)
            wait_for(lambda: _settled(url, made, each), 60, "every row settled")
            delivered = _delivered(url, fake, leader, standby)
            burst = _burst(url, made)
        finally:
            leader.close()
            standby.close()
    _assert_at_most_once(delivered, burst, each)


@pytest.mark.slow
def test_kill_9_of_a_lone_sqlite_process_mid_burst_then_a_restart_delivers_the_rest(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'due.db'}"
    with _slack() as (env, fake):
        setup = BotProcess.replica("setup", url, tmp_path, **FAST, **env)  # migrates the database
        setup.wait_role("leader")
        setup.close()
        each, made = _make_due_now(url, 300)  # due while down: sent at start
        first = BotProcess.replica("first", url, tmp_path, **FAST, **env)
        try:
            wait_for(lambda: _sending(fake, first), 30, "the first process to start sending")
            first.kill()
            by_first = sum(sum(found.values()) for found in _delivered(url, fake, first).values())
            second = BotProcess.replica("second", url, tmp_path, **FAST, **env)
            try:
                wait_for(lambda: _settled(url, made, each), 60, "every row settled")
                delivered = _delivered(url, fake, first, second)
                burst = _burst(url, made)
            finally:
                second.close()
        finally:
            first.close()
    _assert_at_most_once(delivered, burst, each)
    assert by_first < each * len(CONTRACTS)  # it was killed mid-burst
