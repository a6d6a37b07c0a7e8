"""dbt's connection to the working database, through the project's profile: it gets the warehouse resource's
settings and shares the database a run holds open."""

from pathlib import Path

import pytest
from dbt.cli.main import dbtRunner

from pipeline.defs.warehouse_resource import ChanceryWarehouse
from pipeline.paths import DBT_PROJECT_DIR, MEMORY_LIMIT_ENV, WORK_DATABASE_ENV


def show(sql: str, tmp_path: Path) -> object:
    """The first value `dbt show` gives for `sql`, run in this process as the dbt asset runs it."""
    shown = dbtRunner().invoke(["show", "--inline", sql,
                                "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
                                "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path), "--quiet"])
    assert shown.success, shown.exception
    return shown.result.results[0].agate_table.rows[0][0]


def test_the_duckdb_memory_limit_setting_reaches_dbt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # dbt's connections get it from the profile (the dbt asset exports the resource's setting).
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "1GB")
    warehouse = ChanceryWarehouse.at(tmp_path / "news.duckdb")
    Path(warehouse.database).parent.mkdir(parents=True)
    monkeypatch.setenv(WORK_DATABASE_ENV, warehouse.database)
    assert show("select current_setting('memory_limit') as memory_limit", tmp_path) == "953.6 MiB"


def test_the_warehouse_and_dbt_share_one_open_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """DuckDB refuses a second connection configured differently from the database this process has open: the
    resource opens the file exactly as dbt's profile does, so dbt can join the connection a run holds."""
    warehouse = ChanceryWarehouse.at(tmp_path / "news.duckdb")
    Path(warehouse.database).parent.mkdir(parents=True)
    monkeypatch.setenv(WORK_DATABASE_ENV, warehouse.database)
    monkeypatch.setenv(MEMORY_LIMIT_ENV, str(warehouse.connection_config["memory_limit"]))
    with warehouse.get_connection() as held:
        held.execute("create table shared as select 42 as answer")  # dbt reads it through the same open file
        assert show("select answer from main.shared", tmp_path) == 42
