"""Ingest assets: files, listed URLs and feed entries into landing.raw_articles (bad inputs into
landing.rejected_documents). Only what is new or changed since the last run is read (file stamps, content hash),
so re-running is cheap and idempotent."""

from dataclasses import replace

import duckdb
from dagster import AssetExecutionContext, Config, MaterializeResult, asset
from dagster_duckdb import DuckDBResource
from pydantic import Field

from pipeline.defs.progress import track
from pipeline.defs.sources_resource import ArticleSources
from pipeline.defs.warehouse_resource import WAREHOUSE_POOL
from pipeline.ingest.documents import Rejection
from pipeline.ingest.feeds import mark_seen
from pipeline.ingest.fetch import Fetcher
from pipeline.ingest.files import SourceNames, discover, read_path
from pipeline.ingest.loader import RawLoader, bounded_memory, file_stamp
from pipeline.ingest.sources_config import SourcesConfig
from pipeline.ingest.web import fetch_page, pending_entries
from pipeline.warehouse.landing import ensure_schema, table_count


class IngestConfig(Config):
    reread_files: bool = Field(default=False, description="Read and hash every input file again, including "
                               "those whose size and modification time show no change since the last run.")


@asset(group_name="ingest", pool=WAREHOUSE_POOL, kinds={"python", "duckdb"})
def raw_articles(context: AssetExecutionContext, warehouse: DuckDBResource, sources: ArticleSources,
                 config: IngestConfig) -> MaterializeResult:
    """One row per document: files (text, HTML, and each record of JSON, JSON Lines and WARC files) and
    pages from listed URLs and new feed entries. Files unchanged since the last run (size, modification
    and change time) are not read again; unchanged documents are skipped, changed ones replace their old
    version (and everything derived from it), duplicates and bad inputs are rejected. Files are known by their
    path relative to the input they were found under (pipeline.ingest.files.SourceNames): a moved checkout
    re-links its documents."""
    sources_config = sources.sources_config()
    names = SourceNames(sources_config.paths)
    with warehouse.get_connection() as conn:
        ensure_schema(conn)
        configured = warehouse.connection_config.get("memory_limit")
        with bounded_memory(conn, str(configured) if configured else None), \
                RawLoader(conn, context.log.warning, exists=names.exists) as loader:
            for item in track(discover(sources_config.paths), "read", "files"):
                if isinstance(item, Rejection):
                    loader.load(item)
                    continue
                try:
                    stamp = file_stamp(item.stat())  # before reading: a change while it is read shows next run
                except OSError:
                    stamp = None  # read_path says why
                if stamp is not None and not config.reread_files and loader.file_unchanged(item, stamp):
                    continue
                outcomes = {loader.load(replace(doc, source_uri=names.rename(doc.source_uri, item)))
                            for doc in read_path(item)}
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
