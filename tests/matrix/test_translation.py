"""The adapter's pure parts: message -> command, reply -> content, invite policy (no homeserver needed)."""

from __future__ import annotations

import pytest

from bot.adapters.matrix.events import Message, command_text, message_of, strip_reply_fallback, to_command
from bot.adapters.matrix.invites import InvitePolicy, invite_of
from bot.adapters.matrix.render import file_content, render
from handlers.core import Choice, Choices, FileAttachment, ItemList, Reply, Table

BOT = "@focbot:example.org"


def message(
    body: str, sender: str = "@alice:example.org", msgtype: str = "m.text", **content: object
) -> Message:
    source = {
        "type": "m.room.message",
        "event_id": "$e1",
        "sender": sender,
        "origin_server_ts": 1,
        "content": {"msgtype": msgtype, "body": body, **content},
    }
    parsed = message_of(source, "!room:example.org")
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(
    ("body", "direct", "expected"),
    [
        ("!foc activity 3B.3", False, "activity 3B.3"),
        ("!FOC   troika ", False, "troika"),
        ("!foc", False, ""),
        ("!focus group", False, None),
        ("activity 3B.3", False, None),
        ("activity 3B.3", True, "activity 3B.3"),
        ("!foc troika", True, "troika"),
    ],
)
def test_command_text(body: str, direct: bool, expected: str | None) -> None:
    assert command_text(body, "!foc", direct) == expected


def test_to_command_builds_actor_and_place() -> None:
    command = to_command(
        message("!foc troika"), bot_user_id=BOT, prefix="!foc", is_direct=False, display_name="Alice"
    )
    assert command is not None
    assert command.actor.key == "matrix:@alice:example.org" and command.actor.name == "Alice"
    assert command.place.key == "matrix:!room:example.org" and not command.place.is_direct
    assert command.text == "troika" and command.event_id == "$e1"


@pytest.mark.parametrize(
    "msg",
    [
        message("!foc troika", sender=BOT),
        message("!foc troika", msgtype="m.notice"),
        message("!foc troika", **{"m.relates_to": {"rel_type": "m.replace", "event_id": "$x"}}),
    ],
)
def test_own_notices_and_edits_are_not_commands(msg: Message) -> None:
    assert to_command(msg, bot_user_id=BOT, prefix="!foc", is_direct=True, display_name=None) is None


def test_reply_fallback_is_stripped() -> None:
    assert strip_reply_fallback("> <@bob:x> earlier\n> more\n\n!foc troika") == "!foc troika"
    quoted = message(
        "> <@bob:x> hi\n\n!foc troika", **{"m.relates_to": {"m.in_reply_to": {"event_id": "$p"}}}
    )
    command = to_command(quoted, bot_user_id=BOT, prefix="!foc", is_direct=False, display_name=None)
    assert command is not None and command.text == "troika"


def test_render_escapes_and_formats() -> None:
    reply = Reply(
        "*Bold* <script> & `code`",
        parts=(
            Table(("A", "B"), (("1", "<2>"),), title="T"),
            ItemList(("x", "y"), title="L"),
            Choices("Pick", (Choice("Yes", "y"), Choice("No", "n")), command="survey answer 3 1={value}"),
            FileAttachment("c.png", b"png", "image/png"),
        ),
    )
    content = render(reply, in_reply_to="$q")
    html = content["formatted_body"]
    assert content["msgtype"] == "m.notice" and content["format"] == "org.matrix.custom.html"
    assert "<strong>Bold</strong> &lt;script&gt; &amp; <code>code</code>" in html
    assert "<table><caption>T</caption><thead><tr><th>A</th><th>B</th></tr></thead>" in html
    assert "<td>&lt;2&gt;</td>" in html and "<ul><li>x</li><li>y</li></ul>" in html
    assert "<ol><li>Yes</li><li>No</li></ol>" in html and "survey answer 3 1=y" in html
    assert "c.png" not in content["body"] and "Bold <script>" in content["body"]
    assert content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$q"}}
    assert content["m.mentions"] == {}


def test_file_content_plain_and_encrypted() -> None:
    png = FileAttachment("c.png", b"12345", "image/png", title="Chart")
    assert file_content(png, "mxc://s/m", None) == {
        "msgtype": "m.image",
        "body": "Chart",
        "filename": "c.png",
        "info": {"mimetype": "image/png", "size": 5},
        "url": "mxc://s/m",
    }
    ics = file_content(FileAttachment("a.ics", b"x", "text/calendar"), "mxc://s/m", {"url": "mxc://s/m"})
    assert ics["msgtype"] == "m.file" and ics["file"] == {"url": "mxc://s/m"} and "url" not in ics


def test_invite_policy() -> None:
    default = InvitePolicy.parse(None, BOT)
    assert default.allows("@alice:example.org") and not default.allows("@eve:evil.example")
    listed = InvitePolicy.parse("@boss:other.org, partner.org", BOT)
    assert listed.allows("@boss:other.org") and listed.allows("@x:partner.org")
    assert not listed.allows("@alice:example.org") and not listed.allows("@x:other.org")


def test_invite_of_reads_the_bot_member_event() -> None:
    state = [
        {
            "type": "m.room.member",
            "state_key": "@alice:x",
            "sender": "@alice:x",
            "content": {"membership": "join"},
        },
        {
            "type": "m.room.member",
            "state_key": BOT,
            "sender": "@alice:x",
            "content": {"membership": "invite", "is_direct": True},
        },
    ]
    invite = invite_of("!r:x", state, BOT)
    assert invite is not None and invite.sender == "@alice:x" and invite.is_direct
    assert invite_of("!r:x", state[:1], BOT) is None


@pytest.mark.parametrize(
    ("body", "content", "expected"),
    [
        ("focbot: who chaired the FOC in 2022?", {}, "who chaired the FOC in 2022?"),
        ("@focbot:example.org which countries joined in 2024", {}, "which countries joined in 2024"),
        ("FocBot, what's goal 2", {}, "what's goal 2"),
        (
            "Focbot Bot: when is the next troika call",
            {"m.mentions": {"user_ids": [BOT]}},
            "when is the next troika call",
        ),
        (
            "> <@focbot:example.org> The Chair of the FOC in 2022 was Canada.\n\nand in 2023?",
            {"m.relates_to": {"m.in_reply_to": {"event_id": "$bot"}}},
            "and in 2023?",
        ),
        ("who chaired the FOC in 2022?", {}, None),  # chatter in a room: not addressed, silent
        (
            "> <@alice:example.org> hi\n\nwho chaired in 2022?",
            {"m.relates_to": {"m.in_reply_to": {"event_id": "$a"}}},
            None,
        ),
        ("ask Alice: who chaired?", {"m.mentions": {"user_ids": ["@alice:example.org"]}}, None),
    ],
)
def test_mentions_and_replies_address_the_bot_in_a_room(
    body: str, content: dict[str, object], expected: str | None
) -> None:
    command = to_command(
        message(body, **content), bot_user_id=BOT, prefix="!foc", is_direct=False, display_name=None
    )
    assert (command.text if command else None) == expected
