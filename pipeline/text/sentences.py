"""Split a cleaned body into sentences with character offsets into the body."""

import re
from dataclasses import dataclass

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "gov",
        "sen",
        "rep",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "sec",
        "no",
        "nos",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "est",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.s.a",
        "i.e",
        "e.g",
        "a.m",
        "p.m",
        "rs",
        "pres",
        "amb",
    ]
)
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


def split_sentences(body: str) -> list[Sentence]:
    """Sentences of a body; paragraph breaks always end a sentence."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", body):
        start = para.start()
        for match in _BOUNDARY.finditer(para.group()):
            cut = para.start() + match.end()
            if _is_abbreviation(body[start : para.start() + match.start() + 1]):
                continue
            spans.append((start, cut))
            start = cut
        spans.append((start, para.end()))
    sentences = []
    for start, end in spans:
        text = body[start:end]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if text:
            sentences.append(Sentence(len(sentences), start + lead, start + lead + len(text), text))
    return sentences


def _is_abbreviation(chunk: str) -> bool:
    """True when the full stop that ends chunk belongs to an abbreviation or an initial."""
    if not chunk.endswith("."):
        return False
    match = _WORD_BEFORE.search(chunk[:-1])
    if not match:
        return False
    word = match.group(1)
    # A single capital letter is an initial ("S. Jaishankar"), and "U.S." style dotted forms.
    if len(word) == 1 and word.isupper():
        return True
    return word.lower().strip(".") in ABBREVIATIONS
