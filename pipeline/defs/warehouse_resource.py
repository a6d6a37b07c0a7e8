"""The warehouse resource: the working database every asset writes, one run at a time.

The resource holds the run lock from the start of a run to its end, whichever way the run was started (CLI,
schedule, sensor, UI), and the working database open for the run's steps and dbt's nodes.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import AssetExecutionContext, DagsterInvariantViolationError, InitResourceContext
from dagster_duckdb import DuckDBResource
from pydantic import Field, PrivateAttr

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
from pipeline.warehouse.connection import hold, let_go
from pipeline.warehouse.lock import warehouse_lock
from pipeline.warehouse.publication_copy import CopyRestore
from pipeline.warehouse.snapshot import adopt_published

# Every asset and check that writes or reads the working database runs in this Dagster concurrency pool.
WAREHOUSE_POOL = "warehouse"


class ChanceryWarehouse(DuckDBResource):
    """`database` is the working database the assets and dbt write; `published` the snapshot analysts open."""

    published: str = Field(description="The published snapshot: the file BI tools and analysts open.")
    keep_snapshots: int = Field(default=DEFAULT_KEEP_SNAPSHOTS, ge=0,
                                description="Published snapshots kept under snapshots/ for rollback.")
    parquet: bool = Field(default=False, description="Also write one Parquet file per mart under parquet/.")
    lock_wait_seconds: float = Field(default=0.0, ge=0,
                                     description="How long a run waits for another run to finish before failing.")
    _copy_restore: CopyRestore | None = PrivateAttr(default=None)
    _held: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

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
            self._copy_restore = CopyRestore(working, Path(self.published))
            try:
                # One open database for the whole run (pipeline.warehouse.connection).
                self._held = hold(self.database, self.connection_settings())
                yield self
            finally:
                if self._held:
                    let_go(self._held, self.database)
                    self._held = None
                self._copy_restore.wait()

    @contextmanager
    def released(self) -> Iterator[tuple[str, dict[str, str]]]:
        """Let go of the working database the run holds, for another process (dbt's worker) to write it; yield its
        path and connection settings. The run holds it again after."""
        if self._held is None:
            yield self.database, self.connection_settings()
            return
        let_go(self._held, self.database)
        self._held = None
        try:
            yield self.database, self.connection_settings()
        finally:
            self._held = hold(self.database, self.connection_settings())

    def wait_for_publication_copy(self) -> None:
        """Wait for the file copy that starts the publication copy, if this run started one."""
        if self._copy_restore:
            self._copy_restore.wait()

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with duckdb.connect(self.database, read_only=False, config=self.connection_settings()) as conn:
            yield conn
            if pause_requested():  # crash tests: stop after a step's writes, before it is recorded
                pause_point(f"after:{_current_asset()}")

    def connection_settings(self) -> dict[str, str]:
        """Exactly the configuration dbt's profile opens the file with (its memory limit): DuckDB refuses a
        connection whose configuration differs from the instance this process has open."""
        unsupported = set(self.connection_config) - {"memory_limit"}
        if unsupported:
            raise DagsterInvariantViolationError(
                f"warehouse connection_config supports memory_limit only (dbt opens the same file with it), "
                f"not {sorted(unsupported)}")
        return {"memory_limit": str(self.connection_config.get("memory_limit", DEFAULT_MEMORY_LIMIT))}


def _current_asset() -> str:
    try:
        return AssetExecutionContext.get().op.name
    except DagsterInvariantViolationError:  # an asset check's connection
        return ""
