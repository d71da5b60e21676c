"""The dashboard's pages. Each one reads the session and the person's rights afresh; without a session
it redirects to the sign-in explainer. What chat decides (who may see survey results or participation,
anonymity, activity edits and their history) is decided by running the same command through the
dispatcher as the signed-in person."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from aiohttp import web

from bot.app import App
from bot.web.render import page, reply_view
from bot.web.sessions import Session, check_csrf, current_session
from bot.web.state import WEB_APP
from handlers.core import FileAttachment, Reply, Status
from handlers.text import activity_id
from handlers.web.home import my_calls, owed_checkins, owed_surveys
from handlers.web.people import web_command
from handlers.web.program import STATUS_CHOICES, program_model, status_filter

PageHandler = Callable[[web.Request, App, Session], Awaitable[web.StreamResponse]]
EDIT_FIELDS = ("status", "lead", "due", "note")


def signed_in(handler: PageHandler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Run ``handler`` for the signed-in person; without a session, redirect to the explainer."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        session = await current_session(request)
        if session is None:
            raise web.HTTPSeeOther("/signin")
        return await handler(request, request.app[WEB_APP], session)

    return wrapped


async def run(app: App, session: Session, text: str) -> Reply:
    """``text`` as a command said by the signed-in person (rules, rights and history as in chat)."""
    reply = await app.handle(web_command(session.user_key, text, session.display_name))
    return reply or Reply("No answer.", status=Status.ERROR)


def _denied(reply: Reply) -> None:
    if reply.status is Status.DENIED:
        raise web.HTTPForbidden(text="Only admins may see this page.\n")


async def home(request: web.Request, app: App, session: Session) -> web.StreamResponse:
    zone = await app.services.reader_zone(session.user_key)
    today = app.clock().astimezone(zone).date()
    return page(
        "home.html",
        title="Dashboard",
        session=session,
        calls=await my_calls(app.services, app.clock, session.user_key, 5, zone),
        owed=await owed_surveys(app.services, app.clock, session.user_key, zone),
        checkins=await owed_checkins(app.services, session.user_key),
        program=await program_model(app.services, today),
    )


async def program(request: web.Request, app: App, session: Session) -> web.StreamResponse:
    status = status_filter(request.query.get("status"))
    goal_text = request.query.get("goal", "")
    goal = int(goal_text) if goal_text.isdigit() else None
    today = app.clock().astimezone(await app.services.reader_zone(session.user_key)).date()
    return page(
        "program.html",
        title="Program of Action",
        session=session,
        model=await program_model(app.services, today, status=status, goal=goal),
        statuses=STATUS_CHOICES,
        message=request.query.get("message"),
        failed=request.query.get("failed") == "1",
    )


async def edit_activity(request: web.Request, app: App, session: Session) -> web.StreamResponse:
    """An admin's change from /program, run as `activity <id> <field> <value>` through the dispatcher."""
    form = await request.post()
    check_csrf(session, form.get("csrf"))
    aid = activity_id(request.match_info["aid"])
    field = str(form.get("field", ""))
    value = " ".join(str(form.get("value", "")).split())  # one line: the command reads no newlines
    if aid is None or field not in EDIT_FIELDS:
        raise web.HTTPBadRequest(text="Unknown activity or field.\n")
    reply = await run(app, session, f"activity {aid} {field} {value}")
    failed = "0" if reply.ok else "1"
    target = f"/program?message={quote(reply.text[:300])}&failed={failed}#a-{aid}"
    raise web.HTTPSeeOther(target)


async def meetings(request: web.Request, app: App, session: Session) -> web.StreamResponse:
    return page(
        "meetings.html",
        title="Meetings",
        session=session,
        calls=await my_calls(app.services, app.clock, session.user_key, 15),
        feed=None,
    )


async def new_feed(request: web.Request, app: App, session: Session) -> web.StreamResponse:
    form = await request.post()
    check_csrf(session, form.get("csrf"))
    reply = await run(app, session, "calendar")
    return page(
        "meetings.html",
        title="Meetings",
        session=session,
        calls=await my_calls(app.services, app.clock, session.user_key, 15),
        feed=reply.data if reply.ok else None,
    )


async def surveys(request: web.Request, app: App, session: Session) -> web.StreamResponse:
    reply = await run(app, session, "survey list")
    return page(
        "surveys.html",
        title="Surveys",
        session=session,
        reply=reply_view(reply),
        listed=(reply.data or {}).get("surveys", []) if isinstance(reply.data, dict) else [],
        owed=await owed_surveys(app.services, app.clock, session.user_key),
    )


def _survey_id(request: web.Request) -> int:
    text = request.match_info["sid"]
    if not text.isdigit() or len(text) > 9:
        raise web.HTTPNotFound(text="No such survey.\n")
    return int(text)


async def survey(request: web.Request, app: App, session: Session) -> web.StreamResponse:
    sid = _survey_id(request)
    reply = await run(app, session, f"survey results {sid}")
    _denied(reply)
    if not reply.ok:
        raise web.HTTPNotFound(text=reply.text + "\n")
    return page("survey.html", title=f"Survey {sid}", session=session, sid=sid, reply=reply_view(reply))


async def survey_csv(request: web.Request, app: App, session: Session) -> web.StreamResponse:
    sid = _survey_id(request)
    reply = await run(app, session, f"survey export {sid}")
    _denied(reply)
    files = [p for p in reply.parts if isinstance(p, FileAttachment)]
    if not reply.ok or not files:
        raise web.HTTPNotFound(text=reply.text + "\n")
    return web.Response(
        body=files[0].content,
        content_type="text/csv",
        charset="utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{files[0].filename}"',
            "Cache-Control": "no-store",
        },
    )


async def participation(request: web.Request, app: App, session: Session) -> web.StreamResponse:
    if not session.is_admin:
        raise web.HTTPForbidden(text="Only admins may see participation.\n")
    reply = await run(app, session, "participation")
    _denied(reply)
    members = (reply.data or {}).get("members", []) if isinstance(reply.data, dict) else []
    return page(
        "participation.html",
        title="Participation",
        session=session,
        reply=reply_view(reply),
        members=members,
    )


async def report(request: web.Request, app: App, session: Session) -> web.StreamResponse:
    now = app.clock()
    today = now.astimezone(await app.services.reader_zone(session.user_key)).date()
    return page(
        "report.html",
        title="Program of Action: progress report",
        session=session,
        model=await program_model(app.services, today),
        today=today,
    )


def add_routes(http: web.Application) -> None:
    http.router.add_get("/", signed_in(home))
    http.router.add_get("/program", signed_in(program))
    http.router.add_post("/program/{aid}", signed_in(edit_activity))
    http.router.add_get("/program/report", signed_in(report))
    http.router.add_get("/meetings", signed_in(meetings))
    http.router.add_post("/meetings/feed", signed_in(new_feed))
    http.router.add_get("/surveys", signed_in(surveys))
    http.router.add_get("/surveys/{sid}.csv", signed_in(survey_csv))
    http.router.add_get("/surveys/{sid}", signed_in(survey))
    http.router.add_get("/participation", signed_in(participation))
