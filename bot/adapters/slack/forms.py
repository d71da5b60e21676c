"""Answering a form submission within Slack's 3 seconds, always: the outcome is the ack when it comes in time;
otherwise the form says "working on it" and the outcome follows as a direct message."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from bot.adapters.slack.modals import errors, notice
from bot.adapters.slack.runtime import SlackRuntime
from handlers.core import Reply

log = logging.getLogger("focbot.slack")
DEADLINE = 2.5  # seconds: Slack closes the form with an error after 3
LATE = "Still working on it; I will send you the outcome in a message."
FAILED = "Sorry, that failed on my side. The error is logged; try again later."
Ack = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class FormOutcome:
    """What a submission led to: errors beside fields (the form stays open), a notice, or just closing."""

    title: str
    text: str = ""
    errors: dict[str, str] | None = None
    close: bool = False

    def ack_args(self) -> dict[str, Any]:
        if self.close:
            return {}
        if self.errors:
            return errors(self.errors)
        return {"response_action": "update", "view": notice(self.title, self.text)}

    def message(self) -> str:
        if self.errors:
            return f"{self.title}: not saved. " + " ".join(self.errors.values())
        return f"{self.title}: {self.text}"


def problem_of(reply: Reply) -> str:
    """What a form shows beside an input for a refused command: the core's refusal without its usage line
    (`data["problem"]`, see handlers/errors.py), else the reply's text."""
    data = reply.data if isinstance(reply.data, dict) else {}
    return str(data.get("problem") or reply.text)


async def settle(
    runtime: SlackRuntime,
    ack: Ack,
    work: Coroutine[Any, Any, FormOutcome],
    *,
    user_id: str,
    deadline: float = DEADLINE,
) -> None:
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=deadline)
    if task in done:
        await ack(**_outcome(task).ack_args())
        return
    await ack(response_action="update", view=notice("Working on it", LATE))

    async def follow_up() -> None:
        await asyncio.wait({task})
        outcome = _outcome(task)
        if not outcome.close:
            await runtime.delivery.direct(user_id, Reply(outcome.message()))

    runtime.background.spawn(follow_up(), name="form-late", urgent=True)


def _outcome(task: asyncio.Future[FormOutcome]) -> FormOutcome:
    exc = task.exception()
    if exc is not None:
        log.error("slack form submission failed", exc_info=exc)
        return FormOutcome("Sorry", FAILED)
    return task.result()


FormOpener = Callable[[SlackRuntime, str, str, int], Coroutine[Any, Any, None]]


def opens_form(runtime: SlackRuntime, open_form: FormOpener, name: str) -> Callable[..., Awaitable[None]]:
    """The action of a button whose value is an id: acked, then ``open_form(runtime, trigger_id, user_id,
    id)`` runs at once in the background (a trigger_id lives 3 s). A value that is not an id does nothing."""

    async def on_click(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        if not str(action.get("value") or "").isdigit():
            return
        work = open_form(runtime, str(body["trigger_id"]), str(body["user"]["id"]), int(action["value"]))
        runtime.background.spawn(work, name=name, urgent=True)

    return on_click
