"""Documents from the web: URLs the sources config lists (inline or in URL list files) and the entries
of its RSS/Atom feeds — each fetched politely (pipeline.ingest.fetch) and only while no run has settled it."""

from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import duckdb

from pipeline.ingest.documents import RawDocument, Rejection, charset_of, make_document, media_type_for
from pipeline.ingest.feeds import FeedEntry, FeedError, parse_feed, unseen
from pipeline.ingest.fetch import Fetcher, FetchError
from pipeline.ingest.sources_config import SourcesConfig
from pipeline.warehouse.landing import clear_rejections

# seen_entries.source for URLs listed in the sources config: one namespace, so a URL in two lists is
# fetched once.
LISTED_URLS = "urls"
# URL list files are a few hundred lines; a huge one is a mistake.
MAX_URL_LIST_BYTES = 4 * 1024 * 1024


def listed_urls(config: SourcesConfig) -> Iterator[str | Rejection]:
    """The config's URLs, then each URL list file's (one per line; blank lines and # comments skipped).

    Lines that are not http(s) URLs are reported as a count per file, never quoted: the sources config
    may name any readable file (`url_lists: [/etc/passwd]`), and rejections are published to analysts."""
    yield from config.urls
    for path in config.url_lists:
        try:
            lines = _read_url_list(path)
        except OSError as error:
            reason = "missing" if isinstance(error, FileNotFoundError) else "unreadable"
            yield Rejection(str(path), reason, f"URL list: {error.strerror or error}")
            continue
        invalid: list[int] = []
        for number, line in enumerate(lines, start=1):
            url = line.strip()
            if not url or url.startswith("#"):
                continue
            if url.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in url):
                yield url
            else:
                invalid.append(number)
        if invalid:
            yield Rejection(str(path), "invalid_url",
                            f"URL list: {len(invalid)} of its {len(lines)} lines are not http(s) URLs "
                            f"(first at line {invalid[0]})")


def _read_url_list(path: Path) -> list[str]:
    with path.open("rb") as handle:
        data = handle.read(MAX_URL_LIST_BYTES + 1)
    if len(data) > MAX_URL_LIST_BYTES:
        raise OSError(f"larger than {MAX_URL_LIST_BYTES} bytes")
    return data.decode("utf-8", errors="replace").splitlines()


def pending_entries(config: SourcesConfig, fetcher: Fetcher,
                    conn: duckdb.DuckDBPyConnection) -> Iterator[FeedEntry | Rejection]:
    """What to fetch this run: listed URLs and feed entries no earlier run settled (at most
    ``max_entries_per_feed`` per feed, first in feed order, which is newest first in practice), or a
    rejection for a URL list or feed that cannot be read."""
    listed: list[FeedEntry] = []
    for item in listed_urls(config):
        if isinstance(item, Rejection):
            yield item
        else:
            listed.append(FeedEntry(LISTED_URLS, item, item))
    yield from unseen(conn, list(dict.fromkeys(listed)))
    for feed_url in config.feeds:
        try:
            response = fetcher.get(feed_url)
            entries = parse_feed(response.body, response.url, response.content_type)
        except FetchError as error:
            yield Rejection(feed_url, error.reason, f"feed: {error.detail}", stage="fetch", transient=error.transient)
            continue
        except FeedError as error:
            yield Rejection(feed_url, "invalid_feed", str(error), stage="fetch")
            continue
        clear_rejections(conn, feed_url)  # the feed reads again: its earlier failure is history
        yield from unseen(conn, entries)[:config.fetch.max_entries_per_feed]


def fetch_page(fetcher: Fetcher, url: str) -> RawDocument | Rejection:
    """A page as a document whose source_uri is the URL it was asked for (redirects do not rename it)."""
    try:
        response = fetcher.get(url)
    except FetchError as error:
        return Rejection(url, error.reason, error.detail, stage="fetch", transient=error.transient)
    media_type = media_type_for(response.content_type)
    if media_type is None:
        return Rejection(url, "unsupported_type", f"Content-Type {response.content_type or 'missing'}",
                         stage="fetch")
    parts = urlsplit(response.url)
    name = PurePosixPath(parts.path).name or parts.hostname or "page"
    return make_document(url, name, media_type, response.body, url=response.url,
                         charset=charset_of(response.content_type))
