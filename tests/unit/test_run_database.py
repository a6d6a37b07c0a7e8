"""The working database as a run holds it: closing it checkpoints only a large write-ahead log."""

from pathlib import Path

import duckdb

from pipeline.warehouse.connection import REPLAY_LIMIT_BYTES, hold, let_go


def _wal(database: Path) -> int:
    wal = database.with_name(database.name + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def test_a_small_write_ahead_log_is_left_for_the_next_open_and_a_large_one_checkpointed(tmp_path: Path) -> None:
    database = tmp_path / "news.duckdb"
    conn = hold(str(database), {"memory_limit": "1GB"})
    conn.execute("create table few as select range as n from range(10)")
    let_go(conn, str(database))
    assert 0 < _wal(database) <= REPLAY_LIMIT_BYTES  # not checkpointed: a checkpoint costs more than the replay

    conn = hold(str(database), {"memory_limit": "1GB"})
    assert conn.execute("select count(*) from few").fetchone() == (10,)
    # Fewer rows than a row group go into the log, not straight into the file.
    conn.execute("create table wide as select repeat(md5(range::varchar), 40) as text from range(2000)")
    assert _wal(database) > REPLAY_LIMIT_BYTES
    let_go(conn, str(database))
    assert _wal(database) == 0

    with duckdb.connect(str(database), read_only=True) as reader:
        assert reader.execute("select count(*) from few").fetchone() == (10,)
        assert reader.execute("select count(*) from wide").fetchone() == (2000,)
