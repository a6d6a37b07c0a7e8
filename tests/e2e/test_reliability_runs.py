"""Issue 18's bad inputs through the real Python assets (ingest, clean, split, extract on a DuckDB file): the runs
succeed, every bad input is rejected with its path and reason, the good ones load, and a second run neither
fails nor redoes the rejected work."""

import json
import os
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, materialize
from dagster_duckdb import DuckDBResource

from pipeline.budget import DOCUMENT_SECONDS_ENV
from pipeline.defs.clean import cleaned_articles
from pipeline.defs.extract import article_sentences, fact_mentions
from pipeline.defs.ingest import raw_articles
from pipeline.defs.sources_resource import ArticleSources

pytestmark = pytest.mark.e2e

PYTHON_ASSETS = [raw_articles, cleaned_articles, article_sentences, fact_mentions]
GOOD = ("Canada and Japan sign trade pact\n\n"
        "Canada and Japan signed a free trade agreement in Tokyo on Friday, officials said.\n")
FIRST_PARAGRAPH = "India and France signed a defence cooperation agreement in Paris on Monday, officials said."


def run(inputs: Path, warehouse: Path) -> None:
    result = materialize(PYTHON_ASSETS, instance=DagsterInstance.ephemeral(), resources={
        "warehouse": DuckDBResource(database=str(warehouse)), "sources": ArticleSources(paths=[str(inputs)])})
    assert result.success


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_bad_inputs_of_the_review_never_fail_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DOCUMENT_SECONDS_ENV, "2")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(GOOD)
    # 1: a response record without WARC-Target-URI, and a huge Content-Length.
    (inputs / "x.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n")
    (inputs / "huge.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\n"
                                       b"Content-Length: 1000000000000000000000000\r\n\r\nabc\r\n\r\n")
    # 2: a symlink loop.
    os.symlink("loop.txt", inputs / "loop.txt")
    # 8: a plain .warc cut mid-record.
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nSpain and Morocco signed a fisheries deal. " * 3
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/cut\r\n"
              b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n" % (len(payload), payload))
    (inputs / "cut.warc").write_bytes(record[:-60])
    # 11: a JSON record without a title.
    (inputs / "untitled.jsonl").write_text(json.dumps({"text": FIRST_PARAGRAPH}) + "\n")
    # 5: one sentence extraction is quadratic in, far over a 2 s budget.
    words = ("Japan and Canada signed a trade agreement with France while officials from the United States "
             "visited Germany").split()
    (inputs / "long.txt").write_text("A very long sentence\n\n" + " ".join(words[i % len(words)]
                                                                           for i in range(40_000)) + ".\n")
    warehouse = tmp_path / "work.duckdb"
    for _ in range(2):  # and again: nothing fails, nothing is redone or recorded twice
        run(inputs, warehouse)
        rejected = dict(((source, stage), reason) for source, stage, reason in query(
            warehouse, "select source, stage, reason from landing.rejected_documents"))
        # Documents are known by their path relative to their input folder; a file that cannot be resolved
        # (the symlink loop) by the path it was given.
        name = f"{inputs.name}/"
        assert rejected == {
            (f"{name}x.warc", "ingest"): "read_error",
            (f"{name}huge.warc#1", "ingest"): "too_large",
            (str(inputs / "loop.txt"), "ingest"): "unreadable",
            (f"{name}cut.warc#1", "ingest"): "invalid_warc",
            (f"{name}long.txt", "extract"): "over_time_budget",
        }
        bodies = dict(query(warehouse, "select r.source_uri, c.body_text from landing.raw_articles r "
                                       "join landing.cleaned_articles c using (article_id)"))
        assert set(bodies) == {f"{name}good.txt", f"{name}untitled.jsonl#1"}
        assert bodies[f"{name}untitled.jsonl#1"] == FIRST_PARAGRAPH
        assert query(warehouse, "select count(distinct article_id) from landing.fact_mentions") == [(2,)]
