"""The Notifier port on Matrix: messages to rooms (with ``m.mentions``), direct messages, and files
uploaded to the media repository (``m.image`` / ``m.file``). Every failure raises so callers retry.

A question with choices is sent as text (numbered options and the command to type), never as a native
poll: a poll shows who chose what, so only the explicit `poll` command posts one (`pollroom`)."""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from typing import Any

from nio import JoinedMembersResponse, LocalProtocolError, RoomSendResponse, UploadResponse

from bot.adapters.matrix.client import MatrixSession, txn_id
from bot.adapters.matrix.direct import DirectRoomError, DirectRooms
from bot.adapters.matrix.pollroom import PollRoom, public_choice
from bot.adapters.matrix.reactions import ReactionActions
from bot.adapters.matrix.render import file_content, mention_ids, render
from bot.adapters.matrix.storage.repository import MatrixRepository
from handlers.core import Choices, Clock, FileAttachment, Place, Reply, SurveyPrompt
from handlers.surveys.dialogue import SurveyDialogue

log = logging.getLogger("focbot.matrix")


class MatrixSendError(RuntimeError):
    """The homeserver refused or never took a message. ``permanent``: trying again cannot help (the bot
    may not post there, the room is gone); nio has already retried lost connections and 429s."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def refused_for_good(response: object) -> bool:
    """A 4xx answer other than 401 (token: log in again) and 429 (wait): M_FORBIDDEN, M_NOT_FOUND, ..."""
    transport = getattr(response, "transport_response", None)
    status = int(getattr(transport, "status", 0) or 0)
    return 400 <= status < 500 and status not in (401, 429)


def own_msgtype(reply: Reply) -> str:
    """``m.text`` for a message the bot sends on its own that mentions people (a reminder, an
    invitation), so that the mention push rule fires: the default rule ``.m.rule.suppress_notices``
    silences every ``m.notice`` before the mention rules are read. Otherwise ``m.notice``."""
    return "m.text" if mention_ids(reply) else "m.notice"


class MatrixNotifier:
    def __init__(self, session: MatrixSession, repo: MatrixRepository, clock: Clock) -> None:
        self.session = session
        self.repo = repo
        self.clock = clock
        self.dms = DirectRooms(session, repo, clock)  # each user's DM, checked before each use
        self.polls: PollRoom | None = None  # set by the wiring: public choices (RSVPs) as native polls
        self.dialogue: SurveyDialogue | None = None  # set by the wiring: surveys answered in a direct chat
        self.actions: ReactionActions | None = None  # set by the wiring: messages that offer actions

    # -- the Notifier port -------------------------------------------------------------
    async def send(self, place: Place, reply: Reply) -> None:
        await self.post(place.channel_id, reply, msgtype=own_msgtype(reply))

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        """A private message; a survey invitation or reminder also starts the one-question-at-a-time
        dialogue (its first question replaces the invitation's numbered choices)."""
        user_id = user_key.removeprefix("matrix:")
        room_id = await self.direct_room_for(user_id)
        prompt = reply.survey_prompt()
        if self.dialogue is None or prompt is None or prompt.kind != "survey":
            await self.post(room_id, reply, msgtype=own_msgtype(reply))
            return
        prompted = (Choices, SurveyPrompt)
        await self.post(
            room_id,
            replace(reply, parts=tuple(p for p in reply.parts if not isinstance(p, prompted))),
            msgtype=own_msgtype(reply),
        )
        question = await self.dialogue.start(user_key, prompt.survey_id, self.clock())
        if question is not None:
            await self.post(room_id, question)

    async def roster(self, place: Place) -> list[str]:
        """The user keys of the people in a room, the bot left out (`survey open ... here`)."""
        response = await self.session.client.joined_members(place.channel_id)
        if not isinstance(response, JoinedMembersResponse):
            raise MatrixSendError(f"could not list the members of {place.channel_id}")
        me = self.session.client.user_id
        return [f"matrix:{m.user_id}" for m in response.members if m.user_id != me]

    # -- sending -------------------------------------------------------------------------
    def is_direct(self, room_id: str) -> bool:
        """``room_id`` is someone's DM with the bot now (never from a member count alone: `DirectRooms`)."""
        return self.dms.user_of(room_id) is not None

    async def post(
        self,
        room_id: str,
        reply: Reply,
        *,
        in_reply_to: str | None = None,
        key: str = "",
        msgtype: str = "m.notice",
    ) -> str:
        """Send ``reply`` (text, then each file) to ``room_id``; returns the text event's id.

        ``msgtype`` is ``m.notice`` for replies to commands; see `own_msgtype` for what the bot says
        on its own. ``key`` makes the transaction ids stable (the triggering event's id), so a replay
        after a crash between send and bookkeeping is deduplicated by the homeserver."""
        await self._ensure_room(room_id)
        show_of_hands = (
            public_choice(reply) if self.polls is not None and not self.is_direct(room_id) else None
        )
        if show_of_hands is not None:
            reply = replace(reply, parts=tuple(p for p in reply.parts if p is not show_of_hands))
        content = render(reply, in_reply_to=in_reply_to, msgtype=msgtype)
        event_id = await self.send_event(room_id, "m.room.message", content, key and txn_id(key, "text"))
        if self.actions is not None:  # a reaction to it may act (a reminder's Stop): remembered
            await self.actions.offer(room_id, event_id, reply)
        if show_of_hands is not None and self.polls is not None:
            await self.polls.post(
                room_id, show_of_hands, None, key and txn_id(key, "poll"), message_event_id=event_id
            )
        for index, attachment in enumerate(reply.files()):
            await self.send_file(room_id, attachment, key and txn_id(key, "file", str(index)))
        return event_id

    async def send_event(self, room_id: str, event_type: str, content: dict[str, Any], tx: str = "") -> str:
        try:
            response = await self.session.client.room_send(
                room_id, event_type, content, tx_id=tx or None, ignore_unverified_devices=True
            )
        except LocalProtocolError as exc:  # nio does not know the room (left, kicked)
            raise MatrixSendError(f"cannot send to {room_id}: {exc}", permanent=True) from exc
        if not isinstance(response, RoomSendResponse):
            raise MatrixSendError(
                f"send to {room_id} failed: {getattr(response, 'message', response)}",
                permanent=refused_for_good(response),
            )
        return str(response.event_id)

    async def send_file(self, room_id: str, attachment: FileAttachment, tx: str = "") -> str:
        client = self.session.client
        room = client.rooms.get(room_id)
        encrypted = bool(room and room.encrypted)
        data = attachment.content
        upload, keys = await client.upload(
            lambda _a, _b: io.BytesIO(data),
            content_type=attachment.mimetype,
            filename=attachment.filename,
            encrypt=encrypted,
            filesize=len(data),
        )
        if not isinstance(upload, UploadResponse):
            raise MatrixSendError(
                f"upload of {attachment.filename} failed: {getattr(upload, 'message', upload)}"
            )
        encrypted_file = None
        if encrypted and keys is not None:
            encrypted_file = {**keys, "url": upload.content_uri}
        content = file_content(attachment, upload.content_uri, encrypted_file)
        return await self.send_event(room_id, "m.room.message", content, tx)

    # -- rooms ---------------------------------------------------------------------------
    async def _ensure_room(self, room_id: str) -> None:
        """nio needs a room it has synced (to know whether to encrypt); fail clearly otherwise."""
        if room_id not in self.session.client.rooms:
            raise MatrixSendError(f"the bot is not in room {room_id} (or has not synced it yet)")

    async def direct_room_for(self, user_id: str) -> str:
        """The DM with ``user_id``, checked on the homeserver: the known one while it still is one, else a
        new encrypted one inviting them (only for a user in a room with the bot); `MatrixSendError` else."""
        try:
            return await self.dms.room_for(user_id)
        except DirectRoomError as exc:
            raise MatrixSendError(str(exc), permanent=exc.permanent) from exc
