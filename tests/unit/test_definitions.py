"""The Definitions load with the whole asset graph, checks, job, schedule and sensor."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterInstance, DagsterInvariantViolationError, build_sensor_context

from pipeline.definitions import defs
from pipeline.defs.automation import new_article_files
from pipeline.defs.sources_resource import ArticleSources
from pipeline.defs.warehouse_resource import ChanceryWarehouse
from pipeline.paths import MEMORY_LIMIT_ENV, WAREHOUSE_ENV, working_database
from pipeline.warehouse.landing import LANDING_SCHEMA, ensure_schema


def test_asset_graph_links_python_assets_to_dbt_models() -> None:
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"raw_articles", "cleaned_articles", "article_sentences", "fact_mentions"} <= keys
    assert {"marts/fct_agreements", "marts/fct_visits", "marts/fct_sanctions", "marts/fct_fact_mentions",
            "marts/dim_articles", "marts/dim_countries", "reference/countries"} <= keys
    # Lineage: the staging model reads the Python asset through the dbt source.
    upstream = graph.get(AssetKey(["staging", "stg_landing__fact_mentions"])).parent_keys
    assert AssetKey("fact_mentions") in upstream
    groups = {graph.get(AssetKey(["marts", "fct_agreements"])).group_name,
              graph.get(AssetKey(["staging", "stg_landing__raw_articles"])).group_name,
              graph.get(AssetKey("raw_articles")).group_name}
    assert groups == {"marts", "staging", "ingest"}


def test_checks_schedule_and_sensor_are_defined() -> None:
    graph = defs.resolve_asset_graph()
    check_names = {key.name for key in graph.asset_check_keys}
    expected = {"raw_articles_not_empty", "fct_agreements_matches_contract", "fct_sanctions_matches_contract"}
    assert expected <= check_names
    job = defs.resolve_job_def("build_warehouse")
    assert {"raw_articles", "fact_mentions", "published_warehouse"} <= {
        key.to_user_string() for key in job.asset_layer.executable_asset_keys}
    assert defs.resolve_schedule_def("build_warehouse_schedule").cron_schedule == "0 6 * * *"
    sensor = defs.resolve_sensor_def("new_article_files")
    assert sensor.job_name == "build_warehouse"


@pytest.fixture
def fresh_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CHANCERY_WAREHOUSE at a warehouse that does not exist yet (the sensor's first tick reads it)."""
    published = tmp_path / "warehouse" / "news.duckdb"
    monkeypatch.setenv(WAREHOUSE_ENV, str(published))
    return published


def test_sensor_requests_a_run_only_when_inputs_change(tmp_path: Path, fresh_warehouse: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nBody.")
    sources = ArticleSources(paths=[str(tmp_path)])
    with DagsterInstance.ephemeral() as instance:
        first = new_article_files(build_sensor_context(instance=instance, resources={"sources": sources}))
        cursor = first.run_key
        assert cursor
        same = new_article_files(build_sensor_context(instance=instance, cursor=cursor,
                                                      resources={"sources": sources}))
        assert not hasattr(same, "run_key")
        (tmp_path / "b.html").write_text("<p>new</p>")
        changed = new_article_files(build_sensor_context(instance=instance, cursor=cursor,
                                                         resources={"sources": sources}))
        assert changed.run_key and changed.run_key != cursor


def test_the_sensors_first_tick_starts_no_run_when_the_warehouse_has_read_every_file(
        tmp_path: Path, fresh_warehouse: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.txt").write_text("Title\n\nBody.")
    sources = ArticleSources(paths=[str(drop)])
    working = working_database(fresh_warehouse)
    working.parent.mkdir(parents=True)
    with duckdb.connect(str(working)) as conn:
        ensure_schema(conn)
        stat = (drop / "a.txt").stat()
        conn.execute(f"insert into {LANDING_SCHEMA}.input_files values (?, ?, ?, ?, now()::timestamp)",
                     [str((drop / "a.txt").resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns])
    with DagsterInstance.ephemeral() as instance:
        context = build_sensor_context(instance=instance, resources={"sources": sources})
        first = new_article_files(context)
        assert not hasattr(first, "run_key") and "already in the warehouse" in first.skip_message
        assert context.cursor  # later ticks compare with the files as they are now
        (drop / "b.txt").write_text("Another\n\nBody.")
        request = new_article_files(build_sensor_context(instance=instance, cursor=context.cursor,
                                                         resources={"sources": sources}))
        assert request.run_key
        # A run holding the warehouse: the first tick can tell nothing yet, so it waits for the next.
        holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; "
                                   f"c = duckdb.connect({str(working)!r}); print('held', flush=True); time.sleep(60)"],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "held"
            context = build_sensor_context(instance=instance, resources={"sources": sources})
            busy = new_article_files(context)
            assert not hasattr(busy, "run_key") and "busy" in busy.skip_message and context.cursor is None
        finally:
            holder.kill()
            holder.wait()


def test_sensor_sees_every_input_kind_dropped_into_the_configured_folders(tmp_path: Path,
                                                                           fresh_warehouse: Path) -> None:
    drop = tmp_path / "seeds"
    drop.mkdir()
    config = tmp_path / "sources.yaml"
    config.write_text("paths: [seeds]\n")
    sources = ArticleSources(config_file=str(config))  # as the Dagster definitions use it: no explicit paths
    with DagsterInstance.ephemeral() as instance:
        context = build_sensor_context(instance=instance, resources={"sources": sources})
        assert not hasattr(new_article_files(context), "run_key")  # nothing to read yet
        cursor = context.cursor
        for name in ("a.json", "b.jsonl", "c.warc.gz", "d.htm"):
            (drop / name).write_text("{}")
            request = new_article_files(build_sensor_context(instance=instance, cursor=cursor,
                                                             resources={"sources": sources}))
            assert request.run_key and request.run_key != cursor, name
            cursor = request.run_key
        (drop / os.fsdecode(b"caf\xe9.txt")).write_text("a file name that is not UTF-8")
        request = new_article_files(build_sensor_context(instance=instance, cursor=cursor,
                                                         resources={"sources": sources}))
        assert request.run_key != cursor
        cursor = request.run_key
        (drop / "notes.pdf").write_text("not an input")
        ignored = new_article_files(build_sensor_context(instance=instance, cursor=cursor,
                                                         resources={"sources": sources}))
        assert not hasattr(ignored, "run_key")


def test_the_hourly_feed_poll_is_registered() -> None:
    assert defs.resolve_schedule_def("hourly_feed_poll").cron_schedule == "0 * * * *"


def test_the_duckdb_memory_limit_setting_reaches_the_python_assets(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    """dbt gets it through its profile: tests/e2e/test_dbt_profile.py."""
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "1GB")
    warehouse = ChanceryWarehouse.at(tmp_path / "news.duckdb")
    Path(warehouse.database).parent.mkdir(parents=True)
    with warehouse.get_connection() as conn:
        assert conn.execute("select current_setting('memory_limit')").fetchone()[0] == "953.6 MiB"


def test_connection_options_other_than_the_memory_limit_are_refused(tmp_path: Path) -> None:
    """The resource opens the file exactly as dbt's profile does, so dbt can join the connection a run holds
    (tests/e2e/test_dbt_profile.py); DuckDB would refuse dbt a connection configured otherwise."""
    warehouse = ChanceryWarehouse.at(tmp_path / "news.duckdb")
    unsupported = ChanceryWarehouse(database=warehouse.database, published=warehouse.published,
                                    connection_config={"memory_limit": "1GB", "threads": 1})
    with pytest.raises(DagsterInvariantViolationError, match="supports memory_limit only"), \
            unsupported.get_connection():
        pass
