"""The job that materialises everything, its daily schedule, an hourly feed poll, and a sensor on the
input folders."""

import hashlib
import os
from pathlib import Path

from dagster import (
    AssetSelection,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    in_process_executor,
    schedule,
    sensor,
)

from pipeline.defs.sources_resource import ArticleSources
from pipeline.ingest.files import input_kind

# In-process: every asset writes the one DuckDB file, so steps must not run in parallel processes,
# and it saves the multiprocess executor's start-up cost.
build_warehouse = define_asset_job(
    "build_warehouse",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Ingest, clean and extract articles, then build and test the dbt models.",
)

daily_build = ScheduleDefinition(job=build_warehouse, cron_schedule="0 6 * * *", execution_timezone="UTC")


@schedule(job=build_warehouse, cron_schedule="0 * * * *", execution_timezone="UTC")
def hourly_feed_poll(context: ScheduleEvaluationContext, sources: ArticleSources) -> RunRequest | SkipReason:
    """Runs the job every hour when the sources config lists feeds, to pick up their new entries."""
    if not sources.sources_config().feeds:
        return SkipReason("the sources config lists no feeds")
    return RunRequest(run_key=f"feed-poll-{context.scheduled_execution_time:%Y%m%dT%H%M}")


def inputs_fingerprint(paths: list[Path]) -> str:
    """A hash of (name, size, mtime) of every supported input file: it changes when files appear or change."""
    digest = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.exists() else []
        for path in files:
            if path.is_file() and input_kind(path) is not None:
                stat = path.stat()
                # fsencode: file names need not be UTF-8.
                digest.update(os.fsencode(path) + f"|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@sensor(job=build_warehouse, minimum_interval_seconds=30, default_status=DefaultSensorStatus.STOPPED)
def new_article_files(context: SensorEvaluationContext, sources: ArticleSources) -> RunRequest | SkipReason:
    """Starts a run when files appear in or change under the configured input folders."""
    fingerprint = inputs_fingerprint(sources.input_paths())
    if fingerprint == context.cursor:
        return SkipReason("no new or changed input files")
    context.update_cursor(fingerprint)
    return RunRequest(run_key=fingerprint)
