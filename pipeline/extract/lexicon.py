"""Load the extractor's knowledge (dbt seed CSVs) once per process and compile it for matching.

Everything the extractor knows about actors, triggers and topics lives in `dbt_project/seeds/`,
so an analyst extends the extractor by editing CSV files, and the warehouse carries the same
dictionaries as reference tables.
"""

import csv
import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from pipeline.paths import DBT_SEEDS_DIR
from pipeline.text.first_chars import dispatched_alternation, first_strings
from pipeline.text.name_pattern import trie_alternation
from pipeline.versions import seeds_version


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
    fact_type: str
    part_of_speech: str
    status: str | None


@dataclass(frozen=True)
class Grouping:
    """A named group of states ("G7", "the P5+1") and its members while the membership held."""

    name: str
    members: tuple[str, ...]
    valid_from: dt.date | None
    valid_to: dt.date | None

    def members_on(self, on: dt.date | None) -> tuple[str, ...]:
        if on is None or ((self.valid_from is None or self.valid_from <= on)
                          and (self.valid_to is None or on <= self.valid_to)):
            return self.members
        return ()


@dataclass(frozen=True)
class Cue:
    fact_type: str
    status: str


_WORD_START = r"(?<![\w-])"


def _whole(pattern: str) -> str:
    return rf"(?:{pattern})(?![\w-])"


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(_WORD_START + _whole(pattern), re.IGNORECASE)


_Item = TypeVar("_Item")


# A letter outside ASCII: lower-casing it may change the text's length ("İ") or miss a case-insensitive match ("ſ").
_NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")


def _scan_source(patterns: Sequence[str], gate: str | None) -> str:
    """One zero-width pattern that stops at each word start where any of `patterns` matches; with a gate, only
    where the text begins as one of them can (`first_strings`)."""
    gated = f"(?:{gate})" if gate else ""
    return rf"{_WORD_START}(?={gated})(?={_whole(dispatched_alternation(patterns))})"


# How many first characters of a word the scan compares with the patterns' before trying any: most words begin as
# no pattern does. Three let every "the" through (a trigger begins "they are"), five rule out more words and cost no
# more to compare.
_GATE = 5


class WordMatcher(Generic[_Item]):
    """Items, each with a seed pattern matched as whole words, found with one scan of a text.

    Running dozens of patterns over every sentence one by one cost half of all extraction time,
    although most sentences match none: one combined pattern stops only where some pattern matches,
    and there only the patterns that can begin with the characters found are matched on their own.
    """

    def __init__(self, entries: Sequence[tuple[_Item, str]] = ()) -> None:
        self._items = [item for item, _ in entries]
        self._patterns = [_words(pattern) for _, pattern in entries]
        patterns = [pattern for _, pattern in entries]
        beginnings = [first_strings(pattern, _GATE) for pattern in patterns]
        gate = trie_alternation({s for strings in beginnings if strings for s in strings}) \
            if beginnings and all(beginnings) else None
        self._scan = re.compile(_scan_source(patterns, gate), re.IGNORECASE)
        # Patterns whose letters are ASCII match text whose letters are ASCII (curly quotes and dashes have no
        # case), whatever its case, wherever their lower-cased letters match it lower-cased with case taken into
        # account, which `re` scans twice as fast. The scan only proposes (each pattern then checks the original
        # text), so a case-sensitive part ("(?-i:[A-Z])") may match more in it; escapes ("\\W", "\\S") keep their
        # case, which is their meaning.
        lowered = [re.sub(r"\\.|\(\?P|[A-Z]", lambda m: m.group() if len(m.group()) > 1 else m.group().lower(),
                          pattern) for pattern in patterns]
        caseless = not any(_NON_ASCII_LETTER.search(pattern) for pattern in patterns)
        self._lower_scan = re.compile(_scan_source(lowered, gate)) if caseless else None
        # The patterns a text can match at a stop, by how it begins (lower-cased, ASCII): under each beginning of a
        # pattern, in item order, the patterns whose beginnings are it or shorter parts of it, and those that can
        # begin anywhere or with a character outside ASCII, which are tried at every stop.
        anywhere = [i for i, strings in enumerate(beginnings)
                    if strings is None or not all(s.isascii() for s in strings)]
        self._everywhere = list(range(len(patterns)))
        self._anywhere = anywhere
        keys = {s for i, strings in enumerate(beginnings) if i not in anywhere and strings for s in strings}
        self._by_beginning: dict[str, list[int]] = {
            key: sorted({i for i, strings in enumerate(beginnings) if i not in anywhere and strings
                         and any(key.startswith(s) for s in strings)} | set(anywhere))
            for key in keys}

    def _candidates(self, text: str, start: int) -> list[int]:
        """The patterns that can match at a stop, in item order."""
        begins = text[start:start + _GATE]
        # A character outside ASCII may match a pattern's letter case-insensitively ("ſ" an "s"): try them all.
        if not begins.isascii():
            return self._everywhere
        begins = begins.lower()
        for length in range(len(begins), 0, -1):
            if (found := self._by_beginning.get(begins[:length])) is not None:
                return found
        return self._anywhere

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[_Item, re.Match[str]]]:
        """What `[(item, m) for item, pattern in entries for m in pattern.finditer(text, pos, endpos)]` gives."""
        endpos = len(text) if endpos is None else endpos
        if self._lower_scan is not None and (text.isascii() or not _NON_ASCII_LETTER.search(text)):
            stops = self._lower_scan.finditer(text.lower(), pos, endpos)
        else:
            stops = self._scan.finditer(text, pos, endpos)
        found: list[tuple[int, re.Match[str]]] = []
        ends: dict[int, int] = {}  # pattern → end of its last match
        for stop in stops:
            start = stop.start()
            for i in self._candidates(text, start):
                # finditer resumes after a match: a pattern never matches inside its own previous match.
                if ends.get(i, start) > start:
                    continue
                if match := self._patterns[i].match(text, start, endpos):
                    found.append((i, match))
                    ends[i] = match.end()
        found.sort(key=lambda f: f[0])  # stable: by item, then by position
        return [(self._items[i], match) for i, match in found]


@dataclass
class Lexicon:
    """Compiled dictionaries: aliases → country codes, officials, triggers, cues, topics, groupings of states."""

    country_names: dict[str, str]
    aliases: dict[str, tuple[str, str]]  # alias → (country_code, alias_kind)
    officials_by_name: dict[str, list[Official]]  # full name, surname or alias → candidates
    triggers: WordMatcher[Trigger]
    cues: defaultdict[str, WordMatcher[Cue]]  # by fact type
    topics: defaultdict[str, WordMatcher[tuple[str, int]]]  # fact type → (topic, priority)
    designator_stoplist: frozenset[str]
    version: str
    surnames: frozenset[str] = frozenset()               # names that are an official's surname only
    groupings: WordMatcher[Grouping] = field(default_factory=WordMatcher)
    # Surname → the words of the full names and aliases of the officials it names ("Hadi" → Abdrabbuh, Mansur,
    # Abd-Rabbu, Mansour, ...): a spelling variant of the first name before the surname is still the official.
    name_words: dict[str, frozenset[str]] = field(default_factory=dict)
    seats: dict[str, str] = field(default_factory=dict)  # bloc → the country of its seat ("NATO" → "BEL")
    # Full name → surname of the officials whose surname alone names them only after the article has named them in
    # full: rows built from a broad public dataset (`source` other than "curated"), as a dictionary of every head of
    # state since 1995 holds many family names that are somebody else's too ("Williams", "Major", "Gross"), and
    # curated officials whose surname is an ordinary word or a place ("Rice", "Hunt").
    local_surnames: dict[str, str] = field(default_factory=dict)
    surname_of: dict[str, str] = field(default_factory=dict)  # an official's full name → the surname news uses
    family_first: frozenset[str] = frozenset()  # countries whose names are written family name first ("Xi Jinping")
    office_roles: dict[str, str] = field(default_factory=dict)  # "foreign minister" → "foreign_minister"
    office_mention: re.Pattern[str] | None = None  # any office, plural too ("the foreign ministers of ...")
    # Officials of the worldwide list of ministers (`source` "everypolitician" only): so many names, some of them
    # common ("Michael Atkinson", a state minister of South Australia), that one names the official only in an article
    # that names his country.
    needs_country: frozenset[str] = frozenset()
    actor_pattern: re.Pattern[str] = field(init=False)
    places_by_lower: dict[str, tuple[str, str]] = field(init=False)
    place_names_by_lower: dict[str, str] = field(init=False)

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
        # The name a dateline's capitals spell ("NEW DELHI" → "New Delhi"): the first alias so lower-cased.
        self.place_names_by_lower = {}
        for alias in self.aliases:
            if alias.lower() in self.places_by_lower:
                self.place_names_by_lower.setdefault(alias.lower(), alias)

    def officials_named(self, name: str, on: dt.date | None) -> list[Official]:
        """Officials a name can refer to, narrowed to those in office on the date when that decides it: between
        people of one name, and between the offices of one person in two countries ("Jens Stoltenberg", Norway's
        prime minister, then NATO's secretary general)."""
        candidates = self.officials_by_name.get(name, [])
        if on is not None and len({(o.full_name, o.country_code) for o in candidates}) > 1:
            current = [o for o in candidates if o.in_office(on)]
            if current:
                return current
        return candidates


def _read(seeds_dir: Path, name: str) -> list[dict[str, str]]:
    with (seeds_dir / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# Surnames that are also ordinary capitalised words (months, "May", "Rice"), which need a first name
# or a title before they can stand for a person.
COMMON_WORDS = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday rice brown hunt king young hope little wood hill law love price rich
    long white black green grant he she it we an so la le do go no us said will""".split()
)


@cache
def load_lexicon(seeds_dir: Path = DBT_SEEDS_DIR) -> Lexicon:
    countries = {row["country_code"]: row["short_name"] or row["name"] for row in _read(seeds_dir, "countries.csv")}
    aliases = {row["alias"]: (row["country_code"], row["alias_kind"]) for row in _read(seeds_dir, "actor_aliases.csv")}
    # News writes "People’s Republic" with a typographic apostrophe as often as with a straight one; unmatched,
    # the rest of the name is another actor ("Republic of China").
    aliases |= {_typographic(alias): entry for alias, entry in aliases.items() if "'" in alias}
    officials: dict[str, list[Official]] = {}
    by_full_name: dict[str, list[Official]] = {}
    surnames = set()
    local_surnames: dict[str, str] = {}
    surname_of: dict[str, str] = {}
    sources_of: dict[str, set[str]] = {}
    for row in _read(seeds_dir, "officials.csv"):
        sources_of.setdefault(row["full_name"], set()).add(row.get("source") or "curated")
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
        if surname:
            surname_of[person.full_name] = surname
        if (row.get("source") or "curated") != "curated":
            if surname != person.full_name:
                local_surnames[person.full_name] = surname
            continue
        if surname and surname.lower() not in COMMON_WORDS and surname not in aliases:
            # "von der Leyen" opens a sentence as "Von der Leyen".
            for spelling in {surname, surname[0].upper() + surname[1:]}:
                officials.setdefault(spelling, []).append(person)
                surnames.add(spelling)
        elif surname and surname != person.full_name:
            local_surnames[person.full_name] = surname  # "Rice", "Hunt": only once the article named her in full
    for row in _read(seeds_dir, "official_aliases.csv"):
        officials.setdefault(row["alias"], []).extend(by_full_name.get(row["full_name"], []))
    family_first = frozenset(row["country_code"] for row in _read(seeds_dir, "name_orders.csv")
                             if row["family_name"] == "first")
    for name in [n for n, people in officials.items() if n not in surnames
                 and any(p.country_code in family_first for p in people)]:
        for variant in sorted(_romanised_variants(name)):
            if variant not in officials:  # not `- set(officials)`: a set of every name per name is quadratic
                officials[variant] = list(officials[name])
    for name in [n for n in officials if not n.isascii() and n not in surnames]:
        for variant in sorted(ascii_spellings(name)):
            if variant not in officials:
                officials[variant] = list(officials[name])
    for name in [n for n in officials if "'" in n and n not in surnames]:
        officials.setdefault(_typographic(name), []).extend(officials[name])
    triggers = WordMatcher([(Trigger(r["fact_type"], r["part_of_speech"], r["status"] or None), r["pattern"])
                            for r in _read(seeds_dir, "event_triggers.csv")])
    cues: defaultdict[str, list[tuple[Cue, str]]] = defaultdict(list)
    for row in _read(seeds_dir, "status_cues.csv"):
        cues[row["fact_type"]].append((Cue(row["fact_type"], row["status"]), row["pattern"]))
    topics: defaultdict[str, list[tuple[tuple[str, int], str]]] = defaultdict(list)
    for row in _read(seeds_dir, "subject_topics.csv"):
        topics[row["fact_type"]].append(((row["topic"], int(row["priority"])), row["term"]))
    stoplist = frozenset(r["designator"] for r in _read(seeds_dir, "designator_stoplist.csv"))
    surnames -= set(by_full_name)
    words_of: dict[str, set[str]] = {}
    for name, people in officials.items():
        for person in people:
            words_of.setdefault(person.full_name, set()).update(name.split())
    name_words = {surname: frozenset(w for p in officials[surname] for w in words_of[p.full_name])
                  for surname in surnames}
    groupings = WordMatcher([(Grouping(r["grouping"], tuple(r["member_codes"].split()), _date(r["valid_from"]),
                                       _date(r["valid_to"])), r["pattern"])
                             for r in _read(seeds_dir, "groupings.csv")])
    seats = {row["country_code"]: aliases[row["capital"]][0] for row in _read(seeds_dir, "gazetteer_countries.csv")
             if row["centroid_source"] == "seat" and row["capital"] in aliases}
    office_roles = {row["phrase"].casefold(): row["role"] for row in _read(seeds_dir, "office_words.csv")}
    office_mention = re.compile(rf"\b({trie_alternation(set(office_roles))})s?\b", re.IGNORECASE) \
        if office_roles else None
    return Lexicon(countries, aliases, officials, triggers, _matchers(cues), _matchers(topics), stoplist,
                   seeds_version(seeds_dir), frozenset(surnames), groupings, name_words, seats, local_surnames,
                   surname_of, family_first, office_roles, office_mention,
                   frozenset(name for name, sources in sources_of.items() if sources == {"everypolitician"}))


# Letters news without them writes as two ("Støre" → "Stoere", "Schröder" → "Schroeder") or as the bare letter.
_TWO_LETTERS = str.maketrans({"ø": "oe", "ö": "oe", "ü": "ue", "ä": "ae", "å": "aa", "æ": "ae", "ß": "ss",
                              "Ø": "Oe", "Ö": "Oe", "Ü": "Ue", "Ä": "Ae", "Å": "Aa", "Æ": "Ae"})
_BARE_LETTER = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d",
                              "Đ": "D", "ı": "i"})


def ascii_spellings(name: str) -> set[str]:
    """A name with letters outside ASCII as news also writes it: "Jonas Gahr Støre" as "Jonas Gahr Stoere" and
    "Jonas Gahr Store"."""
    bare = unicodedata.normalize("NFKD", name.translate(_BARE_LETTER))
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    two = unicodedata.normalize("NFKD", name.translate(_TWO_LETTERS))
    two = "".join(c for c in two if not unicodedata.combining(c))
    return {v for v in (bare, two) if v.isascii()} - {name}


def _romanised_variants(name: str) -> set[str]:
    """The other ways news joins the syllables of a Korean or Chinese given name: "Moon Jae-in" is also "Moon Jae
    In" and "Moon Jae-In"; "Kim Jong Un" is also "Kim Jong-un" and "Kim Jong-Un"."""
    words = name.split()
    if not all(w[:1].isupper() for w in words):
        return set()
    if len(words) == 2 and words[1].count("-") == 1:
        first, second = words[1].split("-")
        if first and second.isalpha():
            return {f"{words[0]} {first} {second.capitalize()}", f"{words[0]} {first}-{second.capitalize()}",
                    f"{words[0]} {first}-{second.lower()}"} - {name}
    if len(words) == 3 and "-" not in name and words[2].isalpha():
        return {f"{words[0]} {words[1]}-{words[2].lower()}", f"{words[0]} {words[1]}-{words[2]}"}
    return set()


def _typographic(name: str) -> str:
    return name.replace("'", "’")


def _matchers(entries: dict[str, list[tuple[_Item, str]]]) -> defaultdict[str, WordMatcher[_Item]]:
    """One matcher per fact type; a fact type without entries matches nothing."""
    return defaultdict(WordMatcher, {fact_type: WordMatcher(items) for fact_type, items in entries.items()})
