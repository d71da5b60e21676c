"""Who may run what: an explicit table for every command in the catalog, checked by the access rules and
through the real dispatcher. A new command (or a new admin form) without a row here fails."""

from __future__ import annotations

import re

import pytest

from handlers.args import split_command
from handlers.catalog import all_commands
from handlers.core import Status
from handlers.registry import Access, CommandSpec
from tests.support.dialogue import Dialogue

ADMIN, ANYONE = Access.ADMIN, Access.ANYONE

# command -> (a command line, who may run it). Every command needs rows; admin forms all of theirs.
TABLE: dict[str, list[tuple[str, Access]]] = {
    "help": [("help", ANYONE), ("help activity", ANYONE), ("? admin", ANYONE)],
    "ask": [("ask rapid response mechanism", ANYONE), ("search troika status done", ANYONE)],
    "activity": [
        ("activity 3B.3", ANYONE),
        ("activity 1A.2 status done", ADMIN),
        ("activity 1A.2 STATUS in progress", ADMIN),
        ("activity 1A.2 lead Jane Doe", ADMIN),
        ("activity 1A.2 due 2027-01-31", ADMIN),
        ("activity 1A.2 note POCs named", ADMIN),
        ("activity 1A.2 set status=done lead=Jane Doe", ADMIN),
        ("activity status 1A.2", ANYONE),
    ],
    "activities": [("activities", ANYONE), ("activities status done", ANYONE), ("activities goal 3", ANYONE)],
    "goal": [("goal", ANYONE), ("goals 2", ANYONE)],
    "objective": [("objective 3B", ANYONE), ("objectives", ANYONE)],
    "taskforce": [("taskforce", ANYONE), ("taskforce TFAIR", ANYONE)],
    "statement": [("statement", ANYONE), ("statement 2020", ANYONE)],
    "network": [("network", ANYONE), ("network Geneva", ANYONE), ("network Geneva poc Jane Doe", ADMIN)],
    "member": [("member", ANYONE), ("member Estonia", ANYONE)],
    "chairs": [("chairs", ANYONE)],
    "troika": [("troika", ANYONE), ("troika set past=Canada current=Estonia next=Germany", ADMIN)],
    "meeting": [
        ("meeting list", ANYONE),
        ("meetings", ANYONE),
        ("meeting next", ANYONE),
        ("meeting next 1 10", ANYONE),
        ("meeting show 1", ANYONE),
        ("meeting ics 1", ANYONE),
        ("meeting rsvp 1 yes", ANYONE),
        ("meeting rsvp 1 2027-02-09 maybe", ANYONE),
        ("meeting plan participants=Estonia,Canada rrule=FREQ=MONTHLY;BYDAY=2TU start=2027-01-01", ANYONE),
        (
            'meeting new "Troika call" kind=troika rrule="FREQ=WEEKLY;INTERVAL=4;BYDAY=TU" start=2027-01-12 '
            "at=15:00 tz=Europe/Zurich participants=Estonia,Switzerland reminders=24h,1h",
            ADMIN,
        ),
        ('meeting new "Troika call" every second Tuesday at 15:00 Zurich time participants=Estonia', ADMIN),
        ("meeting confirm 1 yes", ADMIN),
        ("meeting skip 1 2027-02-09", ADMIN),
        ("meeting move 1 2027-03-09 to=2027-03-10 at=16:00", ADMIN),
        ("meeting cancel 1 2027-03-09", ADMIN),
        ("meeting CANCEL 1", ADMIN),
        ("meeting show troika call", ANYONE),
        ("meeting rsvp troika call 2027-02-09 no", ANYONE),
        ("meeting edit 1 at=16:00", ADMIN),
        ("meeting edit troika call participants=New Zealand,troika location=Geneva", ADMIN),
        ("meeting EDIT 1 title=Troika", ADMIN),
        ("meeting edit", ADMIN),
    ],
    "tz": [
        ("tz", ANYONE),
        ("tz Europe/Tallinn", ANYONE),
        ("timezone America/New_York", ANYONE),
        ("tz for slack:U0123ABC Europe/Tallinn member=Estonia", ADMIN),
    ],
    # Anyone may set reminders; aiming one at a place or person they do not share, or cancelling someone
    # else's, is refused by the command itself, not by an admin check: see tests/test_personal_reminders.py.
    "remind": [("remind me in 2 minutes to call Accra", ANYONE), ("remind #general in 1h to x", ANYONE)],
    "reminders": [("reminders", ANYONE)],
    "reminder": [
        ("reminder cancel 1", ANYONE),
        ("reminder stop 1", ANYONE),
        ("reminder snooze 1 10m", ANYONE),
    ],
    # Answering is for the survey's audience: others get a refusal from the survey itself (an error
    # naming who may answer), not an admin check; see tests/test_surveys.py.
    # Answering is for the round's participants: others get an error from the check-in itself.
    "checkin": [
        ("checkin", ANYONE),
        ("checkins", ANYONE),
        ("checkin list", ANYONE),
        ("checkin show 1", ANYONE),
        ("checkin answer 1 1=1", ANYONE),
        ("checkin new quarterly-update to=Japan,Canada", ADMIN),
        ("checkin new quarterly-update network=geneva rrule=FREQ=MONTHLY at=10:00 digest=here", ADMIN),
        ("checkin open 1", ADMIN),
        ("checkin close 1", ADMIN),
        ("checkin reopen 1 1", ADMIN),
        ("checkin pause 1", ADMIN),
        ("checkin resume 1", ADMIN),
        ("checkin results 1", ADMIN),
        ("checkin export 1 md", ADMIN),
    ],
    "poll": [("poll 1 2", ADMIN), ("poll", ADMIN), ("poll end", ANYONE), ("poll close", ANYONE)],
    "survey": [
        ("survey list", ANYONE),
        ("surveys", ANYONE),
        ("survey templates", ANYONE),
        ("survey show 1", ANYONE),
        ("survey answer 1 1=1,4", ANYONE),
        ("survey new support-unit", ADMIN),
        ("survey import title: x", ADMIN),
        ("survey open 1 to=alice,bob deadline=2026-12-15 anonymous", ADMIN),
        ("survey status 1", ADMIN),
        ("survey results 1", ADMIN),
        ("survey chart 1 1", ADMIN),
        ("survey export 1", ADMIN),
        ("survey close 1", ADMIN),
    ],
    "roster": [
        ("roster", ANYONE),
        ("roster geneva", ANYONE),
        ("roster geneva add alice,slack:U0123ABC", ADMIN),
        ("roster geneva remove alice", ADMIN),
    ],
    "focal": [
        ("focal", ANYONE),
        ("focal Estonia", ANYONE),
        ("focals United Kingdom", ANYONE),
        ("focal Estonia add console:kadri", ADMIN),
        ("focal United Kingdom ADD slack:U0123ABC", ADMIN),
        ("focal Estonia remove console:kadri", ADMIN),
    ],
    # Admins only: it names governments as inactive (the Support Unit's material for 1B.4).
    "calendar": [("calendar", ANYONE), ("calendar reset", ANYONE)],
    "dashboard": [("dashboard", ANYONE), ("dashboard logout", ANYONE)],
    "participation": [
        ("participation", ADMIN),
        ("participation since 2026-01-01", ADMIN),
        ("participation Estonia", ADMIN),
    ],
    "admin": [
        ("admin list", ADMIN),
        ("admin add console:bob", ADMIN),
        ("admin remove console:bob", ADMIN),
        ("admin", ADMIN),
    ],
}


def _spec(name: str) -> CommandSpec:
    for spec in all_commands():
        if spec.name == name:
            return spec
    raise AssertionError(f"{name} is in the table but not in the catalog")


def _filled(form: str) -> str:
    """A usage form as a command line: ``<id>`` -> ``x``, ``a|b`` -> ``a``, optional brackets dropped."""
    line = re.sub(r"<[^>]*>", "x", form).replace("[", "").replace("]", "")
    return " ".join(word.split("|")[0] for word in line.split() if word != "|")


def test_every_command_in_the_catalog_has_rows() -> None:
    names = [spec.name for spec in all_commands()]
    assert sorted(TABLE) == sorted(names), "add the new command's rows to TABLE (who may run which form)"


@pytest.mark.parametrize(
    ("name", "line", "who"), [(n, line, who) for n, rows in TABLE.items() for line, who in rows]
)
def test_the_access_rule_matches_the_table(name: str, line: str, who: Access) -> None:
    parsed, args = split_command(line)
    spec = _spec(name)
    assert parsed in (spec.name, *spec.aliases)
    assert spec.access(args) is who


@pytest.mark.parametrize("spec", all_commands(), ids=lambda s: s.name)
def test_usage_forms_agree_with_the_rules_and_the_table(spec: CommandSpec) -> None:
    for form in spec.admin_usage:
        assert spec.access(split_command(_filled(form))[1]) is ADMIN, f"`{form}` is listed for admins"
    for form in spec.usage:
        assert spec.access(split_command(_filled(form))[1]) is ANYONE, f"`{form}` is listed for everyone"
    admin_rows = [line for line, who in TABLE[spec.name] if who is ADMIN]
    assert bool(admin_rows) == bool(spec.admin_usage), f"{spec.name}: admin rows and admin_usage disagree"


@pytest.mark.parametrize("spec", all_commands(), ids=lambda s: s.name)
def test_every_declared_form_has_a_row_saying_who_may_run_it(spec: CommandSpec) -> None:
    """The table is checked against the declaration (handlers/declare.py): each form of the command has
    a row, and the row's who is the form's declared access."""
    rows = [(spec.form_of(split_command(line)[1].words), who) for line, who in TABLE[spec.name]]
    for form in spec.forms:
        found = [who for row_form, who in rows if row_form == form]
        assert found, f"{spec.name}: no row in TABLE for `{form.usage(spec.name)}`"
        assert set(found) == {ADMIN if form.admin else ANYONE}, form.usage(spec.name)


async def test_the_dispatcher_refuses_admin_forms_to_others_and_allows_the_rest(bot: Dialogue) -> None:
    for rows in TABLE.values():
        for line, who in rows:
            reply = await bot.say(line, as_="mallory")
            if who is ADMIN:
                assert reply.status is Status.DENIED, line
                assert "Only admins" in reply.text
            else:
                assert reply.status is not Status.DENIED, line
    for rows in TABLE.values():
        for line, _ in rows:
            assert (await bot.say(line, as_="admin")).status is not Status.DENIED, line


async def test_a_refused_edit_changes_nothing(bot: Dialogue) -> None:
    before = (await bot.say("activity 1A.2")).data
    assert (await bot.say("activity 1A.2 status dropped", as_="mallory")).status is Status.DENIED
    assert (await bot.say("activity 1A.2")).data == before


async def test_poll_is_the_cores_refused_to_others_and_needs_native_polls(bot: Dialogue) -> None:
    """`poll` is a declared command: a non-admin is refused by the core before anything runs, and on a
    platform without native polls (the console) an admin is told why it cannot be."""
    denied = await bot.say("poll 1 2", as_="mallory")
    assert denied.status is Status.DENIED and "Only admins may run `poll 1 2`" in denied.text

    refused = await bot.say("poll 1 2", as_="admin")
    assert refused.status is Status.ERROR
    assert "native polls" in refused.text and refused.data["field"] == "platform"
    ended = await bot.say("poll end", as_="mallory")
    assert ended.status is Status.ERROR and "native polls" in ended.text
