"""Command-line splitting: words, options, quotes, prefixes."""

import pytest

from handlers.args import split_command, strip_prefix
from handlers.catalog import registry

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


@pytest.mark.parametrize(
    ("text", "options", "words"),
    [
        # Issue 13: names with spaces need no quotes; the value runs on to the next key=.
        ("tz for console:kadri member=New Zealand", {"member": "New Zealand"}, ("for", "console:kadri")),
        (
            'meeting new "Troika call" participants=New Zealand,Estonia,troika at=15:00',
            {"participants": "New Zealand,Estonia,troika", "at": "15:00"},
            ("new", "Troika call"),
        ),
        (
            "meeting edit 1 title=Troika call (monthly) tz=Europe/Zurich",
            {"title": "Troika call (monthly)", "tz": "Europe/Zurich"},
            ("edit", "1"),
        ),
        (
            "meeting x participants=Republic of Korea, Ghana",
            {"participants": "Republic of Korea, Ghana"},
            ("x",),
        ),
        # A quoted value stays as quoted; the words after it are words again.
        (
            'tz for u member="New Zealand" Pacific/Auckland',
            {"member": "New Zealand"},
            ("for", "u", "Pacific/Auckland"),
        ),
        # A zone (a word with /) ends the value: `tz for <user> member=<country> <zone>` still reads the zone.
        ("tz for u member=Estonia Europe/Tallinn", {"member": "Estonia"}, ("for", "u", "Europe/Tallinn")),
        # Other keys keep one word: the next words are positional.
        ("survey answer 3 4=yes more", {"4": "yes"}, ("answer", "3", "more")),
        ('meeting new "T" agenda=none Troika', {"agenda": "none"}, ("new", "T", "Troika")),
        # A quoted word after a spaced value is a word, not part of it.
        ('tz member=New Zealand "a b"', {"member": "New Zealand"}, ("a b",)),
        # Spaced only where the command declares it: elsewhere a key keeps one word.
        ("survey open 1 to=New Zealand", {"to": "New"}, ("open", "1", "Zealand")),
        ("x member=New Zealand", {"member": "New"}, ("Zealand",)),
    ],
)
def test_spaced_values_run_to_the_next_option(
    text: str, options: dict[str, str], words: tuple[str, ...]
) -> None:
    _, args = registry().split(text)
    assert args.options == options
    assert args.words == words
