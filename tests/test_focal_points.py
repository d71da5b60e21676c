"""`focal`: focal points per member country, added and removed by admins, listed for everyone."""

from __future__ import annotations

from sqlalchemy import func, select

from handlers.core import Actor, Command, Place, Status, Table
from handlers.focal import focal_points_of
from storage.models import FocalPoint
from tests.support.dialogue import Dialogue


async def focal_rows(bot: Dialogue) -> list[tuple[str, str]]:
    async with bot.app.db.transaction() as s:
        rows = (await s.execute(select(FocalPoint.member, FocalPoint.user_key))).all()
    return sorted((str(a), str(b)) for a, b in rows)


async def test_add_list_and_remove_a_console_user(bot: Dialogue) -> None:
    reply = await bot.say("focal Estonia add kadri")
    assert reply.ok, reply.text
    assert reply.data == {"member": "Estonia", "user": "console:kadri", "added": True, "tz": "Europe/Tallinn"}
    assert "the capital's" in reply.text
    assert await focal_rows(bot) == [("Estonia", "console:kadri")]

    listed = await bot.say("focal Estonia", as_="mallory")  # everyone may list them
    assert listed.ok
    assert [(p["member"], p["user"], p["tz"], p["via"]) for p in listed.data["focal_points"]] == [
        ("Estonia", "console:kadri", "Europe/Tallinn", "focal")
    ]
    table = listed.parts[0]
    assert isinstance(table, Table) and table.rows[0][:2] == ("Estonia", "kadri")

    again = await bot.say("focal estonia add console:kadri")
    assert again.ok and again.data["added"] is False and "already" in again.text
    assert await focal_rows(bot) == [("Estonia", "console:kadri")]

    removed = await bot.say("focal Estonia remove kadri")
    assert removed.ok and removed.data["removed"] is True
    assert await focal_rows(bot) == []
    assert (await bot.say("focal Estonia remove kadri")).status is Status.ERROR


async def test_own_zone_wins_over_the_capital(bot: Dialogue) -> None:
    await bot.say("tz America/New_York", as_="kadri")
    reply = await bot.say("focal Estonia add console:kadri")
    assert reply.data["tz"] == "America/New_York"
    [point] = (await bot.say("focal")).data["focal_points"]
    assert point["tz"] == "America/New_York" and point["tz_own"] is True


async def test_users_mapped_with_tz_for_count_as_focal_points(bot: Dialogue) -> None:
    await bot.say("tz for console:alice member=Switzerland")
    await bot.say("focal Canada add slack:U0123ABC")
    await bot.say("focal United Kingdom add @ann:example.org")
    points = (await bot.say("focal")).data["focal_points"]
    assert [(p["member"], p["user"], p["via"], p["tz"]) for p in points] == [
        ("Canada", "slack:U0123ABC", "focal", "America/Toronto"),
        ("Switzerland", "console:alice", "member", "Europe/Zurich"),
        ("United Kingdom", "matrix:@ann:example.org", "focal", "Europe/London"),
    ]
    # the `tz for` mapping is changed with `tz for`, not removed here
    reply = await bot.say("focal Switzerland remove alice")
    assert reply.status is Status.ERROR and "tz for console:alice" in reply.text
    reply = await bot.say("focal Switzerland add alice")
    assert reply.ok and reply.data["added"] is False
    assert await focal_rows(bot) == [
        ("Canada", "slack:U0123ABC"),
        ("United Kingdom", "matrix:@ann:example.org"),
    ]


async def test_platform_forms_of_users(bot: Dialogue) -> None:
    """Slack mentions and bare ids on Slack, `@user:server` on Matrix: the helpers `tz for` uses."""
    slack = Actor("slack", "UADMIN", "Ada")
    matrix = Actor("matrix", "@ada:example.org", "Ada")
    admins = bot.app.services.settings.admins
    object.__setattr__(bot.app.services.settings, "admins", admins | {slack.key, matrix.key})
    for actor, text, key in (
        (slack, "focal Kenya add <@U0KEN|wanjiru>", "slack:U0KEN"),
        (slack, "focal Kenya add U0KEN2", "slack:U0KEN2"),
        (matrix, "focal Japan add @aiko:example.org", "matrix:@aiko:example.org"),
    ):
        reply = await bot.app.handle(Command(actor, Place(actor.platform, "C1"), text))
        assert reply is not None and reply.ok, reply.text if reply else text
        assert reply.data["user"] == key
    # a bare name is a user only in the console
    reply = await bot.app.handle(Command(matrix, Place("matrix", "!r:example.org"), "focal Japan add aiko"))
    assert reply is not None and reply.status is Status.USAGE
    assert len(await focal_rows(bot)) == 3


async def test_bad_input_gets_a_clear_reply_and_stores_nothing(bot: Dialogue) -> None:
    cases = [
        ("focal Narnia add kadri", Status.ERROR, "not a current member", "country"),
        (
            "focal United States add kadri",
            Status.ERROR,
            "not a current member",
            "country",
        ),  # withdrew in 2026
        ("focal Estonia add irc:kadri", Status.USAGE, "is not a user", "user"),
        ("focal Estonia add ka/dri", Status.USAGE, "is not a user", "user"),
        ("focal Estonia add", Status.USAGE, "one country and one user", "user"),
        ("focal add kadri", Status.USAGE, "one country and one user", "user"),
        ("focal Estonia add kadri bob", Status.USAGE, "one country and one user", "user"),
        ("focal Estonia remove kadri", Status.ERROR, "not a focal point", "user"),
        ("focal Narnia", Status.ERROR, "not a current member", "country"),
    ]
    for line, status, words, field in cases:
        await bot.refuses(line, status=status, words=words, field=field, unchanged=("focal_points",))
    denied = await bot.say("focal Estonia add kadri", as_="mallory")
    assert denied.status is Status.DENIED
    async with bot.app.db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(FocalPoint)) == 0


async def test_empty_listing(bot: Dialogue) -> None:
    reply = await bot.say("focal")
    assert reply.ok and reply.data["focal_points"] == [] and "No focal points" in reply.text


async def test_the_audience_method_for_check_ins(bot: Dialogue) -> None:
    """Focal points of all members or of named members, with the zone each one is reached in."""
    await bot.say("tz for console:alice member=Switzerland")
    await bot.say("focal Japan add aiko")
    await bot.say("focal Canada add console:luc")
    await bot.say("tz Pacific/Auckland", as_="luc")
    services = bot.app.services
    everyone = await focal_points_of(services)
    assert [(p.point.member, p.point.user_key, p.timezone) for p in everyone] == [
        ("Canada", "console:luc", "Pacific/Auckland"),
        ("Japan", "console:aiko", "Asia/Tokyo"),
        ("Switzerland", "console:alice", "Europe/Zurich"),
    ]
    named = await focal_points_of(services, ["Japan", "Switzerland"])
    assert [p.point.user_key for p in named] == ["console:aiko", "console:alice"]
    assert await focal_points_of(services, []) == []
