"""Merge public datasets of heads of state and government and of ministers into the officials seed (dev-time tool).

    python scripts/build_officials.py

Reads ``scripts/officials_sources/wikidata_heads.csv`` (a trimmed snapshot of Wikidata's heads of state and
government, origin and licence in ``scripts/officials_sources/README.md``) and rewrites
``dbt_project/seeds/officials.csv`` and ``dbt_project/seeds/official_aliases.csv``: the hand-curated rows
(``source`` = ``curated``) are kept as they are, in their order, and the rows built from the snapshot
(``source`` = ``wikidata``) are recomputed and appended, sorted by country, role and term, and so are the rows built
from ``scripts/officials_sources/everypolitician_ministers.csv`` (``source`` = ``everypolitician``: cabinet ministers,
vice presidents, deputy prime ministers and central bank governors of 115 countries from the EveryPolitician
scrapers' Wikidata extracts; see ``minister_terms``). Running it twice gives the same files.

Rules, so that the hand-curated rows always win and the merged file keeps the seed's invariants:

* a person the curated rows or aliases already name (also with the accents folded) is left out, whatever office;
* a snapshot row is left out when a curated row holds the same office of the same country for more than a week
  of its term, and for a country whose curated rows record a head of state but no head of government (the
  project records presidents once, as head of state, and ceremonial prime ministers as other officials), its
  heads of government are left out;
* labels that are no personal name in English news are left out: Portuguese regnal labels and styles (a Roman
  numeral, a comma, " of ", "Papa ...", "Príncipe ...", "... da Arábia Saudita"), and labels that are a Wikidata
  id;
* one person's terms in one office that overlap or touch are merged; a person recorded as both head of state and
  head of government of a country at the same time is kept as head of state only; two different people holding
  the same office for more than a week at once (a data error, or a contested office) are both left out;
* terms start no earlier than 1995-01-01 (``EARLIEST``);
* the ``surname`` column is the family name (``family_name``); the extractor lets an imported official's
  surname alone name him only after the article has named him in full (``lexicon.Lexicon.local_surnames``), as
  many family names of a worldwide list are somebody else's too ("Williams", "Major");
* a name with accents gets its ASCII-folded form as an alias ("Andrej Babis" for "Andrej Babiš"), and a name of
  three or more words its first given name and family name ("Jorge Fonseca" for "Jorge Carlos Fonseca",
  ``short_form``), unless another person's name or form is the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "dbt_project" / "seeds"
SNAPSHOT = ROOT / "scripts" / "officials_sources" / "wikidata_heads.csv"
MINISTERS = ROOT / "scripts" / "officials_sources" / "everypolitician_ministers.csv"

OFFICIALS_COLUMNS = ["full_name", "surname", "country_code", "role", "title", "term_start", "term_end", "source"]
EARLIEST = dt.date(1995, 1, 1)
HANDOVER_DAYS = 7
COMMON_GIVEN_NAME = 3
IN_OFFICE = dt.date(2100, 1, 1)
ROLE_ORDER = {"head_of_state": 0, "head_of_government": 1, "foreign_minister": 2, "defence_minister": 3,
              "finance_minister": 4, "trade_minister": 5, "other_official": 6}
MINISTERS_EARLIEST = dt.date(2000, 1, 1)
COMMON_NAME_WORD = 3
TITLES = {"head_of_state": "Head of state", "head_of_government": "Head of government"}
FAMILY_NAME_FIRST = {"CHN", "TWN", "PRK", "KOR", "VNM"}
# Spanish and Catalan names: father's family name, then mother's.
SPANISH_DOUBLE_SURNAME = {"AND", "ARG", "BOL", "CHL", "COL", "CRI", "CUB", "DOM", "ECU", "ESP", "GNQ", "GTM", "HND",
                          "MEX", "NIC", "PAN", "PER", "PRY", "SLV", "URY", "VEN"}
# Letters NFKD does not decompose.
_FOLD = str.maketrans({"đ": "d", "Đ": "D", "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae",
                       "Æ": "AE", "’": "'", "‑": "-"})
_ROMAN = re.compile(r"\b[IVXL]+\b")
_NOT_A_PERSON = re.compile(r"^(?:Q\d+|https?:)|, | of |^Papa |^Príncipe "
                           r"| d[aeo] (?:Arábia Saudita|Johor|Kelantan|Luxemburgo|Marrocos|Quedá)$")


def fold(text: str) -> str:
    """The ASCII form news in English often writes ("Babiš" -> "Babis")."""
    return unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _date(value: str, default: dt.date) -> dt.date:
    return dt.date.fromisoformat(value) if value else default


def _overlap_days(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """How far the term that starts first runs past the other's start (a term inside another overlaps it by all
    the rest of the other: a one-day acting head within a president's term is a clash)."""
    first, second = sorted((a, b))
    return (first[1] - second[0]).days


def _is_person_label(name: str) -> bool:
    return not (_ROMAN.search(name) or _NOT_A_PERSON.search(name))


Term = tuple[str, str, str, dt.date, dt.date]  # name, country, role, start, end (IN_OFFICE if open)


def _merge_terms(terms: list[Term]) -> list[Term]:
    """One person's overlapping or touching terms in one office, merged."""
    merged: list[Term] = []
    for term in sorted(terms, key=lambda t: (t[0], t[1], t[2], t[3])):
        last = merged[-1] if merged else None
        if last and last[:3] == term[:3] and term[3] <= last[4] + dt.timedelta(days=1):
            merged[-1] = (*last[:4], max(last[4], term[4]))
        else:
            merged.append(term)
    return merged


def imported_terms(snapshot: list[dict[str, str]], curated: list[dict[str, str]], known_names: set[str],
                   country_codes: set[str]) -> list[Term]:
    """The snapshot's terms that the merged seed takes, by the rules of the module docstring."""
    curated_terms = defaultdict(list)
    for row in curated:
        curated_terms[(row["country_code"], row["role"])].append(
            (_date(row["term_start"], dt.date.min), _date(row["term_end"], IN_OFFICE)))
    presidential = {code for code, _ in curated_terms if (code, "head_of_state") in curated_terms
                    and (code, "head_of_government") not in curated_terms}
    terms = []
    for row in snapshot:
        name, code, role = row["name"], row["country_code"], row["role"]
        if code not in country_codes or role not in TITLES or not _is_person_label(name):
            continue
        if name in known_names or fold(name) in known_names:
            continue
        if role == "head_of_government" and code in presidential:
            continue
        start, end = max(_date(row["start"], EARLIEST), EARLIEST), _date(row["end"], IN_OFFICE)
        if end < start:
            continue
        if any(_overlap_days((start, end), held) > HANDOVER_DAYS for held in curated_terms[(code, role)]):
            continue
        terms.append((name, code, role, start, end))
    terms = _merge_terms(terms)
    by_office = defaultdict(list)
    for term in terms:
        by_office[term[1:3]].append(term)
    clashing = {a for office in by_office.values() for a in office for b in office
                if a[0] != b[0] and _overlap_days(a[3:], b[3:]) > HANDOVER_DAYS}
    terms = [t for t in terms if t not in clashing]
    heads_of_state = defaultdict(list)
    for name, code, role, start, end in terms:
        if role == "head_of_state":
            heads_of_state[(name, code)].append((start, end))
    terms = [t for t in terms if not (t[2] == "head_of_government" and any(
        _overlap_days(t[3:], held) > HANDOVER_DAYS for held in heads_of_state[(t[0], t[1])]))]
    return sorted(terms, key=lambda t: (t[1], ROLE_ORDER[t[2]], t[3], t[0]))

# Offices of the ministers' snapshot, in the order they are tried: a foreign trade minister is a trade minister, a
# minister of foreign affairs and trade a foreign minister.
_MINISTER_ROLES = [
    ("trade_minister", re.compile(r"^(?!.*Foreign Affairs).*(?:Foreign|External) Trade")),
    ("foreign_minister", re.compile(r"Foreign|External Affairs|External Relations|International Relations")),
    ("defence_minister", re.compile(r"^(?:Minister|Secretary)(?: of| for)?(?: State for)?(?: National)? Defen[cs]e\b"
                                    r"(?! (?:Materiel|Equipment|Procurement|Industry))")),
    ("finance_minister", re.compile(r"\bFinances?\b|\bTreasury\b|^Chancellor of the Exchequer$|^Treasurer$")),
    ("trade_minister", re.compile(r"\bTrade\b|\bCommerce\b")),
]


def minister_role(position: str, code: str) -> str | None:
    """The `officials` role of an office of the ministers' snapshot: the foreign, defence, finance and trade
    ministers by their office's name ("Minister for Foreign Affairs", "Secretary of the Treasury", "Minister of
    Industry and Trade"; the United States' Secretary of State), everybody else an other official (a minister of
    health, a vice president, a deputy prime minister, a central bank governor); none for a secretary of state
    elsewhere, a junior minister (Austria, Belgium)."""
    if position == "Secretary of State":
        return "foreign_minister" if code == "USA" else None
    return next((role for role, pattern in _MINISTER_ROLES if pattern.search(position)), "other_official")


def _partial_date(value: str) -> dt.date | None:
    """A date of the snapshot, which gives some only to the month or year ("2011-02", "1995"): its first day."""
    if not value:
        return None
    parts = [int(part) for part in value.split("-")]
    return dt.date(parts[0], *(parts[1:] + [1, 1])[:2])


_TITLED = re.compile(r"^(?:Dr|Sir|Sheikh|Shaikh|Archbishop|Cardinal|Prince|Princess|Lord|Lady|Dame|Baroness|Baron|"
                     r"General|Gen|Hon|Mr|Mrs|Ms)\.? ")


def _is_minister_label(name: str) -> bool:
    """A label news writes as a person's name: two words or more, each capitalised (a particle aside), no title
    before it ("Dr. Narayan Khadka"), no comma or brackets ("Dee-Maxwell Saah Kemayah, Sr."), in Latin letters
    (a label in Cyrillic folds to no name at all)."""
    words = name.split()
    latin = all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)
    return (latin and len(words) >= 2 and _is_person_label(name) and not _TITLED.match(name) and "(" not in name
            and words[0][0].isupper() and words[-1][0].isupper())


def minister_terms(snapshot: list[dict[str, str]], curated: list[dict[str, str]], known_names: set[str],
                   country_codes: set[str]) -> list[tuple[Term, str]]:
    """The ministers' snapshot's terms that the merged seed takes, each with its office's name as title.

    The rules of the heads' snapshot, and: a term ends on or after 2000-01-01 (``MINISTERS_EARLIEST``); a term
    in office at the snapshot's date is kept open, but ends where a curated holder of the same office (foreign,
    defence, finance or trade minister) of the country begins, and a term the curated rows' holders of that office
    overlap by more than a week is left out; two people holding one of those offices at once (a country with a
    minister of finance and one of economy and finance) are both kept, as other officials; and a two-word name
    whose given name opens, and whose family name ends, the names of ``COMMON_NAME_WORD`` people of the
    snapshot or more ("Mohamed Ali", "Ahmed Hassan") is left out, as it names many people."""
    curated_terms = defaultdict(list)
    for row in curated:
        curated_terms[(row["country_code"], row["role"])].append(
            (_date(row["term_start"], dt.date.min), _date(row["term_end"], IN_OFFICE)))
    people = {(row["name"], row["wikidata_id"]) for row in snapshot}
    first_words = Counter(name.split()[0] for name, _ in people)
    last_words = Counter(name.split()[-1] for name, _ in people)
    raw: list[tuple[Term, str]] = []
    for row in snapshot:
        name, code, position = row["name"], row["country_code"], row["position"]
        if code not in country_codes or not _is_minister_label(name):
            continue
        if name in known_names or fold(name) in known_names:
            continue
        words = name.split()
        if len(words) == 2 and first_words[words[0]] >= COMMON_NAME_WORD and last_words[words[1]] >= COMMON_NAME_WORD:
            continue
        role = minister_role(position, code)
        if role is None:
            continue
        start, end = _partial_date(row["start"]), _partial_date(row["end"]) or IN_OFFICE
        if start is None or end < MINISTERS_EARLIEST or end < start:
            continue
        held = sorted(curated_terms[(code, role)]) if role != "other_official" else []
        if end == IN_OFFICE:
            end = min([begin for begin, _ in held if begin > start + dt.timedelta(days=HANDOVER_DAYS)] + [end])
        if any(_overlap_days((start, end), term) > HANDOVER_DAYS for term in held):
            continue
        raw.append(((name, code, role, start, end), position))
    offices = defaultdict(list)  # a person's offices: (start, end, office's name, role)
    for (name, code, role, start, end), position in raw:
        offices[(name, code)].append((start, end, position, role))
    terms = _merge_terms([term for term, _ in raw])
    by_office = defaultdict(list)
    for term in terms:
        if term[2] != "other_official":
            by_office[term[1:3]].append(term)
    clashing = {a for office in by_office.values() for a in office for b in office
                if a[0] != b[0] and _overlap_days(a[3:], b[3:]) > HANDOVER_DAYS}
    terms = _merge_terms([(t[0], t[1], "other_official", t[3], t[4]) if t in clashing else t for t in terms])
    # A merged term's title: the office of the person's first term of that role within it (of any role, for a
    # term made other official by a clash).
    result = []
    for term in terms:
        within = [o for o in offices[term[:2]] if o[0] <= term[4] and o[1] >= term[3]]
        result.append((term, min([o for o in within if o[3] == term[2]] or within)[2]))
    return sorted(result, key=lambda item: (item[0][1], ROLE_ORDER[item[0][2]], item[0][3], item[0][0]))


def family_name(name: str, code: str) -> str:
    """The form that names the person on second reference, folded to ASCII: the first word of a Chinese, Korean or
    Vietnamese name, the first of two family names of a Spanish-speaking country's three-word name ("Otto Pérez
    Molina" -> "Perez"), else the last word."""
    words = name.split()
    if code in FAMILY_NAME_FIRST:
        word = words[0]
    elif code in SPANISH_DOUBLE_SURNAME and len(words) >= 3:
        word = words[-2]
    else:
        word = words[-1]
    return fold(word).strip("'")


def build(seeds: Path = SEEDS, snapshot_path: Path = SNAPSHOT,
          ministers_path: Path = MINISTERS) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The merged officials rows and official_aliases rows."""
    officials = read_csv(seeds / "officials.csv")
    curated = [{**row, "source": row.get("source") or "curated"} for row in officials
               if row.get("source", "curated") in ("", "curated")]
    curated_people = {row["full_name"] for row in curated}
    aliases = read_csv(seeds / "official_aliases.csv")
    curated_aliases = [row for row in aliases if row["full_name"] in curated_people]
    known = curated_people | {row["alias"] for row in curated_aliases}
    known |= {fold(name) for name in known}
    country_codes = {row["country_code"] for row in read_csv(seeds / "countries.csv")}
    terms = imported_terms(read_csv(snapshot_path), curated, known, country_codes)
    imported = [{"full_name": name, "surname": family_name(name, code), "country_code": code, "role": role,
                 "title": TITLES[role], "term_start": start.isoformat(),
                 "term_end": "" if end == IN_OFFICE else end.isoformat(), "source": "wikidata"}
                for name, code, role, start, end in terms]
    ministers = minister_terms(read_csv(ministers_path), curated, known, country_codes)
    imported += [{"full_name": name, "surname": family_name(name, code), "country_code": code, "role": role,
                  "title": title, "term_start": start.isoformat(),
                  "term_end": "" if end == IN_OFFICE else end.isoformat(), "source": "everypolitician"}
                 for (name, code, role, start, end), title in ministers]
    terms += [term for term, _ in ministers]
    all_names = curated_people | {name for name, *_ in terms}
    return curated + imported, curated_aliases + generated_aliases(terms, known, all_names)


def short_form(name: str, code: str) -> str | None:
    """The first given name and the family name of a name of three or more words, as news writes it on first
    reference ("Luis Alberto Arce Catacora" -> "Luis Arce", "Jorge Carlos Fonseca" -> "Jorge Fonseca"); none for
    names whose family name comes first or that hold a particle ("Ulisses Correia e Silva", "Salman bin ...")."""
    words = name.split()
    if len(words) < 3 or code in FAMILY_NAME_FIRST or any(
            not word[0].isupper() or word in ("Al", "Bin", "Ould") or "." in word for word in words):
        return None
    return f"{words[0]} {words[-2] if code in SPANISH_DOUBLE_SURNAME else words[-1]}"


def generated_aliases(terms: list[Term], known: set[str], all_names: set[str]) -> list[dict[str, str]]:
    """ASCII-folded forms and first-reference short forms of the imported names; a form that another person's
    name, alias or form already takes is left out, and so is a short form whose given name opens the names of
    COMMON_GIVEN_NAME officials or more ("Muhammad Rahman" could be anybody)."""
    people = sorted({(name, code) for name, code, *_ in terms})
    given = Counter(fold(name.split()[0]) for name in all_names)
    forms = defaultdict(set)
    for name, code in people:
        short = short_form(name, code)
        if short and given[fold(short.split()[0])] >= COMMON_GIVEN_NAME:
            short = None
        for form in (fold(name), short, short and fold(short)):
            if form and form != name:
                forms[form].add(name)
    taken = known | {name for name, _ in people}
    return [{"alias": form, "full_name": next(iter(names))} for form, names in sorted(forms.items())
            if len(names) == 1 and form not in taken]


def main() -> int:
    officials, aliases = build()
    write_csv(SEEDS / "officials.csv", OFFICIALS_COLUMNS, officials)
    write_csv(SEEDS / "official_aliases.csv", ["alias", "full_name"], aliases)
    imported = Counter(row["source"] for row in officials)
    print(f"officials.csv: {len(officials)} rows ({imported['wikidata']} from the heads' snapshot, "
          f"{imported['everypolitician']} from the ministers'); "
          f"official_aliases.csv: {len(aliases)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
