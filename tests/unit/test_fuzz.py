"""Fuzzing the readers and the per-document stages with structure-aware mutants: WARC archives, JSON and JSON
Lines, RSS/Atom feeds, HTML and plain text, each built from its real structure (records, headers, lengths,
encodings, entries, links, nesting) and then damaged (cut, flipped, padded, compressed wrongly).

Each example is one "run" over a folder (or a feed URL): the mutant beside a good article. The run must not
fail; every document of the mutant is loaded or rejected with its path and a known reason; the good article
loads; whatever loads goes through cleaning, sentence splitting and extraction, each within its per-document
time budget, without an exception.

By default each kind gets a few seconds (CI); `pytest tests/unit/test_fuzz.py --fuzz-long` runs 10,000
cases per kind and writes the figures to $CHANCERY_FUZZ_REPORT (JSON) when set.
"""

import gzip
import itertools
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.budget import PerDocument, Refused
from pipeline.extract.batch import (
    ArticleToExtract,
    Cleaned,
    RawArticle,
    Unusable,
    clean_chunk,
    extract_chunk,
    split_chunk,
)
from pipeline.extract.lexicon import load_lexicon
from pipeline.ingest.documents import REJECTION_REASONS, RawDocument, Rejection
from pipeline.ingest.feeds import FeedEntry
from pipeline.ingest.fetch import Fetcher
from pipeline.ingest.files import discover, read_path
from pipeline.ingest.loader import RawLoader
from pipeline.ingest.sources_config import FetchSettings, SourcesConfig
from pipeline.ingest.web import pending_entries
from pipeline.text.sentences import Sentence
from pipeline.warehouse.landing import ensure_schema
from tests.local_site import LocalSite

LONG = os.environ.get("CHANCERY_FUZZ_LONG") == "1"
EXAMPLES = 10_000 if LONG else 25
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not LONG,
                suppress_health_check=list(HealthCheck))
# Per-document budget in the fuzz runs: ample for a mutant of these sizes, small enough that the quadratic cases
# (one long sentence) are cut instead of holding the suite.
DOCUMENT_SECONDS = 1.0

SENTENCES = [
    "Japan and Canada signed a free trade agreement in Tokyo on Friday.",
    "The United States imposed sanctions on Iran over its nuclear programme.",
    "President Macron visited India on 12 March 2024.",
    "Officials said talks would continue.",
    "Home | World | Sport | Contact us",
    "© 2024 Example News. All rights reserved.",
]
_counter = itertools.count()


def good_article() -> bytes:
    """A good article, different each time (equal content would be rejected as a duplicate)."""
    return (f"Trade pact number {next(_counter)}\n\nCanada and Japan signed a free trade agreement in Tokyo on "
            f"Friday, officials said. The deal cuts tariffs.\n").encode()


# --- the figures a long run reports --------------------------------------------------------------------------

FIGURES: dict[str, Counter[str]] = {}


def write_report() -> None:
    if target := os.environ.get("CHANCERY_FUZZ_REPORT"):
        Path(target).write_text(json.dumps({kind: dict(counts) for kind, counts in FIGURES.items()}, indent=2))


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    write_report()


def count_case(kind: str) -> Counter[str]:
    """The figures of one kind, with this case counted; written out every 500 cases during a long run."""
    counts = FIGURES.setdefault(kind, Counter())
    counts["cases"] += 1
    if counts["cases"] % 500 == 0:
        write_report()
    return counts


# --- one run over a folder -----------------------------------------------------------------------------------


def _later_stages(docs: list[RawDocument], counts: Counter[str]) -> None:
    """Clean, split and extract what loaded, each document within its budget, as the assets do."""
    raws = [RawArticle(d.article_id, d.source_uri, d.media_type, d.raw_text, d.content_hash, d.url, d.has_title)
            for d in docs]
    cleaned = []
    for result in PerDocument(clean_chunk, attrgetter("source_uri"), DOCUMENT_SECONDS)(raws):
        assert isinstance(result, Cleaned | Unusable | Refused), result
        if isinstance(result, Refused):
            assert result.reason in REJECTION_REASONS and result.detail
            counts[f"clean:{result.reason}"] += 1
        elif isinstance(result, Unusable):
            counts["clean:no_article_text"] += 1
        else:
            counts["clean:cleaned"] += 1
            cleaned.append((result.article_id, result.body_text))
    sentences: dict[str, list[Sentence]] = {article_id: [] for article_id, _ in cleaned}
    for row in PerDocument(split_chunk, itemgetter(0), DOCUMENT_SECONDS)(cleaned):
        if isinstance(row, Refused):
            counts[f"split:{row.reason}"] += 1
            sentences.pop(row.key, None)
        else:
            sentences[row[0]].append(Sentence(*row[1:]))
    articles = [ArticleToExtract(article_id, None, "en", found) for article_id, found in sentences.items()]
    extracted = []
    for result in PerDocument(extract_chunk, attrgetter("article_id"), DOCUMENT_SECONDS, load_lexicon)(articles):
        counts[f"extract:{result.reason}" if isinstance(result, Refused) else "extract:extracted"] += 1
        if not isinstance(result, Refused):
            extracted.append(result)
    # The good article beside the mutant goes through every stage and states its fact.
    good = next(d.article_id for d in docs if d.source_uri.endswith("good.txt"))
    assert any(e.article_id == good and e.mention_rows for e in extracted), "the good article was not extracted"


def run_on(kind: str, name: str, data: bytes, conn: duckdb.DuckDBPyConnection) -> None:
    """One run over a folder holding the mutant `name` and a good article; checks what the docstring says."""
    counts = count_case(kind)
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder)
        (inputs / "good.txt").write_bytes(good_article())
        mutant = inputs / name
        mutant.write_bytes(data)
        docs: list[RawDocument] = []
        mine = []
        with RawLoader(conn, lambda _: None) as loader:
            for item in discover([inputs]):
                for doc in [item] if isinstance(item, Rejection) else read_path(item):
                    outcome = loader.load(doc)
                    if isinstance(doc, RawDocument) and outcome in ("loaded", "replaced"):
                        docs.append(doc)
                    if doc.source_uri.startswith(str(mutant)):
                        mine.append((doc, outcome))
        good = str(inputs / "good.txt")
        assert any(doc.source_uri == good for doc in docs), "the good article beside the mutant did not load"
        assert mine, "the mutant was neither loaded nor rejected"
        for doc, outcome in mine:
            if isinstance(doc, Rejection):
                assert doc.reason in REJECTION_REASONS and doc.detail
                counts[f"rejected:{doc.reason}"] += 1
            else:
                counts[f"document:{outcome}"] += 1
        counts["mutant_loaded" if any(isinstance(d, RawDocument) for d, _ in mine) else "mutant_rejected"] += 1
        stored = conn.execute("select count(*) from landing.rejected_documents where starts_with(source, ?)",
                              [str(mutant)]).fetchone()[0]
        assert stored == sum(isinstance(d, Rejection) or o == "duplicate" for d, o in mine)
        _later_stages(docs, counts)


@pytest.fixture(scope="module")
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect() as connection:
        ensure_schema(connection)
        yield connection


# --- damage any kind of bytes can take -----------------------------------------------------------------------


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` as it is, or cut, with bytes flipped, padded with garbage, or with its line ends changed."""
    how = draw(st.sampled_from(["none", "none", "cut", "flip", "garbage", "crlf", "repeat"]))
    if how == "cut" and data:
        return data[: draw(st.integers(0, len(data) - 1))]
    if how == "flip" and data:
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        return bytes(out)
    if how == "garbage":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    if how == "crlf":
        return data.replace(b"\r\n", b"\n")
    if how == "repeat":
        return data * draw(st.integers(2, 4))
    return data


_sentence = st.sampled_from(SENTENCES)
_words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
_paragraph = st.lists(st.one_of(_sentence, _words), min_size=1, max_size=6).map(" ".join)
_article_text = st.lists(_paragraph, min_size=0, max_size=6).map("\n\n".join)
_encoding = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-32"])


# --- WARC ------------------------------------------------------------------------------------------------------

_RECORD_TYPES = ["response", "response", "response", "resource", "request", "metadata", "revisit", "warcinfo", "bogus"]
_TARGETS = ["https://news.example/a", "http://news.example/b?x=1", "", "not a url", "javascript:alert(1)",
            "https://news.example/" + "x" * 5000]
_CONTENT_TYPES = ["text/html", "text/html; charset=cp1252", "text/plain", "text/plain; charset=utf-16",
                  "application/xhtml+xml", "image/png", "", "text/html; charset=zlib", "\x00garbage"]


@st.composite
def warc_record(draw: st.DrawFn) -> bytes:
    rec_type = draw(st.sampled_from(_RECORD_TYPES))
    html = draw(st.booleans())
    text = draw(_article_text)
    body = (f"<html><body><article><p>{text}</p></article></body></html>" if html else text).encode(
        draw(_encoding), errors="replace")
    if draw(st.booleans()):
        body = draw(st.binary(max_size=200)) if draw(st.booleans()) else body
    encoding = draw(st.sampled_from(["none", "none", "gzip", "chunked", "bad-chunked", "bad-gzip"]))
    http_headers = [f"Content-Type: {draw(st.sampled_from(_CONTENT_TYPES))}"]
    if encoding == "gzip":
        body, http_headers = gzip.compress(body, mtime=0), [*http_headers, "Content-Encoding: gzip"]
    elif encoding == "bad-gzip":
        body, http_headers = b"\x1f\x8b\x08\x00" + body, [*http_headers, "Content-Encoding: gzip"]
    elif encoding == "chunked":
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if body else b"0\r\n\r\n"
        http_headers.append("Transfer-Encoding: chunked")
    elif encoding == "bad-chunked":
        body, http_headers = b"zz\r\n" + body, [*http_headers, "Transfer-Encoding: chunked"]
    status = draw(st.sampled_from(["200 OK", "200 OK", "404 Not Found", "301 Moved", "2", "abc", ""]))
    payload = body if rec_type != "response" else (
        f"HTTP/1.1 {status}\r\n".encode() + "\r\n".join(http_headers).encode("utf-8", errors="replace")
        + b"\r\n\r\n" + body)
    headers = [f"WARC-Type: {rec_type}", f"WARC-Record-ID: <urn:uuid:{draw(st.uuids())}>"]
    if rec_type == "resource":
        headers.append(f"Content-Type: {draw(st.sampled_from(_CONTENT_TYPES))}")
    if draw(st.integers(0, 4)):  # usually present
        headers.append(f"WARC-Target-URI: {draw(st.sampled_from(_TARGETS))}")
    length = draw(st.sampled_from(["exact"] * 4 + ["short", "long", "huge", "negative", "word", "missing"]))
    declared = {"exact": str(len(payload)), "short": str(max(len(payload) - 7, 0)), "long": str(len(payload) + 50),
                "huge": str(10**30), "negative": "-5", "word": "many", "missing": None}[length]
    if declared is not None:
        headers.append(f"Content-Length: {declared}")
    version = draw(st.sampled_from(["WARC/1.0", "WARC/1.1", "WARC/1.0", "WARC/0.9", "WARC/"]))
    return f"{version}\r\n".encode() + "\r\n".join(headers).encode() + b"\r\n\r\n" + payload + b"\r\n\r\n"


@st.composite
def warc_file(draw: st.DrawFn) -> tuple[str, bytes]:
    records = draw(st.lists(warc_record(), min_size=0, max_size=4))
    data = draw(damaged(b"".join(records)))
    packing = draw(st.sampled_from(["plain", "plain", "gzip", "member-gzip", "cut-gzip"]))
    if packing == "gzip":
        return "archive.warc.gz", gzip.compress(data, mtime=0)
    if packing == "member-gzip":
        members = b"".join(gzip.compress(record, mtime=0) for record in records)
        return "archive.warc.gz", members or gzip.compress(data, mtime=0)
    if packing == "cut-gzip":
        packed = gzip.compress(data, mtime=0)
        return "archive.warc.gz", packed[: draw(st.integers(0, max(len(packed) - 1, 0)))]
    return "archive.warc", data


@FUZZ
@given(case=warc_file())
def test_fuzz_warc(case: tuple[str, bytes], conn: duckdb.DuckDBPyConnection) -> None:
    run_on("warc", *case, conn)


# --- JSON and JSON Lines ---------------------------------------------------------------------------------------

_json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), _words, _sentence,
                       st.just(10**400))
_json_value = st.recursive(_json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                               st.dictionaries(_words, inner, max_size=4)),
                           max_leaves=12)
_field = st.one_of(_article_text, _article_text, _json_value, st.just(""), st.just("   "),
                   st.just("<html><body><p>" + SENTENCES[0] + "</p></body></html>"), st.just("\ud800 lone"))


@st.composite
def json_record(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(_json_value)
    record = {}
    for key in ("text", "html", "title", "url"):
        if draw(st.booleans()):
            record[key] = draw(_field if key != "url" else st.one_of(st.sampled_from(_TARGETS), _json_value))
    return record


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


@st.composite
def json_file(draw: st.DrawFn) -> tuple[str, bytes]:
    records = draw(st.lists(json_record(), min_size=0, max_size=5))
    shape = draw(st.sampled_from(["jsonl", "jsonl", "array", "object", "deep", "nan"]))
    if shape == "jsonl":
        text = "\n".join(_dumps(r) for r in records) + draw(st.sampled_from(["", "\n", "\n\n  \n"]))
        name = draw(st.sampled_from(["records.jsonl", "records.ndjson"]))
    elif shape == "array":
        text, name = _dumps(records), "records.json"
    elif shape == "object":
        text, name = _dumps(records[0] if records else {}), "record.json"
    elif shape == "deep":
        depth = draw(st.integers(100, 100_000))
        text, name = "[" * depth + "]" * depth, draw(st.sampled_from(["deep.json", "deep.jsonl"]))
    else:
        text, name = '{"text": NaN, "title": Infinity, "html": -Infinity}', "nan.json"
    codec = draw(_encoding)
    lone_surrogates = codec.startswith("utf") and draw(st.booleans())  # JSON may carry them; files may too
    data = text.encode(codec, errors="surrogatepass" if lone_surrogates else "replace")
    return name, draw(damaged(data))


@FUZZ
@given(case=json_file())
def test_fuzz_json(case: tuple[str, bytes], conn: duckdb.DuckDBPyConnection) -> None:
    run_on("json", *case, conn)


# --- HTML ------------------------------------------------------------------------------------------------------

TAGS = ["html", "head", "title", "body", "div", "p", "a", "nav", "article", "span", "script", "style", "ul", "li",
        "h1", "table", "td", "footer", "header", "main", "section", "meta", "br", "noscript", "template", "svg",
        "math", "iframe", "form", "textarea", "plaintext", "xmp"]
_debris = st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&#99999999;", "&bogus;", "<!--", "-->", "<![CDATA[",
                           "\x00", "<", ">", "<?xml version='1.0'?>", "<!DOCTYPE html [<!ENTITY x 'y'>]>"])
_attributes = st.sampled_from(["", " class='story'", " href='/x'", " lang='en'", ' charset="cp1252"',
                               ' charset="zlib"', ' charset="utf-16"', " id=\"a\" style='x",
                               " rel=canonical href='https://news.example/a'", " href='javascript:x'",
                               " content='" + "a" * 3000 + "'"])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def render(tag: str, attributes: str, inner: list[str], closed: bool) -> str:
        return f"<{tag}{attributes}>{''.join(inner)}" + (f"</{tag}>" if closed else "")
    return st.builds(render, st.sampled_from(TAGS), _attributes, st.lists(children, max_size=5), st.booleans())


_html = st.recursive(st.one_of(_sentence, _words, _debris), _element, max_leaves=30)


@st.composite
def html_file(draw: st.DrawFn) -> tuple[str, bytes]:
    shape = draw(st.sampled_from(["tree", "tree", "tree", "deep", "long-sentence", "links", "meta-lie"]))
    if shape == "deep":
        depth = draw(st.integers(100, 20_000))
        html = "<div>" * depth + SENTENCES[0] + "</div>" * draw(st.integers(0, depth))
    elif shape == "long-sentence":
        html = "<html><body><article><p>" + " ".join([SENTENCES[0][:-1]] * draw(st.integers(20, 400))) \
            + ".</p></article></body></html>"
    elif shape == "links":
        html = "<html><body>" + "".join(f"<a href='/{i}'>{SENTENCES[i % 4]}</a>"
                                        for i in range(draw(st.integers(1, 500)))) + "</body></html>"
    elif shape == "meta-lie":
        html = ("<html><head><meta charset='" + draw(st.sampled_from(["utf-16", "cp1252", "koi8-r", "bogus", "zlib"]))
                + "'></head><body><p>" + draw(_article_text) + "</p></body></html>")
    else:
        html = draw(_html)
    data = html.encode(draw(_encoding), errors="replace")
    return draw(st.sampled_from(["page.html", "page.htm"])), draw(damaged(data))


@FUZZ
@given(case=html_file())
def test_fuzz_html(case: tuple[str, bytes], conn: duckdb.DuckDBPyConnection) -> None:
    run_on("html", *case, conn)


# --- plain text ------------------------------------------------------------------------------------------------


@st.composite
def text_file(draw: st.DrawFn) -> tuple[str, bytes]:
    shape = draw(st.sampled_from(["article"] * 6 + ["one-line", "controls", "blank", "binary"]))
    if shape == "one-line":
        text = " ".join([SENTENCES[draw(st.integers(0, 3))][:-1]] * draw(st.integers(20, 400))) + "."
    elif shape == "controls":
        text = draw(_article_text) + "".join(chr(draw(st.integers(0, 31))) for _ in range(draw(st.integers(1, 200))))
    elif shape == "blank":
        text = draw(st.sampled_from(["", " ", "\n\n\n", "\ufeff", "\t \r\n"]))
    elif shape == "binary":
        return "blob.txt", draw(st.binary(max_size=4096))
    else:
        header = draw(st.sampled_from(["", "Tuesday, April 06, 2021\n", "By JANE DOE | The Paper\n"]))
        text = header + draw(_article_text)
    return draw(st.sampled_from(["story.txt", "story.text"])), draw(damaged(text.encode(draw(_encoding),
                                                                                        errors="replace")))


@FUZZ
@given(case=text_file())
def test_fuzz_text(case: tuple[str, bytes], conn: duckdb.DuckDBPyConnection) -> None:
    run_on("text", *case, conn)


# --- feeds -----------------------------------------------------------------------------------------------------

_LINKS = ["https://news.example/story/{n}", "/relative/{n}", "javascript:alert({n})", "mailto:a@b.c", "",
          "ftp://news.example/{n}", "https://news.example/" + "y" * 3000, "http://[::1]/{n}", "  https://x/{n}  "]
_BOMB = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
         '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
         '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
         '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
         '<rss version="2.0"><channel><title>&h;</title><item><title>&h;</title></item></channel></rss>')


@st.composite
def feed_document(draw: st.DrawFn) -> bytes:
    atom = draw(st.booleans())
    entries = []
    for n in range(draw(st.integers(0, 6))):
        link = draw(st.sampled_from(_LINKS)).format(n=n)
        parts = []
        if draw(st.booleans()):
            parts.append(f'<link href="{link}"/>' if atom else f"<link>{link}</link>")
        if draw(st.booleans()):
            ident = draw(st.sampled_from([link, f"tag:news.example,2024:{n}", f"urn:uuid:{n}", ""]))
            permalink = draw(st.sampled_from(["", ' isPermaLink="false"', ' isPermaLink="true"']))
            parts.append(f"<id>{ident}</id>" if atom else f"<guid{permalink}>{ident}</guid>")
        parts.append(f"<title>{draw(_sentence)}</title>")
        entries.append(("<entry>{}</entry>" if atom else "<item>{}</item>").format("".join(parts)))
    if draw(st.integers(0, 19)) == 19:  # not 0: hypothesis favours the smallest value
        return _BOMB.encode(draw(st.sampled_from(["utf-8", "utf-16"])))
    if atom:
        doc = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{"".join(entries)}</feed>'
    else:
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{"".join(entries)}</channel></rss>'
    return draw(damaged(doc.encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), errors="replace")))


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    with LocalSite() as served:
        yield served


@FUZZ
@given(body=feed_document(), content_type=st.sampled_from(["application/rss+xml", "application/atom+xml",
                                                              "text/html", "application/octet-stream"]))
def test_fuzz_feeds(body: bytes, content_type: str, site: LocalSite, conn: duckdb.DuckDBPyConnection) -> None:
    counts = count_case("feeds")
    path = f"/feed-{next(_counter)}.xml"
    url = site.add(path, body, content_type=content_type)
    config = SourcesConfig(feeds=[url], fetch=FetchSettings(allow_networks=["127.0.0.1"], timeout_seconds=2,
                                                            retries=0, min_host_interval_seconds=0,
                                                            respect_robots_txt=False))
    items = list(pending_entries(config, Fetcher(config.fetch), conn))
    for item in items:
        if isinstance(item, Rejection):
            assert item.source_uri == url and item.reason in REJECTION_REASONS and item.detail
            counts[f"rejected:{item.reason}"] += 1
        else:
            assert isinstance(item, FeedEntry) and isinstance(item.entry_id, str)
            assert item.link is None or item.link.startswith(("http://", "https://"))
            counts["entry_with_link" if item.link else "entry_without_link"] += 1
    counts["feed_rejected" if any(isinstance(i, Rejection) for i in items) else "feed_read"] += 1
    del site.routes[path]


def test_the_strategies_make_valid_inputs_too(conn: duckdb.DuckDBPyConnection) -> None:
    """The mutants are not all broken: a well-formed archive and JSON file from the same builders load."""
    record = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + SENTENCES[0].encode() * 3)
    archive = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:x>\r\nWARC-Target-URI: "
               b"https://news.example/a\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n" % (len(record), record))
    run_on("valid", "ok.warc", archive, conn)
    run_on("valid", "ok.jsonl", json.dumps({"text": SENTENCES[0] + " " + SENTENCES[2]}).encode(), conn)
    assert FIGURES["valid"]["document:loaded"] == 2
