"""Versions of the cleaning and extraction logic: a change re-processes the articles it affects."""

import hashlib
from functools import cache
from pathlib import Path

from pipeline.lexicon import seeds_version

_PACKAGE = Path(__file__).resolve().parent
CLEANER_FILES = ("clean.py", "boilerplate.py", "data/boilerplate_patterns.csv", "dates.py")
EXTRACTOR_FILES = (
    "extract.py",
    "sentence_view.py",
    "agreements.py",
    "visits.py",
    "sanctions.py",
    "mentions.py",
    "grammar.py",
    "actors.py",
    "lexicon.py",
    "name_pattern.py",
    "dates.py",
    "amounts.py",
    "sentences.py",
    "data/usd_exchange_rates.csv",
)


def _hash_files(names: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in names:
        # A listed file that is missing is a bug in the list, not a version: let it fail loudly.
        digest.update((_PACKAGE / name).read_bytes())
    return digest.hexdigest()[:12]


@cache
def cleaner_version() -> str:
    return _hash_files(CLEANER_FILES)


@cache
def extractor_version() -> str:
    return f"{_hash_files(EXTRACTOR_FILES)}-{seeds_version()}"
