"""A document longer than one stored value (pipeline/warehouse/text_parts.py) is loaded in parts and cleaned
whole, through the real ingest and clean assets (issue 18: ingest memory within the caps)."""

from pathlib import Path

import duckdb
from dagster import DagsterInstance, materialize
from dagster_duckdb import DuckDBResource

from pipeline.defs.clean import cleaned_articles
from pipeline.defs.ingest import raw_articles
from pipeline.defs.sources_resource import ArticleSources
from pipeline.warehouse.text_parts import PART_BYTES

PARAGRAPH = ("Officials in Genève and Zürich said the talks on the trade agreement would go on — the ministers’ "
             "teams met again on Tuesday.\n\n")
LAST = "Finland and Chile signed a free trade agreement in Santiago on Friday, officials said."


def _run(inputs: Path, warehouse: Path) -> None:
    result = materialize([raw_articles, cleaned_articles], instance=DagsterInstance.ephemeral(), resources={
        "warehouse": DuckDBResource(database=str(warehouse)),
        "sources": ArticleSources(paths=[str(inputs)])})
    assert result.success


def test_a_long_document_is_stored_in_parts_and_cleaned_whole(tmp_path: Path) -> None:
    inputs, warehouse = tmp_path / "inputs", tmp_path / "work.duckdb"
    inputs.mkdir()
    long_text = "Trade talks go on\n\n" + PARAGRAPH * (3 * PART_BYTES // len(PARAGRAPH.encode())) + LAST + "\n"
    (inputs / "long.txt").write_text(long_text)
    (inputs / "short.txt").write_text("Short story\n\n" + LAST + "\n")
    _run(inputs, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        stored = dict(((name, (text, parts)) for name, text, parts in conn.execute(
            "select file_name, raw_text, text_parts from landing.raw_articles").fetchall()))
        assert stored["short.txt"][1] is None and LAST in stored["short.txt"][0]
        assert stored["long.txt"][0] == "" and stored["long.txt"][1] >= 3
        (joined, largest), = conn.execute(
            "select string_agg(p.text, '' order by p.part), max(octet_length(encode(p.text))) "
            "from landing.raw_article_parts p join landing.raw_articles r using (article_id) "
            "where r.file_name = 'long.txt'").fetchall()
        assert joined == long_text and largest <= PART_BYTES
        bodies = dict(conn.execute("select r.file_name, c.body_text from landing.cleaned_articles c "
                                   "join landing.raw_articles r using (article_id)").fetchall())
        assert LAST in bodies["long.txt"] and "Genève and Zürich" in bodies["long.txt"]

    (inputs / "long.txt").write_text(long_text.replace("Tuesday", "Wednesday"))
    _run(inputs, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        orphans = conn.execute("select count(*) from landing.raw_article_parts "
                               "where article_id not in (select article_id from landing.raw_articles)").fetchone()
        assert orphans == (0,)
        (body,) = conn.execute("select c.body_text from landing.cleaned_articles c join landing.raw_articles r "
                               "using (article_id) where r.file_name = 'long.txt'").fetchone()
        assert "Wednesday" in body and "Tuesday" not in body
