"""The warehouse resource (working database, one run at a time) and the asset that publishes it.

Every asset writes the working database through the `warehouse` resource; the resource holds the
run lock from the start of a run to its end, whichever way the run was started (CLI, schedule,
sensor, UI). `published_warehouse` depends on every mart, so it runs only after dbt build (models
and tests) succeeded and the blocking asset checks passed; a failed run publishes nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetExecutionContext,
    Config,
    DagsterInvariantViolationError,
    InitResourceContext,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)
from dagster_duckdb import DuckDBResource
from pydantic import Field, PrivateAttr

from pipeline.defs.articles import WAREHOUSE_POOL
from pipeline.defs.transform import chancery_dbt_models
from pipeline.lock import warehouse_lock
from pipeline.paths import (
    DEFAULT_KEEP_SNAPSHOTS,
    DEFAULT_MEMORY_LIMIT,
    keep_snapshots_setting,
    lock_file,
    memory_limit_setting,
    parquet_setting,
    working_database,
)
from pipeline.pause import pause_point, pause_requested
from pipeline.publish import (
    STORAGE_NUMBER,
    STORAGE_VERSION,
    SourceRestore,
    adopt_published,
    publish,
    read_history,
    storage_number,
)


class ChanceryWarehouse(DuckDBResource):
    """`database` is the working database the assets and dbt write; `published` the snapshot analysts open."""

    published: str = Field(description="The published snapshot: the file BI tools and analysts open.")
    keep_snapshots: int = Field(default=DEFAULT_KEEP_SNAPSHOTS, ge=0,
                                description="Published snapshots kept under snapshots/ for rollback.")
    parquet: bool = Field(default=False, description="Also write one Parquet file per mart under parquet/.")
    lock_wait_seconds: float = Field(default=0.0, ge=0,
                                     description="How long a run waits for another run to finish before failing.")
    _source_restore: SourceRestore | None = PrivateAttr(default=None)

    @classmethod
    def at(cls, published: Path) -> "ChanceryWarehouse":
        """The resource for a published path, with the working database beside it and settings from the
        environment (CHANCERY_KEEP_SNAPSHOTS, CHANCERY_PARQUET, CHANCERY_DUCKDB_MEMORY_LIMIT)."""
        return cls(database=str(working_database(published)), published=str(published),
                   keep_snapshots=keep_snapshots_setting(), parquet=parquet_setting(),
                   connection_config={"memory_limit": memory_limit_setting()})

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator["ChanceryWarehouse"]:
        working = Path(self.database)
        with warehouse_lock(lock_file(working), self.lock_wait_seconds, log=context.log.warning):
            adopt_published(Path(self.published), working, log=context.log.info)
            self._source_restore = SourceRestore(working, Path(self.published))
            try:
                # One open database for the whole run: the steps' connections and dbt's share it, so the catalog
                # is read once and the run's writes are checkpointed once, at the end, instead of whenever a step
                # closed the file (a checkpoint rewrites every row group a step touched). Each commit is durable
                # in the write-ahead log meanwhile.
                with self._connect():
                    yield self
            finally:
                self._source_restore.wait()

    def wait_for_publication_source(self) -> None:
        """Wait for the copy that starts the publication source, if this run started one."""
        if self._source_restore:
            self._source_restore.wait()

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._connect() as conn:
            yield conn
            if pause_requested():  # crash tests: stop after a step's writes, before it is recorded
                pause_point(f"after:{_current_asset()}")

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """A connection with exactly the configuration dbt's profile opens the file with (its memory limit):
        DuckDB refuses a connection whose configuration differs from the instance this process has open."""
        unsupported = set(self.connection_config) - {"memory_limit"}
        if unsupported:
            raise DagsterInvariantViolationError(
                f"warehouse connection_config supports memory_limit only (dbt opens the same file with it), "
                f"not {sorted(unsupported)}")
        config = {"memory_limit": str(self.connection_config.get("memory_limit", DEFAULT_MEMORY_LIMIT))}
        return duckdb.connect(self.database, read_only=False, config=config)


def _current_asset() -> str:
    try:
        return AssetExecutionContext.get().op.name
    except DagsterInvariantViolationError:  # an asset check's connection
        return ""


MART_KEYS = [key for key in chancery_dbt_models.keys if key.path[0] == "marts"]


class PublishConfig(Config):
    full_refresh: bool = Field(default=False, description="Build the file snapshots are copied from anew instead "
                               "of bringing it up to date row by row.")


@asset(group_name="publish", deps=MART_KEYS, pool=WAREHOUSE_POOL, kinds={"duckdb"})
def published_warehouse(context: AssetExecutionContext, warehouse: ChanceryWarehouse,
                        config: PublishConfig) -> MaterializeResult:
    """A consistent read-only snapshot of the warehouse at the documented path, replaced atomically;
    readable by DuckDB 1.1 and newer. Runs only when every mart was built and tested."""
    warehouse.wait_for_publication_source()
    with warehouse.get_connection() as conn:
        publication = publish(conn, Path(warehouse.database), Path(warehouse.published), context.run_id,
                              keep=warehouse.keep_snapshots, parquet=warehouse.parquet, log=context.log.info,
                              rebuild=config.full_refresh)
    return MaterializeResult(metadata={
        "path": MetadataValue.path(str(publication.path)),
        "snapshot": MetadataValue.path(str(publication.snapshot)) if publication.snapshot else "not kept",
        "storage_version": STORAGE_VERSION,
        "row_counts": MetadataValue.json(publication.row_counts),
        "rows_written": publication.rows_written,
    })


@asset_check(asset=published_warehouse, description="The published file opens read-only, in the storage format "
             "old clients read, and is the snapshot of the latest publication.")
def published_snapshot_is_current(context: AssetCheckExecutionContext,
                                  warehouse: ChanceryWarehouse) -> AssetCheckResult:
    path = Path(warehouse.published)
    latest = context.instance.get_latest_materialization_event(published_warehouse.key)
    history = read_history(path) if path.exists() else []
    number = storage_number(path) if path.exists() else None
    expected_run = latest.run_id if latest else None
    return AssetCheckResult(
        passed=bool(history) and history[0]["run_id"] == expected_run and number == STORAGE_NUMBER,
        metadata={"published_run": str(history[0]["run_id"]) if history else "none",
                  "latest_materialization_run": str(expected_run), "storage_number": str(number)})
