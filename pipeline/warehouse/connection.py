"""The working database as a run holds it open: one DuckDB instance for the run's steps and dbt's nodes."""

from pathlib import Path

import duckdb

# A write-ahead log up to this size is left for the next open to replay, which is cheap. A larger one, as a run
# that loaded many articles leaves (up to DuckDB's 16 MiB checkpoint threshold), is checkpointed as the database
# is let go: replaying it would cost every open of every run until the log reached the threshold.
REPLAY_LIMIT_BYTES = 1 << 20


def hold(database: str, config: dict[str, str]) -> duckdb.DuckDBPyConnection:
    """A connection that keeps `database` open for the duration of a run (or of dbt's command, in dbt's worker
    process), so the connections opened meanwhile share its instance: the catalog is read once, and no close
    checkpoints (a checkpoint rewrites every row group the connection's writes touched).

    Nor does letting it go, as long as the write-ahead log is small (`let_go`): each commit is durable in the
    log, which a run adding a few articles grows a little and the next open replays quickly, where the checkpoint
    rewrites row groups of a large warehouse (bench/RESULTS.md). The published snapshot is always checkpointed
    (pipeline.warehouse.snapshot)."""
    conn = duckdb.connect(database, read_only=False, config=config)
    conn.execute("pragma disable_checkpoint_on_shutdown")
    return conn


def let_go(conn: duckdb.DuckDBPyConnection, database: str) -> None:
    """Close a connection from `hold`, checkpointing first if the write-ahead log outgrew REPLAY_LIMIT_BYTES."""
    wal = Path(f"{database}.wal")
    try:
        if wal.exists() and wal.stat().st_size > REPLAY_LIMIT_BYTES:
            conn.execute("checkpoint")
    finally:
        conn.close()
