"""The landing tables the Python assets write, and the writes themselves (parameterised, batched)."""

from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

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
    ingested_at timestamp not null
);
create table if not exists {LANDING_SCHEMA}.rejected_documents (
    source varchar not null,
    reason varchar not null,
    detail varchar,
    content_hash varchar,
    stage varchar not null,
    seen_at timestamp not null
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
    cleaned_at timestamp not null
);
create table if not exists {LANDING_SCHEMA}.article_sentences (
    article_id varchar not null,
    sentence_index integer not null,
    start_char integer not null,
    end_char integer not null,
    sentence_text varchar not null,
    primary key (article_id, sentence_index)
);
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
ARTICLE_TABLES = ("article_extractions", "fact_mentions", "article_sentences", "cleaned_articles", "raw_articles")


def ensure_schema(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(DDL)


def insert_rows(conn: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows in one batch; values travel as parameters, never inside the SQL text."""
    batch = list(rows)
    if batch:
        placeholders = ", ".join("?" for _ in columns)
        conn.executemany(
            f"insert into {LANDING_SCHEMA}.{table} ({', '.join(columns)}) values ({placeholders})", batch
        )
    return len(batch)


def delete_articles(conn: duckdb.DuckDBPyConnection, article_ids: Sequence[str],
                    tables: Sequence[str] = ARTICLE_TABLES) -> None:
    """Remove articles and everything derived from them (a changed file replaces its old version)."""
    if not article_ids:
        return
    for table in tables:
        conn.execute(f"delete from {LANDING_SCHEMA}.{table} where article_id in (select unnest(?))",
                     [list(article_ids)])


def table_count(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    row = conn.execute(f"select count(*) from {LANDING_SCHEMA}.{table}").fetchone()
    return int(row[0]) if row else 0
