"""Load the extractor's knowledge (dbt seed CSVs) once per process and compile it for matching.

Everything the extractor knows about actors, triggers and topics lives in `dbt_project/seeds/`,
so an analyst extends the extractor by editing CSV files, and the warehouse carries the same
dictionaries as reference tables.
"""

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline.name_pattern import trie_alternation
from pipeline.paths import DBT_SEEDS_DIR

SEED_FILES = (
    "countries.csv",
    "actor_aliases.csv",
    "officials.csv",
    "official_aliases.csv",
    "event_triggers.csv",
    "status_cues.csv",
    "subject_topics.csv",
    "designator_stoplist.csv",
)


@dataclass(frozen=True)
class Official:
    full_name: str
    country_code: str
    role: str
    title: str
    term_start: dt.date | None
    term_end: dt.date | None

    def in_office(self, on: dt.date) -> bool:
        return (self.term_start is None or self.term_start <= on) and (self.term_end is None or on <= self.term_end)


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern[str]
    fact_type: str
    part_of_speech: str
    status: str | None


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    fact_type: str
    status: str


@dataclass
class Lexicon:
    """Compiled dictionaries: aliases → country codes, officials, triggers, cues, topics."""

    country_names: dict[str, str]
    aliases: dict[str, tuple[str, str]]  # alias → (country_code, alias_kind)
    officials_by_name: dict[str, list[Official]]  # full name, surname or alias → candidates
    triggers: list[Trigger]
    cues: list[Cue]
    topics: dict[str, list[tuple[re.Pattern[str], str, int]]]  # fact type → (pattern, topic, priority)
    designator_stoplist: frozenset[str]
    version: str
    surnames: frozenset[str] = frozenset()               # names that are an official's surname only
    actor_pattern: re.Pattern[str] = field(init=False)
    places_by_lower: dict[str, tuple[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        # One trie-shaped pattern, longest name first at each position: a flat alternation of every
        # name made actor lookup half of all extraction time.
        alternation = trie_alternation(set(self.aliases) | set(self.officials_by_name))
        # Case-sensitive on purpose: "US" is a country, "us" is a pronoun. Hyphens may touch a name
        # ("U.S.-led", "India-Russia summit").
        self.actor_pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
        # Datelines write places in capitals ("NEW DELHI —").
        self.places_by_lower = {alias.lower(): entry for alias, entry in self.aliases.items()
                                if entry[1] in ("capital", "city")}

    def officials_named(self, name: str, on: dt.date | None) -> list[Official]:
        """Officials a name can refer to, narrowed to those in office on the date when that decides it."""
        candidates = self.officials_by_name.get(name, [])
        if on is not None and len({o.full_name for o in candidates}) > 1:
            current = [o for o in candidates if o.in_office(on)]
            if current:
                return current
        return candidates


def _read(seeds_dir: Path, name: str) -> list[dict[str, str]]:
    with (seeds_dir / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


def seeds_version(seeds_dir: Path = DBT_SEEDS_DIR) -> str:
    """A hash of the dictionary files: when they change, articles are extracted again."""
    digest = hashlib.sha256()
    for name in SEED_FILES:
        digest.update((seeds_dir / name).read_bytes())
    return digest.hexdigest()[:12]


# Surnames that are also ordinary capitalised words (months, "May", "Rice"), which need a first name
# or a title before they can stand for a person.
_COMMON_WORDS = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday rice brown hunt king young hope little wood hill law love price rich
    long white black green grant he she it we an so la le do go no us said will""".split()
)


@cache
def load_lexicon(seeds_dir: Path = DBT_SEEDS_DIR) -> Lexicon:
    countries = {row["country_code"]: row["short_name"] or row["name"] for row in _read(seeds_dir, "countries.csv")}
    aliases = {row["alias"]: (row["country_code"], row["alias_kind"]) for row in _read(seeds_dir, "actor_aliases.csv")}
    officials: dict[str, list[Official]] = {}
    by_full_name: dict[str, list[Official]] = {}
    surnames = set()
    for row in _read(seeds_dir, "officials.csv"):
        person = Official(
            row["full_name"],
            row["country_code"],
            row["role"],
            row["title"],
            _date(row["term_start"]),
            _date(row["term_end"]),
        )
        by_full_name.setdefault(person.full_name, []).append(person)
        officials.setdefault(person.full_name, []).append(person)
        surname = row["surname"]
        if surname and surname.lower() not in _COMMON_WORDS and surname not in aliases:
            officials.setdefault(surname, []).append(person)
            surnames.add(surname)
    for row in _read(seeds_dir, "official_aliases.csv"):
        officials.setdefault(row["alias"], []).extend(by_full_name.get(row["full_name"], []))
    triggers = [
        Trigger(_words(r["pattern"]), r["fact_type"], r["part_of_speech"], r["status"] or None)
        for r in _read(seeds_dir, "event_triggers.csv")
    ]
    cues = [Cue(_words(r["pattern"]), r["fact_type"], r["status"]) for r in _read(seeds_dir, "status_cues.csv")]
    topics: dict[str, list[tuple[re.Pattern[str], str, int]]] = {}
    for row in _read(seeds_dir, "subject_topics.csv"):
        topics.setdefault(row["fact_type"], []).append((_words(row["term"]), row["topic"], int(row["priority"])))
    stoplist = frozenset(r["designator"] for r in _read(seeds_dir, "designator_stoplist.csv"))
    surnames -= set(by_full_name)
    return Lexicon(countries, aliases, officials, triggers, cues, topics, stoplist, seeds_version(seeds_dir),
                   frozenset(surnames))
