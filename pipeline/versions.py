"""Versions of the cleaning and extraction logic: a change re-processes the articles it affects.

A version is a hash of the files that define a stage's behaviour: its code folders, its data files and, for the
extractor, the dictionaries in the dbt seeds. It imports nothing of the stages, so every layer may use it.
"""

import hashlib
from functools import cache
from pathlib import Path

from pipeline.paths import DBT_SEEDS_DIR

_PACKAGE = Path(__file__).resolve().parent
# The dictionaries the extractor loads (pipeline.extract.lexicon).
SEED_FILES = (
    "countries.csv",
    "actor_aliases.csv",
    "officials.csv",
    "official_aliases.csv",
    "event_triggers.csv",
    "status_cues.csv",
    "subject_topics.csv",
    "designator_stoplist.csv",
    "groupings.csv",
    "name_orders.csv",
    "office_words.csv",
)


def _stage_files(*patterns: str) -> list[Path]:
    files = sorted({path for pattern in patterns for path in _PACKAGE.glob(pattern)})
    # A pattern that matches nothing is a bug in the list, not a version: let it fail loudly.
    if not files or any(not any(_PACKAGE.glob(pattern)) for pattern in patterns):
        raise FileNotFoundError(f"a version pattern matches no file: {patterns}")
    return files


SPLITTER_FILES = ("text/sentences.py",)
CLEANER_FILES = ("clean/*.py", "text/dates.py", "data/boilerplate_patterns.csv")
EXTRACTOR_FILES = ("extract/*.py", "text/*.py", "data/usd_exchange_rates.csv", "data/first_name_genders.csv",
                   "data/gendered_titles.csv")


def _hash_files(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def seeds_version(seeds_dir: Path = DBT_SEEDS_DIR) -> str:
    """A hash of the dictionary files: when they change, articles are extracted again."""
    return _hash_files([seeds_dir / name for name in SEED_FILES])


@cache
def cleaner_version() -> str:
    return _hash_files(_stage_files(*CLEANER_FILES))


@cache
def splitter_version() -> str:
    """The sentence splitter's own version: when it changes, stored sentences are split again."""
    return _hash_files(_stage_files(*SPLITTER_FILES))


@cache
def extractor_version() -> str:
    return f"{_hash_files(_stage_files(*EXTRACTOR_FILES))}-{seeds_version()}"
