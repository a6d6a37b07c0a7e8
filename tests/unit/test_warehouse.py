"""The landing tables: their constraints, bulk writes, streaming reads and set-based deletes."""

import datetime as dt

import duckdb
import pytest

from pipeline.warehouse.landing import (
    BulkWriter,
    LandingSchemaError,
    count_rows,
    delete_selected,
    ensure_schema,
    insert_rows,
    stream_rows,
    table_count,
)

MENTION = ("mention_id", "article_id", "sentence_index", "fact_type", "start_char", "end_char", "trigger_text",
           "negated", "party_codes", "value_usd", "event_date")
SENTENCE = ("article_id", "sentence_index", "start_char", "end_char", "sentence_text")


@pytest.fixture
def conn() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:")
    ensure_schema(connection)
    yield connection
    connection.close()


def test_insert_rows_keeps_every_type(conn: duckdb.DuckDBPyConnection) -> None:
    rows = [("m1", "a1", 0, "agreement", 0, 10, "signed", False, ["IND", "RUS"], 5e9, dt.date(2018, 10, 5)),
            ("m2", "a1", 1, "visit", 11, 30, "visited", True, None, None, None),
            ("m3", "a2", 0, "sanction", 0, 5, "it's", False, [], 1.5, dt.date(2020, 1, 1))]
    assert insert_rows(conn, "fact_mentions", MENTION, rows) == 3
    assert insert_rows(conn, "fact_mentions", MENTION, []) == 0
    stored = conn.execute(f"select {', '.join(MENTION)} from landing.fact_mentions order by mention_id").fetchall()
    assert stored == rows
    conn.execute("insert into landing.article_extractions values ('a1', 'v', 2, ?)", [dt.datetime(2026, 1, 1, 6)])
    insert_rows(conn, "article_extractions", ("article_id", "extractor_version", "mention_count", "extracted_at"),
                [("a2", "v", 1, dt.datetime(2026, 1, 1, 6, 30))])
    assert table_count(conn, "article_extractions") == 2


def test_bulk_writer_flushes_in_batches(conn: duckdb.DuckDBPyConnection) -> None:
    writer = BulkWriter(conn, "article_sentences", SENTENCE, flush_every=4)
    writer.extend(("a1", i, i, i + 1, "x") for i in range(10))
    assert table_count(conn, "article_sentences") == 8  # two full batches written, two rows held
    writer.flush()
    assert writer.written == table_count(conn, "article_sentences") == 10


def test_rows_stream_while_the_connection_writes(conn: duckdb.DuckDBPyConnection) -> None:
    insert_rows(conn, "article_sentences", SENTENCE, [("a1", i, i, i + 1, "x") for i in range(2500)])
    copied = 0
    for article_id, index in stream_rows(conn, "select article_id, sentence_index from landing.article_sentences",
                                         batch=100):
        insert_rows(conn, "article_sentences", SENTENCE, [(f"b-{article_id}", index, 0, 1, "y")])
        copied += 1
    assert copied == 2500  # the reader saw the table as it was when the query started
    assert count_rows(conn, "select 1 from landing.article_sentences where article_id = ?", ["b-a1"]) == 2500


def test_delete_selected_removes_what_the_query_selects(conn: duckdb.DuckDBPyConnection) -> None:
    insert_rows(conn, "article_sentences", SENTENCE, [(a, 0, 0, 1, "x") for a in ("a1", "a2", "a3")])
    insert_rows(conn, "article_extractions", ("article_id", "extractor_version", "mention_count", "extracted_at"),
                [(a, v, 0, dt.datetime(2026, 1, 1)) for a, v in (("a1", "old"), ("a2", "new"), ("a3", "old"))])
    stale = "select article_id from landing.article_extractions where extractor_version <> ?"
    delete_selected(conn, stale, ["new"], ("article_sentences", "article_extractions"))
    assert conn.execute("select article_id from landing.article_sentences").fetchall() == [("a2",)]
    assert conn.execute("select article_id from landing.article_extractions").fetchall() == [("a2",)]


def test_a_landing_table_without_its_constraints_stops_the_run(conn: duckdb.DuckDBPyConnection) -> None:
    ensure_schema(conn)  # again: the tables exist and have every constraint
    conn.execute("create table landing.copy as select * from landing.fact_mentions")
    conn.execute("drop table landing.fact_mentions")
    conn.execute("alter table landing.copy rename to fact_mentions")
    with pytest.raises(LandingSchemaError, match=r"landing\.fact_mentions: not null \(article_id\), .*"
                                                 r"primary key \(mention_id\)\)\. Recreate them"):
        ensure_schema(conn)
