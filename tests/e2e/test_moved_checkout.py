"""Documents keep their identity when the checkout moves: files are known by their path relative to the input
they were found under, and a document whose old source is gone is re-linked, not rejected as a duplicate."""

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.defs.checks import FACT_CONTRACT
from tests.warehouse_runs import Warehouse, assert_succeeded, chancery, query

FACTS = {table: f"select {', '.join(columns)} from marts.{table} order by all"
         for table, columns in FACT_CONTRACT.items()}


def facts(published: Path) -> dict[str, list[tuple]]:
    return {table: query(published, sql) for table, sql in FACTS.items()}


@pytest.mark.parametrize("move", ["moved", "renamed", "absolute"])
def test_a_moved_checkout_reruns_with_no_rejection_and_the_same_facts(seed_warehouse: Warehouse, tmp_path: Path,
                                                                     move: str) -> None:
    """moved: the input folder elsewhere (a checkout cloned to another place); renamed: the folder under another
    name; absolute: a warehouse from before relative names, its documents known by absolute paths that are gone."""
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    names = query(warehouse.working, "select source_uri from landing.raw_articles order by all")
    assert names and all(uri.startswith("inputs/") for (uri,) in names)
    before = facts(warehouse.published)
    inputs = tmp_path / "elsewhere" / ("news" if move == "renamed" else "inputs")
    shutil.copytree(seed_warehouse.inputs, inputs)
    if move == "absolute":
        with duckdb.connect(str(warehouse.working)) as conn:
            conn.execute("update landing.raw_articles set source_uri = '/old/checkout/seeds/' || file_name")
    result = chancery("run", "--warehouse", str(warehouse.published), "--input", str(inputs), "--log-level", "INFO")
    assert_succeeded(result)
    output = result.stdout + result.stderr
    expected = {"moved": "'unchanged': 5", "renamed": "'relinked': 5", "absolute": "'relinked': 5"}[move]
    assert expected in output and "'rejected': 0" in output and "'loaded': 0" in output
    assert query(warehouse.published, "select count(*) from landing.rejected_documents") == [(0,)]
    prefix = "news" if move == "renamed" else "inputs"
    assert query(warehouse.working, "select source_uri from landing.raw_articles order by all") == [
        (f"{prefix}/{uri.split('/', 1)[1]}",) for (uri,) in names]
    after = facts(warehouse.published)
    if move == "renamed":
        after["dim_articles"] = [(row[0], "inputs/" + row[1].split("/", 1)[1], *row[2:])
                                 for row in after["dim_articles"]]
    assert after == before
