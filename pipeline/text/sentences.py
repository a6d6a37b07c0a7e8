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
        "sens",
        "rep",
        "reps",
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
# Longer "sentences" (tables, lists and run-on text without full stops) are cut into pieces of at most this many
# characters, at a clause break where there is one, so the grammars' work stays linear in the document's length.
MAX_SENTENCE_CHARS = 1500
_CLAUSE_BREAK = re.compile(r"[;,:]\s|\s")
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
            # Only the end of the chunk decides: slicing from the sentence start would make long paragraphs quadratic.
            if _is_abbreviation(body[max(start, para.start() + match.start() - 30) : para.start() + match.start() + 1]):
                continue
            spans.append((start, cut))
            start = cut
        spans.append((start, para.end()))
    sentences = []
    for start, end in (piece for span in spans for piece in _pieces(body, *span)):
        text = body[start:end]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if text:
            sentences.append(Sentence(len(sentences), start + lead, start + lead + len(text), text))
    return sentences


def _pieces(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut into pieces of at most MAX_SENTENCE_CHARS, each ending at the last clause break or space in it."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        window = body[limit - MAX_SENTENCE_CHARS // 2 : limit]
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(window)]
        clause = [m.end() for m in re.finditer(r"[;,:]\s", window)]
        cut = limit - MAX_SENTENCE_CHARS // 2 + (clause or breaks or [len(window)])[-1]
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


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
