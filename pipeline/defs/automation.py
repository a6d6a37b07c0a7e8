"""The job that materialises everything, its daily schedule, an hourly feed poll, and a sensor on the
input folders."""

import hashlib
import os
from pathlib import Path

import duckdb
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
from pipeline.paths import warehouse_path, working_database
from pipeline.warehouse.landing import LANDING_SCHEMA

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


def input_files(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every supported input file under the paths, by absolute path."""
    found = {}
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.exists() else []
        for path in files:
            if path.is_file() and input_kind(path) is not None:
                stat = path.stat()
                found[str(path.resolve())] = (stat.st_size, stat.st_mtime_ns)
    return found


def inputs_fingerprint(files: dict[str, tuple[int, int]]) -> str:
    """A hash of (name, size, mtime) of every input file: it changes when files appear or change."""
    digest = hashlib.sha256()
    for path, (size, mtime) in sorted(files.items()):
        # fsencode: file names need not be UTF-8.
        digest.update(os.fsencode(path) + f"|{size}|{mtime}\n".encode())
    return digest.hexdigest()


def unknown_to_warehouse(files: dict[str, tuple[int, int]], working: Path) -> int | None:
    """How many of the files the working database does not know as read with this size and mtime (the stamps
    raw_articles records, landing.input_files); None when it cannot be read now (a run holds it open)."""
    if not working.exists():
        return len(files)
    try:
        with duckdb.connect(str(working), read_only=True) as conn:
            if not conn.execute("select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
                                [LANDING_SCHEMA, "input_files"]).fetchone()[0]:
                return len(files)
            known = {path: (size, mtime) for path, size, mtime in
                     conn.execute(f"select path, byte_size, mtime_ns from {LANDING_SCHEMA}.input_files").fetchall()}
    except duckdb.Error:
        return None
    return sum(1 for path, stamp in files.items() if known.get(path) != stamp)


@sensor(job=build_warehouse, minimum_interval_seconds=30, default_status=DefaultSensorStatus.STOPPED)
def new_article_files(context: SensorEvaluationContext, sources: ArticleSources) -> RunRequest | SkipReason:
    """Starts a run when files appear in or change under the configured input folders. Its first tick compares
    them with what the warehouse has read, so turning the sensor on starts no run when nothing is new."""
    files = input_files(sources.input_paths())
    fingerprint = inputs_fingerprint(files)
    if fingerprint == context.cursor:
        return SkipReason("no new or changed input files")
    if context.cursor is None:
        unknown = unknown_to_warehouse(files, working_database(warehouse_path()))
        if unknown is None:
            return SkipReason("the warehouse is busy (a run holds it); looking again at the next tick")
        if unknown == 0:
            context.update_cursor(fingerprint)
            return SkipReason(f"all {len(files)} input files are already in the warehouse")
    context.update_cursor(fingerprint)
    return RunRequest(run_key=fingerprint)
