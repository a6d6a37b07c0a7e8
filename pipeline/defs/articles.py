"""Python assets: raw articles → cleaned articles → sentences → fact mentions, in the landing schema.

Each asset processes only what is new or changed since the last run (content hash, cleaner and
extractor versions), so re-running is cheap and idempotent. Bad inputs land in rejected_documents.
Clean, split and extract stream their articles from DuckDB, run the per-article work in
pipeline.batch (a process pool for large batches) and load the results in bulk, so memory stays
flat whatever the corpus size.
"""

import time
from collections.abc import Iterator
from itertools import groupby
from typing import Any

import duckdb
from dagster import AssetExecutionContext, Config, MaterializeResult, asset
from dagster_duckdb import DuckDBResource
from pydantic import Field

from pipeline.batch import (
    MENTION_COLUMNS,
    ArticleToExtract,
    RawArticle,
    Unusable,
    chunked,
    clean_chunk,
    extract_chunk,
    release_workers,
    run_chunks,
    split_chunk,
)
from pipeline.documents import Rejection
from pipeline.feeds import mark_seen
from pipeline.fetch import Fetcher
from pipeline.ingest import discover, read_path
from pipeline.raw_loader import REJECTION_COLUMNS, RawLoader, file_stamp, now
from pipeline.resources import ArticleSources
from pipeline.sentences import Sentence
from pipeline.sources_config import SourcesConfig
from pipeline.versions import cleaner_version, extractor_version
from pipeline.warehouse import (
    LANDING_SCHEMA,
    BulkWriter,
    count_rows,
    delete_selected,
    ensure_schema,
    insert_rows,
    stream_rows,
    table_count,
)
from pipeline.web import fetch_page, pending_entries

L = LANDING_SCHEMA
WAREHOUSE_POOL = "warehouse"
CLEAN_COLUMNS = ("article_id", "title", "published_date", "author", "publisher", "language", "canonical_url",
                 "body_text", "cleaner_version", "cleaned_at")
SENTENCE_COLUMNS = ("article_id", "sentence_index", "start_char", "end_char", "sentence_text")
EXTRACTION_COLUMNS = ("article_id", "extractor_version", "mention_count", "extracted_at")


def _reject(conn: duckdb.DuckDBPyConnection, context: AssetExecutionContext, rejection: Rejection, stage: str) -> None:
    context.log.warning(f"rejected {rejection.source_uri}: {rejection.reason} ({rejection.detail})")
    insert_rows(conn, "rejected_documents", REJECTION_COLUMNS,
                [(rejection.source_uri, rejection.reason, rejection.detail, rejection.content_hash, stage, now())])


class IngestConfig(Config):
    reread_files: bool = Field(default=False, description="Read and hash every input file again, including "
                               "those whose size and modification time show no change since the last run.")


@asset(group_name="ingest", pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def raw_articles(context: AssetExecutionContext, warehouse: DuckDBResource, sources: ArticleSources,
                 config: IngestConfig) -> MaterializeResult:
    """One row per document: files (text, HTML, and each record of JSON, JSON Lines and WARC files) and
    pages from listed URLs and new feed entries. Files unchanged since the last run (size, modification
    and change time) are not read again; unchanged documents are skipped, changed ones replace their old
    version (and everything derived from it), duplicates and bad inputs are rejected."""
    sources_config = sources.sources_config()
    with warehouse.get_connection() as conn:
        ensure_schema(conn)
        with RawLoader(conn, context.log.warning) as loader:
            for item in discover(sources_config.paths):
                if isinstance(item, Rejection):
                    loader.load(item)
                    continue
                try:
                    stamp = file_stamp(item.stat())  # before reading: a change while it is read shows next run
                except OSError:
                    stamp = None  # read_path says why
                if stamp is not None and not config.reread_files and loader.file_unchanged(item, stamp):
                    continue
                outcomes = {loader.load(doc) for doc in read_path(item)}
                if stamp is not None:
                    loader.file_read(item, stamp, outcomes)
            if sources_config.fetches_from_the_web:
                _load_from_the_web(conn, loader, Fetcher(sources_config.fetch), sources_config)
        total = table_count(conn, "raw_articles")
    context.log.info(f"raw_articles: {loader.counts}, {total} articles in the warehouse")
    return MaterializeResult(metadata={**loader.counts, "row_count": total})


def _load_from_the_web(conn: duckdb.DuckDBPyConnection, loader: RawLoader, fetcher: Fetcher,
                       config: SourcesConfig) -> None:
    """Listed URLs and new feed entries; each is remembered in seen_entries once settled, so later runs
    skip it — except after a transient failure (timeout, server error), which the next run retries."""
    for entry in pending_entries(config, fetcher, conn):
        if isinstance(entry, Rejection):
            loader.load(entry)
            continue
        if entry.link is None:
            outcome = loader.load(Rejection(f"{entry.source}#{entry.entry_id}", "feed_entry_without_link",
                                            "the feed entry has no http(s) link to fetch", stage="fetch"))
        elif entry.link in loader.known:
            outcome = "unchanged"  # already loaded, from a URL list or another feed
        else:
            page = fetch_page(fetcher, entry.link)
            outcome = loader.load(page)
            if isinstance(page, Rejection) and page.transient:
                continue
        loader.flush()  # the page is committed before its entry counts as seen
        mark_seen(conn, entry, outcome)


@asset(group_name="clean", deps=[raw_articles], pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def cleaned_articles(context: AssetExecutionContext, warehouse: DuckDBResource) -> MaterializeResult:
    """Body text without boilerplate, plus title, published date, author, publisher and language."""
    started = time.perf_counter()
    version = cleaner_version()
    todo = f"""select r.article_id, r.source_uri, r.media_type, r.raw_text, r.content_hash, r.url
               from {L}.raw_articles r
               left join {L}.cleaned_articles c using (article_id)
               where (c.article_id is null or c.cleaner_version <> ?)
                 and r.content_hash not in (select content_hash from {L}.rejected_documents
                                            where stage = 'clean' and content_hash is not null)"""
    with warehouse.get_connection() as conn:
        ensure_schema(conn)
        # Stale versions go first; the same query then selects exactly the articles left to clean.
        delete_selected(conn, f"select article_id from ({todo})", [version],
                        ("article_extractions", "fact_mentions", "article_sentences", "cleaned_articles"))
        expected = count_rows(conn, todo, [version])
        writer = BulkWriter(conn, "cleaned_articles", CLEAN_COLUMNS)
        rejected = 0
        articles = (RawArticle(*row) for row in stream_rows(conn, todo, [version]))
        for result in run_chunks(clean_chunk, chunked(articles), expected):
            if isinstance(result, Unusable):
                raw = result.article
                _reject(conn, context, Rejection(raw.source_uri, "no_article_text", result.detail, raw.content_hash),
                        "clean")
                rejected += 1
            else:
                writer.add((*result.row, version, now()))
        writer.flush()
        total = table_count(conn, "cleaned_articles")
    seconds = time.perf_counter() - started
    context.log.info(f"cleaned_articles: {writer.written} cleaned, {rejected} rejected, {total} in the warehouse "
                     f"({seconds:.1f}s, {writer.seconds:.1f}s of it loading)")
    return MaterializeResult(metadata={"cleaned": writer.written, "rejected": rejected, "row_count": total,
                                       "seconds": seconds, "load_seconds": writer.seconds})


@asset(group_name="extract", deps=[cleaned_articles], pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def article_sentences(context: AssetExecutionContext, warehouse: DuckDBResource) -> MaterializeResult:
    """Sentences of each cleaned body with character offsets into it."""
    started = time.perf_counter()
    todo = f"""select c.article_id, c.body_text from {L}.cleaned_articles c
               where not exists (select 1 from {L}.article_sentences s where s.article_id = c.article_id)"""
    with warehouse.get_connection() as conn:
        expected = count_rows(conn, todo)
        writer = BulkWriter(conn, "article_sentences", SENTENCE_COLUMNS, flush_every=20_000)
        writer.extend(run_chunks(split_chunk, chunked(stream_rows(conn, todo)), expected))
        writer.flush()
        total = table_count(conn, "article_sentences")
    seconds = time.perf_counter() - started
    context.log.info(f"article_sentences: {writer.written} sentences from {expected} articles "
                     f"({seconds:.1f}s, {writer.seconds:.1f}s of it loading)")
    return MaterializeResult(metadata={"new_sentences": writer.written, "row_count": total,
                                       "seconds": seconds, "load_seconds": writer.seconds})


def _articles_to_extract(rows: Iterator[tuple[Any, ...]]) -> Iterator[ArticleToExtract]:
    """Group (article, published, language, sentence...) rows ordered by article into one item per article."""
    for article_id, group in groupby(rows, key=lambda row: row[0]):
        first = next(group)
        sentences = [Sentence(*row[3:]) for row in (first, *group) if row[3] is not None]
        yield ArticleToExtract(article_id, first[1], first[2], sentences)


@asset(group_name="extract", deps=[article_sentences], pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def fact_mentions(context: AssetExecutionContext, warehouse: DuckDBResource) -> MaterializeResult:
    """Agreement, visit and sanction mentions per sentence, with roles resolved to country codes.
    Articles are extracted again whenever the extractor or its dictionaries change."""
    started = time.perf_counter()
    version = extractor_version()
    todo = f"""select c.article_id from {L}.cleaned_articles c left join {L}.article_extractions e using (article_id)
               where e.article_id is null or e.extractor_version <> ?"""
    with warehouse.get_connection() as conn:
        # Stale extractions go first; the same query then selects exactly the articles left to extract.
        delete_selected(conn, todo, [version], ("article_extractions", "fact_mentions"))
        expected = count_rows(conn, todo, [version])
        # One ordered scan brings each article's sentences together (DuckDB sorts out of core).
        rows = stream_rows(conn, f"""
            select c.article_id, c.published_date, c.language,
                   s.sentence_index, s.start_char, s.end_char, s.sentence_text
            from {L}.cleaned_articles c
            left join {L}.article_sentences s using (article_id)
            where c.article_id in ({todo})
            order by c.article_id, s.sentence_index""", [version])
        mentions = BulkWriter(conn, "fact_mentions", MENTION_COLUMNS)
        extractions = BulkWriter(conn, "article_extractions", EXTRACTION_COLUMNS)
        for result in run_chunks(extract_chunk, chunked(_articles_to_extract(rows)), expected):
            mentions.extend(result.mention_rows)
            extractions.add((result.article_id, version, len(result.mention_rows), now()))
        release_workers()  # the last step that uses them
        mentions.flush()
        extractions.flush()
        total = table_count(conn, "fact_mentions")
    seconds, load_seconds = time.perf_counter() - started, mentions.seconds + extractions.seconds
    context.log.info(f"fact_mentions: {mentions.written} mentions from {expected} articles ({total} in all; "
                     f"{seconds:.1f}s, {load_seconds:.1f}s of it loading)")
    return MaterializeResult(metadata={"new_mentions": mentions.written, "articles": expected, "row_count": total,
                                       "seconds": seconds, "load_seconds": load_seconds})
