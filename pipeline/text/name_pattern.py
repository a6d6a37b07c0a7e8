"""A regular expression for thousands of literal names that Python's `re` can scan quickly.

A plain alternation ("Abu Dhabi|Abuja|...") makes `re` try every name at every position of a
sentence. Written as a trie ("Abu(?: Dhabi|ja)"), each position costs one step per character
that can still start or continue a name.
"""

import re
from collections.abc import Iterable

_END = ""  # marks a node where a name ends; no character is the empty string


def trie_alternation(names: Iterable[str], not_after: str | None = None) -> str:
    """A pattern matching exactly the given names that, like an alternation sorted longest first,
    takes the longest name at a position and backtracks to shorter ones when what follows fails.

    `not_after`, a character class ("[\\w-]"): names only where the character before is not of it, as
    `(?<!class)` before the pattern would say; written after each name's first character instead, so
    that `re` skips to the characters names begin with rather than trying every position."""
    root: dict[str, dict] = {}
    for name in names:
        node = root
        for char in name:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not_after is None:
        return _pattern(root)
    return "|".join(f"{re.escape(char)}(?<!{not_after}{re.escape(char)}){_pattern(child)}"
                    for char, child in sorted(root.items()))


def _pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _pattern(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if _END not in node:
        return body
    # Greedy optional: longer names are tried first, ending here is the fallback.
    return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
