"""Personal calendar feeds over HTTP: `calendar`, the feed's calls against `meeting next`, skips, moves,
RSVPs as PARTSTAT, ETag/304, forged and reset tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import recurring_ical_events
from icalendar import Calendar

from handlers.core import Status
from tests.support.dialogue import Dialogue
from tests.web.support import OTHER_CALL, TROIKA_CALL, TROIKA_PLACE, path_of, web_client

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


async def estonia_focal_point(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    assert (await bot.say("troika set year=2027 past=Germany current=Estonia next=Switzerland")).ok
    assert (await bot.say("focal Estonia add console:kadri")).ok
    assert (await bot.say(TROIKA_CALL)).ok
    assert (await bot.say(TROIKA_PLACE)).ok
    assert (await bot.say(OTHER_CALL)).ok


def starts(body: bytes, until: datetime) -> list[datetime]:
    calendar = Calendar.from_ical(body)
    events = recurring_ical_events.of(calendar).between(JAN_5, until)
    return sorted(e.decoded("dtstart").astimezone(UTC) for e in events)


async def test_the_feed_holds_the_troika_call_as_meeting_next_has_it_and_not_a_call_estonia_is_not_in(
    bot: Dialogue,
) -> None:
    await estonia_focal_point(bot)
    reply = await bot.say("calendar", as_="kadri")
    assert reply.ok and reply.private
    url = reply.data["url"]
    assert url.startswith("http://127.0.0.1:3000/calendar/") and url.endswith(".ics")
    assert reply.data["webcal"].startswith("webcal://127.0.0.1:3000/calendar/")
    assert "Google Calendar" in reply.text and "Outlook" in reply.text
    assert (await bot.say("meeting skip 1 2027-02-09")).ok
    assert (await bot.say("meeting move 1 2027-03-09 to=2027-03-10")).ok
    async with web_client(bot) as web:
        response = await web.get(path_of(url))
        assert response.status == 200
        assert response.content_type == "text/calendar"
        assert "max-age" in response.headers["Cache-Control"]
        assert response.headers["Referrer-Policy"] == "no-referrer"
        body = await response.read()
    calendar = Calendar.from_ical(body)
    events = [c for c in calendar.walk("VEVENT")]
    troika = await bot.say("meeting ics 1")
    assert {str(e["uid"]) for e in events} == {troika.data["uid"]}
    assert all(str(e["summary"]) == "Troika call" for e in events)
    master = next(e for e in events if "rrule" in e)
    assert str(master["location"]) == "Zoom" and str(master["url"]) == "https://zoom.example.org/troika"
    assert len(master.walk("VALARM")) == 2 and int(master["sequence"]) >= 2
    assert [c["tzid"] for c in calendar.walk("VTIMEZONE")] == ["Europe/Zurich"]
    nxt = await bot.say("meeting next count=4", as_="kadri")
    assert nxt.ok, nxt.text
    expected = [datetime.fromisoformat(o["start"]) for o in nxt.data["occurrences"]]
    assert all(o["series"] == 1 for o in nxt.data["occurrences"])
    found = starts(body, expected[-1] + timedelta(minutes=1))
    assert found == expected
    assert datetime(2027, 2, 9, 14, 0, tzinfo=UTC) not in found  # skipped
    assert datetime(2027, 3, 10, 14, 0, tzinfo=UTC) in found  # moved


async def test_an_rsvp_is_the_events_partstat(bot: Dialogue) -> None:
    await estonia_focal_point(bot)
    assert (await bot.say("meeting rsvp 1 2027-01-12 yes", as_="kadri")).ok
    assert (await bot.say("meeting rsvp 1 2027-02-09 no", as_="kadri")).ok
    url = (await bot.say("calendar", as_="kadri")).data["url"]
    async with web_client(bot) as web:
        body = await (await web.get(path_of(url))).read()
    overrides = {
        e.decoded("recurrence-id").astimezone(UTC): e
        for e in Calendar.from_ical(body).walk("VEVENT")
        if "recurrence-id" in e
    }
    jan = overrides[datetime(2027, 1, 12, 14, 0, tzinfo=UTC)]
    feb = overrides[datetime(2027, 2, 9, 14, 0, tzinfo=UTC)]
    assert jan["attendee"].params["PARTSTAT"] == "ACCEPTED"
    assert feb["attendee"].params["PARTSTAT"] == "DECLINED"
    assert jan["attendee"].params["CN"] == "kadri"


async def test_etag_answers_304_until_the_series_changes(bot: Dialogue) -> None:
    await estonia_focal_point(bot)
    url = path_of((await bot.say("calendar", as_="kadri")).data["url"])
    async with web_client(bot) as web:
        first = await web.get(url)
        etag = first.headers["ETag"]
        again = await web.get(url, **{"If-None-Match": etag})
        assert again.status == 304 and again.headers["ETag"] == etag
        assert (await bot.say("meeting skip 1 2027-02-09")).ok
        changed = await web.get(url, **{"If-None-Match": etag})
        assert changed.status == 200 and changed.headers["ETag"] != etag


async def test_a_forged_token_is_404_and_reset_retires_every_earlier_address(bot: Dialogue) -> None:
    await estonia_focal_point(bot)
    old = path_of((await bot.say("calendar", as_="kadri")).data["url"])
    async with web_client(bot) as web:
        assert (await web.get(old)).status == 200
        forged = old[:-8] + ("A" if old[-8] != "A" else "B") + old[-7:]
        assert (await web.get(forged)).status == 404
        assert (await web.get("/calendar/x.ics")).status == 404
        reset = await bot.say("calendar reset", as_="kadri")
        assert reset.ok and "no longer work" in reset.text
        assert (await web.get(old)).status == 404
        assert (await web.get(path_of(reset.data["url"]))).status == 200
    stored = await bot.count("web_tokens")
    assert stored == 2
    async with bot.app.db.transaction() as s:
        from sqlalchemy import text

        hashes = (await s.execute(text("SELECT token_hash FROM web_tokens"))).scalars().all()
    assert old.split("/")[-1][:-4] not in hashes  # stored hashed only


async def test_calendar_with_junk_is_refused(bot: Dialogue) -> None:
    await bot.refuses(
        "calendar please", status=Status.USAGE, words="calendar reset", unchanged=["web_tokens"]
    )


async def test_the_public_url_setting_is_the_base_of_links(database_url: str) -> None:
    from tests.support.dialogue import open_dialogue

    async with open_dialogue(database_url, migrate=False, public_url="https://foc.example.org/") as bot:
        reply = await bot.say("calendar")
        assert reply.data["url"].startswith("https://foc.example.org/calendar/")
        assert reply.data["webcal"].startswith("webcal://foc.example.org/calendar/")


async def test_a_kept_feed_follows_every_change_and_is_the_same_bytes_as_one_written_afresh(
    bot: Dialogue,
) -> None:
    """The feed keeps each series' written VEVENTs (`FeedCache`): an edit, a skip and an RSVP
    show at once, and what it serves is what writing everything again gives."""
    from handlers.web.feed import FeedCache, personal_feed

    await estonia_focal_point(bot)
    url = path_of((await bot.say("calendar", as_="kadri")).data["url"])

    async def fetch() -> bytes:
        async with web_client(bot) as web:
            response = await web.get(url)
            assert response.status == 200
            body = await response.read()
        afresh = FeedCache()
        afresh.enabled = False
        written = await personal_feed(bot.app.services, bot.app.clock, "console:kadri", afresh)
        assert body == written.body
        return body

    first = await fetch()
    assert await fetch() == first
    assert (await bot.say("meeting edit 1 location=Tallinn")).ok
    edited = await fetch()
    master = next(e for e in Calendar.from_ical(edited).walk("VEVENT") if "rrule" in e)
    assert str(master["location"]) == "Tallinn"
    assert (await bot.say("meeting skip 1 2027-04-13")).ok
    skipped = Calendar.from_ical(await fetch())
    master = next(e for e in skipped.walk("VEVENT") if "rrule" in e)
    assert datetime(2027, 4, 13, 13, 0, tzinfo=UTC) in [d.dt.astimezone(UTC) for d in master["exdate"].dts]
    assert (await bot.say("meeting rsvp 1 2027-01-12 maybe", as_="kadri")).ok
    assert b"PARTSTAT=TENTATIVE" in await fetch()
    assert (await bot.say("meeting rsvp 1 2027-01-12 yes", as_="kadri")).ok
    answered = await fetch()
    assert b"PARTSTAT=ACCEPTED" in answered and b"TENTATIVE" not in answered
