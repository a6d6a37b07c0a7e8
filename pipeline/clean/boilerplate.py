"""Line-level boilerplate filter shared by the plain-text and HTML cleaners.

Web furniture ("Share this:", "Post a Comment", "The post X appeared first on Y.",
photo credits, bylines, copyright footers ...) is recognised line by line against a
pattern list kept as data in ``pipeline/data/boilerplate_patterns.csv`` so that new
patterns need no code change. Columns: ``pattern,kind,description`` where ``kind`` is

- ``exact``: the whole line equals the pattern (case-insensitive, ignoring surrounding
  whitespace and trailing ``.:!?…`` punctuation);
- ``regex``: the pattern matches the whole line (``re.fullmatch``, case-insensitive).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ftfy import fix_encoding

PATTERNS_PATH = Path(__file__).parent.parent / "data" / "boilerplate_patterns.csv"

# Typographic quotes are folded only for matching, so patterns can be written in ASCII
# while the body keeps the publisher's punctuation.
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
# Zero-width characters survive str.split() but are invisible noise in a line.
_INVISIBLE = dict.fromkeys(("\u200b", "\u200c", "\u200d", "\ufeff"), "")
# List bullets in front of a line say nothing about whether it is furniture.
_BULLET_CHARS = "-*\u2022\u00b7\u25aa>"
_BULLET = re.compile(rf"^[{_BULLET_CHARS}]+\s+")
_TRAILING_PUNCT = " .:!?\u2026"


@dataclass(frozen=True)
class BoilerplatePatterns:
    """Compiled pattern list: a set of exact keys plus full-line regexes."""

    exact: frozenset[str]
    regexes: tuple[re.Pattern[str], ...]


def _replace_all(text: str, replacements: dict[str, str]) -> str:
    # Per-character replace on the few lines that need it: str.translate with a mapping costs
    # a dict lookup for every character of every line.
    for old, new in replacements.items():
        if old in text:
            text = text.replace(old, new)
    return text


# UTF-8 read as Windows-1252 leaves these behind ("Â\xa0", "â€™", "Ã©"); a line without them needs no repair.
_MOJIBAKE = re.compile("[ÂÃ][\x80-\xbf]|â€|(?<=\\S)Â(?=\\s)")
# What is left of a no-break space once a copy has made it an ordinary one ("NarendraÂ Modi").
_STRAY_NO_BREAK = re.compile(r"(?<=\S)Â(?=\s)")


def normalise_line(line: str) -> str:
    """Repair text decoded with the wrong codec, collapse whitespace (including no-break spaces), drop zero-width
    characters, strip."""
    if _MOJIBAKE.search(line):
        line = _STRAY_NO_BREAK.sub("", fix_encoding(line))
    line = _replace_all(line, _INVISIBLE)
    # str.split() splits on exactly the characters that re's \s matches, and strips.
    return " ".join(line.split())


def _match_form(line: str) -> str:
    text = _replace_all(normalise_line(line), _QUOTES)
    # Only a line that starts with a bullet character can need the regex.
    return _BULLET.sub("", text) if text[:1] in _BULLET_CHARS else text


def _exact_key(line: str) -> str:
    return _match_form(line).casefold().rstrip(_TRAILING_PUNCT)


def load_patterns(path: Path | str = PATTERNS_PATH) -> BoilerplatePatterns:
    """Read and compile a pattern CSV; raises ValueError on an unknown kind or bad regex."""
    exact: set[str] = set()
    regexes: list[re.Pattern[str]] = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row_no, row in enumerate(csv.DictReader(handle), start=2):
            pattern, kind = row["pattern"], row["kind"].strip().lower()
            if kind == "exact":
                exact.add(_exact_key(pattern))
            elif kind == "regex":
                try:
                    regexes.append(re.compile(pattern, re.IGNORECASE))
                except re.error as exc:
                    raise ValueError(f"{path}:{row_no}: bad regex {pattern!r}: {exc}") from exc
            else:
                raise ValueError(f"{path}:{row_no}: unknown pattern kind {kind!r}")
    return BoilerplatePatterns(frozenset(exact), tuple(regexes))


@lru_cache(maxsize=1)
def default_patterns() -> BoilerplatePatterns:
    """The packaged pattern list, read once per process."""
    return load_patterns(PATTERNS_PATH)


def matching_pattern(line: str, patterns: BoilerplatePatterns | None = None) -> str | None:
    """The pattern that classifies ``line`` as boilerplate, or None (handy for debugging)."""
    patterns = patterns or default_patterns()
    text = _match_form(line)
    if not text:
        return None
    key = text.casefold().rstrip(_TRAILING_PUNCT)
    if key in patterns.exact:
        return key
    for regex in patterns.regexes:
        if regex.fullmatch(text):
            return regex.pattern
    return None


def is_boilerplate(line: str, patterns: BoilerplatePatterns | None = None) -> bool:
    """True when the whole line is web furniture rather than article text."""
    return matching_pattern(line, patterns) is not None


def filter_lines(lines: Iterable[str], patterns: BoilerplatePatterns | None = None) -> list[str]:
    """Normalised, non-empty lines that are not boilerplate, in order."""
    kept = []
    for line in lines:
        text = normalise_line(line)
        if text and not is_boilerplate(text, patterns):
            kept.append(text)
    return kept


def strip_boilerplate(text: str, patterns: BoilerplatePatterns | None = None) -> str:
    """Drop boilerplate and empty lines from ``text``; lines are joined with ``\\n``."""
    return "\n".join(filter_lines(text.splitlines(), patterns))
