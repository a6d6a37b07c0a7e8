"""The example queries in queries/ run against the seeds' published warehouse, in today's DuckDB and in
the oldest one the snapshot supports, and answer what their names promise."""

import json
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipeline.paths import QUERIES_DIR
from tests.warehouse_runs import Warehouse

QUERIES = sorted(QUERIES_DIR.glob("*.sql"))
# Run by the old DuckDB: each query file given on the command line, with its row count.
RUN_QUERIES = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
print(json.dumps({path: len(con.execute(open(path).read()).fetchall()) for path in sys.argv[2:]}))
"""


def run(warehouse: Warehouse, name: str) -> list[dict[str, object]]:
    with duckdb.connect(str(warehouse.published), read_only=True) as conn:
        cursor = conn.execute((QUERIES_DIR / name).read_text())
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_the_four_examples_are_there() -> None:
    assert {path.name for path in QUERIES} >= {
        "agreements_by_country_pair_and_year.sql", "visits_timeline_by_leader.sql", "sanctions_by_status.sql",
        "facts_with_source_sentences.sql"}


@pytest.mark.parametrize("query", QUERIES, ids=lambda path: path.stem)
def test_every_query_returns_rows(seed_warehouse: Warehouse, query: Path) -> None:
    assert run(seed_warehouse, query.name)


def test_agreements_by_country_pair_and_year(seed_warehouse: Warehouse) -> None:
    rows = run(seed_warehouse, "agreements_by_country_pair_and_year.sql")
    assert all(row["country_a"] < row["country_b"] for row in rows)
    assert sum(row["agreements"] for row in rows) == sum(
        len(codes) * (len(codes) - 1) // 2 for (codes,) in duckdb.connect(
            str(seed_warehouse.published), read_only=True).execute("select party_codes from marts.fct_agreements")
        .fetchall())
    india_russia = [row for row in rows if (row["country_a"], row["country_b"]) == ("IND", "RUS")]
    assert india_russia and india_russia[0]["country_a_name"] == "Republic of India"


def test_visits_timeline_by_leader(seed_warehouse: Warehouse) -> None:
    rows = run(seed_warehouse, "visits_timeline_by_leader.sql")
    putin = [row for row in rows if row["visitor_name"] == "Vladimir Putin"]
    assert [row["visit_number"] for row in putin] == list(range(1, len(putin) + 1))
    assert {row["host_country_code"] for row in putin} >= {"IND"}


def test_sanctions_by_status(seed_warehouse: Warehouse) -> None:
    rows = run(seed_warehouse, "sanctions_by_status.sql")
    lifecycle = ["threatened", "imposed", "waiver_sought", "waived", "lifted"]
    statuses = [row["status"] for row in rows]
    assert statuses == sorted(statuses, key=lifecycle.index)
    with duckdb.connect(str(seed_warehouse.published), read_only=True) as conn:
        sanctions = conn.execute("select count(*) from marts.fct_sanctions").fetchone()[0]
    assert sum(row["sanctions"] for row in rows) == sanctions


def test_facts_with_source_sentences(seed_warehouse: Warehouse) -> None:
    rows = run(seed_warehouse, "facts_with_source_sentences.sql")
    assert {row["fact_type"] for row in rows} == {"agreement", "visit", "sanction"}
    assert all(row["trigger_text"].lower() in row["sentence_text"].lower() for row in rows)
    with duckdb.connect(str(seed_warehouse.published), read_only=True) as conn:
        facts = conn.execute("""select count(*) from (select agreement_id from marts.fct_agreements union all
                                select visit_id from marts.fct_visits union all
                                select sanction_id from marts.fct_sanctions)""").fetchone()[0]
    assert len({row["fact_id"] for row in rows}) == facts  # every fact has at least one sentence


def test_queries_run_on_duckdb_1_1(seed_warehouse: Warehouse, old_duckdb_python: Path) -> None:
    """Analysts whose tools bundle an old DuckDB can use the examples too."""
    result = subprocess.run([str(old_duckdb_python), "-c", RUN_QUERIES, str(seed_warehouse.published),
                             *map(str, QUERIES)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {str(path): len(run(seed_warehouse, path.name)) for path in QUERIES}
