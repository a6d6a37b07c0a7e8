"""Checks on the actor dictionaries (dbt seeds) the extractor uses to resolve actors."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from functools import cache
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"

IN_OFFICE = date(2100, 1, 1)
# Countries whose constitution has two heads of state at once (Nicaragua: co-presidents since 2025).
CO_HEADS_OF_STATE = {"NIC"}
MAX_HANDOVER_OVERLAP_DAYS = 7
# City-states whose capital has the same name as the country (kept once, as a name alias).
CITY_STATES = {"SGP", "SMR"}


@cache
def load(name: str) -> tuple[dict[str, str], ...]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def header(name: str) -> list[str]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def alias_map() -> dict[str, str]:
    return {row["alias"]: row["country_code"] for row in load("actor_aliases")}


def country_codes() -> set[str]:
    return {row["country_code"] for row in load("countries")}


def official_countries(full_name: str) -> set[str]:
    return {row["country_code"] for row in load("officials") if row["full_name"] == full_name}


def span(row: dict[str, str]) -> tuple[date, date]:
    end = date.fromisoformat(row["term_end"]) if row["term_end"] else IN_OFFICE
    return date.fromisoformat(row["term_start"]), end


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("countries", ["country_code", "iso2", "name", "short_name", "kind", "region"]),
        ("actor_aliases", ["alias", "country_code", "alias_kind"]),
        ("officials", ["full_name", "surname", "country_code", "role", "title", "term_start", "term_end", "source"]),
        ("official_aliases", ["alias", "full_name"]),
        ("groupings", ["pattern", "grouping", "member_codes", "valid_from", "valid_to", "source"]),
    ],
)
def test_seed_headers_and_rectangular_rows(name: str, columns: list[str]) -> None:
    assert header(name) == columns
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    assert rows
    assert all(len(row) == len(columns) for row in rows)
    assert all(value == value.strip() for row in rows for value in row)


def test_countries_cover_un_members_observers_and_blocs() -> None:
    rows = load("countries")
    kinds = defaultdict(set)
    for row in rows:
        kinds[row["kind"]].add(row["country_code"])
    assert len(kinds["state"]) == 193
    assert kinds["observer"] == {"PSE", "VAT"}
    assert kinds["partially_recognised"] == {"TWN", "XKX"}
    assert kinds["bloc"] == {"EU", "UN", "NATO"}
    assert len(rows) == len(country_codes()) == 200


def test_country_rows_are_well_formed() -> None:
    for row in load("countries"):
        if row["kind"] == "bloc":
            assert row["region"] == ""
            continue
        assert len(row["country_code"]) == 3 and row["country_code"].isupper()
        assert len(row["iso2"]) == 2
        assert row["region"] in {"Africa", "Americas", "Asia", "Europe", "Oceania"}
        assert "," not in row["name"]


@pytest.mark.parametrize(
    ("code", "short_name"),
    [
        ("RUS", "Russia"), ("IRN", "Iran"), ("KOR", "South Korea"), ("PRK", "North Korea"),
        ("VNM", "Vietnam"), ("SYR", "Syria"), ("BOL", "Bolivia"), ("TZA", "Tanzania"),
        ("USA", "United States"), ("GBR", "United Kingdom"), ("CZE", "Czech Republic"),
    ],
)
def test_everyday_short_names(code: str, short_name: str) -> None:
    assert {row["country_code"]: row["short_name"] for row in load("countries")}[code] == short_name


def test_aliases_are_unique_and_point_to_known_codes() -> None:
    aliases = [row["alias"] for row in load("actor_aliases")]
    assert len(aliases) == len(set(aliases))
    assert {row["country_code"] for row in load("actor_aliases")} <= country_codes()
    kinds = {"name", "short_name", "abbreviation", "demonym", "capital", "city", "metonym", "organisation", "region",
             "office"}
    assert {row["alias_kind"] for row in load("actor_aliases")} <= kinds


def test_every_country_has_a_name_alias_and_a_capital() -> None:
    by_code = defaultdict(set)
    for row in load("actor_aliases"):
        by_code[row["country_code"]].add(row["alias_kind"])
    for row in load("countries"):
        if row["kind"] == "bloc":
            assert "organisation" in by_code[row["country_code"]]
        else:
            needed = {"name"} if row["country_code"] in CITY_STATES else {"name", "capital"}
            assert needed <= by_code[row["country_code"]], row["country_code"]


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("Indian", "IND"), ("New Delhi", "IND"), ("the Kremlin", "RUS"), ("Kremlin", "RUS"),
        ("Vladivostok", "RUS"), ("Sochi", "RUS"), ("St Petersburg", "RUS"), ("Geneva", "CHE"),
        ("Davos", "CHE"), ("Mumbai", "IND"), ("Hyderabad", "IND"), ("Shanghai", "CHN"),
        ("Beijing", "CHN"), ("Zhongnanhai", "CHN"), ("New York", "USA"), ("Washington", "USA"),
        ("the White House", "USA"), ("Pentagon", "USA"), ("State Department", "USA"),
        ("Foggy Bottom", "USA"), ("Capitol Hill", "USA"), ("the United States", "USA"), ("U.S.", "USA"),
        ("US", "USA"), ("USA", "USA"), ("America", "USA"), ("the U.S.", "USA"), ("American", "USA"),
        ("UK", "GBR"), ("Britain", "GBR"), ("Great Britain", "GBR"), ("British", "GBR"),
        ("Downing Street", "GBR"), ("Whitehall", "GBR"), ("Elysee", "FRA"), ("Élysée", "FRA"),
        ("Quai d'Orsay", "FRA"), ("South Block", "IND"), ("Blue House", "KOR"),
        ("the Netherlands", "NLD"), ("Holland", "NLD"), ("South Korea", "KOR"),
        ("Republic of Korea", "KOR"), ("North Korea", "PRK"), ("DPRK", "PRK"), ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"), ("Burma", "MMR"), ("Myanmar", "MMR"), ("Turkey", "TUR"),
        ("Türkiye", "TUR"), ("Turkish", "TUR"), ("Czechia", "CZE"), ("the UAE", "ARE"),
        ("Emirates", "ARE"), ("Emirati", "ARE"), ("Russian", "RUS"), ("Chinese", "CHN"),
        ("Saudi", "SAU"), ("Pakistani", "PAK"), ("Filipino", "PHL"), ("Israeli", "ISR"),
        ("Palestinian", "PSE"), ("Vietnamese", "VNM"), ("Venezuelan", "VEN"), ("Brussels", "BEL"),
        ("European Union", "EU"), ("EU", "EU"), ("Europe", "EU"), ("European Commission", "EU"),
        ("United Nations", "UN"), ("UN", "UN"), ("U.N.", "UN"), ("Security Council", "UN"),
        ("UN Security Council", "UN"), ("NATO", "NATO"), ("Nato", "NATO"),
        ("North Atlantic Treaty Organization", "NATO"), ("Taipei", "TWN"), ("Kyiv", "UKR"),
        ("Kiev", "UKR"), ("Tehran", "IRN"), ("Ramallah", "PSE"), ("Georgia", "GEO"),
    ],
)
def test_alias_resolution(alias: str, code: str) -> None:
    assert alias_map()[alias] == code


@pytest.mark.parametrize("alias", ["us", "Korean", "English", "Male", "Victoria", "the", "Brussels EU"])
def test_dangerous_aliases_are_absent(alias: str) -> None:
    assert alias not in alias_map()


def test_officials_reference_known_countries_and_roles() -> None:
    roles = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister",
             "trade_minister", "finance_minister", "other_official"}
    for row in load("officials"):
        assert row["country_code"] in country_codes(), row
        assert row["role"] in roles, row
        assert row["full_name"] and row["surname"] and row["title"], row


def test_terms_are_iso_dates_in_order() -> None:
    for row in load("officials"):
        start, end = span(row)
        assert len(row["term_start"]) == 10
        assert start <= end, row
        assert start <= date(2026, 11, 30), row


def test_no_duplicate_official_rows() -> None:
    keys = [(r["full_name"], r["country_code"], r["role"], r["term_start"]) for r in load("officials")]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("role", ["head_of_state", "head_of_government"])
def test_heads_do_not_overlap_beyond_a_handover(role: str) -> None:
    terms = defaultdict(list)
    for row in load("officials"):
        if row["role"] == role and not (role == "head_of_state" and row["country_code"] in CO_HEADS_OF_STATE):
            terms[row["country_code"]].append((span(row), row["full_name"]))
    clashes = []
    for code, rows in terms.items():
        rows.sort()
        for ((_, end_a), name_a), ((start_b, _), name_b) in zip(rows, rows[1:], strict=False):
            if (end_a - start_b).days > MAX_HANDOVER_OVERLAP_DAYS:
                clashes.append((code, name_a, name_b))
    assert not clashes


def test_g20_and_eu_have_current_leaders() -> None:
    g20 = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA",
           "JPN", "KOR", "MEX", "RUS", "SAU", "ZAF", "TUR", "GBR", "USA"]
    current = defaultdict(set)
    for row in load("officials"):
        if not row["term_end"]:
            current[row["country_code"]].add(row["role"])
    for code in g20:
        assert {"head_of_government", "head_of_state"} & current[code], code
        assert "foreign_minister" in current[code], code
        assert "defence_minister" in current[code], code
    assert {"head_of_government", "foreign_minister"} <= current["EU"]


@pytest.mark.parametrize(
    ("full_name", "code"),
    [
        ("Vladimir Putin", "RUS"), ("Narendra Modi", "IND"), ("Mike Pompeo", "USA"),
        ("Recep Tayyip Erdogan", "TUR"), ("Sergei Lavrov", "RUS"), ("Subrahmanyam Jaishankar", "IND"),
        ("Xi Jinping", "CHN"), ("Antony Blinken", "USA"), ("Volodymyr Zelensky", "UKR"),
        ("Benjamin Netanyahu", "ISR"), ("Mahmoud Abbas", "PSE"), ("Kim Jong Un", "PRK"),
    ],
)
def test_official_country_spot_checks(full_name: str, code: str) -> None:
    assert official_countries(full_name) == {code}


def test_officials_with_several_offices() -> None:
    putin = {(r["role"], r["term_start"], r["term_end"]) for r in load("officials")
             if r["full_name"] == "Vladimir Putin"}
    assert ("head_of_state", "2012-05-07", "") in putin
    assert ("head_of_government", "2008-05-08", "2012-05-07") in putin
    erdogan = {(r["role"], r["term_start"]) for r in load("officials")
               if r["full_name"] == "Recep Tayyip Erdogan"}
    assert {("head_of_government", "2003-03-14"), ("head_of_state", "2014-08-28")} <= erdogan
    rows = {(r["role"], r["term_start"], r["term_end"]) for r in load("officials")
            if r["full_name"] in {"Sergei Lavrov", "Narendra Modi", "Mike Pompeo"}}
    assert {("foreign_minister", "2004-03-09", ""), ("head_of_government", "2014-05-26", ""),
            ("foreign_minister", "2018-04-26", "2021-01-20")} <= rows


def test_official_aliases_point_to_officials() -> None:
    names = {row["full_name"] for row in load("officials")}
    aliases = [row["alias"] for row in load("official_aliases")]
    assert len(aliases) == len(set(aliases))
    for row in load("official_aliases"):
        assert row["full_name"] in names, row
        assert row["alias"] != row["full_name"], row


@pytest.mark.parametrize(
    ("alias", "full_name"),
    [
        ("Erdoğan", "Recep Tayyip Erdogan"), ("Jayashankar", "Subrahmanyam Jaishankar"),
        ("S Jaishankar", "Subrahmanyam Jaishankar"), ("S. Jaishankar", "Subrahmanyam Jaishankar"),
        ("Xi", "Xi Jinping"), ("Zelenskiy", "Volodymyr Zelensky"),
    ],
)
def test_official_alias_spot_checks(alias: str, full_name: str) -> None:
    assert {r["alias"]: r["full_name"] for r in load("official_aliases")}[alias] == full_name


def test_groupings_name_known_members_over_ordered_periods_with_a_source() -> None:
    known = country_codes()
    periods: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for row in load("groupings"):
        members = row["member_codes"].split()
        assert len(members) >= 2 and set(members) <= known and members == sorted(set(members)), row["grouping"]
        assert row["source"], row["grouping"]
        start = date.fromisoformat(row["valid_from"]) if row["valid_from"] else date.min
        end = date.fromisoformat(row["valid_to"]) if row["valid_to"] else IN_OFFICE
        assert start <= end
        periods[row["grouping"]].append((start, end))
    # One membership per group on any day.
    for spans in periods.values():
        spans.sort()
        assert all(earlier[1] < later[0] for earlier, later in zip(spans, spans[1:], strict=False))
