"""The trie pattern of many names matches what the plain alternation, longest name first, matches."""

import random
import re

from pipeline.text.name_pattern import trie_alternation

NAMES = ["Kim", "Kim Jong Un", "Kim Jong-un", "Kerry", "Ri", "Rice", "U.S.", "US", "al-Assad", "von der Leyen", "Xi"]
WORDS = NAMES + ["Kimberley", "Rio", "-Kim", "x", "Kim-", "said", "and", "’s", "Jong", "Un", "Assad", "al-"]


def _texts() -> list[str]:
    rng = random.Random(13)
    return [rng.choice(["", " "]).join(rng.choice(WORDS) for _ in range(rng.randint(1, 10))) for _ in range(3000)]


def test_the_trie_matches_what_the_alternation_longest_first_matches() -> None:
    plain = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, sorted(NAMES, key=len, reverse=True)))})(?![\w-])")
    trie = re.compile(rf"(?<![\w-])(?:{trie_alternation(NAMES)})(?![\w-])")
    for text in _texts():
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_a_class_the_names_may_not_follow_is_checked_after_their_first_character() -> None:
    before = re.compile(rf"(?<![\w-])(?:{trie_alternation(NAMES)})(?![\w-])")
    word_char = r"[\w-]"
    after = re.compile(rf"(?:{trie_alternation(NAMES, not_after=word_char)})(?![\w-])")
    assert "K(?<![\\w-]K)" in after.pattern
    matched = 0
    for text in _texts():
        expected = [m.span() for m in before.finditer(text)]
        assert [m.span() for m in after.finditer(text)] == expected, text
        start = len(text) // 2  # a search from inside the text still sees the character before
        assert [m.span() for m in after.finditer(text, start)] == [m.span() for m in before.finditer(text, start)]
        matched += len(expected)
    assert matched > 3000
