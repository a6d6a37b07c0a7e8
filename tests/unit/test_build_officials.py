"""The officials seed merged from a public dataset (scripts/build_officials.py) and how the extractor uses it."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import shutil
from pathlib import Path

import pytest

from pipeline.extract.actors import find_actors
from pipeline.extract.article import extract_article
from pipeline.extract.lexicon import load_lexicon
from pipeline.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "dbt_project" / "seeds"
_spec = importlib.util.spec_from_file_location("build_officials", ROOT / "scripts" / "build_officials.py")
build_officials = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_officials)

PUBLISHED = dt.date(2015, 6, 10)  # Jorge Carlos Fonseca (Cape Verde, Wikidata rows) is president


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_committed_seeds_are_what_the_script_builds() -> None:
    officials, aliases = build_officials.build()
    assert officials == read(SEEDS / "officials.csv")
    assert aliases == read(SEEDS / "official_aliases.csv")
    assert build_officials.build() == (officials, aliases)  # deterministic


def test_imported_rows_are_valid_and_keep_the_curated_ones_first() -> None:
    officials = read(SEEDS / "officials.csv")
    codes = {row["country_code"] for row in read(SEEDS / "countries.csv")}
    sources = [row["source"] for row in officials]
    order = ["curated", "wikidata", "everypolitician"]
    assert sources == sorted(sources, key=order.index)  # "curated" rows, then the heads', then the ministers'
    imported = [row for row in officials if row["source"] == "wikidata"]
    assert len(imported) > 200
    curated_names = {row["full_name"] for row in officials if row["source"] == "curated"}
    for row in imported:
        assert row["country_code"] in codes, row
        assert row["role"] in ("head_of_state", "head_of_government"), row
        assert row["term_start"] >= "1995-01-01", row
        assert row["full_name"] not in curated_names, row
        assert row["surname"].isascii() and row["surname"] in build_officials.fold(row["full_name"]), row
    ministers = [row for row in officials if row["source"] == "everypolitician"]
    assert len(ministers) > 10000
    assert {row["role"] for row in ministers} == {"foreign_minister", "defence_minister", "finance_minister",
                                                  "trade_minister", "other_official"}
    for row in ministers:
        assert row["country_code"] in codes, row
        assert not row["term_end"] or row["term_end"] >= "2000-01-01", row
        assert row["full_name"] not in curated_names, row
        assert row["surname"].isascii() and row["surname"] in build_officials.fold(row["full_name"]), row
    keys = [(r["full_name"], r["country_code"], r["role"], r["term_start"]) for r in officials]
    assert len(keys) == len(set(keys))


def snapshot(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "snapshot.csv"
    path.write_text("country_code,role,name,wikidata_id,start,end\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in ("countries.csv", "official_aliases.csv", "officials.csv"):
        shutil.copy(SEEDS / name, folder / name)
    return folder


def imported(seeds: Path, path: Path) -> list[tuple[str, str, str, str, str, str]]:
    officials, _ = build_officials.build(seeds, path, ministers_snapshot(path.parent, []))
    return [(r["full_name"], r["surname"], r["country_code"], r["role"], r["term_start"], r["term_end"])
            for r in officials if r["source"] == "wikidata"]


def test_curated_people_and_offices_win(seeds: Path, tmp_path: Path) -> None:
    path = snapshot(tmp_path, [
        "FRA,head_of_state,Emmanuel Macron,Q3052772,2017-05-14,",        # a curated person
        "AND,head_of_state,Emmanuel Macron,Q3052772,2017-05-01,",        # the same person, another office
        "FRA,head_of_state,Jean Dupont,Q1,2020-01-01,2021-01-01",        # an office and time the curated rows hold
        "CPV,head_of_state,Pedro Pires,Q107431,2001-03-22,2011-09-09",   # new
    ])
    assert imported(seeds, path) == [("Pedro Pires", "Pires", "CPV", "head_of_state", "2001-03-22", "2011-09-09")]


def test_terms_are_merged_clipped_and_clashes_dropped(seeds: Path, tmp_path: Path) -> None:
    path = snapshot(tmp_path, [
        "CPV,head_of_government,Carlos Veiga,Q500378,1991-04-04,1998-01-01",
        "CPV,head_of_government,Carlos Veiga,Q500378,1998-01-01,2000-07-29",   # touches the first term: merged
        "CPV,head_of_state,José Maria Neves,Q57649,2021-11-09,",
        "CPV,head_of_government,José Maria Neves,Q57649,2021-11-09,",          # a president, recorded once
        "NRU,head_of_government,René Harris,Q560557,2001-01-01,",
        "NRU,head_of_government,Derog Gioura,Q888033,2003-01-01,",             # two at once: both dropped
        "SWE,head_of_state,Carlos XVI Gustavo da Suécia,Q45068,1973-09-15,",  # a Portuguese regnal label
        "POL,head_of_state,Q444,Q444,1990-12-22,1995-12-22",                 # no label
    ])
    assert imported(seeds, path) == [
        ("José Maria Neves", "Neves", "CPV", "head_of_state", "2021-11-09", ""),
        ("Carlos Veiga", "Veiga", "CPV", "head_of_government", "1995-01-01", "2000-07-29"),
    ]


@pytest.mark.parametrize(("name", "code", "surname"), [
    ("Alejandro Maldonado Aguirre", "GTM", "Maldonado"),   # the first of two Spanish family names
    ("Bernardo Arévalo", "GTM", "Arevalo"),
    ("Tran Dai Quang", "VNM", "Tran"),                       # family name first
    ("Franjo Tuđman", "HRV", "Tudman"),                      # a letter NFKD does not fold
    ("Mesut Yılmaz", "TUR", "Yilmaz"),
])
def test_family_names(name: str, code: str, surname: str) -> None:
    assert build_officials.family_name(name, code) == surname


def test_a_name_with_accents_gets_its_folded_form_as_alias(seeds: Path, tmp_path: Path) -> None:
    path = snapshot(tmp_path, ["HRV,head_of_state,Franjo Tuđman,Q183703,1990-05-30,1999-12-10"])
    officials, aliases = build_officials.build(seeds, path, ministers_snapshot(tmp_path, []))
    assert ("Franjo Tuđman", "Tudman", "1995-01-01") in {
        (r["full_name"], r["surname"], r["term_start"]) for r in officials}
    assert {"alias": "Franjo Tudman", "full_name": "Franjo Tuđman"} in aliases


def actors(sentences: list[str]) -> list[list[tuple[str, str]]]:
    described: dict = {}
    lexicon = load_lexicon()
    return [[(a.text, a.code) for a in find_actors(s, lexicon, PUBLISHED, set(), described) if a.kind == "person"]
            for s in sentences]


def test_an_imported_official_is_named_in_full_then_by_surname() -> None:
    assert actors(["Jorge Carlos Fonseca arrived in Lisbon on Monday.", "Fonseca met the prime minister."]) == \
        [[("Jorge Carlos Fonseca", "CPV")], [("Fonseca", "CPV")]]


def test_an_imported_officials_surname_alone_names_nobody() -> None:
    # "Williams", "Major", "Fonseca": family names of heads of state in the worldwide list, and of many others.
    assert actors(["Fonseca met the prime minister.", "Williams and Major spoke to reporters."]) == [[], []]


def test_an_imported_official_travels() -> None:
    text = ("Cape Verde's President Jorge Carlos Fonseca praised the new port. "
            "Fonseca told reporters in Lisbon that the talks had gone well.")
    found = extract_article(split_sentences(text), PUBLISHED, load_lexicon())
    assert {(m.visitor_country_code, m.host_country_code) for m in found if m.fact_type == "visit"} == \
        {("CPV", "PRT")}


def test_a_curated_surname_that_is_an_ordinary_word_names_her_after_her_full_name() -> None:
    text = ("Condoleezza Rice praised the talks. "
            "Rice told reporters in Tokyo that the allies agreed.")
    found = extract_article(split_sentences(text), dt.date(2006, 5, 10), load_lexicon())
    assert {(m.visitor_name, m.host_country_code) for m in found if m.fact_type == "visit"} == \
        {("Condoleezza Rice", "JPN")}
    alone = extract_article(split_sentences("Rice told reporters in Tokyo that the allies agreed."),
                            dt.date(2006, 5, 10), load_lexicon())
    assert not [m for m in alone if m.fact_type == "visit"]


@pytest.mark.parametrize(("name", "code", "short"), [
    ("Gro Harlem Brundtland", "NOR", "Gro Brundtland"),
    ("Xavier Espot Zamora", "AND", "Xavier Espot"),          # Catalan: the first family name
    ("Ulisses Correia e Silva", "CPV", None),                 # a particle: no short form
    ("Salman bin Abdalaziz Al Saud", "SAU", None),
    ("Tran Dai Quang", "VNM", None),                          # family name first
    ("Joko Widodo", "IDN", None),                             # two words already
])
def test_short_forms(name: str, code: str, short: str | None) -> None:
    assert build_officials.short_form(name, code) == short


def test_short_forms_are_aliases_unless_their_given_name_is_common() -> None:
    aliases = {row["alias"]: row["full_name"] for row in read(SEEDS / "official_aliases.csv")}
    assert aliases["Gro Brundtland"] == "Gro Harlem Brundtland"
    assert aliases["Umaro Embalo"] == "Umaro Sissoco Embaló"
    assert "Muhammad Rahman" not in aliases  # Muhammad Habibur Rahman: "Muhammad" opens many officials' names


@pytest.mark.parametrize(("position", "code", "role"), [
    ("Minister for Foreign Affairs", "IRL", "foreign_minister"),
    ("Minister of Foreign Affairs and External Trade", "VUT", "foreign_minister"),
    ("Minister of External Relations", "AGO", "foreign_minister"),
    ("Secretary of State", "USA", "foreign_minister"),
    ("Secretary of State", "AUT", None),                         # a junior minister outside the United States
    ("Minister of Foreign Trade", "PER", "trade_minister"),
    ("Minister of Industry and Trade", "CZE", "trade_minister"),
    ("Minister of the Economy, Finances and Industry", "FRA", "finance_minister"),
    ("Secretary of the Treasury", "USA", "finance_minister"),
    ("Minister of National Defence", "POL", "defence_minister"),
    ("Minister for Defence Materiel", "AUS", "other_official"),
    ("Minister of Health", "EGY", "other_official"),
    ("Vice President", "EGY", "other_official"),
])
def test_minister_roles(position: str, code: str, role: str | None) -> None:
    assert build_officials.minister_role(position, code) == role


def ministers_snapshot(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "ministers.csv"
    path.write_text("country_code,position,name,wikidata_id,start,end\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def imported_ministers(seeds: Path, tmp_path: Path, rows: list[str]) -> list[tuple[str, ...]]:
    heads = snapshot(tmp_path, [])
    officials, _ = build_officials.build(seeds, heads, ministers_snapshot(tmp_path, rows))
    return [(r["full_name"], r["country_code"], r["role"], r["title"], r["term_start"], r["term_end"])
            for r in officials if r["source"] == "everypolitician"]


def test_ministers_curated_offices_win_and_clashes_become_other_officials(seeds: Path, tmp_path: Path) -> None:
    with (seeds / "officials.csv").open("a", encoding="utf-8") as handle:
        handle.write("Tavita Holder,Holder,NRU,foreign_minister,Foreign Minister,2019-01-01,,curated\n")
    assert imported_ministers(seeds, tmp_path, [
        "NRU,Minister for Foreign Affairs,Aldo Kerbi,Q1,2016-01,",              # open: cut where the curated one begins
        "NRU,Minister for Foreign Affairs,Boe Tamal,Q2,2019-06-01,2020-01-01",  # the curated holder's time
        "NRU,Minister of Finance,Cyril Dabwido,Q3,2010-01-01,2012-01-01",
        "NRU,Minister of Finance and Economy,Dan Eoe,Q4,2011-01-01,2013-01-01",  # two at once: other officials
        "USA,Secretary of Defense,Jim Mattis,Q5,2017-01-20,2019-01-01",         # a curated person
        "USA,Administrator of the Environmental Protection Agency,Scott Pruitt,Q6,2017-02-17,2018-07-09",
    ]) == [
        ("Aldo Kerbi", "NRU", "foreign_minister", "Minister for Foreign Affairs", "2016-01-01", "2019-01-01"),
        ("Cyril Dabwido", "NRU", "other_official", "Minister of Finance", "2010-01-01", "2012-01-01"),
        ("Dan Eoe", "NRU", "other_official", "Minister of Finance and Economy", "2011-01-01", "2013-01-01"),
        ("Scott Pruitt", "USA", "other_official", "Administrator of the Environmental Protection Agency",
         "2017-02-17", "2018-07-09"),
    ]


def test_ministers_labels_and_terms_that_are_left_out(seeds: Path, tmp_path: Path) -> None:
    assert imported_ministers(seeds, tmp_path, [
        "NRU,Minister of Health,Мери Младеновска,Q1,2010-01-01,",    # not in Latin letters: folds to nothing
        "NRU,Minister of Health,Dr. Ewa Fale,Q2,2010-01-01,",        # a title before the name
        "NRU,Minister of Health,Naruhito,Q3,2010-01-01,",            # one word
        "NRU,Minister of Health,Fred Ono,Q4,1995-01-01,1999-12-31",  # ended before 2000
        "NRU,Secretary of State,Gus Gia,Q5,2010-01-01,",             # a junior minister
        "NRU,Minister of Health,Mohamed Ali,Q6,2010-01-01,2011-01-01",  # a name many people have
        "NRU,Minister of Sport,Mohamed Abdi,Q7,2010-01-01,2011-01-01",
        "NRU,Minister of Lands,Mohamed Omar,Q8,2010-01-01,2011-01-01",
        "NRU,Minister of Water,Yusuf Ali,Q9,2010-01-01,2011-01-01",
        "NRU,Minister of Labour,Hassan Ali,Q10,2010-01-01,2011-01-01",
    ]) == [(name, "NRU", "other_official", title, "2010-01-01", "2011-01-01") for name, title in [
        ("Hassan Ali", "Minister of Labour"), ("Mohamed Abdi", "Minister of Sport"),
        ("Mohamed Omar", "Minister of Lands"), ("Yusuf Ali", "Minister of Water")]]


def visits_of(text: str, published: dt.date) -> set[tuple[str | None, str | None, str | None]]:
    found = extract_article(split_sentences(text), published, load_lexicon())
    return {(m.visitor_name, m.visitor_country_code, m.host_country_code) for m in found if m.fact_type == "visit"}


def test_an_imported_minister_travels_in_an_article_that_names_his_country() -> None:
    text = ("U.S. EPA Administrator Scott Pruitt arrived in Morocco on Monday. "
            "Pruitt told reporters in Rabat that the talks had gone well.")
    assert visits_of(text, dt.date(2017, 12, 12)) == {("Scott Pruitt", "USA", "MAR")}
    dateline = ("WASHINGTON (Reuters) - Scott Pruitt arrived in Morocco on Monday. "
                "Pruitt told reporters in Rabat that the talks had gone well.")
    assert visits_of(dateline, dt.date(2017, 12, 12)) == {("Scott Pruitt", "USA", "MAR")}


def test_an_imported_ministers_name_alone_names_nobody() -> None:
    # "Michael Atkinson", a minister of South Australia in the worldwide list, and anybody else of that name.
    assert {r["country_code"] for r in read(SEEDS / "officials.csv") if r["full_name"] == "Michael Atkinson"} == {"AUS"}
    assert visits_of("Michael Atkinson arrived in Morocco on Monday. Atkinson told reporters in Rabat that the "
                     "talks had gone well.", dt.date(2005, 6, 12)) == set()
    assert visits_of("Australia's Michael Atkinson arrived in Morocco on Monday.", dt.date(2005, 6, 12)) == \
        {("Michael Atkinson", "AUS", "MAR")}


def test_an_imported_officials_surname_names_him_as_the_article_spells_it() -> None:
    # The listed surname is folded ("Tudman"); the article writes "Tuđman".
    described: dict = {}
    lexicon = load_lexicon()
    found = [[(a.text, a.code) for a in find_actors(s, lexicon, dt.date(1997, 6, 1), set(), described)
              if a.kind == "person"]
             for s in ["Franjo Tuđman arrived in Lisbon on Monday.", "Tuđman met the prime minister."]]
    assert found == [[("Franjo Tuđman", "HRV")], [("Tuđman", "HRV")]]
