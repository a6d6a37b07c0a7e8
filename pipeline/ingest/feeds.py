"""RSS and Atom feeds read with feedparser, and landing.seen_entries: which feed entries (and listed
URLs) earlier runs have settled, so each run fetches only new ones."""

import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import feedparser

from pipeline.warehouse.landing import LANDING_SCHEMA

_ENTITY_DECLARATIONS = tuple("<!ENTITY".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le",
                                                                       "utf-32-be"))


class FeedError(ValueError):
    """The document is not a readable RSS or Atom feed."""


@dataclass(frozen=True)
class FeedEntry:
    """Something to fetch once: a feed entry, or a URL listed in the sources config."""

    source: str  # the feed's URL, or "urls" for listed URLs
    entry_id: str  # the entry's id (guid), else its link; the URL itself for listed URLs
    link: str | None


def parse_feed(body: bytes, url: str, content_type: str | None) -> list[FeedEntry]:
    """The entries of an RSS or Atom document, in feed order, each once; links made absolute."""
    if any(marker in body for marker in _ENTITY_DECLARATIONS):
        # Entities defined in terms of each other (a "billion laughs") expand a few hundred bytes until
        # expat's amplification limit stops them: seconds and hundreds of MiB per feed. Feeds need none.
        raise FeedError("the feed declares XML entities (<!ENTITY), which feeds do not need; refused")
    # A stream, never bytes or str: feedparser treats a string as a URL or file name to open.
    parsed = feedparser.parse(io.BytesIO(body), response_headers={
        "content-location": url, "content-type": content_type or "application/xml"})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise FeedError(f"not an RSS or Atom feed{f' ({problem})' if problem else ''}")
    entries: dict[str, FeedEntry] = {}
    atom = str(parsed.get("version", "")).startswith("atom")
    for entry in parsed.entries:
        link = _link(entry, atom)
        link = link.strip() if isinstance(link, str) and link.strip().lower().startswith(("http://", "https://")) \
            else None
        entry_id = entry.get("id") or link or _fingerprint(entry)
        entries.setdefault(entry_id, FeedEntry(url, entry_id, link))
    return list(entries.values())


def _link(entry: feedparser.FeedParserDict, atom: bool) -> object:
    """The page an entry links to: its alternate <link>, else, in RSS, a <guid> that is a permalink.
    feedparser also takes an Atom <id> for the link when there is none, but an Atom id is a name, not an
    address (tag:, urn:, or a URL resolved against the feed's): fetching it fetches something the feed
    never linked to."""
    links = [item for item in entry.get("links") or [] if isinstance(item, dict) and item.get("href")]
    alternate = next((item["href"] for item in links if item.get("rel", "alternate") == "alternate"), None)
    if alternate is not None:
        return alternate
    if atom or links:
        return None
    return entry.get("link")


def _fingerprint(entry: feedparser.FeedParserDict) -> str:
    # An entry with neither id nor link is still remembered, so it is reported once, not every poll.
    text = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "sha256:" + hashlib.sha256(text.encode("utf-8", errors="replace")).hexdigest()


def unseen(conn: duckdb.DuckDBPyConnection, entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """The entries no earlier run has settled."""
    if not entries:
        return []
    seen = set(conn.execute(
        f"select source, entry_id from {LANDING_SCHEMA}.seen_entries where source in (select unnest(?))",
        [sorted({entry.source for entry in entries})]).fetchall())
    return [entry for entry in entries if (entry.source, entry.entry_id) not in seen]


def mark_seen(conn: duckdb.DuckDBPyConnection, entry: FeedEntry, outcome: str) -> None:
    """Remember an entry as settled (loaded, unchanged, or rejected for good): later runs skip it."""
    conn.execute(
        f"""insert or replace into {LANDING_SCHEMA}.seen_entries (source, entry_id, link, outcome, seen_at)
            values (?, ?, ?, ?, ?)""",
        [entry.source, entry.entry_id, entry.link, outcome, dt.datetime.now(dt.UTC).replace(tzinfo=None)])
