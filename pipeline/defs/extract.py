"""Extract assets: sentences of each cleaned body, then agreement, visit and sanction mentions per sentence.

Articles are extracted again whenever the extractor or its dictionaries change (pipeline.versions). The work runs
in pipeline.extract.batch (a process pool for large batches) and loads in bulk."""

import time
from collections.abc import Iterator
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any

from dagster import AssetExecutionContext, MaterializeResult, asset
from dagster_duckdb import DuckDBResource

from pipeline.budget import PerDocument, Refused, document_seconds
from pipeline.defs.clean import cleaned_articles, reject_in_extraction
from pipeline.defs.progress import track
from pipeline.defs.warehouse_resource import WAREHOUSE_POOL
from pipeline.extract.batch import (
    MENTION_COLUMNS,
    ArticleToExtract,
    chunked,
    extract_chunk,
    release_workers,
    run_chunks,
    split_chunk,
)
from pipeline.extract.lexicon import load_lexicon
from pipeline.ingest.loader import now
from pipeline.text.sentences import Sentence
from pipeline.versions import extractor_version, splitter_version
from pipeline.warehouse.landing import LANDING_SCHEMA, BulkWriter, count_rows, delete_selected, stream_rows, table_count

SENTENCE_COLUMNS = ("article_id", "sentence_index", "start_char", "end_char", "sentence_text", "splitter_version")
EXTRACTION_COLUMNS = ("article_id", "extractor_version", "mention_count", "extracted_at")


@asset(group_name="extract", deps=[cleaned_articles], pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def article_sentences(context: AssetExecutionContext, warehouse: DuckDBResource) -> MaterializeResult:
    """Sentences of each cleaned body with character offsets into it; split again when the splitter changes."""
    started = time.perf_counter()
    version = splitter_version()
    todo = f"""select c.article_id, c.body_text from {LANDING_SCHEMA}.cleaned_articles c
               where not exists (select 1 from {LANDING_SCHEMA}.article_sentences s
                                 where s.article_id = c.article_id and s.splitter_version = ?)"""
    with warehouse.get_connection() as conn:
        # Sentences of another splitter go first; their articles are then exactly those left to split (and
        # their extractor version, which hashes the splitter too, has their mentions extracted again).
        conn.execute(f"delete from {LANDING_SCHEMA}.article_sentences where splitter_version is distinct from ?",
                     [version])
        expected = count_rows(conn, todo, [version])
        writer = BulkWriter(conn, "article_sentences", SENTENCE_COLUMNS, flush_every=20_000)
        work = PerDocument(split_chunk, itemgetter(0), document_seconds())
        refused: list[Refused] = []
        articles = track(stream_rows(conn, todo, [version]), "split into sentences", "articles", expected)
        for row in run_chunks(work, chunked(articles), expected):
            if isinstance(row, Refused):
                refused.append(row)
            else:
                writer.add((*row, version))
        writer.flush()
        reject_in_extraction(conn, context, refused)
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
    todo = f"""select c.article_id from {LANDING_SCHEMA}.cleaned_articles c
               left join {LANDING_SCHEMA}.article_extractions e using (article_id)
               where e.article_id is null or e.extractor_version <> ?"""
    with warehouse.get_connection() as conn:
        # Stale extractions go first; the same query then selects exactly the articles left to extract.
        delete_selected(conn, todo, [version], ("article_extractions", "fact_mentions"))
        expected = count_rows(conn, todo, [version])
        # One ordered scan brings each article's sentences together (DuckDB sorts out of core).
        rows = stream_rows(conn, f"""
            select c.article_id, coalesce(c.published_date, c.story_date), c.language,
                   s.sentence_index, s.start_char, s.end_char, s.sentence_text
            from {LANDING_SCHEMA}.cleaned_articles c
            left join {LANDING_SCHEMA}.article_sentences s using (article_id)
            where c.article_id in ({todo})
            order by c.article_id, s.sentence_index""", [version])
        mentions = BulkWriter(conn, "fact_mentions", MENTION_COLUMNS)
        extractions = BulkWriter(conn, "article_extractions", EXTRACTION_COLUMNS)
        work = PerDocument(extract_chunk, attrgetter("article_id"), document_seconds(), warm_up=load_lexicon)
        refused: list[Refused] = []
        for result in track(run_chunks(work, chunked(_articles_to_extract(rows)), expected), "extracted",
                            "articles", expected):
            if isinstance(result, Refused):  # over its time budget, or the extractor failed on it
                refused.append(result)
                continue
            mentions.extend(result.mention_rows)
            extractions.add((result.article_id, version, len(result.mention_rows), now()))
        release_workers()  # the last step that uses them
        mentions.flush()
        extractions.flush()
        reject_in_extraction(conn, context, refused)
        total = table_count(conn, "fact_mentions")
    seconds, load_seconds = time.perf_counter() - started, mentions.seconds + extractions.seconds
    context.log.info(f"fact_mentions: {mentions.written} mentions from {expected} articles ({total} in all; "
                     f"{seconds:.1f}s, {load_seconds:.1f}s of it loading)")
    return MaterializeResult(metadata={"new_mentions": mentions.written, "articles": expected, "row_count": total,
                                       "seconds": seconds, "load_seconds": load_seconds})
