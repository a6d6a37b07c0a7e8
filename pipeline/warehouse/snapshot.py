"""Publish the working database as a read-only snapshot at the path analysts' tools open.

DuckDB allows one writing process, and a reader holding a file blocks its writer; BI tools keep
connections open all day; DuckDB 2.x files do not open in the older DuckDB that BI drivers bundle.
So the pipeline writes only its working database and, once a run has passed dbt build and the
asset checks, copies it into a new file in a storage format old clients read, verifies the copy and
renames it over the published path. The rename swaps the directory entry, never the inode open
readers hold: they keep answering from their snapshot until they reconnect, a run never waits for
them, and no one can open a half-built file. Each snapshot records its publication (and the ones
before it) in `meta_publications`; the last N snapshots are kept for rollback. The new file is the
publication copy, brought up to date row by row (`publication_copy`), not a copy made from nothing.
"""

import fcntl
import glob
import os
import re
import shutil
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
from pipeline.warehouse.publication_copy import publication_copy_path, restore_copy, staging_file, update_copy
from pipeline.warehouse.snapshot_format import (
    HISTORY_DDL,
    HISTORY_MIGRATION,
    HISTORY_TABLE,
    STORAGE_NUMBER,
    STORAGE_VERSION,
    PublicationError,
    checksums,
    history_row,
    insert_row,
    sql_string,
    storage_number,
)

PUBLISHED = "chancery_published"


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


def publish(conn: duckdb.DuckDBPyConnection, working: Path, published: Path, run_id: str, *, keep: int,
            parquet: bool, log: Callable[[str], None], rebuild: bool = False) -> Publication:
    """Publish the database `conn` has open (the working database) at `published`, atomically. `rebuild`
    builds the publication copy from scratch instead of updating it."""
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
    copy_file = publication_copy_path(working, published)
    if not rebuild and (problem := restore_copy(working, published)):  # a no-op after a run's CopyRestore
        log(f"{problem}; building it anew")
    for anew in dict.fromkeys((rebuild, True)):  # a copy that fails verification is built anew, once
        sums, written = update_copy(conn, copy_file, record, rebuild=anew, log=log)
        try:
            _verify(copy_file, sums, run_id)
            break
        except PublicationError as error:
            if anew:
                raise
            log(f"{error}: building the publication copy {copy_file.name} anew")
    # The verified copy is the new snapshot; the next publication's copy is a file copy of it.
    staging = staging_file(working, published)
    os.replace(copy_file, staging)
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

    insert_row(conn, f"main.{HISTORY_TABLE}", history_row(record, sums))
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
        conn.execute(f"attach {sql_string(published)} as {PUBLISHED} (read_only)")
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


def _verify(staging: Path, sums: dict[str, tuple[int, int]], run_id: str) -> None:
    """Open the finished file the way a client will (read-only, fresh connection) before publishing it."""
    number = storage_number(staging)
    if number != STORAGE_NUMBER:
        raise PublicationError(f"snapshot has storage number {number}, expected {STORAGE_NUMBER} ({STORAGE_VERSION})")
    with duckdb.connect(str(staging), read_only=True) as check:
        catalog = check.execute("select current_database()").fetchone()[0]
        found = checksums(check, catalog)
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


# ioctl FICLONE (linux/fs.h): the target shares the original's blocks copy-on-write (btrfs, XFS, bcachefs).
_FICLONE = 0x40049409
# What a retained snapshot of `news.duckdb` is called: news-<UTC time to the microsecond>-<run id>.duckdb.
# Listing matches the whole pattern, not a prefix: `news-eu.duckdb` in the same folder has `news-eu-...`
# snapshots, which a `news-*` glob took for news's own (pruning them, rolling back to them).
_SNAPSHOT_NAME = r"-\d{8}T\d{12}Z-[0-9A-Za-z_-]{1,8}\.duckdb"


def independent_copy(original: Path, target: Path) -> None:
    """`target` becomes a read-only copy of `original` that shares no inode with it: a reflink where the
    file system has them (no bytes copied), else a copy. Never a hard link: a client opening one file
    read-write (a documented misuse) would change the other, the published file or its rollback copy."""
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        with original.open("rb") as src, partial.open("wb") as dst:
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
        conn.execute(f"copy marts.\"{table}\" to {sql_string(partial)} (format parquet)")
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
