"""Command-line splitting: words, options, quotes, prefixes."""

import pytest

from handlers.args import split_command, strip_prefix

PREFIXES = ("/foc", "!foc", "foc")  # as the wiring registers them


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/foc help", "help"),
        ("!foc help", "help"),
        ("foc help", "help"),
        ("help", "help"),
        ("  !FOC   help  ", "help"),
        ("/foc", ""),
        ("focus on this", "focus on this"),
    ],
)
def test_prefix_is_optional(text: str, expected: str) -> None:
    assert strip_prefix(text, PREFIXES) == expected


def test_words_options_and_rest() -> None:
    name, args = split_command(
        '/foc meeting new "Troika call" kind=troika at=15:00 tz="Europe/Zurich"', PREFIXES
    )
    assert name == "meeting"
    assert args.words == ("new", "Troika call")
    assert args.options == {"kind": "troika", "at": "15:00", "tz": "Europe/Zurich"}
    assert args.rest.startswith("new ")


def test_shift_keeps_free_text() -> None:
    _, args = split_command('activity 1A.2 note "POCs named" for Geneva')
    rest = args.shift(2)
    assert rest.words == ("POCs named", "for", "Geneva")
    assert rest.rest == '"POCs named" for Geneva'


def test_curly_quotes_are_read_as_quotes() -> None:
    _, args = split_command("survey answer 3 4=“more time for feedback”")
    assert args.options == {"4": "more time for feedback"}


def test_unbalanced_quote_is_plain_text() -> None:
    # Issue 11: an unbalanced quote is taken literally (it used to be a ParseError).
    _, args = split_command('activity 1A.2 lead "Jane')
    assert args.words == ("1A.2", "lead", '"Jane')


def test_any_whitespace_ends_the_command_name() -> None:
    assert split_command("activity\n3B.3")[0] == "activity"
    assert split_command("/foc\thelp\tactivity", PREFIXES) == ("help", split_command("help activity")[1])
    assert split_command("note\r\nline two")[1].rest == "line two"
    assert split_command("focus group")[0] == "focus"
