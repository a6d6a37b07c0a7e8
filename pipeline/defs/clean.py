"""Clean asset: each new or changed raw article's body without boilerplate, with its metadata as columns.

Articles stream from DuckDB through pipeline.extract.batch (a process pool for large batches) and load in bulk,
so memory stays flat whatever the corpus size."""

import time
from operator import attrgetter

import duckdb
from dagster import AssetExecutionContext, MaterializeResult, asset
from dagster_duckdb import DuckDBResource

from pipeline.budget import PerDocument, Refused, chunked_by_size, document_seconds
from pipeline.defs.ingest import raw_articles
from pipeline.defs.progress import track
from pipeline.defs.warehouse_resource import WAREHOUSE_POOL
from pipeline.extract.batch import CHUNK_SIZE, RawArticle, Unusable, clean_chunk, run_chunks
from pipeline.ingest.documents import Rejection
from pipeline.ingest.loader import REJECTION_COLUMNS, now
from pipeline.versions import cleaner_version, extractor_version
from pipeline.warehouse.landing import (
    LANDING_SCHEMA,
    BulkWriter,
    count_rows,
    delete_articles,
    delete_selected,
    ensure_schema,
    insert_rows,
    stream_rows,
    table_count,
)
from pipeline.warehouse.text_parts import whole_texts

# Text per chunk of work: a few chunks per worker are in flight, so this bounds the raw text held at once
# (documents may be up to 20 MiB each).
CHUNK_BYTES = 16 * 1024 * 1024
# Raw rows fetched from DuckDB at a time (of up to 20 MiB each).
FETCH_ROWS = 16
CLEAN_COLUMNS = ("article_id", "title", "published_date", "author", "publisher", "language", "canonical_url",
                 "body_text", "story_date", "cleaner_version", "cleaned_at")


def _reject(conn: duckdb.DuckDBPyConnection, context: AssetExecutionContext, rejection: Rejection, stage: str) -> None:
    context.log.warning(f"rejected {rejection.source_uri}: {rejection.reason} ({rejection.detail})")
    insert_rows(conn, "rejected_documents", REJECTION_COLUMNS,
                [(rejection.source_uri, rejection.reason, rejection.detail, rejection.content_hash, stage, now())])


def cleaning_tag(version: str) -> str:
    """How a clean-stage rejection's detail names the cleaner version it was made with: a new version (one that
    reads a damaged page, say) tries the document again."""
    return f" [cleaner {version}]"


def extraction_tag(version: str) -> str:
    """How an extract-stage rejection's detail names the extractor version it was made with: a new version
    tries the document again."""
    return f" [extractor {version}]"


def reject_in_extraction(conn: duckdb.DuckDBPyConnection, context: AssetExecutionContext,
                         refused: list[Refused]) -> None:
    """Reject articles that splitting or extraction gave up on (over their time budget, or the work failed on
    them): recorded with their source and content hash, and removed with everything derived from them, so that
    the warehouse never holds an article whose facts were not looked for. They are not cleaned again while
    their content and the extractor version are the same (``cleaned_articles`` skips them)."""
    if not refused:
        return
    sources = dict(((article_id, (source, digest)) for article_id, source, digest in conn.execute(
        f"select article_id, source_uri, content_hash from {LANDING_SCHEMA}.raw_articles "
        "where article_id in (select unnest(?))", [[r.key for r in refused]]).fetchall()))
    tag = extraction_tag(extractor_version())
    for item in refused:
        source, digest = sources.get(item.key, (item.key, None))
        _reject(conn, context, Rejection(source, item.reason, item.detail + tag, digest, stage="extract"), "extract")
    delete_articles(conn, [r.key for r in refused], ("article_extractions", "fact_mentions", "article_sentences",
                                                     "cleaned_articles"))


@asset(group_name="clean", deps=[raw_articles], pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def cleaned_articles(context: AssetExecutionContext, warehouse: DuckDBResource) -> MaterializeResult:
    """Body text without boilerplate, plus title, published date, author, publisher and language."""
    started = time.perf_counter()
    version = cleaner_version()
    todo = f"""select r.article_id, r.source_uri, r.media_type, r.raw_text, r.content_hash, r.url,
                      coalesce(r.has_title, true), r.text_parts
               from {LANDING_SCHEMA}.raw_articles r
               left join {LANDING_SCHEMA}.cleaned_articles c using (article_id)
               where (c.article_id is null or c.cleaner_version <> ?)
                 and r.content_hash not in (select content_hash from {LANDING_SCHEMA}.rejected_documents
                                            where content_hash is not null
                                              and ((stage = 'clean' and ends_with(detail, ?))
                                                   or (stage = 'extract' and ends_with(detail, ?))))"""
    tag, clean_tag = extraction_tag(extractor_version()), cleaning_tag(version)
    with warehouse.get_connection() as conn:
        ensure_schema(conn)
        # Verdicts of an earlier cleaner or extractor version no longer hold: those articles are tried again.
        conn.execute(f"delete from {LANDING_SCHEMA}.rejected_documents where (stage = 'extract' "
                     "and not ends_with(detail, ?)) or (stage = 'clean' and not ends_with(detail, ?))",
                     [tag, clean_tag])
        # Stale versions go first; the same query then selects exactly the articles left to clean.
        delete_selected(conn, f"select article_id from ({todo})", [version, clean_tag, tag],
                        ("article_extractions", "fact_mentions", "article_sentences", "cleaned_articles"))
        expected = count_rows(conn, todo, [version, clean_tag, tag])
        writer = BulkWriter(conn, "cleaned_articles", CLEAN_COLUMNS)
        rejected = 0
        rows = whole_texts(conn, stream_rows(conn, todo, [version, clean_tag, tag], batch=FETCH_ROWS), text_index=3)
        articles = (RawArticle(*row) for row in rows)
        work = PerDocument(clean_chunk, attrgetter("source_uri", "content_hash"), document_seconds())
        chunks = chunked_by_size(articles, lambda raw: len(raw.raw_text), CHUNK_SIZE, CHUNK_BYTES)
        for result in track(run_chunks(work, chunks, expected), "cleaned", "articles", expected):
            if isinstance(result, Refused):  # over its time budget, or the cleaner failed on it
                source, digest = result.key
                _reject(conn, context, Rejection(source, result.reason, result.detail + clean_tag, digest), "clean")
                rejected += 1
            elif isinstance(result, Unusable):
                raw = result.article
                _reject(conn, context, Rejection(raw.source_uri, "no_article_text", result.detail + clean_tag,
                                                 raw.content_hash), "clean")
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
