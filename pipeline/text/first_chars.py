"""An alternation of many regular expressions that tries, at each position, only those that can start there.

`re` tries the branches of `a|b|c|...` one after the other at every position, and a seed pattern is often
itself a list of words ("summits?|meetings?|talks|..."), so a scan for a hundred patterns made hundreds of
attempts per word. Grouping the patterns by the characters they can begin with lets one failed look at the
next character rule out a whole group.
"""

import re
from collections import defaultdict
from collections.abc import Sequence

# `re`'s own parser: the public API compiles patterns but does not say what they can start with.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

_ANY = None  # a pattern that can start with any character (or match the empty string)
_LARGEST_RANGE = 64  # a wider character range counts as "any character"
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
_ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)


def _first(items: sre_parse.SubPattern | list) -> tuple[set[str] | None, bool]:
    """The characters a sequence of parsed items can start with (None: any), and whether it can be empty."""
    found: set[str] = set()
    for op, av in items:
        chars, empty = _first_of(op, av)
        if chars is _ANY:
            return _ANY, False
        found |= chars
        if not empty:
            return found, False
    return found, True


def _first_of(op: object, av: object) -> tuple[set[str] | None, bool]:  # noqa: PLR0911 - one case per operator
    if op is sre.LITERAL:
        return {chr(av)}, False  # type: ignore[arg-type]
    if op is sre.IN:
        chars: set[str] = set()
        for kind, value in av:  # type: ignore[attr-defined]
            if kind is sre.LITERAL:
                chars.add(chr(value))
            elif kind is sre.RANGE and value[1] - value[0] <= _LARGEST_RANGE:
                chars.update(chr(code) for code in range(value[0], value[1] + 1))
            else:  # a category (\w), a negation, a wide range
                return _ANY, False
        return chars, False
    if op is sre.BRANCH:
        found: set[str] = set()
        empty = False
        for branch in av[1]:  # type: ignore[index]
            chars, branch_empty = _first(branch)
            if chars is _ANY:
                return _ANY, False
            found |= chars
            empty = empty or branch_empty
        return found, empty
    if op is sre.SUBPATTERN:
        return _first(av[-1])  # type: ignore[index]
    if op in _REPEATS:
        chars, empty = _first(av[2])  # type: ignore[index]
        return chars, empty or av[0] == 0  # type: ignore[index]
    if getattr(sre, "ATOMIC_GROUP", None) is op:
        return _first(av)  # type: ignore[arg-type]
    if op in _ZERO_WIDTH:
        return set(), True
    return _ANY, False  # any character, a category, a back-reference


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters, lower-cased, that a match of `pattern` can begin with; None when it can begin with any
    (or be empty, or the pattern is beyond this analysis)."""
    try:
        chars, empty = _first(sre_parse.parse(pattern, flags))
    except (re.error, TypeError, IndexError, ValueError):
        return None
    if chars is _ANY or empty or not chars:
        return None
    lowered = frozenset(char.lower() for char in chars)
    return lowered if all(len(char) == 1 for char in lowered) else None  # "İ" lower-cases to two characters


def dispatched_alternation(patterns: Sequence[str], flags: int = 0) -> str:
    """A regular expression that matches where `"|".join(patterns)` does (it may differ in which branch
    matches, so use it as a gate or in a lookahead), trying at each position only the patterns that can begin
    with the character there. Matched case-insensitively or against lower-cased text."""
    by_char: dict[str, list[str]] = defaultdict(list)
    anywhere: list[str] = []
    for pattern in patterns:
        chars = first_chars(pattern, flags)
        if chars is None:
            anywhere.append(pattern)
            continue
        for char in chars:
            by_char[char].append(pattern)
    branches = [rf"(?={re.escape(char)})(?:{'|'.join(group)})" for char, group in sorted(by_char.items())]
    if anywhere:
        branches.append(f"(?:{'|'.join(anywhere)})")
    return "|".join(branches) or "(?!)"
