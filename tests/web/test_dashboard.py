"""The dashboard over HTTP: one-time sign-in, sessions, every page, admin forms with CSRF, 403s, headers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.support.dialogue import Dialogue
from tests.web.support import TROIKA_CALL, Web, path_of, web_client

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


async def test_a_sign_in_link_signs_in_once(bot: Dialogue) -> None:
    reply = await bot.say("dashboard", as_="kadri")
    assert reply.ok and reply.private and "15 minutes" in reply.text
    link = path_of(reply.data["url"])
    async with web_client(bot) as web:
        shown = await web.get(link)
        assert shown.status == 200 and "Sign in" in await shown.text()
        first = await web.post(link, {})
        assert first.status == 303 and first.headers["Location"] == "/"
        cookie = first.cookies["focbot_session"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["secure"]
        again = await web.post(link, {})
        assert again.status == 404 and "focbot_session" not in again.cookies
        assert (await web.get(link)).status == 404
        home = await web.get("/", cookie=cookie.value)
        assert home.status == 200 and "Your next calls" in await home.text()


async def test_an_expired_link_signs_nobody_in(bot: Dialogue) -> None:
    link = path_of((await bot.say("dashboard", as_="kadri")).data["url"])
    bot.clock.advance(minutes=16)
    async with web_client(bot) as web:
        response = await web.post(link, {})
        assert response.status == 404 and "focbot_session" not in response.cookies


async def test_without_a_session_every_page_redirects_to_the_explainer_which_shows_no_data(
    bot: Dialogue,
) -> None:
    async with web_client(bot) as web:
        for path in (
            "/",
            "/program",
            "/meetings",
            "/surveys",
            "/surveys/1",
            "/participation",
            "/program/report",
        ):
            response = await web.get(path)
            assert response.status == 303 and response.headers["Location"] == "/signin", path
            forged = await web.get(path, cookie="forged-session-token")
            assert forged.status == 303, path
        explainer = await web.get("/signin")
        text = await explainer.text()
        assert explainer.status == 200 and "dashboard" in text and "1A.1" not in text
        assert "script-src" not in explainer.headers["Content-Security-Policy"]
        assert "default-src 'none'" in explainer.headers["Content-Security-Policy"]
        assert explainer.headers["X-Frame-Options"] == "DENY"
        assert explainer.headers["Referrer-Policy"] == "no-referrer"
        assert "<script" not in text


async def test_program_lists_all_33_activities_and_filters(bot: Dialogue) -> None:
    async with web_client(bot) as web:
        cookie = await web.sign_in("kadri")
        text = await (await web.get("/program", cookie=cookie)).text()
        assert len(re.findall(r'<article class="activity" id="a-', text)) == 33
        assert "33 of 33 activities" in text and "3B.3" in text
        assert "Set status" not in text  # no forms for non-admins
        goal2 = await (await web.get("/program?goal=2", cookie=cookie)).text()
        ids = re.findall(r'id="a-(\w+\.\d+)"', goal2)
        assert ids and all(i.startswith("2") for i in ids)
        await bot.say("activity 1A.1 status done")
        done = await (await web.get("/program?status=done", cookie=cookie)).text()
        assert re.findall(r'id="a-(\w+\.\d+)"', done) == ["1A.1"]


async def admin_edit(web: Web, cookie: str, aid: str, field: str, value: str, csrf: str) -> str:
    response = await web.post(f"/program/{aid}", {"csrf": csrf, "field": field, "value": value}, cookie)
    assert response.status == 303, await response.text()
    return response.headers["Location"]


async def test_admins_change_an_activity_through_the_same_command_and_csrf_is_checked(bot: Dialogue) -> None:
    async with web_client(bot) as web:
        cookie = await web.sign_in("admin")
        page = await (await web.get("/program", cookie=cookie)).text()
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
        assert csrf and "Set status" in page
        token = csrf[1]
        await admin_edit(web, cookie, "3B.3", "status", "in progress", token)
        await admin_edit(web, cookie, "3B.3", "lead", "Support Unit", token)
        await admin_edit(web, cookie, "3B.3", "due", "2027-06-30", token)
        await admin_edit(web, cookie, "3B.3", "note", "Survey sent to members", token)
        bad = await admin_edit(web, cookie, "3B.3", "due", "31 June", token)
        assert "failed=1" in bad
        activity = await bot.say("activity 3B.3")
        assert activity.data["status"] == "in progress" and activity.data["lead"] == "Support Unit"
        assert activity.data["due"] == "2027-06-30"
        assert activity.data["notes"][-1]["text"] == "Survey sent to members"
        assert activity.data["notes"][-1]["author"] == "admin"
        shown = await (await web.get("/program", cookie=cookie)).text()
        assert "Survey sent to members" in shown
        for csrf_value in ("", "0" * 64):
            forged = await web.post(
                "/program/3B.3", {"csrf": csrf_value, "field": "status", "value": "dropped"}, cookie
            )
            assert forged.status == 403
        assert (await bot.say("activity 3B.3")).data["status"] == "in progress"
        other = await web.sign_in("kadri")  # a non-admin's post runs the command and is denied by it
        page = await (await web.get("/", cookie=other)).text()
        theirs = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
        assert theirs
        denied = await web.post(
            "/program/3B.3", {"csrf": theirs[1], "field": "status", "value": "dropped"}, other
        )
        assert denied.status == 303 and "failed=1" in denied.headers["Location"]
        assert (await bot.say("activity 3B.3")).data["status"] == "in progress"


async def test_participation_is_403_for_non_admins_and_a_demoted_admin_loses_it_at_once(
    bot: Dialogue,
) -> None:
    async with web_client(bot) as web:
        kadri = await web.sign_in("kadri")
        assert (await web.get("/participation", cookie=kadri)).status == 403
        admin = await web.sign_in("admin")
        shown = await web.get("/participation", cookie=admin)
        text = await shown.text()
        assert shown.status == 200 and "Estonia" in text and "data:image/png;base64," in text
        assert (await bot.say("admin add console:bob")).ok
        bob = await web.sign_in("bob")
        assert (await web.get("/participation", cookie=bob)).status == 200
        assert (await bot.say("admin remove console:bob")).ok
        assert (await web.get("/participation", cookie=bob)).status == 403
        assert "Participation" not in await (await web.get("/", cookie=bob)).text()


async def test_logout_ends_the_session_by_button_and_by_command(bot: Dialogue) -> None:
    async with web_client(bot) as web:
        cookie = await web.sign_in("kadri")
        page = await (await web.get("/", cookie=cookie)).text()
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
        assert csrf
        out = await web.post("/logout", {"csrf": csrf[1]}, cookie)
        assert out.status == 303 and out.headers["Location"] == "/signin"
        assert (await web.get("/", cookie=cookie)).status == 303
        second = await web.sign_in("kadri")
        assert (await bot.say("dashboard logout", as_="kadri")).data["sessions_ended"] == 1
        assert (await web.get("/", cookie=second)).status == 303


async def test_meetings_surveys_and_report_pages(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    await bot.say("troika set year=2027 past=Germany current=Estonia next=Switzerland")
    await bot.say("tz for console:kadri member=Estonia")  # her zone: Tallinn's
    await bot.say(TROIKA_CALL)
    await bot.say("meeting rsvp 1 yes", as_="kadri")
    await bot.say("survey new support-unit")
    await bot.say("survey open 1 to=kadri deadline=2027-02-01")
    async with web_client(bot) as web:
        kadri = await web.sign_in("kadri")
        home = await (await web.get("/", cookie=kadri)).text()
        assert "Troika call" in home and "Tue 12 Jan 2027 16:00 Europe/Tallinn" in home
        assert "survey answer 1" in home
        meetings = await (await web.get("/meetings", cookie=kadri)).text()
        assert "Troika call" in meetings and ">yes<" in meetings and "Europe/Zurich" in meetings
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', meetings)
        assert csrf
        feed = await (await web.post("/meetings/feed", {"csrf": csrf[1]}, kadri)).text()
        url = re.search(r'id="feed-url" href="([^"]+)"', feed)
        assert url and (await web.get(path_of(url[1]))).status == 200
        assert (await web.get("/surveys/1", cookie=kadri)).status == 403  # results are admin-only in chat
        assert (await web.get("/surveys/1.csv", cookie=kadri)).status == 403
        admin = await web.sign_in("admin")
        surveys = await (await web.get("/surveys", cookie=admin)).text()
        assert 'href="/surveys/1"' in surveys
        results = await web.get("/surveys/1", cookie=admin)
        assert results.status == 200 and "Support Unit" in await results.text()
        csv = await web.get("/surveys/1.csv", cookie=admin)
        assert csv.status == 200 and csv.content_type == "text/csv"
        assert (await web.get("/surveys/999", cookie=admin)).status == 404
        report = await (await web.get("/program/report", cookie=kadri)).text()
        assert "progress report" in report and report.count("<tr><td><strong>") == 33


def owed_checkins(html: str) -> str:
    return html.split('<section id="checkins">', 1)[1].split("</section>", 1)[0]


async def test_home_lists_the_check_ins_you_still_owe_beside_the_surveys(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    assert (await bot.say("focal Estonia add console:kadri")).ok
    assert (await bot.say("focal Finland add console:aino")).ok
    assert (await bot.say("checkin new quarterly-update to=Estonia,Finland")).ok
    assert (await bot.say("checkin open 1")).ok
    async with web_client(bot) as web:
        kadri = await web.sign_in("kadri")
        owed = owed_checkins(await (await web.get("/", cookie=kadri)).text())
        assert "Check-in 1 (Quarterly update), round 1 of 2027-01-05" in owed
        assert "checkin answer 1" in owed and "(Europe/Tallinn)" in owed
        outsider = owed_checkins(await (await web.get("/", cookie=await web.sign_in("admin"))).text())
        assert "Check-in 1" not in outsider and "None: you are up to date." in outsider

        assert (await bot.say("checkin answer 1 1=1", as_="kadri")).ok  # answered: no longer owed
        owed = owed_checkins(await (await web.get("/", cookie=kadri)).text())
        assert "Check-in 1" not in owed and "None: you are up to date." in owed

        aino = await web.sign_in("aino")
        assert "Check-in 1" in owed_checkins(await (await web.get("/", cookie=aino)).text())
        assert (await bot.say("checkin close 1")).ok  # a closed round is owed by nobody
        assert "Check-in 1" not in owed_checkins(await (await web.get("/", cookie=aino)).text())
