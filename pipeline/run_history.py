"""Run history in SQLite, as Dagster keeps it without other storage configured, written at a fraction of the cost.

Dagster's SQLite event log storage opens a database engine and a connection for every event it stores or
reads, and closes them after, which checkpoints the database's write-ahead log each time, a cost per event that
adds up over the events of a run (bench/RESULTS.md). This storage keeps one connection open
per database file instead, on the same files (`$DAGSTER_HOME/history/runs`, which Dagster's own storage reads
and writes as before), and checkpoints a run's log after each transaction: the Dagster UI follows a run by
watching that file change. Enable it in `$DAGSTER_HOME/dagster.yaml` (docs/operations.md, "Run history"):

    event_log_storage:
      module: pipeline.run_history
      class: RunHistoryStorage

It is optional: nothing uses it unless dagster.yaml names it, and Dagster's own storage reads and writes the same
files. It relies on Dagster's storage internals (`_connect`), so it refuses to start under a Dagster release it
was not tested with (TESTED_DAGSTER), saying to remove it from dagster.yaml, rather than misbehave: upgrading
Dagster never needs it, and it never holds Dagster back.
"""

import json
import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as db
from dagster import Field, StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME, SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine

# The Dagster release whose SqliteEventLogStorage internals this storage was tested against.
TESTED_DAGSTER = "1.13.27"
# Open databases beyond the index: the runs a process writes or reads now. Each holds a file and its log open.
KEEP_OPEN = 4


def dagster_yaml(base_dir: str | None = None) -> str:
    """What turns it on in dagster.yaml, keeping the run databases in `base_dir`, else in
    `$DAGSTER_HOME/history/runs`."""
    config = f"  config:\n    base_dir: {json.dumps(base_dir)}\n" if base_dir else ""
    return f"event_log_storage:\n  module: pipeline.run_history\n  class: RunHistoryStorage\n{config}"


def dagster_version() -> str:
    from dagster.version import __version__

    return __version__


def default_base_dir() -> str:
    """Where Dagster keeps run history in a DAGSTER_HOME configured with nothing else."""
    if not os.environ.get("DAGSTER_HOME"):
        # DagsterInstance.from_config(folder), say, reads dagster.yaml without DAGSTER_HOME set.
        raise ValueError("pipeline.run_history.RunHistoryStorage: DAGSTER_HOME is not set; give the folder of "
                         "the run databases as base_dir in its config")
    return os.path.join(os.environ["DAGSTER_HOME"], "history", "runs")


class RunHistoryStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log storage with its database connections kept open (see the module)."""

    def __init__(self, base_dir: str | None = None, inst_data: ConfigurableClassData | None = None) -> None:
        if dagster_version() != TESTED_DAGSTER:
            raise ValueError(f"pipeline.run_history.RunHistoryStorage was tested with dagster {TESTED_DAGSTER}, not "
                             f"{dagster_version()}: remove its event_log_storage entry from dagster.yaml (Dagster's "
                             "own storage keeps the same history)")
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._engines_pid = os.getpid()
        super().__init__(base_dir or default_base_dir(), inst_data)

    @classmethod
    def config_type(cls) -> dict[str, Any]:
        return {"base_dir": Field(StringSource, is_required=False,
                                  description="Folder of the run databases; $DAGSTER_HOME/history/runs by default.")}

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None,
                          config_value: dict[str, Any]) -> "RunHistoryStorage":
        return cls(inst_data=inst_data, **(config_value or {}))

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            with engine.connect() as conn:
                with conn.begin():
                    yield conn
                if shard != INDEX_SHARD_NAME:
                    # Writes what the transaction logged into the run's file, for the UI that watches it; a
                    # transaction that wrote nothing leaves the file as it is (no change to report).
                    conn.execute(db.text("PRAGMA wal_checkpoint(PASSIVE)"))

    def _engine(self, shard: str) -> Engine:
        if self._engines_pid != os.getpid():
            # A forked process must not use its parent's connections.
            for engine in self._engines.values():
                engine.dispose(close=False)
            self._engines.clear()
            self._engines_pid = os.getpid()
        engine = self._engines.get(shard)
        if engine is None:
            # The lock above lets one thread at a time use the connection the pool keeps.
            engine = db.create_engine(self.conn_string_for_shard(shard),
                                      connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                                                    "check_same_thread": False})
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            self._engines[shard] = engine
            runs = [name for name in self._engines if name != INDEX_SHARD_NAME]
            for name in runs[:-KEEP_OPEN]:
                self._engines.pop(name).dispose()
        else:
            self._engines.move_to_end(shard)
        return engine

    def _close_all(self) -> None:
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()

    def wipe(self) -> None:
        self._close_all()  # the files are deleted
        super().wipe()

    def dispose(self) -> None:
        self._close_all()
        super().dispose()
