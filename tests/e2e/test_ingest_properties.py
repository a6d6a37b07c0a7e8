"""Property: whatever bytes or HTML arrive, ingest + clean + extract never crash, and every input is
either loaded or rejected with a known reason — checked on the functions the assets run (many
examples) and on the assets themselves (a few whole runs)."""

import datetime as dt
import json
import tempfile
from pathlib import Path

import duckdb
from dagster import DagsterInstance, materialize
from dagster_duckdb import DuckDBResource
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.clean.cleaner import CleaningError, clean_html, clean_text
from pipeline.defs.clean import cleaned_articles
from pipeline.defs.extract import article_sentences, fact_mentions
from pipeline.defs.ingest import raw_articles
from pipeline.defs.sources_resource import ArticleSources
from pipeline.extract.article import extract_article
from pipeline.extract.lexicon import load_lexicon
from pipeline.ingest.documents import REJECTION_REASONS, RawDocument, Rejection
from pipeline.ingest.files import read_path
from pipeline.text.sentences import split_sentences
from pipeline.warehouse.landing import ensure_schema, insert_rows

SUFFIXES = [".txt", ".html", ".htm", ".json", ".jsonl", ".warc", ".warc.gz"]
SENTENCES = [
    "Japan and Canada signed a free trade agreement in Tokyo on Friday.",
    "The United States imposed sanctions on Iran over its nuclear programme.",
    "President Macron visited India on 12 March 2024.",
    "Officials said talks would continue.",
    "Home | World | Sport | Contact us",
    "© 2024 Example News. All rights reserved.",
]
TAGS = ["html", "head", "title", "body", "div", "p", "a", "nav", "article", "span", "script", "style", "ul", "li",
        "h1", "table", "td", "footer", "header", "main", "section", "meta", "br", "noscript", "template"]

_debris = st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&bogus;", "<!--", "-->", "<![CDATA[", "\x00", "<", ">"])
_text = st.one_of(st.sampled_from(SENTENCES), st.text(max_size=40), _debris)
_attributes = st.sampled_from(["", " class='story'", " href='/x'", " lang='en'", ' charset="cp1252"', ' charset="zlib"',
                               ' charset="utf-16"', " id=\"a\" style='x", " rel=canonical href='https://news.example/a'"])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def render(tag: str, attributes: str, inner: list[str], closed: bool) -> str:
        return f"<{tag}{attributes}>{''.join(inner)}" + (f"</{tag}>" if closed else "")
    return st.builds(render, st.sampled_from(TAGS), _attributes, st.lists(children, max_size=5), st.booleans())


_html_text = st.recursive(_text, _element, max_leaves=25)
# Pages as bytes: any encoding (cp1252 and latin-1 replace what they cannot spell), sometimes cut short.
random_html = st.builds(
    lambda text, encoding, cut: text.encode(encoding, errors="replace")[: max(1, int(len(text) * cut))],
    _html_text, st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]),
    st.floats(min_value=0.3, max_value=1.0))
_article_text = st.lists(st.one_of(st.sampled_from(SENTENCES), st.text(max_size=60)), max_size=8).map("\n".join)
random_text = st.builds(lambda text, encoding: text.encode(encoding, errors="replace"),
                        _article_text, st.sampled_from(["utf-8", "cp1252", "utf-16"]))
random_json = st.fixed_dictionaries({}, optional={
    "title": st.one_of(st.text(max_size=30), st.integers()), "url": st.sampled_from(["https://news.example/a", "x"]),
    "text": st.one_of(_article_text, st.none()), "html": _html_text,
}).map(lambda record: json.dumps(record).encode())
any_input = st.tuples(st.sampled_from(SUFFIXES),
                      st.one_of(st.binary(max_size=2048), random_html, random_text, random_json))


def ingest_clean_extract(path: Path) -> list[str]:
    """What the assets do to one file, via the same functions; returns each document's fate."""
    conn = duckdb.connect()
    ensure_schema(conn)
    fates = []
    for item in read_path(path):
        if isinstance(item, Rejection):
            assert item.reason in REJECTION_REASONS and item.detail
            fates.append(item.reason)
            continue
        assert isinstance(item, RawDocument) and item.media_type in ("text", "html")
        insert_rows(conn, "raw_articles", ("article_id", "source_uri", "file_name", "media_type", "content_hash",
                                           "byte_size", "raw_text", "ingested_at", "url"),
                    [(item.article_id, item.source_uri, item.file_name, item.media_type, item.content_hash,
                      item.byte_size, item.raw_text, dt.datetime(2024, 1, 1), item.url)])
        try:
            article = clean_html(item.raw_text, item.url) if item.media_type == "html" else clean_text(item.raw_text)
        except CleaningError:
            fates.append("no_article_text")
            continue
        extract_article(split_sentences(article.body_text), article.published_date, load_lexicon())
        fates.append("loaded")
    return fates


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_input)
def test_any_input_is_loaded_or_rejected_with_a_reason(case: tuple[str, bytes]) -> None:
    suffix, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        fates = ingest_clean_extract(path)
    assert fates, "an input vanished without a trace"


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(any_input, min_size=3, max_size=8))
def test_a_run_accounts_for_every_input(cases: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "inputs"
        inputs.mkdir()
        for number, (suffix, data) in enumerate(cases):
            (inputs / f"input{number}{suffix}").write_bytes(data)
        warehouse = Path(folder) / "news.duckdb"
        with DagsterInstance.ephemeral() as instance:
            result = materialize([raw_articles, cleaned_articles, article_sentences, fact_mentions], instance=instance,
                                 resources={"warehouse": DuckDBResource(database=str(warehouse)),
                                            "sources": ArticleSources(paths=[str(inputs)])})
        assert result.success
        with duckdb.connect(str(warehouse), read_only=True) as conn:
            loaded = [uri for (uri,) in conn.execute("select source_uri from landing.raw_articles").fetchall()]
            rejected = conn.execute("select source, reason from landing.rejected_documents").fetchall()
            uncleaned = conn.execute(
                """select count(*) from landing.raw_articles r
                   where article_id not in (select article_id from landing.cleaned_articles)
                     and content_hash not in (select content_hash from landing.rejected_documents
                                              where stage = 'clean')""").fetchall()
        assert all(reason in REJECTION_REASONS for _, reason in rejected)
        accounted = loaded + [source for source, _ in rejected]
        for path in inputs.iterdir():
            # Named relative to their input; rejected by the walk itself (a link outside it), by absolute path.
            assert any(uri in (str(path), f"inputs/{path.name}") or uri.startswith((f"{path}#", f"inputs/{path.name}#"))
                       for uri in accounted), path.name
        assert uncleaned == [(0,)]
