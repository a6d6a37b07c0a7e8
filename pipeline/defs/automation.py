"""The job that materialises everything, its daily schedule, and a sensor on the input folders."""

import hashlib
from pathlib import Path

from dagster import (
    AssetSelection,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    in_process_executor,
    sensor,
)

from pipeline.ingest import TEXT_SUFFIXES
from pipeline.resources import ArticleSources

# In-process: every asset writes the one DuckDB file, so steps must not run in parallel processes,
# and it saves the multiprocess executor's start-up cost.
build_warehouse = define_asset_job(
    "build_warehouse",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Ingest, clean and extract articles, then build and test the dbt models.",
)

daily_build = ScheduleDefinition(job=build_warehouse, cron_schedule="0 6 * * *", execution_timezone="UTC")


def inputs_fingerprint(paths: list[Path]) -> str:
    """A hash of (name, size, mtime) of every supported input file: it changes when files appear or change."""
    digest = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.exists() else []
        for path in files:
            if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
                stat = path.stat()
                digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@sensor(job=build_warehouse, minimum_interval_seconds=30, default_status=DefaultSensorStatus.STOPPED)
def new_article_files(context: SensorEvaluationContext, sources: ArticleSources) -> RunRequest | SkipReason:
    """Starts a run when files appear in or change under the configured input folders."""
    fingerprint = inputs_fingerprint(sources.input_paths())
    if fingerprint == context.cursor:
        return SkipReason("no new or changed input files")
    context.update_cursor(fingerprint)
    return RunRequest(run_key=fingerprint)
