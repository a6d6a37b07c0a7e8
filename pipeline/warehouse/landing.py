"""The landing tables the Python assets write, and the writes themselves (bulk, through Arrow)."""

import time
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

LANDING_SCHEMA = "landing"

DDL = f"""
create schema if not exists {LANDING_SCHEMA};
create table if not exists {LANDING_SCHEMA}.raw_articles (
    article_id varchar primary key,
    source_uri varchar not null unique,
    file_name varchar not null,
    media_type varchar not null,
    content_hash varchar not null,
    byte_size bigint not null,
    raw_text varchar not null,
    ingested_at timestamp not null,
    url varchar
);
-- Warehouses built before raw_articles had a url column get it here.
alter table {LANDING_SCHEMA}.raw_articles add column if not exists url varchar;
-- false: a plain-text document with no headline line (a JSON record without a title); null reads as true.
alter table {LANDING_SCHEMA}.raw_articles add column if not exists has_title boolean;
-- The number of pieces in raw_article_parts holding the document's text when it is longer than one stored value
-- may be (pipeline/warehouse/text_parts.py); raw_text is then empty. Null: raw_text holds the text.
alter table {LANDING_SCHEMA}.raw_articles add column if not exists text_parts integer;
create table if not exists {LANDING_SCHEMA}.raw_article_parts (
    article_id varchar not null,
    part integer not null,
    text varchar not null,
    primary key (article_id, part)
);
create table if not exists {LANDING_SCHEMA}.rejected_documents (
    source varchar not null,
    reason varchar not null,
    detail varchar,
    content_hash varchar,
    stage varchar not null,
    seen_at timestamp not null
);
-- Input files as they were when a run last read them completely: unchanged ones are not read again.
create table if not exists {LANDING_SCHEMA}.input_files (
    path varchar primary key,
    byte_size bigint not null,
    mtime_ns bigint not null,
    ctime_ns bigint not null,
    read_at timestamp not null
);
create table if not exists {LANDING_SCHEMA}.seen_entries (
    source varchar not null,
    entry_id varchar not null,
    link varchar,
    outcome varchar not null,
    seen_at timestamp not null,
    primary key (source, entry_id)
);
create table if not exists {LANDING_SCHEMA}.cleaned_articles (
    article_id varchar primary key,
    title varchar,
    published_date date,
    author varchar,
    publisher varchar,
    language varchar,
    canonical_url varchar,
    body_text varchar not null,
    cleaner_version varchar not null,
    cleaned_at timestamp not null,
    story_date date
);
-- Warehouses built before cleaned_articles had a story_date column get it here.
alter table {LANDING_SCHEMA}.cleaned_articles add column if not exists story_date date;
create table if not exists {LANDING_SCHEMA}.article_sentences (
    article_id varchar not null,
    sentence_index integer not null,
    start_char integer not null,
    end_char integer not null,
    sentence_text varchar not null,
    primary key (article_id, sentence_index)
);
-- Which splitter cut them (pipeline.versions.splitter_version); warehouses built before have none, so re-split.
alter table {LANDING_SCHEMA}.article_sentences add column if not exists splitter_version varchar;
create table if not exists {LANDING_SCHEMA}.fact_mentions (
    mention_id varchar primary key,
    article_id varchar not null,
    sentence_index integer not null,
    fact_type varchar not null,
    start_char integer not null,
    end_char integer not null,
    trigger_text varchar not null,
    status varchar,
    negated boolean not null,
    party_codes varchar[],
    subject varchar,
    subject_key varchar,
    value_usd double,
    event_date date,
    date_precision varchar,
    visitor_name varchar,
    visitor_country_code varchar,
    host_country_code varchar,
    city varchar,
    imposer_code varchar,
    target_code varchar,
    legal_basis varchar,
    reason varchar
);
create table if not exists {LANDING_SCHEMA}.article_extractions (
    article_id varchar primary key,
    extractor_version varchar not null,
    mention_count integer not null,
    extracted_at timestamp not null
);
"""

# Tables keyed by article, in the order a replaced or removed article is deleted from.
ARTICLE_TABLES = ("article_extractions", "fact_mentions", "article_sentences", "cleaned_articles", "raw_article_parts",
                  "raw_articles")


# The constraints the DDL gives the landing tables, as (table, type, columns).
_CONSTRAINTS = f"""select table_name, constraint_type, constraint_column_names
                   from duckdb_constraints()
                   where database_name = current_database() and schema_name = '{LANDING_SCHEMA}'
                     and constraint_type in ('PRIMARY KEY', 'UNIQUE', 'NOT NULL')"""


class LandingSchemaError(RuntimeError):
    """A landing table lacks a key or required column the DDL declares: it was replaced by other means."""


@cache
def _declared_constraints() -> frozenset[tuple[str, str, tuple[str, ...]]]:
    with duckdb.connect() as scratch:
        scratch.execute(DDL)
        return _constraints(scratch)


def _constraints(conn: duckdb.DuckDBPyConnection) -> frozenset[tuple[str, str, tuple[str, ...]]]:
    return frozenset((table, kind, tuple(columns)) for table, kind, columns in conn.execute(_CONSTRAINTS).fetchall())


def ensure_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the landing tables that are missing, and make sure the others have every key and required column
    the DDL declares. dbt does not test them again (dbt_project/models/staging/_staging.yml): a table replaced
    without them, say by hand, must stop the run before it loads anything."""
    conn.execute(DDL)
    if missing := _declared_constraints() - _constraints(conn):
        by_table: dict[str, list[str]] = {}
        for table, kind, columns in sorted(missing):
            by_table.setdefault(table, []).append(f"{kind.lower()} ({', '.join(columns)})")
        lost = "; ".join(f"{LANDING_SCHEMA}.{table}: {', '.join(kinds)}" for table, kinds in by_table.items())
        raise LandingSchemaError(
            f"landing tables lack constraints pipeline/warehouse/landing.py declares for them ({lost}). "
            f"Recreate them with those constraints, or remove the working database for the next run to build it again")


# The DDL above is fixed, so a table's Arrow schema is the same for every warehouse file.
_SCHEMAS: dict[tuple[str, tuple[str, ...]], pa.Schema] = {}


def _arrow_schema(conn: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str]) -> pa.Schema:
    """The Arrow types of the table's columns, so Python values convert exactly as DuckDB stores them."""
    key = (table, tuple(columns))
    if key not in _SCHEMAS:
        probe = conn.sql(f"select {', '.join(columns)} from {LANDING_SCHEMA}.{table} limit 0")
        _SCHEMAS[key] = probe.to_arrow_table().schema
    return _SCHEMAS[key]


def insert_rows(conn: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows in one statement: they travel as an Arrow table (values never enter the SQL text),
    which DuckDB scans in bulk instead of binding row by row."""
    batch = list(rows)
    if batch:
        schema = _arrow_schema(conn, table, columns)
        values_by_column = zip(*batch, strict=True)
        arrow_batch = pa.Table.from_arrays([pa.array(values, type=field.type)  # noqa: F841 - read by the SQL
                                            for values, field in zip(values_by_column, schema, strict=True)],
                                           schema=schema)
        # DuckDB finds `arrow_batch` by name among this frame's variables (a replacement scan): half the
        # cost of register/unregister or a relation, which matters for one-row inserts.
        conn.execute(f"insert into {LANDING_SCHEMA}.{table} ({', '.join(columns)}) select * from arrow_batch")
    return len(batch)


class BulkWriter:
    """Rows for one landing table, written with insert_rows every ``flush_every`` rows, so a stream of
    any length is loaded in a few large inserts while holding at most one batch in memory."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
                 flush_every: int = 5000) -> None:
        self.conn, self.table, self.columns, self.flush_every = conn, table, tuple(columns), flush_every
        self.rows: list[Sequence[Any]] = []
        self.written = 0
        self.seconds = 0.0  # time spent inserting, reported as the asset's load time

    def add(self, row: Sequence[Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.flush_every:
            self.flush()

    def extend(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        started = time.perf_counter()
        self.written += insert_rows(self.conn, self.table, self.columns, self.rows)
        self.seconds += time.perf_counter() - started
        self.rows = []


def delete_articles(conn: duckdb.DuckDBPyConnection, article_ids: Sequence[str],
                    tables: Sequence[str] = ARTICLE_TABLES) -> None:
    """Remove articles and everything derived from them (a changed file replaces its old version)."""
    if not article_ids:
        return
    for table in tables:
        conn.execute(f"delete from {LANDING_SCHEMA}.{table} where article_id in (select unnest(?))",
                     [list(article_ids)])


def delete_selected(conn: duckdb.DuckDBPyConnection, selection: str, parameters: Sequence[Any],
                    tables: Sequence[str]) -> None:
    """delete_articles for the articles a query selects, without fetching their ids into Python.
    ``selection`` returns one article_id column; tables are emptied in the order given."""
    for table in tables:
        conn.execute(f"delete from {LANDING_SCHEMA}.{table} where article_id in ({selection})", list(parameters))


def stream_rows(conn: duckdb.DuckDBPyConnection, query: str, parameters: Sequence[Any] = (),
                batch: int = 1000) -> Iterator[tuple[Any, ...]]:
    """Rows of a query, fetched a batch at a time on a cursor of its own, so ``conn`` can keep writing
    while they stream (the cursor reads the snapshot the query started from)."""
    reader = conn.cursor()
    try:
        reader.execute(query, list(parameters))
        while rows := reader.fetchmany(batch):
            yield from rows
    finally:
        reader.close()


def count_rows(conn: duckdb.DuckDBPyConnection, query: str, parameters: Sequence[Any] = ()) -> int:
    # fetchall, not fetchone: DuckDB refuses the connection's next statement while a result is unfinished.
    return int(conn.execute(f"select count(*) from ({query})", list(parameters)).fetchall()[0][0])


def clear_rejections(conn: duckdb.DuckDBPyConnection, source: str) -> None:
    """Forget a source's earlier ingest and fetch rejections before it is read again (cleaning verdicts
    stay: they belong to the content, by hash)."""
    conn.execute(f"delete from {LANDING_SCHEMA}.rejected_documents where source = ? and stage in ('ingest', 'fetch')",
                 [source])


def table_count(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    return count_rows(conn, f"select 1 from {LANDING_SCHEMA}.{table}")
