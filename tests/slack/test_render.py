"""Reply -> Block Kit: every rendered message fits Slack's limits, whatever the reply's size."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.slack.render import render_reply
from handlers.core import Choice, Choices, ItemList, Reply, Table
from tests.slack.fake_slack import check_message


def test_many_parts_are_split_at_fifty_blocks() -> None:
    reply = Reply("Lists", parts=tuple(ItemList((f"entry {n}",), title=f"List {n}") for n in range(120)))

    rendered = render_reply(reply)

    assert [len(m.blocks) for m in rendered.messages] == [50, 50, 21]
    assert not rendered.files


def test_a_hundred_and_fifty_options_make_two_menus() -> None:
    options = tuple(Choice(f"Option {n}", str(n)) for n in range(150))

    [message] = render_reply(
        Reply("Pick", parts=(Choices("Which?", options, "survey answer 3 1={value}"),))
    ).messages

    menus = [b["elements"][0] for b in message.blocks if b["type"] == "actions"]
    assert [len(m["options"]) for m in menus] == [100, 50]
    assert check_message(message.payload()) is None


def test_angle_brackets_are_escaped_so_usage_is_not_a_link() -> None:
    [message] = render_reply(Reply.usage("Usage: `admin add <platform:user>` & more")).messages

    assert message.blocks[0]["text"]["text"] == "Usage: `admin add &lt;platform:user&gt;` &amp; more"


def test_a_two_column_table_becomes_fields_and_a_wide_one_a_code_block() -> None:
    small = Table(("User", "From"), (("slack:U1", "FOCBOT_ADMINS"),), title="Admins")
    wide = Table(("Id", "Status", "Lead"), (("3B.3", "done", "Support Unit"),))

    [message] = render_reply(Reply("Two tables", parts=(small, wide))).messages

    assert message.blocks[1]["fields"][0]["text"] == "*slack:U1*\nFOCBOT_ADMINS"
    assert message.blocks[2]["text"]["text"].startswith("```\nId")


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(min_size=0, max_size=12_000),
    items=st.lists(st.text(min_size=1, max_size=4_000), max_size=30),
    lines=st.integers(min_value=0, max_value=400),
)
def test_any_reply_renders_within_the_limits(text: str, items: list[str], lines: int) -> None:
    table = Table(("A", "B", "C"), tuple((str(n), "b" * (n % 50), "<c&>") for n in range(lines)))
    reply = Reply(text, parts=(ItemList(tuple(items)), table))

    rendered = render_reply(reply)

    assert 1 <= len(rendered.messages) <= 4
    for message in rendered.messages:
        assert check_message(message.payload()) is None
        assert len(message.text) <= 3000
