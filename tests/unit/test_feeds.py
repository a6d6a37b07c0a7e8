"""Feed parsing and the record of settled entries."""

import duckdb
import pytest

from pipeline.ingest.feeds import FeedEntry, FeedError, mark_seen, parse_feed, unseen
from pipeline.warehouse.landing import ensure_schema

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>World news</title><link>https://news.example/</link>
<description>d</description>
<item><title>Japan and Canada sign</title><link>https://news.example/japan-canada</link>
      <guid isPermaLink="false">story-1</guid></item>
<item><title>Relative link</title><link>/relative</link></item>
<item><title>Same story again</title><link>https://news.example/japan-canada</link>
      <guid isPermaLink="false">story-1</guid></item>
<item><title>Only a summary</title><description>No link at all.</description></item>
<item><title>Not the web</title><link>javascript:alert(1)</link><guid isPermaLink="false">js</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title><id>urn:feed</id>
<updated>2024-05-01T00:00:00Z</updated>
<entry><title>Visite d’État</title><id>urn:entry:1</id><link href="https://news.example/visite"/>
<updated>2024-05-01T00:00:00Z</updated></entry>
</feed>""".encode()


def test_rss_entries_with_ids_and_absolute_links() -> None:
    entries = parse_feed(RSS, "https://news.example/feed.xml", "application/rss+xml")
    assert [(e.entry_id, e.link) for e in entries][:2] == [
        ("story-1", "https://news.example/japan-canada"),
        ("https://news.example/relative", "https://news.example/relative")]
    assert len(entries) == 4  # the repeated guid is one entry
    no_link = entries[2]
    assert no_link.link is None and no_link.entry_id.startswith("sha256:")
    assert entries[3] == FeedEntry("https://news.example/feed.xml", "js", None)


def test_atom_entries() -> None:
    (entry,) = parse_feed(ATOM, "https://news.example/atom", "application/atom+xml; charset=utf-8")
    assert entry == FeedEntry("https://news.example/atom", "urn:entry:1", "https://news.example/visite")


@pytest.mark.parametrize("body", [b"", b"<html><body>Not a feed</body></html>", b"\x00\x01\x02 binary",
                                  b"/etc/passwd"])
def test_what_is_not_a_feed_is_refused(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(body, "https://news.example/feed", "text/html")


def test_settled_entries_are_not_offered_again() -> None:
    conn = duckdb.connect()
    ensure_schema(conn)
    feed = "https://news.example/feed.xml"
    first, second = FeedEntry(feed, "1", "https://news.example/1"), FeedEntry(feed, "2", "https://news.example/2")
    other_feed = FeedEntry("https://other.example/rss", "1", "https://other.example/1")
    assert unseen(conn, [first, second, other_feed]) == [first, second, other_feed]
    mark_seen(conn, first, "loaded")
    mark_seen(conn, first, "unchanged")  # settling twice is harmless
    assert unseen(conn, [first, second, other_feed]) == [second, other_feed]
    assert conn.execute("select outcome from landing.seen_entries").fetchall() == [("unchanged",)]
