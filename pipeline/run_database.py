"""The working database as a run holds it open: one DuckDB instance for the run's steps and dbt's nodes."""

import duckdb


def hold(database: str, config: dict[str, str]) -> duckdb.DuckDBPyConnection:
    """A connection that keeps `database` open for the duration of a run (or of dbt's command, in dbt's worker
    process), so the connections opened meanwhile share its instance: the catalog is read once, and no close
    checkpoints (a checkpoint rewrites every row group the connection's writes touched).

    Nor does closing this one: each commit is durable in the write-ahead log, which a run adding a few articles
    grows by some 100 kB and the next open replays in milliseconds, where the checkpoint took 0.3 s of a
    10,000-article run. DuckDB checkpoints when the log outgrows its threshold (16 MiB), and the published
    snapshot is always checkpointed (pipeline.publish)."""
    conn = duckdb.connect(database, read_only=False, config=config)
    conn.execute("pragma disable_checkpoint_on_shutdown")
    return conn
