"""The one Definitions object: assets by stage, checks, the job, schedule and sensor, and resources."""

import sys
from contextlib import nullcontext

from dagster import Definitions, in_process_executor

from pipeline.paths import (
    DBT_PROJECT_DIR,
    dbt_profile_env,
    dbt_worker_setting,
    memory_limit_setting,
    sources_file,
    warehouse_path,
    working_database,
)
from pipeline.transform.dbt_commands import dbt_core_hidden, start_worker
from pipeline.transform.dbt_manifest import manifest_is_current


def is_run_process(argv: list[str]) -> bool:
    """True in the process Dagster starts to execute one run (`dagster api execute_run`): how the daemon launches
    every run, the UI's, the schedules' and the sensor's."""
    return argv[1:3] == ["api", "execute_run"]


# Such a process starts dbt's worker before loading the definitions, as `chancery run` does, for the settings the
# dbt resource below starts it with (which then finds it waiting): the worker imports dbt and parses the project
# while this process loads the definitions and starts the run, instead of from the run's start. The code server
# and the webserver load the definitions too, and start no worker.
if dbt_worker_setting() and is_run_process(sys.argv):
    start_worker(DBT_PROJECT_DIR, dbt_profile_env(str(working_database(warehouse_path())), memory_limit_setting()))

# Without dbt-core, as `chancery run` loads them: a run the daemon or the UI launches is a new process that loads
# the definitions, and its dbt command runs in the dbt worker started above (pipeline.transform.dbt_commands),
# which imports dbt meanwhile. dbt is imported here only to parse a manifest
# that does not match the project's files. CHANCERY_DBT_WORKER=0 runs dbt in the run's own process instead.
with dbt_core_hidden() if dbt_worker_setting() and manifest_is_current() else nullcontext():
    from pipeline.defs.automation import build_warehouse, daily_build, hourly_feed_poll, new_article_files
    from pipeline.defs.checks import contract_checks, python_asset_checks
    from pipeline.defs.clean import cleaned_articles
    from pipeline.defs.extract import article_sentences, fact_mentions
    from pipeline.defs.ingest import raw_articles
    from pipeline.defs.publish import published_snapshot_is_current, published_warehouse
    from pipeline.defs.report import dashboard
    from pipeline.defs.sources_resource import ArticleSources
    from pipeline.defs.transform import chancery_dbt_models, dbt_resource
    from pipeline.defs.warehouse_resource import ChanceryWarehouse

warehouse = ChanceryWarehouse.at(warehouse_path())

defs = Definitions(
    assets=[raw_articles, cleaned_articles, article_sentences, fact_mentions, chancery_dbt_models,
            published_warehouse, dashboard],
    asset_checks=[*python_asset_checks, contract_checks, published_snapshot_is_current],
    jobs=[build_warehouse],
    schedules=[daily_build, hourly_feed_poll],
    sensors=[new_article_files],
    # Every job, the asset jobs the UI builds for "Materialize" included, runs its steps one after another in
    # the run's process: every step and check opens the one DuckDB file the run holds, so steps in parallel
    # processes would fail on it (pipeline/defs/warehouse_resource.py), and the run starts no process per step.
    executor=in_process_executor,
    resources={
        # The working database behind the published snapshot at warehouse_path(); see pipeline/paths.py.
        "warehouse": warehouse,
        "dbt": dbt_resource(warehouse if dbt_worker_setting() else None),
        "sources": ArticleSources(config_file=str(sources_file())),
    },
)
