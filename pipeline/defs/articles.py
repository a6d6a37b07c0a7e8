"""Python assets: raw articles → cleaned articles → sentences → fact mentions, in the landing schema.

Each asset processes only what is new or changed since the last run (content hash, cleaner and
extractor versions), so re-running is cheap and idempotent. Bad inputs land in rejected_documents.
"""

import datetime as dt

import duckdb
from dagster import AssetExecutionContext, MaterializeResult, asset
from dagster_duckdb import DuckDBResource

from pipeline.clean import CleaningError, clean_html, clean_text
from pipeline.extract import extract_article
from pipeline.ingest import RawDocument, Rejection, discover, read_document
from pipeline.lexicon import load_lexicon
from pipeline.resources import ArticleSources
from pipeline.sentences import Sentence, split_sentences
from pipeline.versions import cleaner_version, extractor_version
from pipeline.warehouse import LANDING_SCHEMA, delete_articles, ensure_schema, insert_rows, table_count

L = LANDING_SCHEMA
WAREHOUSE_POOL = "warehouse"
RAW_COLUMNS = ("article_id", "source_uri", "file_name", "media_type", "content_hash", "byte_size", "raw_text",
               "ingested_at")
CLEAN_COLUMNS = ("article_id", "title", "published_date", "author", "publisher", "language", "canonical_url",
                 "body_text", "cleaner_version", "cleaned_at")
MENTION_COLUMNS = ("mention_id", "article_id", "sentence_index", "fact_type", "start_char", "end_char",
                   "trigger_text", "status", "negated", "party_codes", "subject", "subject_key", "value_usd",
                   "event_date", "date_precision", "visitor_name", "visitor_country_code", "host_country_code",
                   "city", "imposer_code", "target_code", "legal_basis", "reason")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _reject(conn: duckdb.DuckDBPyConnection, context: AssetExecutionContext, rejection: Rejection, stage: str) -> None:
    context.log.warning(f"rejected {rejection.source_uri}: {rejection.reason} ({rejection.detail})")
    insert_rows(conn, "rejected_documents", ("source", "reason", "detail", "content_hash", "stage", "seen_at"),
                [(rejection.source_uri, rejection.reason, rejection.detail, rejection.content_hash, stage, _now())])


@asset(group_name="ingest", pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def raw_articles(
    context: AssetExecutionContext, warehouse: DuckDBResource, sources: ArticleSources
) -> MaterializeResult:
    """One row per source file: path, content hash, decoded text. Unchanged files are skipped, changed
    files replace their old version (and everything derived from it), duplicates and bad files are rejected."""
    counts = {"loaded": 0, "replaced": 0, "unchanged": 0, "rejected": 0}
    with warehouse.get_connection() as conn:
        ensure_schema(conn)
        known = dict(conn.execute(f"select source_uri, content_hash from {L}.raw_articles").fetchall())
        owner_of_hash = {digest: uri for uri, digest in known.items()}
        for item in discover(sources.input_paths()):
            doc = item if isinstance(item, Rejection) else read_document(item)
            conn.execute(f"delete from {L}.rejected_documents where source = ? and stage = 'ingest'",
                         [doc.source_uri])
            if isinstance(doc, RawDocument) and doc.content_hash in owner_of_hash \
                    and owner_of_hash[doc.content_hash] != doc.source_uri:
                doc = Rejection(doc.source_uri, "duplicate",
                                f"same content as {owner_of_hash[doc.content_hash]}", doc.content_hash)
            if isinstance(doc, Rejection):
                _reject(conn, context, doc, "ingest")
                counts["rejected"] += 1
                continue
            previous = known.get(doc.source_uri)
            if previous == doc.content_hash:
                counts["unchanged"] += 1
                continue
            if previous is not None:
                delete_articles(conn, [previous[:16]])
                owner_of_hash.pop(previous, None)
                counts["replaced"] += 1
            else:
                counts["loaded"] += 1
            insert_rows(conn, "raw_articles", RAW_COLUMNS,
                        [(doc.article_id, doc.source_uri, doc.file_name, doc.media_type, doc.content_hash,
                          doc.byte_size, doc.raw_text, _now())])
            known[doc.source_uri] = doc.content_hash
            owner_of_hash[doc.content_hash] = doc.source_uri
        total = table_count(conn, "raw_articles")
    context.log.info(f"raw_articles: {counts}, {total} articles in the warehouse")
    return MaterializeResult(metadata={**counts, "row_count": total})


@asset(group_name="clean", deps=[raw_articles], pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def cleaned_articles(context: AssetExecutionContext, warehouse: DuckDBResource) -> MaterializeResult:
    """Body text without boilerplate, plus title, published date, author, publisher and language."""
    version = cleaner_version()
    with warehouse.get_connection() as conn:
        ensure_schema(conn)
        todo = conn.execute(
            f"""select r.article_id, r.source_uri, r.media_type, r.raw_text, r.content_hash from {L}.raw_articles r
                left join {L}.cleaned_articles c using (article_id)
                where (c.article_id is null or c.cleaner_version <> ?)
                  and r.content_hash not in (select content_hash from {L}.rejected_documents
                                             where stage = 'clean' and content_hash is not null)""",
            [version],
        ).fetchall()
        delete_articles(conn, [row[0] for row in todo], ("article_extractions", "fact_mentions",
                                                          "article_sentences", "cleaned_articles"))
        rows, rejected = [], 0
        for article_id, uri, media_type, raw_text, digest in todo:
            try:
                article = clean_html(raw_text) if media_type == "html" else clean_text(raw_text)
            except CleaningError as error:
                _reject(conn, context, Rejection(uri, "no_article_text", str(error), digest), "clean")
                rejected += 1
                continue
            rows.append((article_id, article.title, article.published_date, article.author, article.publisher,
                         article.language, article.canonical_url, article.body_text, version, _now()))
        insert_rows(conn, "cleaned_articles", CLEAN_COLUMNS, rows)
        total = table_count(conn, "cleaned_articles")
    context.log.info(f"cleaned_articles: {len(rows)} cleaned, {rejected} rejected, {total} in the warehouse")
    return MaterializeResult(metadata={"cleaned": len(rows), "rejected": rejected, "row_count": total})


@asset(group_name="extract", deps=[cleaned_articles], pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def article_sentences(context: AssetExecutionContext, warehouse: DuckDBResource) -> MaterializeResult:
    """Sentences of each cleaned body with character offsets into it."""
    with warehouse.get_connection() as conn:
        todo = conn.execute(
            f"""select c.article_id, c.body_text from {L}.cleaned_articles c
                where not exists (select 1 from {L}.article_sentences s where s.article_id = c.article_id)"""
        ).fetchall()
        rows = [(article_id, s.index, s.start, s.end, s.text)
                for article_id, body in todo for s in split_sentences(body)]
        insert_rows(conn, "article_sentences",
                    ("article_id", "sentence_index", "start_char", "end_char", "sentence_text"), rows)
        total = table_count(conn, "article_sentences")
    context.log.info(f"article_sentences: {len(rows)} sentences from {len(todo)} articles")
    return MaterializeResult(metadata={"new_sentences": len(rows), "row_count": total})


@asset(group_name="extract", deps=[article_sentences], pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def fact_mentions(context: AssetExecutionContext, warehouse: DuckDBResource) -> MaterializeResult:
    """Agreement, visit and sanction mentions per sentence, with roles resolved to country codes.
    Articles are extracted again whenever the extractor or its dictionaries change."""
    version = extractor_version()
    lexicon = load_lexicon()
    with warehouse.get_connection() as conn:
        todo = conn.execute(
            f"""select c.article_id, c.published_date, c.language from {L}.cleaned_articles c
                left join {L}.article_extractions e using (article_id)
                where e.article_id is null or e.extractor_version <> ?""",
            [version],
        ).fetchall()
        delete_articles(conn, [row[0] for row in todo], ("article_extractions", "fact_mentions"))
        mention_rows, extraction_rows = [], []
        for article_id, published, language in todo:
            sentences = [Sentence(*row) for row in conn.execute(
                f"""select sentence_index, start_char, end_char, sentence_text from {L}.article_sentences
                    where article_id = ? order by sentence_index""", [article_id]).fetchall()]
            # Non-English articles keep their language code and are not fed to the English grammar.
            found = extract_article(sentences, published, lexicon) if language in (None, "en") else []
            rows = {m.mention_id(article_id): m.as_row(article_id) for m in found}
            mention_rows += [tuple(row[c] for c in MENTION_COLUMNS) for row in rows.values()]
            extraction_rows.append((article_id, version, len(rows), _now()))
        insert_rows(conn, "fact_mentions", MENTION_COLUMNS, mention_rows)
        insert_rows(conn, "article_extractions", ("article_id", "extractor_version", "mention_count", "extracted_at"),
                    extraction_rows)
        total = table_count(conn, "fact_mentions")
    context.log.info(f"fact_mentions: {len(mention_rows)} mentions from {len(todo)} articles ({total} in all)")
    return MaterializeResult(metadata={"new_mentions": len(mention_rows), "articles": len(todo), "row_count": total})
