"""The one-scan trigger, cue and topic matcher finds exactly what matching each seed pattern on its own finds."""

import csv
import random
import re

import pytest

from pipeline.extract.lexicon import WordMatcher
from pipeline.paths import DBT_SEEDS_DIR
from pipeline.text.sentences import split_sentences
from tests.conftest import SEEDS_DIR

# What each seed pattern means on its own: whole words, any case.
WHOLE_WORDS = r"(?<![\w-])(?:{})(?![\w-])"
WORDS = ("signed sign agreement deal talks in meeting met summit who were Delhi SANCTIONS ſanctions Sanctions "
         "threatened could face impose waiver lift trade oil missiles S-400 free-trade free trade İn é – ’ continue "
         "the continued a visit visits flew to travel arrived state pact accord memorandum embargo tariffs told "
         "Manila manila conference Summit deals to").split()


def _seed_patterns(name: str, column: str) -> list[str]:
    with (DBT_SEEDS_DIR / name).open(encoding="utf-8") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def _one_by_one(patterns: list[str], text: str, pos: int, endpos: int) -> list[tuple[int, tuple[int, int]]]:
    compiled = [re.compile(WHOLE_WORDS.format(p), re.IGNORECASE) for p in patterns]
    return [(i, m.span()) for i, pattern in enumerate(compiled) for m in pattern.finditer(text, pos, endpos)]


def _texts() -> list[str]:
    seeds = [s.text for path in sorted(SEEDS_DIR.iterdir()) for s in split_sentences(path.read_text())]
    rng = random.Random(7)
    mixes = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 25))) for _ in range(1500)]
    # Patterns with a case-sensitive part ("told the" before a capitalised name of a meeting).
    cased = ["Ri told the Manila conference on Saturday.", "Ri told the manila conference.",
             "Kerry addressed the Munich Security conference."]
    return seeds + mixes + cased


@pytest.mark.parametrize(("seed", "column"), [("event_triggers.csv", "pattern"), ("status_cues.csv", "pattern"),
                                              ("subject_topics.csv", "term")])
def test_one_scan_finds_what_each_pattern_finds(seed: str, column: str) -> None:
    patterns = _seed_patterns(seed, column)
    matcher = WordMatcher([(i, p) for i, p in enumerate(patterns)])
    rng = random.Random(11)
    found_any = 0
    for text in _texts():
        start = rng.randint(0, len(text))
        for pos, endpos in ((0, len(text)), (start, rng.randint(start, len(text)))):
            expected = _one_by_one(patterns, text, pos, endpos)
            assert [(i, m.span()) for i, m in matcher.find(text, pos, endpos)] == expected, (text, pos, endpos)
            found_any += bool(expected)
    assert found_any > 100  # the texts do exercise the patterns
