"""An alternation of many regular expressions that tries, at each position, only those that can start there.

`re` tries the branches of `a|b|c|...` one after the other at every position, and a seed pattern is often
itself a list of words ("summits?|meetings?|talks|..."), so a scan for a hundred patterns made hundreds of
attempts per word. Grouping the patterns by the characters they can begin with lets one failed look at the
next character rule out a whole group; the first few characters they can begin with (`first_strings`) rule
out most words before any pattern is tried.
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


# More ways to begin than this and a pattern is not worth telling apart by its first characters.
_MOST_STRINGS = 256
_Beginnings = set[tuple[str, bool]]  # (characters, whether nothing more can be told after them)


def _beginnings(items: sre_parse.SubPattern | list, length: int) -> _Beginnings | None:
    """How a sequence of parsed items can begin, up to `length` characters; None when there are too many ways."""
    found: _Beginnings = {("", False)}
    for op, av in items:
        if all(told or len(chars) >= length for chars, told in found):
            break
        grown: _Beginnings = set()
        for chars, told in found:
            options = None if told or len(chars) >= length else _beginnings_of(op, av, length - len(chars))
            if options is None:  # complete, or what follows is beyond telling: these characters are all we know
                grown.add((chars, True))
            else:
                grown.update((chars + more, more_told) for more, more_told in options)
        if len(grown) > _MOST_STRINGS:
            return None
        found = grown
    return found


def _beginnings_of(op: object, av: object, length: int) -> _Beginnings | None:  # noqa: PLR0911 - one case per operator
    if op is sre.LITERAL:
        return {(chr(av), False)}  # type: ignore[arg-type]
    if op is sre.IN:
        chars = set()
        for kind, value in av:  # type: ignore[attr-defined]
            if kind is sre.LITERAL:
                chars.add(chr(value))
            elif kind is sre.RANGE and value[1] - value[0] <= _LARGEST_RANGE:
                chars.update(chr(code) for code in range(value[0], value[1] + 1))
            else:  # a category (\w), a negation, a wide range
                return None
        return {(char, False) for char in chars}
    if op is sre.BRANCH:
        found: _Beginnings = set()
        for branch in av[1]:  # type: ignore[index]
            options = _beginnings(branch, length)
            if options is None:
                return None
            found |= options
        return found
    if op is sre.SUBPATTERN:
        return _beginnings(av[-1], length)  # type: ignore[index]
    if getattr(sre, "ATOMIC_GROUP", None) is op:
        return _beginnings(av, length)  # type: ignore[arg-type]
    if op in _REPEATS:
        return _repeated(*av, length)  # type: ignore[misc]
    if op in _ZERO_WIDTH:
        return {("", False)}
    return None  # any character, a category, a back-reference


def _repeated(least: int, most: int, item: sre_parse.SubPattern, length: int) -> _Beginnings | None:
    """How `least` to `most` repetitions of an item can begin."""
    ends: _Beginnings = set()
    current: _Beginnings = {("", False)}
    for count in range(min(most, length + 1) + 1):
        if count >= least:
            ends |= current  # the repetitions may stop here
        if count == most:
            break
        grown: _Beginnings = set()
        for chars, told in current:
            options = None if told or len(chars) >= length else _beginnings(item, length - len(chars))
            if options is None:
                ends.add((chars, True))
            else:
                grown.update((chars + more, more_told) for more, more_told in options)
        if len(grown) > _MOST_STRINGS:
            return None
        current = grown
    else:
        ends |= {(chars, True) for chars, _ in current}  # more repetitions than followed: nothing more to tell
    return ends


def first_strings(pattern: str, length: int, flags: int = 0) -> frozenset[str] | None:
    """Strings, lower-cased, one of which every match of `pattern` begins with: its first `length` characters, or
    fewer where a match may end sooner or what comes next is beyond telling ("sign(?:s|ed)?|ink" with 3: "sig",
    "ink"; "ex\\w+" with 3: "ex"). None when a match can begin with any character (or be empty), there are too
    many strings, or the pattern is beyond this analysis."""
    try:
        found = _beginnings(sre_parse.parse(pattern, flags), length)
    except (re.error, TypeError, IndexError, ValueError):
        return None
    if found is None:
        return None
    strings = {chars[:length] for chars, _ in found}
    if "" in strings:
        return None
    lowered = frozenset(string.lower() for string in strings)
    # "İ" lower-cases to two characters.
    return lowered if all(len(string.lower()) == len(string) for string in strings) else None


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
