"""The publication copy: the file each snapshot is made from, kept beside the working database.

A snapshot is not built from nothing each time. Beside the working database lies the publication copy: the
published tables, already in the snapshot's storage format, which each publication brings up to date row by row
(a run changes a few hundred of a million rows), verifies and moves over the published path. The next
publication's copy is a file copy of that snapshot, which a run makes in the background while its other steps
work (`CopyRestore`), so no publication waits for it.
"""

import json
import os
import shutil
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb

from pipeline.warehouse.snapshot_format import (
    HISTORY_TABLE,
    ROW,
    STORAGE_NUMBER,
    STORAGE_VERSION,
    PublicationError,
    checksums,
    history_row,
    insert_row,
    sql_string,
    storage_number,
)

# Row groups of 16,384 rows in the publication copy, not DuckDB's 122,880. A publication appends a few rows to
# tables of up to a few hundred thousand, and the checkpoint rewrites the row group they went into: with the
# default that was every row of most tables, now a small last group (figures in bench/RESULTS.md).
# DuckDB 1.1 reads the file alike.
ROW_GROUP_SIZE = 16_384
# The name the publication copy is attached under, beside the working database.
COPY_DB = "chancery_publication"
# The publication copy is rebuilt from scratch when more than this share of its file is free blocks
# (left by tables replaced whole): the file becomes the snapshot, free blocks included.
MAX_FREE_SHARE = 0.5
# What analysts do not get: the landing tables holding article text (raw pages, cleaned bodies, sentences;
# marts.dim_articles and marts.fct_fact_mentions carry the text analysts read), ingest's file bookkeeping,
# the staging views over landing, and the intermediate models (the clustering of mentions into facts, which
# marts.fct_fact_mentions publishes as each mention's fact_id): dbt's building blocks, not for end users,
# and the largest table a run rewrites. Raw pages were most of a snapshot's size and publication time.
UNPUBLISHED_TABLES = frozenset({"landing.raw_articles", "landing.raw_article_parts", "landing.cleaned_articles",
                                "landing.article_sentences", "landing.input_files"})
UNPUBLISHED_SCHEMAS = frozenset({"staging", "intermediate"})


def publication_copy_path(working: Path, published: Path) -> Path:
    """The file the next snapshot of `published` is made from, beside the working database."""
    return working.parent / f"{published.stem}.publication.duckdb"


def staging_file(working: Path, published: Path) -> Path:
    return working.parent / f"{published.stem}.publishing-{uuid.uuid4().hex[:8]}.duckdb"


def restore_copy(working: Path, published: Path) -> str | None:
    """Copy the published snapshot to be the publication copy when there is none (each publication moves
    its copy into place); return why that failed, if it did (the copy is then built anew)."""
    copy_file = publication_copy_path(working, published)
    if copy_file.exists() or not published.exists():
        return None
    partial = staging_file(working, published)
    try:
        shutil.copyfile(published, partial)
        os.replace(partial, copy_file)
    except OSError as error:
        partial.unlink(missing_ok=True)
        return f"could not copy {published} to start the publication copy: {error}"
    return None


class CopyRestore:
    """`restore_copy` in a background thread. The copy is file I/O, which leaves the interpreter to the
    run's other steps; a run starts it first and waits for it before publishing."""

    def __init__(self, working: Path, published: Path) -> None:
        # A failed copy leaves no publication copy: `publish` tries the copy again and reports why it failed.
        self._thread = threading.Thread(target=restore_copy, args=(working, published),
                                        name="chancery-publication-copy", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        self._thread.join()


def _recorded_checksums(conn: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """The checksum of each table of the attached publication copy as its last publication recorded it (that
    publication verified them in the file), or none where the history has no checksums."""
    if not conn.execute("select count(*) from duckdb_columns() where database_name = ? and schema_name = 'main' "
                        "and table_name = ? and column_name = 'checksums'", [COPY_DB, HISTORY_TABLE]).fetchone()[0]:
        return {}
    latest = conn.execute(f"select checksums from {COPY_DB}.main.{HISTORY_TABLE} "
                          "order by published_at desc limit 1").fetchone()
    return {table: (rows, digest) for table, (rows, digest) in json.loads(latest[0]).items()} \
        if latest and latest[0] else {}


def _published_relations(conn: duckdb.DuckDBPyConnection, database: str) -> tuple[list[tuple[str, str, str]],
                                                                                    list[tuple[str, str, str]]]:
    """(schema, name, DDL) of the tables and views a snapshot carries, in creation order."""
    unpublished = sorted(UNPUBLISHED_SCHEMAS)
    tables = conn.execute("select schema_name, table_name, sql from duckdb_tables() where database_name = ? "
                          "and not temporary and schema_name <> all(?) order by table_oid",
                          [database, unpublished]).fetchall()
    views = conn.execute("select schema_name, view_name, sql from duckdb_views() where database_name = ? "
                         "and not internal and not temporary and schema_name <> all(?) order by view_oid",
                         [database, unpublished]).fetchall()
    return [t for t in tables if f"{t[0]}.{t[1]}" not in UNPUBLISHED_TABLES], views


def _attach_copy(conn: duckdb.DuckDBPyConnection, copy_file: Path, rebuild: bool, log: Callable[[str], None]) -> None:
    """Attach the publication copy, starting a new one when asked to, or when the file is missing, not in the
    published storage format or unreadable."""
    usable = not rebuild and copy_file.exists()
    if usable:
        try:
            usable = storage_number(copy_file) == STORAGE_NUMBER
            if usable:
                conn.execute(f"attach {sql_string(copy_file)} as {COPY_DB} (row_group_size {ROW_GROUP_SIZE})")
        except (PublicationError, duckdb.Error) as error:
            log(f"starting the publication copy {copy_file.name} again: {error}")
            usable = False
    if not usable:
        for stale in (copy_file, copy_file.with_name(copy_file.name + ".wal")):
            stale.unlink(missing_ok=True)
        conn.execute(f"attach {sql_string(copy_file)} as {COPY_DB} "
                     f"(storage_version '{STORAGE_VERSION}', row_group_size {ROW_GROUP_SIZE})")


def update_copy(conn: duckdb.DuckDBPyConnection, copy_file: Path, record: dict[str, object], *, rebuild: bool,
                log: Callable[[str], None]) -> tuple[dict[str, tuple[int, int]], int]:
    """Make the publication copy hold the published tables and views of the working database, plus this
    publication in its history; return the checksum each table must have and the number of rows written."""
    working_db = conn.execute("select current_database()").fetchone()[0]
    tables, views = _published_relations(conn, working_db)
    _attach_copy(conn, copy_file, rebuild, log)
    try:
        present = dict(((schema, table), ddl) for schema, table, ddl in conn.execute(
            "select schema_name, table_name, sql from duckdb_tables() where database_name = ?", [COPY_DB]).fetchall())
        for schema, view in conn.execute("select schema_name, view_name from duckdb_views() where database_name = ? "
                                         "and not internal", [COPY_DB]).fetchall():
            conn.execute(f'drop view {COPY_DB}."{schema}"."{view}"')
        for schema, table in present.keys() - {(schema, table) for schema, table, _ in tables}:
            conn.execute(f'drop table {COPY_DB}."{schema}"."{table}"')
        for schema in sorted({schema for schema, _, _ in [*tables, *views]}):
            conn.execute(f'create schema if not exists {COPY_DB}."{schema}"')
        written = 0
        # What each table holds in the working database; the snapshot must hold the same (_verify).
        sums = checksums(conn, working_db, [(schema, table) for schema, table, _ in tables])
        # What the copy's tables held when published. Should a table differ since (the published file was
        # written in place, and this copy of it), it is left as it is here, fails _verify, and the copy is
        # built anew.
        recorded = _recorded_checksums(conn)
        # The catalog's DDL names relations without their database: run it with the copy as the default.
        conn.execute(f"use {COPY_DB}")
        try:
            for schema, table, ddl in tables:
                if present.get((schema, table)) == ddl:
                    # Most tables did not change since the last publication: their checksums tell, where finding
                    # the changed rows hashes and groups both sides.
                    name = f"{schema}.{table}"
                    before = recorded.get(name) or checksums(conn, COPY_DB, [(schema, table)])[name]
                    if before != sums[name]:
                        written += _apply_changed_rows(conn, working_db, schema, table)
                else:  # new, or its definition changed
                    conn.execute(f'drop table if exists {COPY_DB}."{schema}"."{table}"')
                    conn.execute(ddl)
                    written += _copy_rows(conn, working_db, schema, table)
            for _, _, ddl in views:
                conn.execute(ddl)
        finally:
            conn.execute(f'use "{working_db}"')
        # The history gains this publication: _verify checks the other tables, and the latest run.
        sums.pop(f"main.{HISTORY_TABLE}", None)
        insert_row(conn, f"{COPY_DB}.main.{HISTORY_TABLE}", history_row(record, sums))
        conn.execute(f"checkpoint {COPY_DB}")
        total, free = conn.execute("select total_blocks, free_blocks from pragma_database_size() "
                                   "where database_name = ?", [COPY_DB]).fetchone()
    finally:
        conn.execute(f"detach {COPY_DB}")
    if not rebuild and free > MAX_FREE_SHARE * total:
        log(f"{copy_file.name}: {free} of {total} blocks free; building it again so the snapshot does not carry them")
        return update_copy(conn, copy_file, record, rebuild=True, log=log)
    log(f"publication copy {copy_file.name}: {written} rows written")
    return sums, written


def _copy_rows(conn: duckdb.DuckDBPyConnection, working_db: str, schema: str, table: str) -> int:
    return conn.execute(f'insert into {COPY_DB}."{schema}"."{table}" '
                        f'select * from "{working_db}"."{schema}"."{table}"').fetchone()[0]


def _apply_changed_rows(conn: duckdb.DuckDBPyConnection, working_db: str, schema: str, table: str) -> int:
    """Bring one table of the copy up to its working version: rows are told apart by the hash of the whole
    row, and rows whose hash occurs a different number of times on the two sides are replaced."""
    mine, theirs = f'{COPY_DB}."{schema}"."{table}"', f'"{working_db}"."{schema}"."{table}"'
    conn.execute(f"""create or replace temp table chancery_changed_rows as
                     with mine as (select hash({ROW}) as h, count(*) as n from {mine} as {ROW} group by h),
                          theirs as (select hash({ROW}) as h, count(*) as n from {theirs} as {ROW} group by h)
                     select coalesce(mine.h, theirs.h) as h from mine full join theirs on mine.h = theirs.h
                     where mine.n is distinct from theirs.n""")
    try:
        changed = conn.execute("select count(*) from temp.chancery_changed_rows").fetchone()[0]
        if not changed:
            return 0
        conn.execute(f"delete from {mine} as {ROW} where hash({ROW}) in (select h from temp.chancery_changed_rows)")
        return conn.execute(f"insert into {mine} select * from {theirs} as {ROW} "
                            f"where hash({ROW}) in (select h from temp.chancery_changed_rows)").fetchone()[0]
    finally:
        conn.execute("drop table temp.chancery_changed_rows")
