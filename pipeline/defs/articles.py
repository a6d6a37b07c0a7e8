"""Python assets: raw articles → cleaned articles → sentences → fact mentions, in the landing schema.

Each asset processes only what is new or changed since the last run (content hash, cleaner and
extractor versions), so re-running is cheap and idempotent. Bad inputs land in rejected_documents.
Clean, split and extract stream their articles from DuckDB, run the per-article work in
pipeline.batch (a process pool for large batches) and load the results in bulk, so memory stays
flat whatever the corpus size.
"""

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import replace
from itertools import groupby
from typing import Any

import duckdb
from dagster import AssetExecutionContext, MaterializeResult, asset
from dagster_duckdb import DuckDBResource

from pipeline.batch import (
    MENTION_COLUMNS,
    ArticleToExtract,
    RawArticle,
    Unusable,
    chunked,
    clean_chunk,
    extract_chunk,
    run_chunks,
    split_chunk,
)
from pipeline.documents import RawDocument, Rejection
from pipeline.feeds import mark_seen
from pipeline.fetch import Fetcher
from pipeline.ingest import discover, read_path
from pipeline.resources import ArticleSources
from pipeline.sentences import Sentence
from pipeline.sources_config import SourcesConfig
from pipeline.versions import cleaner_version, extractor_version
from pipeline.warehouse import (
    LANDING_SCHEMA,
    BulkWriter,
    clear_rejections,
    count_rows,
    delete_articles,
    delete_selected,
    ensure_schema,
    insert_rows,
    stream_rows,
    table_count,
)
from pipeline.web import fetch_page, pending_entries

L = LANDING_SCHEMA
WAREHOUSE_POOL = "warehouse"
RAW_COLUMNS = ("article_id", "source_uri", "file_name", "media_type", "content_hash", "byte_size", "raw_text",
               "ingested_at", "url")
CLEAN_COLUMNS = ("article_id", "title", "published_date", "author", "publisher", "language", "canonical_url",
                 "body_text", "cleaner_version", "cleaned_at")
SENTENCE_COLUMNS = ("article_id", "sentence_index", "start_char", "end_char", "sentence_text")
EXTRACTION_COLUMNS = ("article_id", "extractor_version", "mention_count", "extracted_at")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _reject(conn: duckdb.DuckDBPyConnection, context: AssetExecutionContext, rejection: Rejection, stage: str) -> None:
    context.log.warning(f"rejected {rejection.source_uri}: {rejection.reason} ({rejection.detail})")
    insert_rows(conn, "rejected_documents", ("source", "reason", "detail", "content_hash", "stage", "seen_at"),
                [(rejection.source_uri, rejection.reason, rejection.detail, rejection.content_hash, stage, _now())])


def _storable(text: str) -> str:
    # File names that are not UTF-8 reach Python as lone surrogates, which no column can store.
    return text.encode("utf-8", errors="backslashreplace").decode("utf-8")


class _RawLoader:
    """Puts documents into raw_articles: new ones inserted, unchanged ones skipped, changed ones replace
    their old version (and everything derived from it), duplicates and bad ones rejected."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, context: AssetExecutionContext) -> None:
        self.conn, self.context = conn, context
        self.known = dict(conn.execute(f"select source_uri, content_hash from {L}.raw_articles").fetchall())
        self.owner_of_hash = {digest: uri for uri, digest in self.known.items()}
        self.counts = {"loaded": 0, "replaced": 0, "unchanged": 0, "rejected": 0}

    def load(self, doc: RawDocument | Rejection) -> str:
        """Load or reject one document; returns what happened (a counts key, or the rejection reason)."""
        if isinstance(doc, RawDocument):
            doc = replace(doc, source_uri=_storable(doc.source_uri), file_name=_storable(doc.file_name))
        else:
            doc = replace(doc, source_uri=_storable(doc.source_uri), detail=_storable(doc.detail))
        clear_rejections(self.conn, doc.source_uri)
        previous = self.known.get(doc.source_uri)
        if isinstance(doc, RawDocument) and self.owner_of_hash.get(doc.content_hash, doc.source_uri) != doc.source_uri:
            if previous is not None:
                # The source now holds another source's content: its old version is gone from it. (Content
                # that is merely bad — empty, binary — keeps the last good version, a half-written file likelier.)
                delete_articles(self.conn, [previous[:16]])
                del self.known[doc.source_uri], self.owner_of_hash[previous]
            doc = Rejection(doc.source_uri, "duplicate", f"same content as {self.owner_of_hash[doc.content_hash]}",
                            doc.content_hash)
        if isinstance(doc, Rejection):
            _reject(self.conn, self.context, doc, doc.stage)
            self.counts["rejected"] += 1
            return doc.reason
        if previous == doc.content_hash:
            self.counts["unchanged"] += 1
            return "unchanged"
        # One transaction, so a failure between removing the old version and adding the new loses neither.
        self.conn.begin()
        try:
            if previous is not None:
                delete_articles(self.conn, [previous[:16]])
            insert_rows(self.conn, "raw_articles", RAW_COLUMNS,
                        [(doc.article_id, doc.source_uri, doc.file_name, doc.media_type, doc.content_hash,
                          doc.byte_size, doc.raw_text, _now(), doc.url)])
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        if previous is not None:
            self.owner_of_hash.pop(previous, None)
        self.known[doc.source_uri] = doc.content_hash
        self.owner_of_hash[doc.content_hash] = doc.source_uri
        outcome = "replaced" if previous is not None else "loaded"
        self.counts[outcome] += 1
        return outcome


@asset(group_name="ingest", pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def raw_articles(
    context: AssetExecutionContext, warehouse: DuckDBResource, sources: ArticleSources
) -> MaterializeResult:
    """One row per document: files (text, HTML, and each record of JSON, JSON Lines and WARC files) and
    pages from listed URLs and new feed entries. Unchanged documents are skipped, changed ones replace
    their old version (and everything derived from it), duplicates and bad inputs are rejected."""
    config = sources.sources_config()
    with warehouse.get_connection() as conn:
        ensure_schema(conn)
        loader = _RawLoader(conn, context)
        for item in discover(config.paths):
            for doc in [item] if isinstance(item, Rejection) else read_path(item):
                loader.load(doc)
        if config.fetches_from_the_web:
            _load_from_the_web(conn, loader, Fetcher(config.fetch), config)
        total = table_count(conn, "raw_articles")
    context.log.info(f"raw_articles: {loader.counts}, {total} articles in the warehouse")
    return MaterializeResult(metadata={**loader.counts, "row_count": total})


def _load_from_the_web(conn: duckdb.DuckDBPyConnection, loader: _RawLoader, fetcher: Fetcher,
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
                writer.add((*result.row, version, _now()))
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
            extractions.add((result.article_id, version, len(result.mention_rows), _now()))
        mentions.flush()
        extractions.flush()
        total = table_count(conn, "fact_mentions")
    seconds, load_seconds = time.perf_counter() - started, mentions.seconds + extractions.seconds
    context.log.info(f"fact_mentions: {mentions.written} mentions from {expected} articles ({total} in all; "
                     f"{seconds:.1f}s, {load_seconds:.1f}s of it loading)")
    return MaterializeResult(metadata={"new_mentions": mentions.written, "articles": expected, "row_count": total,
                                       "seconds": seconds, "load_seconds": load_seconds})
