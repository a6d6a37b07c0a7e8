"""Publish the working database as a read-only snapshot at the path analysts' tools open.

DuckDB allows one writing process, and a reader holding a file blocks its writer; BI tools keep
connections open all day; DuckDB 2.x files do not open in the older DuckDB that BI drivers bundle.
So the pipeline writes only its working database and, once a run has passed dbt build and the
asset checks, copies it into a new file in a storage format old clients read, verifies the copy and
renames it over the published path. The rename swaps the directory entry, never the inode open
readers hold: they keep answering from their snapshot until they reconnect, a run never waits for
them, and no one can open a half-built file. Each snapshot records its publication (and the ones
before it) in `meta_publications`; the last N snapshots are kept for rollback.

The copy is not built from nothing each time. Beside the working database lies the publication source:
the published tables, already in that storage format, which each publication brings up to date row by
row (a run changes a few hundred of a million rows), verifies and moves over the published path. The
next publication's source is a copy of that snapshot, which a run makes in the background while its
other steps work (`SourceRestore`), so no publication waits for a file copy.
"""

import fcntl
import glob
import json
import os
import re
import shutil
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb

from pipeline.paths import parquet_dir, snapshots_dir
from pipeline.pause import pause_point
from pipeline.versions import cleaner_version, extractor_version

# DuckDB 1.1 (September 2024) is the oldest release the BI drivers in use still bundle. This format
# (storage number 64) opens in DuckDB 0.10 through 1.1 and every newer release; a newer
# STORAGE_VERSION would lock those clients out. tests/e2e/test_bi_clients.py opens a snapshot with 1.1.3.
STORAGE_VERSION = "v1.1.0"
STORAGE_NUMBER = 64
# Row groups of 16,384 rows in the publication source, not DuckDB's 122,880. A publication appends a few rows to
# tables of up to a few hundred thousand, and the checkpoint rewrites the row group they went into: with the
# default that was every row of most tables, now a small last group (figures in bench/RESULTS.md).
# DuckDB 1.1 reads the file alike.
ROW_GROUP_SIZE = 16_384
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
SOURCE = "chancery_publication"
# The publication source is rebuilt from scratch when more than this share of its file is free blocks
# (left by tables replaced whole): the file becomes the snapshot, free blocks included.
MAX_FREE_SHARE = 0.5
# A table alias stands for the whole row (hash(chancery_row)); no published table has a column of that name.
ROW = "chancery_row"
# What analysts do not get: the landing tables holding article text (raw pages, cleaned bodies, sentences;
# marts.dim_articles and marts.fct_fact_mentions carry the text analysts read), ingest's file bookkeeping,
# the staging views over landing, and the intermediate models (the clustering of mentions into facts, which
# marts.fct_fact_mentions publishes as each mention's fact_id): dbt's building blocks, not for end users,
# and the largest table a run rewrites. Raw pages were most of a snapshot's size and publication time.
UNPUBLISHED_TABLES = frozenset({"landing.raw_articles", "landing.raw_article_parts", "landing.cleaned_articles",
                                "landing.article_sentences", "landing.input_files"})
UNPUBLISHED_SCHEMAS = frozenset({"staging", "intermediate"})
PUBLISHED = "chancery_published"


class PublicationError(RuntimeError):
    """The snapshot could not be built or failed verification; the published file is unchanged."""


@dataclass(frozen=True)
class Publication:
    run_id: str
    published_at: datetime
    path: Path
    snapshot: Path | None
    row_counts: dict[str, int]
    rows_written: int


def software_versions() -> dict[str, str]:
    """What built the snapshot: recorded with each publication so analysts can tell runs apart."""
    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "unknown"

    return {"chancery_version": installed("chancery"), "extractor_version": extractor_version(),
            "cleaner_version": cleaner_version(), "dbt_version": installed("dbt-core"),
            "dbt_duckdb_version": installed("dbt-duckdb"), "duckdb_version": duckdb.__version__,
            "dagster_version": installed("dagster")}


def _sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def storage_number(path: Path) -> int:
    """The storage format number in a DuckDB file's header (bytes 12-20, after the DUCK magic)."""
    with path.open("rb") as handle:
        header = handle.read(20)
    if header[8:12] != b"DUCK":
        raise PublicationError(f"{path} is not a DuckDB database")
    return int.from_bytes(header[12:20], "little")


def adopt_published(published: Path, working: Path, log: Callable[[str], None]) -> None:
    """Start the working database from the published file when there is none: after upgrading from a
    version that wrote the published file in place, or when .work/ was lost. A snapshot carries the
    facts, reference data, rejections and feed state but not the article text, so the next run reads
    the input files again and cleans and extracts them anew; articles fetched from feeds and URL lists
    are not fetched again, and keep their facts."""
    if working.exists() or not published.exists():
        return
    working.parent.mkdir(parents=True, exist_ok=True)
    log(f"no working database at {working}: starting it from {published}")
    partial = working.with_name(working.name + ".adopting")
    shutil.copyfile(published, partial)
    # A file the old pipeline wrote in place may have committed work still in its write-ahead log.
    wal = published.with_name(published.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, partial.with_name(partial.name + ".wal"))
        os.replace(partial.with_name(partial.name + ".wal"), working.with_name(working.name + ".wal"))
    os.replace(partial, working)


def publication_source(working: Path, published: Path) -> Path:
    """The file the next snapshot of `published` is made from, beside the working database."""
    return working.parent / f"{published.stem}.publication.duckdb"


def _staging_file(working: Path, published: Path) -> Path:
    return working.parent / f"{published.stem}.publishing-{uuid.uuid4().hex[:8]}.duckdb"


def restore_source(working: Path, published: Path) -> str | None:
    """Copy the published snapshot to be the publication source when there is none (each publication moves
    its source into place); return why that failed, if it did (the source is then built anew)."""
    source = publication_source(working, published)
    if source.exists() or not published.exists():
        return None
    partial = _staging_file(working, published)
    try:
        shutil.copyfile(published, partial)
        os.replace(partial, source)
    except OSError as error:
        partial.unlink(missing_ok=True)
        return f"could not copy {published} to start the publication source: {error}"
    return None


class SourceRestore:
    """`restore_source` in a background thread. The copy is file I/O, which leaves the interpreter to the
    run's other steps; a run starts it first and waits for it before publishing."""

    def __init__(self, working: Path, published: Path) -> None:
        # A failed copy leaves no source: `publish` tries the copy again and reports why it failed.
        self._thread = threading.Thread(target=restore_source, args=(working, published),
                                        name="chancery-publication-source", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        self._thread.join()


def publish(conn: duckdb.DuckDBPyConnection, working: Path, published: Path, run_id: str, *, keep: int,
            parquet: bool, log: Callable[[str], None], rebuild: bool = False) -> Publication:
    """Publish the database `conn` has open (the working database) at `published`, atomically. `rebuild`
    builds the publication source from scratch instead of updating it."""
    if published.resolve() == working.resolve():
        raise PublicationError(f"refusing to publish the working database onto itself ({published})")
    for leftover in working.parent.glob(f"{published.stem}.publishing-*"):
        log(f"removing {leftover.name}, left by a publication that did not finish")
        leftover.unlink()
    conn.execute(HISTORY_DDL)
    conn.execute(HISTORY_MIGRATION)
    _recover_history(conn, published, log)

    published_at = datetime.now(UTC).replace(tzinfo=None)
    # Names sort by publication time (to the microsecond: runs can publish within a second of each other).
    snapshot_name = f"{published.stem}-{published_at:%Y%m%dT%H%M%S%fZ}-{run_id[:8]}.duckdb" if keep > 0 else None
    record = {"run_id": run_id, "published_at": published_at, "snapshot_file": snapshot_name,
              "storage_version": STORAGE_VERSION, **software_versions()}
    source = publication_source(working, published)
    if not rebuild and (problem := restore_source(working, published)):  # a no-op after a run's SourceRestore
        log(f"{problem}; building it anew")
    for anew in dict.fromkeys((rebuild, True)):  # a source that fails verification is built anew, once
        sums, written = _update_source(conn, source, record, rebuild=anew, log=log)
        try:
            _verify(source, sums, run_id)
            break
        except PublicationError as error:
            if anew:
                raise
            log(f"{error}: building the publication source {source.name} anew")
    # The verified source is the new snapshot; the next publication starts its source from a copy of it.
    staging = _staging_file(working, published)
    os.replace(source, staging)
    pause_point("publish:staged")
    counts = {table: rows for table, (rows, _) in sums.items()}

    os.chmod(staging, 0o444)  # analysts' tools open it read-only; the pipeline replaces it, never writes it
    _fsync(staging)
    # A write-ahead log beside the published path would be replayed onto the new file by a reader;
    # only a client that wrote the old snapshot (read-write) can have left one.
    published.with_name(published.name + ".wal").unlink(missing_ok=True)
    os.replace(staging, published)
    _fsync(published.parent)
    log(f"published {published} ({sum(counts.values())} rows in {len(counts)} tables, storage {STORAGE_VERSION})")

    _insert(conn, f"main.{HISTORY_TABLE}", _history_row(record, sums))
    snapshot = _retain(published, snapshot_name) if snapshot_name else None
    kept = list_snapshots(published)
    for old in kept[:max(len(kept) - keep, 0)]:  # the oldest beyond `keep`
        old.unlink()
    if parquet:
        _export_parquet(conn, published)
    return Publication(run_id, published_at, published, snapshot, counts, written)


def _recover_history(conn: duckdb.DuckDBPyConnection, published: Path, log: Callable[[str], None]) -> None:
    """Carry over rows only the published file has: a run killed between the rename and recording the
    publication in the working database leaves exactly that."""
    if not published.exists():
        return
    try:
        conn.execute(f"attach {_sql_string(published)} as {PUBLISHED} (read_only)")
    except duckdb.Error as error:  # a client holding it read-write, or not a DuckDB file
        log(f"could not read the publication history of {published}: {error}")
        return
    try:
        has_history = conn.execute(
            "select count(*) from duckdb_tables() where database_name = ? and schema_name = 'main' "
            "and table_name = ?", [PUBLISHED, HISTORY_TABLE]).fetchone()[0]
        if has_history:
            conn.execute(f"""insert into main.{HISTORY_TABLE} by name
                             select * from {PUBLISHED}.main.{HISTORY_TABLE}
                             where run_id not in (select run_id from main.{HISTORY_TABLE})""")
    finally:
        conn.execute(f"detach {PUBLISHED}")


def _checksums(conn: duckdb.DuckDBPyConnection, database: str,
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


def _history_row(record: dict[str, object], sums: dict[str, tuple[int, int]]) -> dict[str, object]:
    """This publication's row of the history: the rows of each table, and each table's checksum, which the next
    publication takes for its source's (a copy of this snapshot) instead of computing it."""
    return {**record, "row_counts": json.dumps({table: rows for table, (rows, _) in sums.items()}),
            "checksums": json.dumps(sums)}


def _recorded_checksums(conn: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """The checksum of each table of the attached publication source as its last publication recorded it (that
    publication verified them in the file), or none where the history has no checksums."""
    if not conn.execute("select count(*) from duckdb_columns() where database_name = ? and schema_name = 'main' "
                        "and table_name = ? and column_name = 'checksums'", [SOURCE, HISTORY_TABLE]).fetchone()[0]:
        return {}
    latest = conn.execute(f"select checksums from {SOURCE}.main.{HISTORY_TABLE} "
                          "order by published_at desc limit 1").fetchone()
    return {table: (rows, digest) for table, (rows, digest) in json.loads(latest[0]).items()} \
        if latest and latest[0] else {}


def _insert(conn: duckdb.DuckDBPyConnection, table: str, row: dict[str, object]) -> None:
    conn.execute(f"insert into {table} ({', '.join(row)}) values ({', '.join('?' for _ in row)})", list(row.values()))


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


def _attach_source(conn: duckdb.DuckDBPyConnection, source: Path, rebuild: bool, log: Callable[[str], None]) -> None:
    """Attach the publication source, starting a new one when asked to, or when the file is missing, not in the
    published storage format or unreadable."""
    usable = not rebuild and source.exists()
    if usable:
        try:
            usable = storage_number(source) == STORAGE_NUMBER
            if usable:
                conn.execute(f"attach {_sql_string(source)} as {SOURCE} (row_group_size {ROW_GROUP_SIZE})")
        except (PublicationError, duckdb.Error) as error:
            log(f"starting the publication source {source.name} again: {error}")
            usable = False
    if not usable:
        for stale in (source, source.with_name(source.name + ".wal")):
            stale.unlink(missing_ok=True)
        conn.execute(f"attach {_sql_string(source)} as {SOURCE} "
                     f"(storage_version '{STORAGE_VERSION}', row_group_size {ROW_GROUP_SIZE})")


def _update_source(conn: duckdb.DuckDBPyConnection, source: Path, record: dict[str, object], *, rebuild: bool,
                   log: Callable[[str], None]) -> tuple[dict[str, tuple[int, int]], int]:
    """Make the publication source hold the published tables and views of the working database, plus this
    publication in its history; return the checksum each table must have and the number of rows written."""
    working_db = conn.execute("select current_database()").fetchone()[0]
    tables, views = _published_relations(conn, working_db)
    _attach_source(conn, source, rebuild, log)
    try:
        present = dict(((schema, table), ddl) for schema, table, ddl in conn.execute(
            "select schema_name, table_name, sql from duckdb_tables() where database_name = ?", [SOURCE]).fetchall())
        for schema, view in conn.execute("select schema_name, view_name from duckdb_views() where database_name = ? "
                                         "and not internal", [SOURCE]).fetchall():
            conn.execute(f'drop view {SOURCE}."{schema}"."{view}"')
        for schema, table in present.keys() - {(schema, table) for schema, table, _ in tables}:
            conn.execute(f'drop table {SOURCE}."{schema}"."{table}"')
        for schema in sorted({schema for schema, _, _ in [*tables, *views]}):
            conn.execute(f'create schema if not exists {SOURCE}."{schema}"')
        written = 0
        # What each table holds in the working database; the snapshot must hold the same (_verify).
        sums = _checksums(conn, working_db, [(schema, table) for schema, table, _ in tables])
        # What the source's tables held when published. Should a table differ since (the published file was
        # written in place, and this copy of it), it is left as it is here, fails _verify, and the source is
        # built anew.
        recorded = _recorded_checksums(conn)
        # The catalog's DDL names relations without their database: run it with the source as the default.
        conn.execute(f"use {SOURCE}")
        try:
            for schema, table, ddl in tables:
                if present.get((schema, table)) == ddl:
                    # Most tables did not change since the last publication: their checksums tell, where finding
                    # the changed rows hashes and groups both sides.
                    name = f"{schema}.{table}"
                    before = recorded.get(name) or _checksums(conn, SOURCE, [(schema, table)])[name]
                    if before != sums[name]:
                        written += _apply_changed_rows(conn, working_db, schema, table)
                else:  # new, or its definition changed
                    conn.execute(f'drop table if exists {SOURCE}."{schema}"."{table}"')
                    conn.execute(ddl)
                    written += _copy_rows(conn, working_db, schema, table)
            for _, _, ddl in views:
                conn.execute(ddl)
        finally:
            conn.execute(f'use "{working_db}"')
        # The history gains this publication: _verify checks the other tables, and the latest run.
        sums.pop(f"main.{HISTORY_TABLE}", None)
        _insert(conn, f"{SOURCE}.main.{HISTORY_TABLE}", _history_row(record, sums))
        conn.execute(f"checkpoint {SOURCE}")
        total, free = conn.execute("select total_blocks, free_blocks from pragma_database_size() "
                                   "where database_name = ?", [SOURCE]).fetchone()
    finally:
        conn.execute(f"detach {SOURCE}")
    if not rebuild and free > MAX_FREE_SHARE * total:
        log(f"{source.name}: {free} of {total} blocks free; building it again so the snapshot does not carry them")
        return _update_source(conn, source, record, rebuild=True, log=log)
    log(f"publication source {source.name}: {written} rows written")
    return sums, written


def _copy_rows(conn: duckdb.DuckDBPyConnection, working_db: str, schema: str, table: str) -> int:
    return conn.execute(f'insert into {SOURCE}."{schema}"."{table}" '
                        f'select * from "{working_db}"."{schema}"."{table}"').fetchone()[0]


def _apply_changed_rows(conn: duckdb.DuckDBPyConnection, working_db: str, schema: str, table: str) -> int:
    """Bring one table of the source up to its working version: rows are told apart by the hash of the whole
    row, and rows whose hash occurs a different number of times on the two sides are replaced."""
    mine, theirs = f'{SOURCE}."{schema}"."{table}"', f'"{working_db}"."{schema}"."{table}"'
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


def _verify(staging: Path, sums: dict[str, tuple[int, int]], run_id: str) -> None:
    """Open the finished file the way a client will (read-only, fresh connection) before publishing it."""
    number = storage_number(staging)
    if number != STORAGE_NUMBER:
        raise PublicationError(f"snapshot has storage number {number}, expected {STORAGE_NUMBER} ({STORAGE_VERSION})")
    with duckdb.connect(str(staging), read_only=True) as check:
        catalog = check.execute("select current_database()").fetchone()[0]
        found = _checksums(check, catalog)
        latest = check.execute(
            f"select run_id from main.{HISTORY_TABLE} order by published_at desc limit 1").fetchone()
        views = check.execute("select schema_name, view_name from duckdb_views() where not internal").fetchall()
        for schema, view in views:  # a view that no longer binds would fail in the analyst's tool
            check.execute(f'select * from "{schema}"."{view}" limit 0')
    if found != sums or latest != (run_id,):
        differ = sorted(table for table in {*found, *sums} if found.get(table) != sums.get(table))
        raise PublicationError(f"snapshot verification failed: tables {differ} differ or latest run {latest}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ioctl FICLONE (linux/fs.h): the target shares the source's blocks copy-on-write (btrfs, XFS, bcachefs).
_FICLONE = 0x40049409
# What a retained snapshot of `news.duckdb` is called: news-<UTC time to the microsecond>-<run id>.duckdb.
# Listing matches the whole pattern, not a prefix: `news-eu.duckdb` in the same folder has `news-eu-...`
# snapshots, which a `news-*` glob took for news's own (pruning them, rolling back to them).
_SNAPSHOT_NAME = r"-\d{8}T\d{12}Z-[0-9A-Za-z_-]{1,8}\.duckdb"


def independent_copy(source: Path, target: Path) -> None:
    """`target` becomes a read-only copy of `source` that shares no inode with it: a reflink where the
    file system has them (no bytes copied), else a copy. Never a hard link: a client opening one file
    read-write (a documented misuse) would change the other, the published file or its rollback copy."""
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        with source.open("rb") as src, partial.open("wb") as dst:
            try:
                fcntl.ioctl(dst.fileno(), _FICLONE, src.fileno())
            except OSError:  # no reflinks here (ext4, tmpfs, across file systems)
                shutil.copyfileobj(src, dst, 16 * 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
        os.chmod(partial, 0o444)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _retain(published: Path, snapshot_name: str) -> Path:
    """Keep the published snapshot under snapshots/ too, as an independent copy (a reflink where possible)."""
    folder = snapshots_dir(published)
    folder.mkdir(exist_ok=True)
    target = folder / snapshot_name
    independent_copy(published, target)
    return target


def list_snapshots(published: Path) -> list[Path]:
    """Retained snapshots of `published`, oldest first (names start with the UTC publication time); those of
    another warehouse in the same folder are not among them."""
    pattern = re.compile(re.escape(published.stem) + _SNAPSHOT_NAME)
    return sorted(path for path in snapshots_dir(published).glob(f"{glob.escape(published.stem)}-*.duckdb")
                  if pattern.fullmatch(path.name))


def latest_run(path: Path) -> str | None:
    """The run that published a snapshot (the newest row of its history); a rolled-back published file names
    the run of the snapshot it is a copy of."""
    history = read_history(path)
    return str(history[0]["run_id"]) if history else None


def _export_parquet(conn: duckdb.DuckDBPyConnection, published: Path) -> None:
    """One Parquet file per mart, for tools that read files; each replaced atomically."""
    folder = parquet_dir(published)
    folder.mkdir(exist_ok=True)
    marts = [name for (name,) in conn.execute(
        "select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'marts'"
    ).fetchall()]
    for table in marts:
        partial = folder / f".{table}.parquet.partial"
        conn.execute(f"copy marts.\"{table}\" to {_sql_string(partial)} (format parquet)")
        os.replace(partial, folder / f"{table}.parquet")
    for stale in set(folder.glob("*.parquet")) - {folder / f"{table}.parquet" for table in marts}:
        stale.unlink()


def read_history(path: Path) -> list[dict[str, object]]:
    """The publications recorded in a snapshot, newest first (empty for a file that has none)."""
    with duckdb.connect(str(path), read_only=True) as conn:
        if not conn.execute("select count(*) from duckdb_tables() where schema_name = 'main' and table_name = ?",
                            [HISTORY_TABLE]).fetchone()[0]:
            return []
        cursor = conn.execute(f"select * from main.{HISTORY_TABLE} order by published_at desc")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def rollback(published: Path, snapshot: Path) -> None:
    """Publish a retained snapshot again, atomically (readers see it when they reconnect)."""
    if storage_number(snapshot) != STORAGE_NUMBER:
        raise PublicationError(f"{snapshot} is not a published snapshot")
    independent_copy(snapshot, published)
    _fsync(published.parent)
