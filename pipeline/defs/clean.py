"""Clean asset: each new or changed raw article's body without boilerplate, with its metadata as columns.

Articles stream from DuckDB through pipeline.extract.batch (a process pool for large batches) and load in bulk,
so memory stays flat whatever the corpus size."""

import time

import duckdb
from dagster import AssetExecutionContext, MaterializeResult, asset
from dagster_duckdb import DuckDBResource

from pipeline.defs.ingest import raw_articles
from pipeline.defs.progress import track
from pipeline.defs.warehouse_resource import WAREHOUSE_POOL
from pipeline.extract.batch import RawArticle, Unusable, chunked, clean_chunk, run_chunks
from pipeline.ingest.documents import Rejection
from pipeline.ingest.loader import REJECTION_COLUMNS, now
from pipeline.versions import cleaner_version
from pipeline.warehouse.landing import (
    LANDING_SCHEMA,
    BulkWriter,
    count_rows,
    delete_selected,
    ensure_schema,
    insert_rows,
    stream_rows,
    table_count,
)

CLEAN_COLUMNS = ("article_id", "title", "published_date", "author", "publisher", "language", "canonical_url",
                 "body_text", "story_date", "cleaner_version", "cleaned_at")


def _reject(conn: duckdb.DuckDBPyConnection, context: AssetExecutionContext, rejection: Rejection, stage: str) -> None:
    context.log.warning(f"rejected {rejection.source_uri}: {rejection.reason} ({rejection.detail})")
    insert_rows(conn, "rejected_documents", REJECTION_COLUMNS,
                [(rejection.source_uri, rejection.reason, rejection.detail, rejection.content_hash, stage, now())])


@asset(group_name="clean", deps=[raw_articles], pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def cleaned_articles(context: AssetExecutionContext, warehouse: DuckDBResource) -> MaterializeResult:
    """Body text without boilerplate, plus title, published date, author, publisher and language."""
    started = time.perf_counter()
    version = cleaner_version()
    todo = f"""select r.article_id, r.source_uri, r.media_type, r.raw_text, r.content_hash, r.url
               from {LANDING_SCHEMA}.raw_articles r
               left join {LANDING_SCHEMA}.cleaned_articles c using (article_id)
               where (c.article_id is null or c.cleaner_version <> ?)
                 and r.content_hash not in (select content_hash from {LANDING_SCHEMA}.rejected_documents
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
        for result in track(run_chunks(clean_chunk, chunked(articles), expected), "cleaned", "articles", expected):
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
