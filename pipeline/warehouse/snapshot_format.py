"""What a published snapshot is: its storage format, its publication history table, and the per-table checksums
that verify it. Both the publication copy and the snapshot it becomes are written and checked by these."""

import json
from pathlib import Path

import duckdb

# DuckDB 1.1 (September 2024) is the oldest release the BI drivers in use still bundle. This format
# (storage number 64) opens in DuckDB 0.10 through 1.1 and every newer release; a newer
# STORAGE_VERSION would lock those clients out. tests/e2e/test_bi_clients.py opens a snapshot with 1.1.3.
STORAGE_VERSION = "v1.1.0"
STORAGE_NUMBER = 64
HISTORY_TABLE = "meta_publications"
HISTORY_DDL = f"""
create table if not exists main.{HISTORY_TABLE} (
    run_id varchar not null,
    published_at timestamp not null,
    snapshot_file varchar,
    storage_version varchar not null,
    row_counts varchar not null,
    chancery_version varchar,
    extractor_version varchar,
    cleaner_version varchar,
    dbt_version varchar,
    dbt_duckdb_version varchar,
    duckdb_version varchar,
    dagster_version varchar,
    checksums varchar
)"""
# A history from before the checksums were recorded gains the column (null in its rows).
HISTORY_MIGRATION = f"alter table main.{HISTORY_TABLE} add column if not exists checksums varchar"
# A table alias stands for the whole row (hash(chancery_row)); no published table has a column of that name.
ROW = "chancery_row"


class PublicationError(RuntimeError):
    """The snapshot could not be built or failed verification; the published file is unchanged."""


def sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def storage_number(path: Path) -> int:
    """The storage format number in a DuckDB file's header (bytes 12-20, after the DUCK magic)."""
    with path.open("rb") as handle:
        header = handle.read(20)
    if header[8:12] != b"DUCK":
        raise PublicationError(f"{path} is not a DuckDB database")
    return int.from_bytes(header[12:20], "little")


def checksums(conn: duckdb.DuckDBPyConnection, database: str,
               tables: list[tuple[str, str]] | None = None) -> dict[str, tuple[int, int]]:
    """(rows, order-independent hash of every row) of each table (all but the publication history by default).
    The row hashes are summed, not xor-ed, so that two equal rows do not cancel out."""
    if tables is None:
        tables = conn.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = ? and not temporary "
            "and table_name <> ? order by all", [database, HISTORY_TABLE]).fetchall()
    return {f"{schema}.{table}": conn.execute(f'select count(*), coalesce(sum(hash({ROW})), 0) '
                                              f'from "{database}"."{schema}"."{table}" as {ROW}').fetchone()
            for schema, table in tables}


def history_row(record: dict[str, object], sums: dict[str, tuple[int, int]]) -> dict[str, object]:
    """This publication's row of the history: the rows of each table, and each table's checksum, which the next
    publication takes for its publication copy's (a copy of this snapshot) instead of computing it."""
    return {**record, "row_counts": json.dumps({table: rows for table, (rows, _) in sums.items()}),
            "checksums": json.dumps(sums)}


def insert_row(conn: duckdb.DuckDBPyConnection, table: str, row: dict[str, object]) -> None:
    conn.execute(f"insert into {table} ({', '.join(row)}) values ({', '.join('?' for _ in row)})", list(row.values()))
