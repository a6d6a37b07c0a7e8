"""What BI tools see: a read-only SQLAlchemy connection (the driver Superset uses) held open across a run,
an old DuckDB release opening the published file, and the connection settings the README documents."""

import json
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy

from tests.warehouse_runs import (
    OLD_DUCKDB,
    REPO_ROOT,
    Warehouse,
    history,
    new_article_folder,
    output,
    query,
    start_chancery,
)

AGREEMENTS = "select agreement_id, party_codes, status from marts.fct_agreements order by agreement_id"
# Run by the old DuckDB: every table and view of the file, with its row count.
READ_EVERYTHING = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
relations = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
print(json.dumps({"version": duckdb.__version__, "counts": {
    f"{schema}.{name}": con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
    for schema, name in relations}}))
"""


@contextmanager
def read_only_connection(uri_or_path: str | Path) -> Iterator[sqlalchemy.Connection]:
    """A connection through the SQLAlchemy URI the README gives Superset; closed with its engine, because
    DuckDB serves every connection of a process to the same file from the database first opened."""
    uri = uri_or_path if isinstance(uri_or_path, str) else f"duckdb:///{uri_or_path}?access_mode=read_only"
    engine = sqlalchemy.create_engine(uri)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def test_open_reader_keeps_answering_during_a_run_and_a_new_one_sees_the_new_rows(
        seed_warehouse: Warehouse, tmp_path: Path) -> None:
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    extra = new_article_folder(tmp_path / "extra")
    with read_only_connection(warehouse.published) as reader:
        before = reader.execute(sqlalchemy.text(AGREEMENTS)).all()
        run = start_chancery(*warehouse.run_args(extra), log_dir=tmp_path / "run")
        answers = 0
        while run.poll() is None:
            # The reader holds the published file all through the run: it keeps answering, unchanged.
            assert reader.execute(sqlalchemy.text(AGREEMENTS)).all() == before
            answers += 1
            time.sleep(0.05)
        assert run.returncode == 0, output(tmp_path / "run")
        assert answers > 20
        assert reader.execute(sqlalchemy.text(AGREEMENTS)).all() == before

    with read_only_connection(warehouse.published) as reader:  # reconnecting opens the new snapshot
        after = reader.execute(sqlalchemy.text(AGREEMENTS)).all()
        runs = reader.execute(sqlalchemy.text("select count(*) from meta_publications")).scalar()
    assert len(after) == len(before) + 1
    assert [row for row in after if list(row.party_codes) == ["CAN", "JPN"]]
    assert runs == 2


def test_read_only_connection_cannot_write(seed_warehouse: Warehouse) -> None:
    with read_only_connection(seed_warehouse.published) as reader, \
            pytest.raises(sqlalchemy.exc.DBAPIError, match="read-only"):
        reader.execute(sqlalchemy.text("create table marts.scratch (i integer)"))


def test_published_file_opens_with_duckdb_1_1(seed_warehouse: Warehouse, old_duckdb_python: Path) -> None:
    result = subprocess.run([str(old_duckdb_python), "-c", READ_EVERYTHING, str(seed_warehouse.published)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["version"] == OLD_DUCKDB
    relations = query(seed_warehouse.published, "select table_schema, table_name from information_schema.tables")
    expected = {f"{schema}.{name}": query(seed_warehouse.published, f'select count(*) from "{schema}"."{name}"')[0][0]
                for schema, name in relations}
    assert seen["counts"] == expected
    assert {"marts.fct_agreements", "reference.countries", "main.meta_publications"} <= set(expected)
    assert seen["counts"]["main.meta_publications"] == len(history(seed_warehouse.published))


def test_working_database_is_the_format_old_clients_cannot_open(
        seed_warehouse: Warehouse, old_duckdb_python: Path) -> None:
    """Why publication converts: the same data in DuckDB 2's own format is refused by DuckDB 1.1."""
    result = subprocess.run([str(old_duckdb_python), "-c", READ_EVERYTHING, str(seed_warehouse.working)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "version" in result.stderr.lower()


def readme_section(title: str) -> str:
    text = (REPO_ROOT / "docs" / "querying.md").read_text()
    match = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"docs/querying.md has no section {title!r}"
    return match.group(1)


@pytest.mark.parametrize("tool", ["Superset", "Metabase", "DBeaver", "duckdb CLI", "Python notebook"])
def test_readme_shows_a_read_only_connection_for_each_tool(tool: str) -> None:
    section = readme_section(f"Connecting {tool}")
    assert re.search(r"read[-_ ]?only", section, re.IGNORECASE), section


def test_superset_uri_in_the_readme_connects_read_only(seed_warehouse: Warehouse) -> None:
    [uri] = re.findall(r"duckdb:///\S+?access_mode=read_only", readme_section("Connecting Superset"))
    with read_only_connection(uri.replace("/absolute/path/to/warehouse/news.duckdb",
                                          str(seed_warehouse.published))) as reader:
        assert reader.execute(sqlalchemy.text("select count(*) from marts.dim_articles")).scalar() == 5
