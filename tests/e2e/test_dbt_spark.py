"""The dbt project builds on Apache Spark too, and finds the same facts as on DuckDB.

The landing tables of a DuckDB run over the bundled seeds are copied into a local Spark session;
then `dbt build` (seeds, models, every data test) runs in this process on dbt-spark's `session`
method with tests/dbt_spark/profiles.yml, and the marts are compared with DuckDB's. This is what
keeps the models portable to a distributed engine (docs/scaling.md). It needs the `spark` extra
(`pip install -e '.[spark]'`) and Java 17, and skips with the reason where either is missing.
"""

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.paths import DBT_PROJECT_DIR, working_database
from tests.conftest import REPO_ROOT, SEEDS_DIR

pytestmark = [pytest.mark.spark, pytest.mark.e2e]

SPARK_PROFILES_DIR = REPO_ROOT / "tests" / "dbt_spark"
CHANCERY = str(Path(sys.executable).with_name("chancery"))
# DuckDB column types of the landing tables, as Spark SQL types.
SPARK_TYPES = {"VARCHAR": "string", "DATE": "date", "TIMESTAMP": "timestamp", "BIGINT": "bigint",
               "INTEGER": "int", "DOUBLE": "double", "BOOLEAN": "boolean", "VARCHAR[]": "array<string>"}
# Columns both engines must agree on. Left out: first/last seen (load times), and the columns picked
# by mode() or min_by() among tied rows, where each engine may pick a different, equally right one.
COMPARED = {
    "fct_agreements": "agreement_id, party_codes, subject, subject_key, status, agreement_date, value_usd, "
                      "cameo_code, article_count, mention_count",
    "fct_visits": "visit_id, visitor_country_code, host_country_code, visit_date, cameo_code, article_count, "
                  "mention_count",
    "fct_sanctions": "sanction_id, imposer_code, target_code, status, reason, sanction_date, cameo_code, "
                     "article_count, mention_count",
    "fct_fact_mentions": "mention_id, fact_type, fact_id, article_id, sentence_index, start_char, end_char",
    "dim_articles": "article_id, title, published_date, sentence_count, mention_count",
    "dim_countries": "country_code, iso2, name, short_name, kind, region",
}


def _requirements_or_skip() -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[spark]'")
    pytest.importorskip("dbt.adapters.spark", reason="dbt-spark is not installed: pip install -e '.[spark]'")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: Spark needs a Java 17 runtime on PATH")


@pytest.fixture(scope="module")
def duckdb_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _requirements_or_skip()
    root = tmp_path_factory.mktemp("duckdb_run")
    warehouse = root / "news.duckdb"
    result = subprocess.run([CHANCERY, "run", "--input", str(SEEDS_DIR), "--warehouse", str(warehouse),
                             "--log-level", "WARNING"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return warehouse


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch) -> Any:
    """A local Spark session with the settings of the dbt profile, which dbt-spark then reuses."""
    _requirements_or_skip()
    from pyspark.sql import SparkSession

    warehouse_dir = tmp_path_factory.mktemp("spark_warehouse")
    monkeypatch_module.setenv("CHANCERY_SPARK_WAREHOUSE", str(warehouse_dir))
    session = (SparkSession.builder.master("local[2]").appName("chancery-dbt-test")
               .config("spark.sql.catalogImplementation", "in-memory")
               .config("spark.sql.warehouse.dir", str(warehouse_dir))
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.legacy.createHiveTableByDefault", "false")
               .getOrCreate())
    # dbt-spark asks for the session once per statement, and Spark warns each time that it exists.
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def load_landing_tables(spark: Any, warehouse: Path) -> list[str]:
    """Copy every landing table of the DuckDB warehouse into Spark's `landing` schema, types mapped."""
    spark.sql("create database if not exists landing")
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        columns = conn.execute("select table_name, column_name, data_type from information_schema.columns "
                               "where table_schema = 'landing' order by table_name, ordinal_position").fetchall()
        tables: dict[str, list[tuple[str, str]]] = {}
        for table, column, dtype in columns:
            tables.setdefault(table, []).append((column, SPARK_TYPES[dtype]))
        for table, typed in tables.items():
            rows = conn.execute(f"select {', '.join(c for c, _ in typed)} from landing.{table}").fetchall()
            schema = ", ".join(f"`{column}` {dtype}" for column, dtype in typed)
            spark.createDataFrame(rows, schema=schema).write.mode("overwrite").saveAsTable(f"landing.{table}")
    return sorted(tables)


def normalise(rows: list[tuple]) -> list[tuple]:
    """Rows comparable across engines: lists as tuples, floats rounded, sorted."""
    def value(v: Any) -> Any:
        if isinstance(v, list):
            return tuple(v)
        return round(v, 6) if isinstance(v, float) else v
    return sorted((tuple(value(v) for v in row) for row in rows), key=repr)


def test_dbt_project_builds_on_spark_with_the_same_facts(spark: Any, duckdb_warehouse: Path,
                                                         tmp_path: Path) -> None:
    from dbt.cli.main import dbtRunner

    # The landing tables as the run left them: the working database (snapshots leave out article text).
    assert "fact_mentions" in load_landing_tables(spark, working_database(duckdb_warehouse))
    # Its own target and log paths: the project's target/manifest.json is what Dagster loads.
    result = dbtRunner().invoke(["build", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir",
                                 str(SPARK_PROFILES_DIR), "--target-path", str(tmp_path / "target"),
                                 "--log-path", str(tmp_path / "logs"), "--quiet"])
    failures = [f"{r.node.unique_id}: {r.status} {r.message}" for r in (result.result or [])
                if str(r.status) not in ("success", "pass")]
    assert result.success and not failures, failures or result.exception

    with duckdb.connect(str(duckdb_warehouse), read_only=True) as conn:
        for table, columns in COMPARED.items():
            expected = normalise(conn.execute(f"select {columns} from marts.{table}").fetchall())
            found = normalise([tuple(row) for row in spark.sql(f"select {columns} from marts.{table}").collect()])
            assert expected, table
            assert found == expected, table
