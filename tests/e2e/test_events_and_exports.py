"""fct_events on the seeds' published warehouse (one row per fact, per pair of a multi-party deal; codes, Goldstein,
coordinates), `chancery export` in its three formats, and no INT128 anywhere analysts look."""

import csv
from pathlib import Path

import duckdb
import pytest

from pipeline.paths import QUERIES_DIR, dashboard_dir
from tests.warehouse_runs import Warehouse, assert_succeeded, chancery, query

THREE_PARTY_ARTICLE = ("India, Japan and Australia sign supply chain pact\n\nNEW DELHI, March 3, 2024 - India, "
                       "Japan and Australia signed a supply chain resilience agreement on Friday, officials said.\n")
# GDELT 2.0 event table names that events.tsv shares.
GDELT_COLUMNS = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "Actor1Code", "Actor1Name", "Actor1CountryCode",
                 "Actor2Code", "Actor2Name", "Actor2CountryCode", "EventCode", "EventBaseCode", "EventRootCode",
                 "QuadClass", "GoldsteinScale", "NumMentions", "NumArticles", "Actor1Geo_Type",
                 "Actor1Geo_CountryCode", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor2Geo_Type",
                 "Actor2Geo_CountryCode", "Actor2Geo_Lat", "Actor2Geo_Long", "ActionGeo_Type", "ActionGeo_FullName",
                 "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "DATEADDED", "SOURCEURL"]
WIDE_INTEGERS = ("HUGEINT", "UHUGEINT", "INT128", "UINT128")


def read(sql: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of a query over exported files, on a connection of its own."""
    with duckdb.connect() as conn:
        cursor = conn.execute(sql)
        return [column[0] for column in cursor.description], cursor.fetchall()


def facts(path: Path) -> dict[str, int]:
    """fact id -> rows fct_events should have for it."""
    rows = query(path, """select agreement_id, len(party_codes) from marts.fct_agreements
                          union all select visit_id, 2 from marts.fct_visits
                          union all select sanction_id, 2 from marts.fct_sanctions""")
    return {fact_id: max(1, parties * (parties - 1) // 2) for fact_id, parties in rows}


def test_one_event_row_per_fact(seed_warehouse: Warehouse) -> None:
    expected = facts(seed_warehouse.published)
    rows = query(seed_warehouse.published, "select event_id, count(*) from marts.fct_events group by event_id")
    assert dict(rows) == expected
    assert len(expected) == 27  # 11 agreements, 7 visits, 9 sanctions on the seeds


def test_events_carry_codes_goldstein_and_roles(seed_warehouse: Warehouse) -> None:
    rows = query(seed_warehouse.published, """
        select event_type, status, actor1_code, actor1_name, actor2_code, cameo_code, cameo_root, quad_class,
               goldstein_scale, num_articles, num_mentions, first_source_url
        from marts.fct_events""")
    assert all(row[5] and row[6] == row[5][:2] and row[7] in (1, 2, 3, 4) and row[8] is not None for row in rows)
    assert all(row[9] >= 1 and row[10] >= row[9] and row[11] for row in rows)
    by_code = {row[5]: row[8] for row in rows}
    # The published CAMEO–Goldstein weights: sign formal agreement, make a visit, impose and threaten sanctions.
    assert (by_code["057"], by_code["042"], by_code["163"], by_code["1312"]) == (8.0, 1.9, -8.0, -5.8)
    sanctions = [row for row in rows if row[0] == "sanction"]
    assert ("USA", "United States", "RUS") in {(row[2], row[3], row[4]) for row in sanctions}
    visits = {(row[3], row[4]) for row in rows if row[0] == "visit"}
    assert ("Vladimir Putin", "IND") in visits  # the visitor is actor 1, by name; the host actor 2
    assert {row[1] for row in rows if row[0] == "visit"} == {None}


def test_every_visit_with_a_city_has_its_coordinates(seed_warehouse: Warehouse) -> None:
    rows = query(seed_warehouse.published, """
        select city, country_code, geo_type, latitude, longitude from marts.fct_events where event_type = 'visit'""")
    with_city = [row for row in rows if row[0]]
    assert len(with_city) >= 5
    assert all(row[2] == "city" and row[3] is not None and row[4] is not None for row in with_city)
    places = {(row[0], row[1]): (round(row[3], 1), round(row[4], 1)) for row in with_city}
    # Geneva is read in the host country, Switzerland, not as Geneva, Illinois (also in the gazetteer).
    assert places[("Geneva", "CHE")] == (46.2, 6.1)
    assert places[("Vladivostok", "RUS")] == (43.1, 131.9)
    assert places[("New Delhi", "IND")] == (28.6, 77.2)
    assert query(seed_warehouse.published, "select count(*) from reference.gazetteer_cities where city = 'Geneva'"
                 ) == [(2,)]
    # A visit without a city is placed at the host country's centroid.
    assert all(row[2] == "country" and row[3] is not None for row in rows if not row[0])
    agreements = query(seed_warehouse.published, """select count(*) from marts.fct_events
        where event_type = 'agreement' and (actor1_latitude is null or actor2_latitude is null)""")
    assert agreements == [(0,)]


def test_a_three_party_agreement_gives_one_row_per_pair(seed_warehouse: Warehouse, tmp_path: Path) -> None:
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "three.txt").write_text(THREE_PARTY_ARTICLE)
    assert_succeeded(chancery(*warehouse.run_args(tmp_path / "new")))
    rows = query(warehouse.published, """
        select event_row_id, event_id, actor1_code, actor2_code, party_count from marts.fct_events
        where event_id in (select agreement_id from marts.fct_agreements where party_codes = ['AUS', 'IND', 'JPN'])
        order by actor1_code, actor2_code""")
    assert [(row[2], row[3], row[4]) for row in rows] == [("AUS", "IND", 3), ("AUS", "JPN", 3), ("IND", "JPN", 3)]
    assert len({row[1] for row in rows}) == 1 and len({row[0] for row in rows}) == 3
    assert dict(query(warehouse.published, "select event_id, count(*) from marts.fct_events group by event_id")
                ) == facts(warehouse.published)
    # The run rebuilt the dashboard from its publication: the new deal is in its table.
    assert f'data-fact-id="{rows[0][1]}"' in (dashboard_dir(warehouse.published) / "index.html").read_text()


def marts(path: Path) -> dict[str, int]:
    return {name: query(path, f"select count(*) from marts.{name}")[0][0]
            for (name,) in query(path, "select table_name from duckdb_tables() where schema_name = 'marts'")}


@pytest.mark.parametrize(("fmt", "extension"), [("parquet", "parquet"), ("csv", "csv"), ("gdelt-tsv", "tsv")])
def test_export_writes_one_file_per_mart_plus_events(seed_warehouse: Warehouse, tmp_path: Path, fmt: str,
                                                     extension: str) -> None:
    result = chancery("export", "--format", fmt, "--out", str(tmp_path), "--warehouse", str(seed_warehouse.published))
    assert_succeeded(result)
    counts = marts(seed_warehouse.published)
    expected = {("events" if name == "fct_events" else name): rows for name, rows in counts.items()}
    reader = {"parquet": "read_parquet('{}')", "csv": "read_csv('{}')", "tsv": "read_csv('{}', delim='\t')"}
    written = {path.name.removesuffix(f".{extension}"): read(
        f"select count(*) from {reader[extension].format(path)}")[1][0][0]
        for path in tmp_path.glob(f"*.{extension}")}
    assert written == expected
    assert "events" in written and written["events"] == counts["fct_events"]


def test_gdelt_tsv_loads_with_gdelt_column_names(seed_warehouse: Warehouse, tmp_path: Path) -> None:
    assert_succeeded(chancery("export", "--format", "gdelt-tsv", "--out", str(tmp_path),
                              "--warehouse", str(seed_warehouse.published)))
    columns, rows = read(f"select * from read_csv('{tmp_path / 'events.tsv'}', delim='\t')")
    assert columns[:len(GDELT_COLUMNS)] == GDELT_COLUMNS
    lavrov = next(row for row in rows if row[5] == "Sergei Lavrov")
    named = dict(zip(columns, lavrov, strict=True))
    assert (named["SQLDATE"], named["Actor1Code"], named["Actor2Code"], named["EventCode"]) == (
        20210406, "RUS", "IND", "042")
    # GDELT's geography: FIPS country codes, type 4 for a city, "City, Country".
    assert (named["ActionGeo_Type"], named["ActionGeo_CountryCode"], named["ActionGeo_FullName"]) == (
        4, "IN", "Delhi, India")
    assert named["GoldsteinScale"] == 1.9 and named["QuadClass"] == 1
    assert str(named["DATEADDED"]).isdigit() and len(str(named["DATEADDED"])) == 14
    with (tmp_path / "events.tsv").open(newline="") as handle:
        assert next(csv.reader(handle, delimiter="\t"))[:3] == ["GLOBALEVENTID", "SQLDATE", "MonthYear"]


def test_export_since_keeps_facts_dated_on_or_after(seed_warehouse: Warehouse, tmp_path: Path) -> None:
    assert_succeeded(chancery("export", "--format", "csv", "--out", str(tmp_path), "--since", "2019-01-01",
                              "--warehouse", str(seed_warehouse.published)))
    _, events = read(f"select event_id, coalesce(event_date, first_reported_date) as day "
                     f"from read_csv('{tmp_path / 'events.csv'}')")
    expected = query(seed_warehouse.published, """select count(*) from marts.fct_events
                     where coalesce(event_date, first_reported_date) >= date '2019-01-01'""")[0][0]
    assert 0 < len(events) == expected < marts(seed_warehouse.published)["fct_events"]
    assert all(str(day) >= "2019-01-01" for _, day in events)
    mention_facts = {row[0] for row in read(
        f"select distinct fact_id from read_csv('{tmp_path / 'fct_fact_mentions.csv'}')")[1]}
    assert mention_facts == {event_id for event_id, _ in events}


def test_export_refuses_the_working_database(seed_warehouse: Warehouse, tmp_path: Path) -> None:
    result = chancery("export", "--format", "csv", "--out", str(tmp_path / "out"),
                      "--warehouse", str(seed_warehouse.working))
    assert result.returncode == 1
    assert "not a published snapshot" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_no_published_column_or_example_query_is_int128(seed_warehouse: Warehouse) -> None:
    """BI drivers that cannot read INT128 (a DuckDB sum of BIGINTs) can read every published column and query."""
    with duckdb.connect(str(seed_warehouse.published), read_only=True) as conn:
        columns = conn.execute("select table_schema, table_name, column_name, data_type "
                               "from information_schema.columns").fetchall()
        assert len({(schema, table) for schema, table, _, _ in columns}) >= 20
        wide = [column for column in columns if any(kind in column[3].upper() for kind in WIDE_INTEGERS)]
        assert wide == []
        for path in sorted(QUERIES_DIR.glob("*.sql")):
            types = [str(kind) for kind in conn.sql(path.read_text().rstrip().rstrip(";")).types]
            assert not [kind for kind in types if any(w in kind.upper() for w in WIDE_INTEGERS)], (path.name, types)
