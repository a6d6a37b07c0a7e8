"""What a pattern can start with, and the alternation that tries only the patterns that can start at a position."""

import random
import re

from pipeline.text.first_chars import dispatched_alternation, first_chars, first_strings


def test_first_characters_of_words_classes_and_optional_parts() -> None:
    assert first_chars(r"(?:summits?|meetings?|talks)") == frozenset("smt")
    assert first_chars(r"(?<![\w-])(?:Signed|inked)") == frozenset("si")  # lower-cased; a lookbehind is no character
    assert first_chars(r"(?:state )?visits?") == frozenset("sv")  # an optional word lets the next one start
    assert first_chars(r"[A-C]\d") == frozenset("abc")


def test_patterns_that_can_start_anywhere_are_said_to() -> None:
    assert first_chars(r"\w+ly said") is None
    assert first_chars(r"(?:\w+ ){0,2}to") is None
    assert first_chars(r"a?") is None  # may match nothing
    assert first_chars(r"[^,]+") is None
    assert first_chars(r"İstanbul") is None  # lower-cases to two characters


def test_the_dispatched_alternation_matches_where_the_plain_one_does() -> None:
    patterns = [r"(?:summits?|meetings?|talks)", r"(?:went|go|came) to", r"\w+ly said", r"(?:state )?visits?",
                r"S-\d+", r"(?<!\bto )deals?", r"told the(?= (?-i:[A-Z]))"]
    plain = re.compile(rf"(?<![\w-])(?=(?:{'|'.join(patterns)})(?![\w-]))", re.IGNORECASE)
    dispatched = re.compile(rf"(?<![\w-])(?=(?:{dispatched_alternation(patterns)})(?![\w-]))", re.IGNORECASE)
    words = "summit talks went to came state visit visits S-400 deal to deals duly said told the The Manila x".split()
    rng = random.Random(3)
    matched = 0
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        expected = [m.start() for m in plain.finditer(text)]
        assert [m.start() for m in dispatched.finditer(text)] == expected, text
        matched += bool(expected)
    assert matched > 1000


def test_first_strings_of_words_optional_parts_and_repeats() -> None:
    assert first_strings(r"sign(?:s|ed|ing)?|inks?", 3) == frozenset(["sig", "ink"])
    assert first_strings(r"(?:state )?visits?", 3) == frozenset(["sta", "vis"])
    assert first_strings(r"(?<!\bto )(?<!\bwill )deals?", 3) == frozenset(["dea"])  # lookbehinds are no characters
    assert first_strings(r"go|went", 3) == frozenset(["go", "wen"])  # a match may end sooner
    assert first_strings(r"ex\w+", 3) == frozenset(["ex"])  # what follows is beyond telling
    assert first_strings(r"(?:ab)*c", 3) == frozenset(["aba", "abc", "c"])
    assert first_strings(r"Talks", 2) == frozenset(["ta"])  # lower-cased


def test_no_first_strings_for_patterns_that_can_start_anywhere() -> None:
    assert first_strings(r"\w+ly said", 3) is None
    assert first_strings(r"a?", 3) is None  # may match nothing
    assert first_strings(r"a|b?", 3) is None
    assert first_strings(r"İstanbul", 3) is None  # lower-cases to two characters
    assert first_strings(r"[a-z][a-z][a-z]", 3) is None  # too many


def test_every_match_begins_with_one_of_the_first_strings() -> None:
    patterns = [r"(?:summits?|meetings?|talks)", r"(?:went|go|came) to", r"(?:state )?visits?", r"S-\d+",
                r"(?<!\bto )deals?", r"told the(?= (?-i:[A-Z]))", r"(?:co-?)?operat(?:e|ion)", r"x{2,}y"]
    words = "summit talks went to go came state visit visits S-400 deal to deals told the The co-operate xxxy".split()
    rng = random.Random(5)
    matched = 0
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        for pattern in patterns:
            strings = first_strings(pattern, 3)
            assert strings
            for match in re.finditer(pattern, text, re.IGNORECASE):
                assert match.group().lower().startswith(tuple(strings)), (pattern, match.group())
                matched += 1
    assert matched > 1000
