"""Texts longer than one stored value go to landing.raw_article_parts in pieces, and ingest bounds DuckDB's memory
(issue 18: ingest memory for any mix of documents within the caps)."""

import duckdb
import pytest

from pipeline.ingest.documents import RawDocument
from pipeline.ingest.loader import RawLoader, bounded_memory
from pipeline.warehouse.landing import LANDING_SCHEMA, ensure_schema
from pipeline.warehouse.text_parts import PART_BYTES, split_text, whole_texts

# Characters of one, two, three and four bytes in UTF-8, so cuts fall inside characters unless avoided.
MIXED = "a é € 😀 Genève—Zürich 東京 "


def _document(number: int, text: str) -> RawDocument:
    digest = f"{number:016x}" + "0" * 48
    return RawDocument(f"doc{number}.txt", f"doc{number}.txt", "text", digest, len(text.encode()), text)


@pytest.mark.parametrize("size", [PART_BYTES + 1, 3 * PART_BYTES + 5, 20 * 1024 * 1024])
def test_a_long_text_is_cut_between_characters_into_parts_of_at_most_part_bytes(size: int) -> None:
    text = (MIXED * (size // len(MIXED.encode()) + 1)).encode()[:size].decode("utf-8", errors="ignore")
    parts = split_text(text)
    assert parts is not None and len(parts) > 1
    assert "".join(parts) == text
    assert all(0 < len(part.encode()) <= PART_BYTES for part in parts)


def test_a_text_that_fits_in_one_value_is_not_cut() -> None:
    assert split_text("x" * PART_BYTES) is None
    assert split_text("€" * (PART_BYTES // 3)) is None
    assert split_text("€" * (PART_BYTES // 3 + 1)) == ["€" * (PART_BYTES // 3), "€"]


def test_the_loader_stores_long_texts_in_parts_and_short_ones_whole() -> None:
    conn = duckdb.connect()
    ensure_schema(conn)
    long_text = "Title\n\n" + MIXED * (5 * PART_BYTES // len(MIXED))
    with RawLoader(conn, lambda _: None) as loader:
        loader.load(_document(1, long_text))
        loader.load(_document(2, "Short\n\nA short article."))
    stored = {uri: (text, parts) for uri, text, parts in conn.execute(
        f"select source_uri, raw_text, text_parts from {LANDING_SCHEMA}.raw_articles").fetchall()}
    assert stored["doc2.txt"] == ("Short\n\nA short article.", None)
    assert stored["doc1.txt"][0] == "" and stored["doc1.txt"][1] >= 5
    largest, count = conn.execute(f"select max(octet_length(encode(text))), count(*) "
                                  f"from {LANDING_SCHEMA}.raw_article_parts").fetchone()
    assert largest <= PART_BYTES and count == stored["doc1.txt"][1]
    rows = conn.execute(f"select article_id, raw_text, text_parts from {LANDING_SCHEMA}.raw_articles "
                        "order by source_uri").fetchall()
    assert [text for _, text in whole_texts(conn, rows, text_index=1)] == [long_text, "Short\n\nA short article."]


def test_a_replaced_long_text_leaves_no_parts_behind() -> None:
    conn = duckdb.connect()
    ensure_schema(conn)
    with RawLoader(conn, lambda _: None) as loader:
        loader.load(_document(1, "a" * 3 * PART_BYTES))
    replacement = RawDocument("doc1.txt", "doc1.txt", "text", f"{2:016x}" + "0" * 48, 10, "b" * 2 * PART_BYTES)
    with RawLoader(conn, lambda _: None) as loader:
        assert loader.load(replacement) == "replaced"
    assert conn.execute(f"select distinct article_id from {LANDING_SCHEMA}.raw_article_parts").fetchall() == [
        (replacement.article_id,)]


def test_ingest_lowers_a_higher_memory_limit_and_sets_it_back() -> None:
    conn = duckdb.connect(config={"memory_limit": "8GB"})
    setting = "select current_setting('memory_limit')"
    before = conn.execute(setting).fetchone()
    with bounded_memory(conn, "8GB", 256 * 1024 * 1024):
        assert conn.execute(setting).fetchone() == ("256.0 MiB",)
    assert conn.execute(setting).fetchone() == before


def test_ingest_keeps_a_lower_memory_limit() -> None:
    conn = duckdb.connect(config={"memory_limit": "100MB"})
    setting = "select current_setting('memory_limit')"
    before = conn.execute(setting).fetchone()
    with bounded_memory(conn, "100MB", 256 * 1024 * 1024):
        assert conn.execute(setting).fetchone() == before


def test_ingest_sets_duckdbs_default_back_when_no_limit_was_configured() -> None:
    conn = duckdb.connect()
    setting = "select current_setting('memory_limit')"
    before = conn.execute(setting).fetchone()
    with bounded_memory(conn, None, 256 * 1024 * 1024):
        assert conn.execute(setting).fetchone() == ("256.0 MiB",)
    assert conn.execute(setting).fetchone() == before
